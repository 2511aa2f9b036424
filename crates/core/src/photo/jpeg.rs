//! JPEG: our own walk over the marker structure, then libjpeg-turbo (through
//! the `turbojpeg` crate) for the pixels. The walk reads the frame size before
//! any pixel is decoded (so an image bomb is refused from its header), finds
//! the EXIF and Adobe segments, and follows every scan to the EOI marker: a
//! file cut short is refused instead of being decoded with a grey lower half,
//! which is what libjpeg does with a premature end (it only warns).
//!
//! Decoding happens once, at the smallest DCT scale (1/8 … 8/8) that still
//! gives the preview its full size: a 12 MP photo is decoded straight to
//! 2000×1500, which is where nearly all of the speed comes from.

use turbojpeg::{Colorspace, Decompressor, PixelFormat, ScalingFactor};

use super::raster::Raster;
use super::{check_dimensions, PhotoError};

/// Progressive scans allowed before a file counts as hostile (a phone writes
/// about ten; libjpeg-turbo's advice against the scan-count exploit).
const MAX_SCANS: u32 = 500;

/// What the marker walk learned before the first scan.
#[derive(Debug)]
pub(crate) struct JpegHeader<'a> {
    pub width: u32,
    pub height: u32,
    /// The TIFF block of the first `Exif\0\0` APP1 segment.
    pub exif: Option<&'a [u8]>,
    /// The Adobe APP14 segment is there: four-component data is inverted CMYK.
    pub adobe: bool,
    /// Offset of the first SOS marker.
    pub first_scan: usize,
}

pub(crate) fn be16(bytes: &[u8], at: usize) -> Result<usize, PhotoError> {
    match bytes.get(at..at + 2) {
        Some(b) => Ok(usize::from(u16::from_be_bytes([b[0], b[1]]))),
        None => Err(PhotoError::Truncated),
    }
}

/// Walks the segments from SOI to the first SOS. The frame size is checked
/// against the bounds the moment the SOF segment is read.
pub(crate) fn read_header(bytes: &[u8]) -> Result<JpegHeader<'_>, PhotoError> {
    let mut pos = 2;
    let mut frame: Option<(u32, u32)> = None;
    let mut exif = None;
    let mut adobe = false;
    loop {
        pos = next_marker(bytes, pos)?;
        let marker = bytes[pos + 1];
        match marker {
            0xD8 => return Err(PhotoError::Corrupt("second SOI before any scan".into())),
            0xD9 => return Err(PhotoError::Corrupt("EOI before any scan".into())),
            0x01 | 0xD0..=0xD7 => {
                pos += 2;
                continue;
            }
            _ => {}
        }
        let len = be16(bytes, pos + 2)?;
        if len < 2 {
            return Err(PhotoError::Corrupt(format!("segment length {len}")));
        }
        let end = pos + 2 + len;
        let segment = bytes.get(pos + 4..end).ok_or(PhotoError::Truncated)?;
        match marker {
            0xC3 | 0xC5 | 0xC6 | 0xC7 | 0xCB | 0xCD | 0xCE | 0xCF => {
                return Err(PhotoError::UnsupportedFormat {
                    format: "JPEG lossless/hierarchical",
                })
            }
            0xC0 | 0xC1 | 0xC2 | 0xC9 | 0xCA => {
                if frame.is_some() {
                    return Err(PhotoError::Corrupt("two frame headers".into()));
                }
                if segment.len() < 6 {
                    return Err(PhotoError::Corrupt("short frame header".into()));
                }
                if segment[0] != 8 {
                    return Err(PhotoError::UnsupportedFormat {
                        format: "JPEG 12-bit",
                    });
                }
                let height = u32::from(u16::from_be_bytes([segment[1], segment[2]]));
                let width = u32::from(u16::from_be_bytes([segment[3], segment[4]]));
                if height == 0 {
                    // The height would come later, in a DNL segment: nobody writes those.
                    return Err(PhotoError::Corrupt("frame height 0 (DNL)".into()));
                }
                check_dimensions(width, height)?;
                frame = Some((width, height));
            }
            0xE1 if exif.is_none() && segment.starts_with(b"Exif\0\0") => {
                exif = Some(&segment[6..]);
            }
            0xEE if segment.starts_with(b"Adobe") => adobe = true,
            0xDA => {
                let (width, height) =
                    frame.ok_or_else(|| PhotoError::Corrupt("scan before frame header".into()))?;
                return Ok(JpegHeader {
                    width,
                    height,
                    exif,
                    adobe,
                    first_scan: pos,
                });
            }
            _ => {}
        }
        pos = end;
    }
}

