//! Decoded pixels between the decoder and the encoder: resizing (SIMD
//! Lanczos through `fast_image_resize`), turning upright by an EXIF
//! orientation, and JPEG encoding (libjpeg-turbo) of a preview or thumbnail.

use fast_image_resize::images::{Image, ImageRef};
use fast_image_resize::{FilterType, PixelType, ResizeAlg, ResizeOptions, Resizer};
use turbojpeg::{Compressor, PixelFormat, Subsamp};

use super::exif::Orientation;
use super::PhotoError;

/// 8-bit gray (1 channel) or RGB (3 channels), rows packed.
#[derive(Clone)]
pub(crate) struct Raster {
    pub pixels: Vec<u8>,
    pub width: u32,
    pub height: u32,
    pub channels: u8,
}

impl std::fmt::Debug for Raster {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "Raster({}x{}x{})",
            self.width, self.height, self.channels
        )
    }
}

/// The size that fits `edge` on the longest side, never larger than the
/// original and never zero.
pub(crate) fn fit(width: u32, height: u32, edge: u32) -> (u32, u32) {
    let long = width.max(height);
    if long <= edge {
        return (width, height);
    }
    let scale = |v: u32| {
        ((u64::from(v) * u64::from(edge) + u64::from(long) / 2) / u64::from(long)).max(1) as u32
    };
    (scale(width), scale(height))
}

fn failed(e: impl std::fmt::Display) -> PhotoError {
    PhotoError::Failed(e.to_string())
}

impl Raster {
    fn pixel_type(&self) -> PixelType {
        if self.channels == 1 {
            PixelType::U8
        } else {
            PixelType::U8x3
        }
    }

    /// A resized copy (Lanczos3); the same pixels when the size already fits.
    pub(crate) fn resized(&self, width: u32, height: u32) -> Result<Raster, PhotoError> {
        if (width, height) == (self.width, self.height) {
            return Ok(self.clone());
        }
        let src = ImageRef::new(self.width, self.height, &self.pixels, self.pixel_type())
            .map_err(failed)?;
        let mut dst = Image::new(width, height, self.pixel_type());
        Resizer::new()
            .resize(
                &src,
                &mut dst,
                &ResizeOptions::new().resize_alg(ResizeAlg::Convolution(FilterType::Lanczos3)),
            )
            .map_err(failed)?;
        Ok(Raster {
            pixels: dst.into_vec(),
            width,
            height,
            channels: self.channels,
        })
    }

    /// The pixels turned upright: EXIF orientations 1…8.
    pub(crate) fn oriented(self, orientation: Orientation) -> Raster {
        let o = orientation.value();
        if o == 1 {
            return self;
        }
        let (w, h) = (self.width as usize, self.height as usize);
        let (dw, dh) = if orientation.swaps_axes() {
            (h, w)
        } else {
            (w, h)
        };
        let ch = usize::from(self.channels);
        let mut out = vec![0u8; self.pixels.len()];
        for y in 0..dh {
            for x in 0..dw {
                // The source pixel that lands at (x, y) of the upright image.
                let (sx, sy) = match o {
                    2 => (w - 1 - x, y),
                    3 => (w - 1 - x, h - 1 - y),
                    4 => (x, h - 1 - y),
                    5 => (y, x),
                    6 => (y, h - 1 - x),
                    7 => (w - 1 - y, h - 1 - x),
                    _ => (w - 1 - y, x), // 8
                };
                let s = (sy * w + sx) * ch;
                let d = (y * dw + x) * ch;
                out[d..d + ch].copy_from_slice(&self.pixels[s..s + ch]);
            }
        }
        Raster {
            pixels: out,
            width: dw as u32,
            height: dh as u32,
            channels: self.channels,
        }
    }

    /// Baseline JPEG at `quality`, 4:2:0 for colour, gray stays gray.
    pub(crate) fn jpeg(&self, quality: i32) -> Result<Vec<u8>, PhotoError> {
        let mut compressor = Compressor::new().map_err(failed)?;
        compressor.set_quality(quality).map_err(failed)?;
        let (format, subsamp) = if self.channels == 1 {
            (PixelFormat::GRAY, Subsamp::Gray)
        } else {
            (PixelFormat::RGB, Subsamp::Sub2x2)
        };
        compressor.set_subsamp(subsamp).map_err(failed)?;
        compressor
            .compress_to_vec(turbojpeg::Image {
                pixels: &self.pixels[..],
                width: self.width as usize,
                pitch: self.width as usize * usize::from(self.channels),
                height: self.height as usize,
                format,
            })
            .map_err(failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A 3×2 gray image: 1 2 3 / 4 5 6.
    fn small() -> Raster {
        Raster {
            pixels: vec![1, 2, 3, 4, 5, 6],
            width: 3,
            height: 2,
            channels: 1,
        }
    }

    #[test]
    fn every_orientation_lands_as_exif_says() {
        let cases: [(u32, &[u8], (u32, u32)); 8] = [
            (1, &[1, 2, 3, 4, 5, 6], (3, 2)),
            (2, &[3, 2, 1, 6, 5, 4], (3, 2)),
            (3, &[6, 5, 4, 3, 2, 1], (3, 2)),
            (4, &[4, 5, 6, 1, 2, 3], (3, 2)),
            (5, &[1, 4, 2, 5, 3, 6], (2, 3)),
            (6, &[4, 1, 5, 2, 6, 3], (2, 3)),
            (7, &[6, 3, 5, 2, 4, 1], (2, 3)),
            (8, &[3, 6, 2, 5, 1, 4], (2, 3)),
        ];
        for (o, want, size) in cases {
            let r = small().oriented(Orientation::from_tag(o));
            assert_eq!(r.pixels, want, "orientation {o}");
            assert_eq!((r.width, r.height), size, "orientation {o}");
        }
    }

    #[test]
    fn fit_never_upscales_and_keeps_the_ratio() {
        assert_eq!(fit(4000, 3000, 1600), (1600, 1200));
        assert_eq!(fit(3000, 4000, 320), (240, 320));
        assert_eq!(fit(1200, 900, 1600), (1200, 900));
        assert_eq!(fit(12000, 200, 320), (320, 5));
    }
}
