//! EXIF orientation: phones store the sensor's pixels as they came and write
//! in tag 0x0112 how to turn them upright. Only that one tag of IFD0 is read;
//! everything else in the EXIF block (GPS, maker notes) is left alone and
//! never copied into a preview or a thumbnail.

/// The EXIF orientation, 1…8; 1 (as stored) when absent or unreadable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Orientation(u8);

impl Orientation {
    pub(crate) const UPRIGHT: Orientation = Orientation(1);

    pub(crate) fn from_tag(value: u32) -> Orientation {
        match value {
            1..=8 => Orientation(value as u8),
            _ => Orientation::UPRIGHT,
        }
    }

    pub(crate) fn value(self) -> u8 {
        self.0
    }

    /// Orientations 5…8 swap width and height.
    pub(crate) fn swaps_axes(self) -> bool {
        self.0 >= 5
    }
}

/// Reads the orientation from a TIFF structure (the payload of a JPEG's
/// `Exif\0\0` APP1 segment after those six bytes, or a PNG's eXIf chunk).
pub(crate) fn orientation(tiff: &[u8]) -> Orientation {
    read_orientation(tiff).unwrap_or(Orientation::UPRIGHT)
}

fn read_orientation(tiff: &[u8]) -> Option<Orientation> {
    let big = match tiff.get(..4)? {
        [b'M', b'M', 0, 42] => true,
        [b'I', b'I', 42, 0] => false,
        _ => return None,
    };
    let u16_at = |at: usize| -> Option<u16> {
        let b = tiff.get(at..at.checked_add(2)?)?;
        Some(if big {
            u16::from_be_bytes([b[0], b[1]])
        } else {
            u16::from_le_bytes([b[0], b[1]])
        })
    };
    let u32_at = |at: usize| -> Option<u32> {
        let b = tiff.get(at..at.checked_add(4)?)?;
        Some(if big {
            u32::from_be_bytes([b[0], b[1], b[2], b[3]])
        } else {
            u32::from_le_bytes([b[0], b[1], b[2], b[3]])
        })
    };
    let ifd = usize::try_from(u32_at(4)?).ok()?;
    let count = usize::from(u16_at(ifd)?);
    for i in 0..count {
        let entry = ifd + 2 + i * 12;
        if u16_at(entry)? != 0x0112 {
            continue;
        }
        let value = match u16_at(entry + 2)? {
            3 => u32::from(u16_at(entry + 8)?),
            4 => u32_at(entry + 8)?,
            _ => return None,
        };
        return Some(Orientation::from_tag(value));
    }
    None
}

/// A minimal TIFF block holding only an orientation tag, big-endian: what a
/// test or a sample needs to mark a photo as a phone does.
pub(crate) fn tiff_with_orientation(value: u16) -> Vec<u8> {
    let mut t = Vec::with_capacity(26);
    t.extend_from_slice(b"MM\0\x2a");
    t.extend_from_slice(&8u32.to_be_bytes());
    t.extend_from_slice(&1u16.to_be_bytes());
    t.extend_from_slice(&0x0112u16.to_be_bytes());
    t.extend_from_slice(&3u16.to_be_bytes());
    t.extend_from_slice(&1u32.to_be_bytes());
    t.extend_from_slice(&value.to_be_bytes());
    t.extend_from_slice(&[0, 0]);
    t.extend_from_slice(&0u32.to_be_bytes());
    t
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_both_byte_orders() {
        assert_eq!(orientation(&tiff_with_orientation(6)).value(), 6);
        let mut le = vec![b'I', b'I', 42, 0, 8, 0, 0, 0, 2, 0];
        le.extend_from_slice(&[0x0F, 0x01, 2, 0, 6, 0, 0, 0, 26, 0, 0, 0]); // Make
        le.extend_from_slice(&[0x12, 0x01, 3, 0, 1, 0, 0, 0, 8, 0, 0, 0]);
        le.extend_from_slice(&[0, 0, 0, 0]);
        assert_eq!(orientation(&le).value(), 8);
    }

    #[test]
    fn garbage_and_odd_values_mean_upright() {
        assert_eq!(orientation(b"").value(), 1);
        assert_eq!(orientation(b"MM\0\x2a\xff\xff\xff\xff").value(), 1);
        assert_eq!(orientation(&tiff_with_orientation(9)).value(), 1);
        assert_eq!(orientation(&tiff_with_orientation(0)).value(), 1);
        let mut cut = tiff_with_orientation(6);
        cut.truncate(14);
        assert_eq!(orientation(&cut).value(), 1);
    }
}
