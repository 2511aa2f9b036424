//! What a file is, told by its first bytes and never by its name: a phone or a
//! person may call anything `foto.jpg`. Files that are recognisably the wrong
//! thing (a PDF, an iPhone HEIC, a WebP) are named so that the message can say
//! what to do instead.

use super::PhotoError;

/// A format this module decodes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    Jpeg,
    Png,
}

/// Decides the format from the magic bytes; refuses everything else with the
/// most specific error it can.
pub(crate) fn sniff(bytes: &[u8]) -> Result<Format, PhotoError> {
    if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        return Ok(Format::Jpeg);
    }
    if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        return Ok(Format::Png);
    }
    // The PDF header may follow a little junk (a BOM, a mail gateway's line).
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return Err(PhotoError::Pdf);
    }
    if bytes.len() >= 12 && &bytes[4..8] == b"ftyp" {
        return Err(match &bytes[8..12] {
            b"heic" | b"heix" | b"hevc" | b"hevx" | b"heim" | b"heis" | b"hevm" | b"hevs"
            | b"mif1" | b"msf1" => PhotoError::Heic,
            b"avif" | b"avis" => PhotoError::UnsupportedFormat { format: "AVIF" },
            _ => PhotoError::UnsupportedFormat {
                format: "video/MP4",
            },
        });
    }
    if bytes.len() >= 12 && bytes.starts_with(b"RIFF") && &bytes[8..12] == b"WEBP" {
        return Err(PhotoError::UnsupportedFormat { format: "WebP" });
    }
    if bytes.starts_with(b"GIF87a") || bytes.starts_with(b"GIF89a") {
        return Err(PhotoError::UnsupportedFormat { format: "GIF" });
    }
    if bytes.starts_with(b"II*\0") || bytes.starts_with(b"MM\0*") {
        return Err(PhotoError::UnsupportedFormat { format: "TIFF" });
    }
    if bytes.len() >= 18
        && bytes.starts_with(b"BM")
        && matches!(
            u32::from_le_bytes([bytes[14], bytes[15], bytes[16], bytes[17]]),
            12 | 40 | 52 | 56 | 64 | 108 | 124
        )
    {
        return Err(PhotoError::UnsupportedFormat { format: "BMP" });
    }
    if bytes.starts_with(&[0xFF, 0xD8]) {
        // SOI without a marker after it: the start of a JPEG, broken.
        return Err(PhotoError::Corrupt("SOI not followed by a marker".into()));
    }
    Err(PhotoError::UnknownFormat)
}

/// Width and height from a PNG's IHDR, which the format requires to come first.
pub(crate) fn png_dimensions(bytes: &[u8]) -> Result<(u32, u32), PhotoError> {
    if bytes.len() < 24 {
        return Err(PhotoError::Truncated);
    }
    if &bytes[12..16] != b"IHDR" {
        return Err(PhotoError::Corrupt("PNG does not start with IHDR".into()));
    }
    let width = u32::from_be_bytes([bytes[16], bytes[17], bytes[18], bytes[19]]);
    let height = u32::from_be_bytes([bytes[20], bytes[21], bytes[22], bytes[23]]);
    Ok((width, height))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn magic_decides_not_the_name() {
        assert_eq!(sniff(b"\xFF\xD8\xFF\xE0rest").unwrap(), Format::Jpeg);
        assert_eq!(sniff(b"\x89PNG\r\n\x1a\nrest").unwrap(), Format::Png);
        assert_eq!(sniff(b"%PDF-1.7\n").unwrap_err().code(), "photo_pdf");
        assert_eq!(
            sniff(b"\0\0\0\x18ftypheic\0\0\0\0").unwrap_err().code(),
            "photo_heic"
        );
        assert_eq!(
            sniff(b"\0\0\0\x18ftypmif1\0\0\0\0").unwrap_err().code(),
            "photo_heic"
        );
        assert_eq!(
            sniff(b"RIFF\0\0\0\0WEBPVP8 ").unwrap_err().code(),
            "photo_unsupported_format"
        );
        assert_eq!(
            sniff(b"GIF89a......").unwrap_err().code(),
            "photo_unsupported_format"
        );
        assert_eq!(
            sniff(b"hello, this is text").unwrap_err().code(),
            "photo_unknown_format"
        );
        assert_eq!(sniff(b"BM").unwrap_err().code(), "photo_unknown_format");
    }
}
