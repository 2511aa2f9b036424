//! Where the document lies in a stored photo, kept with the photo when it is taken, so the
//! desk can show the document straightened as soon as the detail view opens: no measuring
//! again, no swap of the picture under the operator's eyes. The corners are kept as shares of
//! the preview's width and height (in ten-thousandths), so they hold for a preview of any size.

use serde::Serialize;

use super::geometry::{Point, Quad};
use super::quality::Found;

/// Ten-thousandths: a 1600 px preview's corner is kept to a sixth of a pixel.
const SCALE: f64 = 10_000.0;

/// A confidently found document's corners (top-left, top-right, bottom-right, bottom-left) as
/// ten-thousandths of the preview's width and height.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct Corners(pub [[u16; 2]; 4]);

/// What a document row keeps of the document's outline.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "corners", rename_all = "camelCase")]
pub enum Outline {
    /// Taken before outlines were kept (the column is empty): measure the preview again.
    NotRecorded,
    /// Measured when taken; no document found with confidence, so nothing to straighten.
    NotFound,
    /// Measured when taken, and found.
    Found(Corners),
}

/// A stored outline this build cannot read.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("sudut dokumen tersimpan tidak terbaca: {0:?}")]
pub struct BadCorners(pub String);

impl Corners {
    /// The corners of `found` in a preview of `width × height`.
    pub fn of(found: &Found, width: u32, height: u32) -> Corners {
        let share =
            |v: f64, of: u32| (v / f64::from(of.max(1)) * SCALE).round().clamp(0.0, SCALE) as u16;
        Corners(
            found
                .corners
                .map(|c| [share(c.x, width), share(c.y, height)]),
        )
    }

    /// The corners in a preview of `width × height`, in its pixels.
    pub fn in_pixels(&self, width: u32, height: u32) -> Quad {
        self.0.map(|[x, y]| {
            Point::new(
                f64::from(x) / SCALE * f64::from(width),
                f64::from(y) / SCALE * f64::from(height),
            )
        })
    }

    /// As the row keeps them: `x,y x,y x,y x,y`, each in ten-thousandths.
    pub fn stored(&self) -> String {
        let pairs: Vec<String> = self.0.iter().map(|[x, y]| format!("{x},{y}")).collect();
        pairs.join(" ")
    }

    /// Reads [`Corners::stored`] back; anything else (another count, a share over the whole,
    /// not a number) is an error.
    pub fn parse(text: &str) -> Result<Corners, BadCorners> {
        let bad = || BadCorners(text.to_string());
        let share = |s: &str| {
            s.parse::<u16>()
                .ok()
                .filter(|v| f64::from(*v) <= SCALE)
                .ok_or_else(bad)
        };
        let pairs: Vec<[u16; 2]> = text
            .split(' ')
            .map(|pair| {
                let (x, y) = pair.split_once(',').ok_or_else(bad)?;
                Ok([share(x)?, share(y)?])
            })
            .collect::<Result<_, BadCorners>>()?;
        let corners: [[u16; 2]; 4] = pairs.try_into().map_err(|_| bad())?;
        Ok(Corners(corners))
    }
}

impl Outline {
    /// What the intake found: `found` when the document was found with confidence.
    pub fn measured(found: Option<&Found>, width: u32, height: u32) -> Outline {
        match found.filter(|d| d.confident) {
            Some(d) => Outline::Found(Corners::of(d, width, height)),
            None => Outline::NotFound,
        }
    }

    /// The column's value: `None` (not recorded), `""` (not found) or the corners.
    pub fn stored(&self) -> Option<String> {
        match self {
            Outline::NotRecorded => None,
            Outline::NotFound => Some(String::new()),
            Outline::Found(c) => Some(c.stored()),
        }
    }

    /// Reads the column back.
    pub fn parse(text: Option<&str>) -> Result<Outline, BadCorners> {
        match text {
            None => Ok(Outline::NotRecorded),
            Some("") => Ok(Outline::NotFound),
            Some(t) => Corners::parse(t).map(Outline::Found),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn found(corners: Quad, confident: bool) -> Found {
        Found {
            corners,
            fill: 0.5,
            across: 1000,
            cut: false,
            confident,
        }
    }

    const CARD: Quad = [
        Point::new(160.0, 120.0),
        Point::new(1440.0, 100.0),
        Point::new(1400.0, 1000.0),
        Point::new(200.0, 1020.0),
    ];

    #[test]
    fn corners_read_back_as_they_were_stored() {
        let outline = Outline::measured(Some(&found(CARD, true)), 1600, 1200);
        let stored = outline.stored();
        assert_eq!(
            stored.as_deref(),
            Some("1000,1000 9000,833 8750,8333 1250,8500")
        );
        assert_eq!(Outline::parse(stored.as_deref()), Ok(outline));
    }

    #[test]
    fn stored_corners_land_within_a_fraction_of_a_pixel() {
        let Outline::Found(c) = Outline::measured(Some(&found(CARD, true)), 1600, 1200) else {
            panic!("a confident card is found");
        };
        for (back, was) in c.in_pixels(1600, 1200).iter().zip(CARD) {
            assert!(back.distance(was) < 0.2, "{back:?} against {was:?}");
        }
    }

    #[test]
    fn an_outline_without_confidence_is_kept_as_not_found() {
        let outline = Outline::measured(Some(&found(CARD, false)), 1600, 1200);
        assert_eq!(outline, Outline::NotFound);
        assert_eq!(outline.stored().as_deref(), Some(""));
        assert_eq!(Outline::parse(Some("")), Ok(Outline::NotFound));
        assert_eq!(Outline::measured(None, 1600, 1200), Outline::NotFound);
    }

    #[test]
    fn an_empty_column_is_a_photo_taken_before_outlines_were_kept() {
        assert_eq!(Outline::parse(None), Ok(Outline::NotRecorded));
        assert_eq!(Outline::NotRecorded.stored(), None);
    }

    #[test]
    fn malformed_corners_are_an_error() {
        for text in [
            "1000,1000 9000,833 8750,8333",
            "1000,1000 9000,833 8750,8333 1250,8500 1,1",
            "1000,1000 9000,833 8750,8333 1250,10001",
            "1000;1000 9000,833 8750,8333 1250,8500",
            "a,b c,d e,f g,h",
        ] {
            assert_eq!(
                Corners::parse(text),
                Err(BadCorners(text.to_string())),
                "{text}"
            );
        }
    }
}
