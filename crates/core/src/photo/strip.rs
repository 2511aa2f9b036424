//! What is stored of a photo as "the original": its pixels exactly as received (never decoded and
//! encoded again) without the metadata a phone writes beside them: EXIF (GPS position, time,
//! device, serial numbers), XMP, IPTC, comments, and the second image some phones append after
//! the end of the first (MPF, Samsung trailers), which carries its own EXIF. The one fact the
//! pixels need to be shown upright, the EXIF orientation, is kept as a one-tag EXIF block, so
//! the original still opens the right way round in any viewer.
//!
//! Kept: JPEG's JFIF (APP0), ICC profile (APP2 `ICC_PROFILE`) and Adobe (APP14, which says how
//! four-component data is coded), and every table, frame and scan; PNG's critical chunks and
//! those that say how its colours are meant (`PLTE`, `tRNS`, `gAMA`, `cHRM`, `sRGB`, `iCCP`,
//! `sBIT`, `pHYs`, `bKGD`).

use super::exif::{tiff_with_orientation, Orientation};
use super::jpeg::{be16, next_marker, skip_entropy_data};
use super::PhotoError;

/// A JPEG without its metadata; `first_scan` is where the header walk found the first SOS.
pub(crate) fn jpeg(
    bytes: &[u8],
    first_scan: usize,
    orientation: Orientation,
) -> Result<Vec<u8>, PhotoError> {
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(&bytes[..2]);
    let mut exif_written = orientation == Orientation::UPRIGHT;
    let mut pos = 2;
    while pos < first_scan {
        pos = next_marker(bytes, pos)?;
        if pos >= first_scan {
            break;
        }
        let marker = bytes[pos + 1];
        if matches!(marker, 0x01 | 0xD0..=0xD7) {
            out.extend_from_slice(&bytes[pos..pos + 2]);
            pos += 2;
            continue;
        }
        let end = pos + 2 + be16(bytes, pos + 2)?;
        let segment = bytes.get(pos + 4..end).ok_or(PhotoError::Truncated)?;
        if !exif_written && marker != 0xE0 {
            // After JFIF's APP0 when there is one (it must come first), else right after SOI.
            push_orientation(&mut out, orientation);
            exif_written = true;
        }
        if keeps(marker, segment) {
            out.extend_from_slice(&bytes[pos..end]);
        }
        pos = end;
    }
    if !exif_written {
        push_orientation(&mut out, orientation);
    }
    // From the first scan to EOI: tables and scans as they are; metadata between scans dropped;
    // nothing after EOI.
    let mut pos = first_scan;
    loop {
        pos = next_marker(bytes, pos)?;
        let marker = bytes[pos + 1];
        match marker {
            0xD9 => {
                out.extend_from_slice(&[0xFF, 0xD9]);
                return Ok(out);
            }
            0x01 | 0xD0..=0xD7 => {
                out.extend_from_slice(&bytes[pos..pos + 2]);
                pos += 2;
            }
            _ => {
                let end = pos + 2 + be16(bytes, pos + 2)?;
                let segment = bytes.get(pos + 4..end).ok_or(PhotoError::Truncated)?;
                if marker == 0xDA {
                    let data_end = skip_entropy_data(bytes, end)?;
                    out.extend_from_slice(&bytes[pos..data_end]);
                    pos = data_end;
                } else {
                    if keeps(marker, segment) {
                        out.extend_from_slice(&bytes[pos..end]);
                    }
                    pos = end;
                }
            }
        }
    }
}

/// Whether a JPEG segment is part of the picture rather than metadata about it.
fn keeps(marker: u8, segment: &[u8]) -> bool {
    match marker {
        0xE0 | 0xEE => true,
        0xE2 => segment.starts_with(b"ICC_PROFILE\0"),
        0xE1 | 0xE3..=0xED | 0xEF | 0xFE => false,
        _ => true,
    }
}

fn push_orientation(out: &mut Vec<u8>, orientation: Orientation) {
    let tiff = tiff_with_orientation(u16::from(orientation.value()));
    let len = 2 + 6 + tiff.len();
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&(len as u16).to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
}

/// PNG chunks that describe how the pixels look; everything else but the critical chunks goes.
const PNG_KEPT: &[&[u8; 4]] = &[
    b"IHDR", b"PLTE", b"IDAT", b"IEND", b"tRNS", b"gAMA", b"cHRM", b"sRGB", b"iCCP", b"sBIT",
    b"pHYs", b"bKGD",
];

/// A PNG without its text, time and EXIF chunks (an orientation kept as a one-tag `eXIf`).
pub(crate) fn png(bytes: &[u8], orientation: Orientation) -> Result<Vec<u8>, PhotoError> {
    const SIGNATURE: usize = 8;
    let mut out = Vec::with_capacity(bytes.len());
    out.extend_from_slice(bytes.get(..SIGNATURE).ok_or(PhotoError::Truncated)?);
    let mut pos = SIGNATURE;
    let mut exif_written = orientation == Orientation::UPRIGHT;
    loop {
        let head = bytes.get(pos..pos + 8).ok_or(PhotoError::Truncated)?;
        let len = u32::from_be_bytes([head[0], head[1], head[2], head[3]]) as usize;
        let kind: [u8; 4] = [head[4], head[5], head[6], head[7]];
        let end = pos
            .checked_add(12 + len)
            .filter(|&e| e <= bytes.len())
            .ok_or(PhotoError::Truncated)?;
        if !exif_written && &kind == b"IDAT" {
            // eXIf must come before the image data.
            let tiff = tiff_with_orientation(u16::from(orientation.value()));
            push_png_chunk(&mut out, b"eXIf", &tiff);
            exif_written = true;
        }
        if PNG_KEPT.contains(&&kind) {
            out.extend_from_slice(&bytes[pos..end]);
        }
        if &kind == b"IEND" {
            return Ok(out);
        }
        pos = end;
    }
}

fn push_png_chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    let mut crc = crc32fast::Hasher::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(&crc.finalize().to_be_bytes());
}
