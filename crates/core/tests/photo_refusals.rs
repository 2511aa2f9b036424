//! Files that must be refused, each with its own code and an Indonesian
//! message that says what to do: empty, too big, a PDF, an iPhone HEIC, text
//! named `.jpg`, a truncated JPEG, an image bomb, a picture too small to read.
//! Every fixture is generated here.

use std::time::{Duration, Instant};

use sinkron_core::photo::{self, sample, DocumentKind, PhotoError, MAX_BYTES};

fn refusal(bytes: &[u8]) -> PhotoError {
    photo::process(bytes).expect_err("must be refused")
}

fn small_jpeg() -> Vec<u8> {
    sample::phone_photo(800, 600, 1)
}

#[test]
fn a_zero_byte_file_is_refused() {
    assert_eq!(refusal(b"").code(), "photo_empty");
}

#[test]
fn a_file_just_over_the_size_cap_is_refused() {
    // A valid JPEG padded after its end marker: only the size is wrong.
    let mut at_cap = small_jpeg();
    at_cap.resize(MAX_BYTES, 0);
    assert!(
        photo::process(&at_cap).is_ok(),
        "exactly at the cap is fine"
    );
    let mut over = at_cap;
    over.push(0);
    let e = refusal(&over);
    assert_eq!(e.code(), "photo_too_large");
    assert!(
        e.payload().message.contains("15 MB"),
        "{}",
        e.payload().message
    );
}

#[test]
fn text_named_jpg_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("foto-kk.jpg");
    std::fs::write(&path, "Ini bukan foto, hanya teks.\n").unwrap();
    let e = refusal(&std::fs::read(&path).unwrap());
    assert_eq!(e.code(), "photo_unknown_format");
    assert!(e.payload().message.contains("JPEG"));
}

#[test]
fn a_pdf_is_refused_with_what_to_do() {
    let e = refusal(b"%PDF-1.7\n%\xE2\xE3\xCF\xD3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n");
    assert_eq!(e.code(), "photo_pdf");
    let p = e.payload_for(DocumentKind::Kk);
    assert_eq!(
        p.message,
        "Berkas ini PDF, bukan foto — foto Kartu Keluarga dengan kamera HP lalu kirim sebagai JPEG"
    );
    assert_eq!(p.field.as_deref(), Some("kkPhoto"));
}

#[test]
fn a_heic_photo_is_refused_with_the_iphone_setting() {
    let mut heic = vec![0, 0, 0, 0x18];
    heic.extend_from_slice(b"ftypheic\0\0\0\0mif1heic");
    heic.extend_from_slice(&[0u8; 64]);
    let e = refusal(&heic);
    assert_eq!(e.code(), "photo_heic");
    let message = e.payload_for(DocumentKind::Ktp).message;
    assert!(message.contains("Paling Kompatibel"), "{message}");
    assert!(message.contains("JPEG"), "{message}");
    assert!(message.contains("KTP-el"), "{message}");
}

#[test]
fn a_webp_is_refused_as_a_format_not_accepted() {
    let e = refusal(b"RIFF\x24\0\0\0WEBPVP8 \x18\0\0\0");
    assert_eq!(e.code(), "photo_unsupported_format");
    assert!(e.payload().message.contains("WebP"));
}

#[test]
fn a_jpeg_cut_in_the_middle_of_its_scan_is_refused() {
    let jpeg = small_jpeg();
    let e = refusal(&jpeg[..jpeg.len() / 2]);
    assert_eq!(e.code(), "photo_truncated");
}

#[test]
fn a_jpeg_missing_only_its_end_marker_is_refused() {
    let jpeg = small_jpeg();
    assert_eq!(&jpeg[jpeg.len() - 2..], &[0xFF, 0xD9]);
    assert_eq!(refusal(&jpeg[..jpeg.len() - 2]).code(), "photo_truncated");
}

#[test]
fn a_jpeg_cut_inside_its_headers_is_refused() {
    let jpeg = small_jpeg();
    assert_eq!(refusal(&jpeg[..40]).code(), "photo_truncated");
}

#[test]
fn a_png_cut_short_is_refused() {
    let rgb = sample::document_rgb(400, 300);
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, 400, 300);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&rgb).unwrap();
    writer.finish().unwrap();
    assert_eq!(refusal(&out[..out.len() / 2]).code(), "photo_truncated");
}

#[test]
fn a_jpeg_with_a_broken_scan_header_is_refused_as_corrupt() {
    let mut jpeg = small_jpeg();
    let sos = jpeg.windows(2).position(|w| w == [0xFF, 0xDA]).unwrap();
    jpeg[sos + 5] = 0x77; // a component id the frame does not have
    let e = refusal(&jpeg);
    assert_eq!(e.code(), "photo_corrupt");
    // The decoder's own words stay in the log, out of the message.
    assert!(!e.payload().message.contains("SOS"));
}