/// The position of the next marker at or after `pos`, skipping fill bytes and
/// (leniently, as libjpeg does) stray bytes between segments.
pub(crate) fn next_marker(bytes: &[u8], mut pos: usize) -> Result<usize, PhotoError> {
    loop {
        let at = pos
            + memchr::memchr(0xFF, bytes.get(pos..).ok_or(PhotoError::Truncated)?)
                .ok_or(PhotoError::Truncated)?;
        match bytes.get(at + 1) {
            None => return Err(PhotoError::Truncated),
            Some(0xFF) | Some(0x00) => pos = at + 1,
            Some(_) => return Ok(at),
        }
    }
}

/// Follows every scan from the first one to EOI; `Truncated` when the data
/// ends first. Anything after EOI (a Samsung trailer, an MPF second image) is
/// not looked at.
pub(crate) fn check_complete(bytes: &[u8], first_scan: usize) -> Result<(), PhotoError> {
    let mut pos = first_scan;
    loop {
        pos = next_marker(bytes, pos)?;
        let marker = bytes[pos + 1];
        match marker {
            0xD9 => return Ok(()),
            0x01 | 0xD0..=0xD7 => pos += 2,
            _ => {
                let len = be16(bytes, pos + 2)?;
                pos += 2 + len;
                if pos > bytes.len() {
                    return Err(PhotoError::Truncated);
                }
                if marker == 0xDA {
                    pos = skip_entropy_data(bytes, pos)?;
                }
            }
        }
    }
}

/// From the start of entropy-coded data to the marker that ends it; restart
/// markers and stuffed `FF 00` bytes belong to the data.
pub(crate) fn skip_entropy_data(bytes: &[u8], mut pos: usize) -> Result<usize, PhotoError> {
    loop {
        let at = pos + memchr::memchr(0xFF, &bytes[pos..]).ok_or(PhotoError::Truncated)?;
        match bytes.get(at + 1) {
            None => return Err(PhotoError::Truncated),
            Some(0x00) | Some(0xD0..=0xD7) => pos = at + 2,
            Some(0xFF) => pos = at + 1,
            Some(_) => return Ok(at),
        }
    }
}

/// The smallest DCT scale (n/8) at which the longest edge is still at least
/// `want` pixels (or the full size, for smaller images).
fn scale_for(long_edge: u32, want: u32) -> ScalingFactor {
    let want = want.min(long_edge) as usize;
    let mut factors: Vec<ScalingFactor> = Decompressor::supported_scaling_factors()
        .into_iter()
        .filter(|f| f.num() <= f.denom())
        .collect();
    factors.sort_by_key(|f| f.num() * 8 / f.denom());
    factors
        .into_iter()
        .find(|f| f.scale(long_edge as usize) >= want)
        .unwrap_or(ScalingFactor::ONE)
}

fn corrupt(e: turbojpeg::Error) -> PhotoError {
    PhotoError::Corrupt(e.to_string())
}

