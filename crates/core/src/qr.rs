//! The receipt's QR code read back at the kiosk: at Cek Status the applicant holds the receipt
//! to the camera, and the registration number its QR carries fills the number field (the check
//! code is still typed). A frame is decoded and searched in memory only; nothing is kept.

use crate::photo::{gray_frame, PhotoError};

/// The longest side a frame is searched at: a receipt held to the camera fills a good part of
/// the picture, and a smaller frame is searched faster.
pub const SCAN_EDGE: u32 = 1600;

/// Whether `text` is a registration number as the receipt's QR carries it (`SD-261127-0007`).
pub fn is_reg_number(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 14
        && text.starts_with("SD-")
        && b[9] == b'-'
        && b[3..9].iter().chain(&b[10..]).all(u8::is_ascii_digit)
}

/// The registration number in a camera frame (JPEG), if a receipt's QR code is in it; a frame
/// that is not a readable JPEG is an error, a frame without a receipt's QR is `None`.
pub fn reg_number_in_frame(jpeg: &[u8]) -> Result<Option<String>, PhotoError> {
    let (pixels, width, height) = gray_frame(jpeg, SCAN_EDGE)?;
    let (w, h) = (width as usize, height as usize);
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(w, h, |x, y| pixels[y * w + x]);
    Ok(image
        .detect_grids()
        .into_iter()
        .filter_map(|grid| grid.decode().ok().map(|(_, text)| text.trim().to_string()))
        .find(|text| is_reg_number(text)))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The receipt's QR (the same SVG the receipt prints) drawn as a JPEG, on white, with a
    /// margin, `scale` pixels per module.
    fn receipt_frame(text: &str, scale: u32) -> Vec<u8> {
        let code = qrcode::QrCode::with_error_correction_level(text.as_bytes(), qrcode::EcLevel::M)
            .unwrap();
        let modules = code.width() as u32;
        let colors = code.to_colors();
        let side = (modules + 8) * scale;
        let mut rgb = vec![255u8; (side * side * 3) as usize];
        for y in 0..side {
            for x in 0..side {
                let (mx, my) = (x / scale, y / scale);
                if (4..modules + 4).contains(&mx) && (4..modules + 4).contains(&my) {
                    let dark =
                        colors[((my - 4) * modules + (mx - 4)) as usize] == qrcode::Color::Dark;
                    if dark {
                        let at = ((y * side + x) * 3) as usize;
                        rgb[at..at + 3].copy_from_slice(&[0, 0, 0]);
                    }
                }
            }
        }
        let mut out = Vec::new();
        jpeg_encoder::Encoder::new(&mut out, 90)
            .encode(&rgb, side as u16, side as u16, jpeg_encoder::ColorType::Rgb)
            .unwrap();
        out
    }

    #[test]
    fn a_registration_number_is_sd_six_digits_four_digits() {
        assert!(is_reg_number("SD-261127-0007"));
        assert!(!is_reg_number("SD-261127-007"));
        assert!(!is_reg_number("XX-261127-0007"));
        assert!(!is_reg_number("https://example.com"));
    }

    #[test]
    fn the_receipt_s_qr_gives_its_registration_number() {
        let frame = receipt_frame("SD-261127-0007", 8);
        assert_eq!(
            reg_number_in_frame(&frame).unwrap().as_deref(),
            Some("SD-261127-0007")
        );
    }

    #[test]
    fn a_qr_that_is_not_a_receipt_s_is_ignored() {
        let frame = receipt_frame("https://contoh.go.id", 8);
        assert_eq!(reg_number_in_frame(&frame).unwrap(), None);
    }

    #[test]
    fn a_frame_without_a_qr_is_none_and_a_broken_one_an_error() {
        let blank = {
            let mut out = Vec::new();
            jpeg_encoder::Encoder::new(&mut out, 90)
                .encode(
                    &vec![200u8; 640 * 480 * 3],
                    640,
                    480,
                    jpeg_encoder::ColorType::Rgb,
                )
                .unwrap();
            out
        };
        assert_eq!(reg_number_in_frame(&blank).unwrap(), None);
        assert!(reg_number_in_frame(b"not a picture").is_err());
    }
}