/// A real small JPEG whose frame header claims `width × height`.
pub fn jpeg_claiming(width: u16, height: u16) -> Vec<u8> {
    let mut jpeg = sample::jpeg(&sample::document_rgb(256, 256), 256, 256, 80);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 5..sof + 7].copy_from_slice(&height.to_be_bytes());
    jpeg[sof + 7..sof + 9].copy_from_slice(&width.to_be_bytes());
    jpeg
}

/// A PNG signature and IHDR claiming `width × height`, then one tiny IDAT.
pub fn png_claiming(width: u32, height: u32) -> Vec<u8> {
    let mut f = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
    f.extend_from_slice(&width.to_be_bytes());
    f.extend_from_slice(&height.to_be_bytes());
    f.extend_from_slice(&[8, 2, 0, 0, 0, 0, 0, 0, 0]);
    f.extend_from_slice(b"\0\0\0\x0cIDATx\x9c\x63\0\0\0\0\x01\0\x01\0\0\0\0");
    f
}

#[test]
fn a_jpeg_claiming_60000_by_60000_is_refused_fast() {
    let t = Instant::now();
    let e = refusal(&jpeg_claiming(60_000, 60_000));
    assert!(t.elapsed() < Duration::from_secs(1));
    assert_eq!(e.code(), "photo_dimensions_too_large");
    assert!(e.payload().message.contains("60000×60000"));
}

#[test]
fn a_png_claiming_60000_by_60000_is_refused_fast() {
    let t = Instant::now();
    let e = refusal(&png_claiming(60_000, 60_000));
    assert!(t.elapsed() < Duration::from_secs(1));
    assert_eq!(e.code(), "photo_dimensions_too_large");
}

#[test]
fn a_header_over_50_megapixels_is_refused() {
    // Each edge is allowed; the area is not.
    assert_eq!(
        refusal(&jpeg_claiming(10_000, 6_000)).code(),
        "photo_dimensions_too_large"
    );
}

#[test]
fn a_picture_too_small_to_read_is_refused() {
    let tiny = sample::jpeg(&sample::document_rgb(320, 150), 320, 150, 85);
    let e = refusal(&tiny);
    assert_eq!(e.code(), "photo_too_small");
    assert!(e.payload().message.contains("320×150"));
}

#[test]
fn the_same_photo_for_both_documents_is_refused() {
    let kk = photo::process(&small_jpeg()).unwrap();
    let ktp = photo::process(&sample::phone_photo(600, 800, 6)).unwrap();
    assert!(photo::check_pair(&kk, &ktp).is_ok());
    assert_eq!(
        photo::check_pair(&kk, &kk.clone()).unwrap_err().code(),
        "photo_same_twice"
    );
}

#[test]
fn every_refusal_says_what_is_wrong_and_what_to_do() {
    let all = [
        PhotoError::TooLarge { bytes: 16_000_000 },
        PhotoError::Empty,
        PhotoError::Pdf,
        PhotoError::Heic,
        PhotoError::UnsupportedFormat { format: "GIF" },
        PhotoError::UnknownFormat,
        PhotoError::DimensionsTooLarge {
            width: 60_000,
            height: 60_000,
        },
        PhotoError::TooSmall {
            width: 100,
            height: 80,
        },
        PhotoError::Truncated,
        PhotoError::Corrupt("Invalid component ID 119 in SOS".into()),
        PhotoError::DecoderPanic("index out of bounds".into()),
        PhotoError::SamePhotoTwice,
        PhotoError::Failed("turbojpeg: boom".into()),
    ];
    let mut codes = std::collections::HashSet::new();
    for e in &all {
        assert!(codes.insert(e.code()), "duplicate code {}", e.code());
        assert!(e.code().as_str().starts_with("photo_"));
        for kind in [None, Some(DocumentKind::Kk), Some(DocumentKind::Ktp)] {
            let m = e.message(kind);
            assert!(m.contains(" — "), "{m}");
            assert!(!m.contains("SOS") && !m.contains("turbojpeg") && !m.contains("bounds"));
        }
    }
}

#[test]
fn a_12_bit_jpeg_is_refused_as_a_format_not_accepted() {
    let mut jpeg = jpeg_claiming(256, 256);
    let sof = jpeg.windows(2).position(|w| w == [0xFF, 0xC0]).unwrap();
    jpeg[sof + 1] = 0xC1;
    jpeg[sof + 4] = 12;
    assert_eq!(refusal(&jpeg).code(), "photo_unsupported_format");
}