/// Decodes once, at the DCT scale that suits a preview of `want` pixels on the
/// longest edge: gray stays one channel, CMYK/YCCK becomes RGB.
pub(crate) fn decode(
    bytes: &[u8],
    header: &JpegHeader<'_>,
    want: u32,
) -> Result<Raster, PhotoError> {
    let mut decompressor = Decompressor::new().map_err(corrupt)?;
    decompressor.set_scan_limit(MAX_SCANS).map_err(corrupt)?;
    let info = decompressor.read_header(bytes).map_err(corrupt)?;
    if (info.width, info.height) != (header.width as usize, header.height as usize) {
        return Err(PhotoError::Corrupt(
            "frame size disagrees with the decoder".into(),
        ));
    }
    let factor = scale_for(header.width.max(header.height), want);
    decompressor.set_scaling_factor(factor).map_err(corrupt)?;
    // Merged (box) chroma upsampling: ~20% faster, and invisible once the
    // picture is scaled down with Lanczos for the preview.
    decompressor.set_fast_upsample(true).map_err(corrupt)?;
    let scaled = info.scaled(factor);
    let (format, channels) = match info.colorspace {
        Colorspace::Gray => (PixelFormat::GRAY, 1),
        Colorspace::CMYK | Colorspace::YCCK => (PixelFormat::CMYK, 4),
        _ => (PixelFormat::RGB, 3),
    };
    let pitch = scaled.width * channels;
    let mut pixels = vec![0u8; pitch * scaled.height];
    decompressor
        .decompress(
            bytes,
            turbojpeg::Image {
                pixels: &mut pixels[..],
                width: scaled.width,
                pitch,
                height: scaled.height,
                format,
            },
        )
        .map_err(corrupt)?;
    if channels == 4 {
        pixels = cmyk_to_rgb(&pixels, header.adobe);
    }
    Ok(Raster {
        pixels,
        width: scaled.width as u32,
        height: scaled.height as u32,
        channels: if channels == 1 { 1 } else { 3 },
    })
}

/// CMYK to RGB over white paper. Adobe's files (nearly all CMYK JPEGs) store
/// the inks inverted, 255 meaning none.
fn cmyk_to_rgb(cmyk: &[u8], inverted: bool) -> Vec<u8> {
    let mut rgb = Vec::with_capacity(cmyk.len() / 4 * 3);
    for p in cmyk.chunks_exact(4) {
        let [c, m, y, k] = if inverted {
            [p[0], p[1], p[2], p[3]]
        } else {
            [255 - p[0], 255 - p[1], 255 - p[2], 255 - p[3]]
        };
        let k = u32::from(k);
        for v in [c, m, y] {
            rgb.push(((u32::from(v) * k + 127) / 255) as u8);
        }
    }
    rgb
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_scale_keeps_the_preview_full_size() {
        assert_eq!(scale_for(4000, 1600).to_string(), "1/2");
        assert_eq!(scale_for(4032, 1600).to_string(), "1/2");
        assert_eq!(scale_for(8000, 1600).to_string(), "1/4");
        assert_eq!(scale_for(3000, 1600).to_string(), "5/8");
        assert_eq!(scale_for(1200, 1600).to_string(), "1/1");
    }

    #[test]
    fn inverted_cmyk_white_is_white_and_full_key_is_black() {
        assert_eq!(
            cmyk_to_rgb(&[255, 255, 255, 255], true),
            vec![255, 255, 255]
        );
        assert_eq!(cmyk_to_rgb(&[255, 255, 255, 0], true), vec![0, 0, 0]);
        assert_eq!(cmyk_to_rgb(&[0, 0, 0, 0], false), vec![255, 255, 255]);
        assert_eq!(cmyk_to_rgb(&[255, 0, 0, 0], false), vec![0, 255, 255]);
    }

    #[test]
    fn a_scan_cut_short_is_truncated() {
        // SOI, SOS with a 2-byte payload, entropy data, no EOI.
        let mut f = vec![
            0xFF, 0xD8, 0xFF, 0xDA, 0x00, 0x04, 0x01, 0x02, 0x12, 0xFF, 0x00, 0x34,
        ];
        assert!(matches!(check_complete(&f, 2), Err(PhotoError::Truncated)));
        f.extend_from_slice(&[0xFF, 0xD0, 0x56, 0xFF, 0xD9]);
        assert!(check_complete(&f, 2).is_ok());
    }
}
