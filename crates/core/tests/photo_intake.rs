//! Photos that must be accepted: a 12 MP phone photo, every way a phone turns
//! its pixels, progressive, grayscale and CMYK JPEGs from another encoder,
//! PNG with alpha or an eXIf orientation. Every fixture is generated here;
//! none is committed and nothing is downloaded.

use sha2::{Digest, Sha256};
use sinkron_core::photo::{self, sample, ProcessedPhoto};

/// Decodes a rendition back to RGB for looking at its pixels.
fn pixels(jpeg: &[u8]) -> turbojpeg::Image<Vec<u8>> {
    turbojpeg::decompress(jpeg, turbojpeg::PixelFormat::RGB).expect("rendition decodes")
}

fn at(img: &turbojpeg::Image<Vec<u8>>, x: usize, y: usize) -> [u8; 3] {
    let i = y * img.pitch + x * 3;
    [img.pixels[i], img.pixels[i + 1], img.pixels[i + 2]]
}

fn is_red(p: [u8; 3]) -> bool {
    p[0] > 160 && p[1] < 90 && p[2] < 90
}

fn is_blue(p: [u8; 3]) -> bool {
    p[2] > 160 && p[0] < 90 && p[1] < 110
}

/// The thumbnail is upright: red mark top-left, blue mark top-right, and
/// neither at the bottom.
fn assert_upright(photo: &ProcessedPhoto) {
    for jpeg in [&photo.thumbnail.jpeg, &photo.preview.jpeg] {
        let img = pixels(jpeg);
        let (w, h) = (img.width, img.height);
        let (m, n) = (w.min(h) / 20, w.min(h) / 20 + 1);
        assert!(is_red(at(&img, m, n)), "top-left {:?}", at(&img, m, n));
        assert!(
            is_blue(at(&img, w - 1 - m, n)),
            "top-right {:?}",
            at(&img, w - 1 - m, n)
        );
        assert!(!is_red(at(&img, m, h - 1 - n)), "bottom-left is red");
        assert!(
            !is_blue(at(&img, w - 1 - m, h - 1 - n)),
            "bottom-right is blue"
        );
    }
}

#[test]
fn a_12_megapixel_phone_photo_gives_a_1600_preview_and_a_320_thumbnail() {
    let jpeg = sample::phone_photo(4000, 3000, 1);
    let photo = photo::process(&jpeg).unwrap();
    assert_eq!(photo.mime, "image/jpeg");
    assert_eq!((photo.width, photo.height), (4000, 3000));
    assert_eq!((photo.preview.width, photo.preview.height), (1600, 1200));
    assert_eq!((photo.thumbnail.width, photo.thumbnail.height), (320, 240));
    let preview = pixels(&photo.preview.jpeg);
    assert_eq!((preview.width, preview.height), (1600, 1200));
    let thumb = pixels(&photo.thumbnail.jpeg);
    assert_eq!((thumb.width, thumb.height), (320, 240));
    assert_upright(&photo);
}

#[test]
fn the_original_is_kept_byte_for_byte_with_its_sha256() {
    let jpeg = sample::phone_photo(800, 600, 6);
    let photo = photo::process(&jpeg).unwrap();
    assert_eq!(photo.original, jpeg);
    let want: String = Sha256::digest(&jpeg)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    assert_eq!(photo.sha256, want);
    assert_eq!(photo.sha256.len(), 64);
}

#[test]
fn exif_orientation_3_is_turned_upright() {
    let photo = photo::process(&sample::phone_photo(600, 400, 3)).unwrap();
    assert_eq!((photo.width, photo.height), (600, 400));
    assert_eq!((photo.thumbnail.width, photo.thumbnail.height), (320, 213));
    assert_upright(&photo);
}

#[test]
fn exif_orientation_6_is_turned_upright() {
    // Stored 400×600 (sensor landscape turned), upright 600×400.
    let jpeg = sample::phone_photo(600, 400, 6);
    assert_eq!(turbojpeg::read_header(&jpeg).unwrap().width, 400);
    let photo = photo::process(&jpeg).unwrap();
    assert_eq!((photo.width, photo.height), (600, 400));
    assert_eq!((photo.thumbnail.width, photo.thumbnail.height), (320, 213));
    assert_upright(&photo);
}

#[test]
fn exif_orientation_8_is_turned_upright() {
    let photo = photo::process(&sample::phone_photo(400, 600, 8)).unwrap();
    assert_eq!((photo.width, photo.height), (400, 600));
    assert_eq!((photo.thumbnail.width, photo.thumbnail.height), (213, 320));
    assert_upright(&photo);
}

#[test]
fn every_other_orientation_is_turned_upright_too() {
    for o in [1, 2, 4, 5, 7] {
        let photo = photo::process(&sample::phone_photo(500, 300, o)).unwrap();
        assert_eq!((photo.width, photo.height), (500, 300), "orientation {o}");
        assert_upright(&photo);
    }
}

fn foreign_jpeg(
    pixels: &[u8],
    w: u16,
    h: u16,
    colour: jpeg_encoder::ColorType,
    progressive: bool,
) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = jpeg_encoder::Encoder::new(&mut out, 90);
    encoder.set_progressive(progressive);
    encoder.encode(pixels, w, h, colour).unwrap();
    out
}

#[test]
fn a_progressive_jpeg_is_accepted() {
    let rgb = sample::document_rgb(900, 600);
    let jpeg = foreign_jpeg(&rgb, 900, 600, jpeg_encoder::ColorType::Rgb, true);
    assert_eq!(&jpeg[..2], &[0xFF, 0xD8]);
    assert!(
        jpeg.windows(2).any(|w| w == [0xFF, 0xC2]),
        "not progressive"
    );
    let photo = photo::process(&jpeg).unwrap();
    assert_eq!((photo.preview.width, photo.preview.height), (900, 600));
    assert_upright(&photo);
}

#[test]
fn a_grayscale_jpeg_stays_gray() {
    let gray: Vec<u8> = sample::document_rgb(640, 480)
        .chunks_exact(3)
        .map(|p| ((u32::from(p[0]) + u32::from(p[1]) + u32::from(p[2])) / 3) as u8)
        .collect();
    let jpeg = foreign_jpeg(&gray, 640, 480, jpeg_encoder::ColorType::Luma, false);
    let photo = photo::process(&jpeg).unwrap();
    assert_eq!((photo.width, photo.height), (640, 480));
    let header = turbojpeg::read_header(&photo.thumbnail.jpeg).unwrap();
    assert_eq!(header.colorspace, turbojpeg::Colorspace::Gray);
    assert_eq!((header.width, header.height), (320, 240));
}

#[test]
fn a_cmyk_jpeg_comes_out_in_its_colours() {
    // Red mark top-left, blue top-right, on paper, written as Adobe CMYK.
    let rgb = sample::document_rgb(600, 400);
    let cmyk: Vec<u8> = rgb
        .chunks_exact(3)
        .flat_map(|p| {
            let k = 255 - p[0].max(p[1]).max(p[2]);
            let inv = |v: u8| {
                if k == 255 {
                    0
                } else {
                    ((255 - u32::from(v) - u32::from(k)) * 255 / (255 - u32::from(k))) as u8
                }
            };
            [inv(p[0]), inv(p[1]), inv(p[2]), k]
        })
        .collect();
    let jpeg = foreign_jpeg(&cmyk, 600, 400, jpeg_encoder::ColorType::Cmyk, false);
    assert!(jpeg.windows(5).any(|w| w == b"Adobe"));
    let photo = photo::process(&jpeg).unwrap();
    assert_upright(&photo);
    // Paper stays light, not inverted to dark.
    let thumb = pixels(&photo.thumbnail.jpeg);
    let paper = at(&thumb, 160, 20);
    assert!(paper.iter().all(|&v| v > 150), "paper {paper:?}");
}

fn png(width: u32, height: u32, colour: png::ColorType, data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut encoder = png::Encoder::new(&mut out, width, height);
    encoder.set_color(colour);
    encoder.set_depth(png::BitDepth::Eight);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(data).unwrap();
    writer.finish().unwrap();
    out
}

#[test]
fn a_png_with_alpha_is_flattened_onto_white() {
    // Transparent except the two marks.
    let rgb = sample::document_rgb(500, 400);
    let rgba: Vec<u8> = rgb
        .chunks_exact(3)
        .flat_map(|p| {
            let mark = p == sample::RED || p == sample::BLUE;
            [p[0], p[1], p[2], if mark { 255 } else { 0 }]
        })
        .collect();
    let photo = photo::process(&png(500, 400, png::ColorType::Rgba, &rgba)).unwrap();
    assert_eq!(photo.mime, "image/png");
    assert_eq!((photo.width, photo.height), (500, 400));
    assert_upright(&photo);
    let thumb = pixels(&photo.thumbnail.jpeg);
    let middle = at(&thumb, 160, 128);
    assert!(
        middle.iter().all(|&v| v > 240),
        "transparent became {middle:?}"
    );
}

/// CRC-32 as PNG chunks use it.
fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 != 0 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

#[test]
fn a_png_with_an_exif_orientation_is_turned_upright() {
    let (stored, w, h) = sample::stored_for(&sample::document_rgb(600, 400), 600, 400, 6);
    let plain = png(w, h, png::ColorType::Rgb, &stored);
    // An eXIf chunk (orientation 6) right after IHDR.
    let tiff = [
        b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
    ];
    let mut chunk = (tiff.len() as u32).to_be_bytes().to_vec();
    let mut body = b"eXIf".to_vec();
    body.extend_from_slice(&tiff);
    chunk.extend_from_slice(&body);
    chunk.extend_from_slice(&crc32(&body).to_be_bytes());
    let mut file = plain[..33].to_vec();
    file.extend_from_slice(&chunk);
    file.extend_from_slice(&plain[33..]);
    let photo = photo::process(&file).unwrap();
    assert_eq!((photo.width, photo.height), (600, 400));
    assert_upright(&photo);
}

#[test]
fn the_preview_is_never_upscaled() {
    let photo = photo::process(&sample::phone_photo(800, 600, 1)).unwrap();
    assert_eq!((photo.preview.width, photo.preview.height), (800, 600));
    assert_eq!((photo.thumbnail.width, photo.thumbnail.height), (320, 240));
    let small = photo::process(&sample::phone_photo(300, 240, 1)).unwrap();
    assert_eq!((small.thumbnail.width, small.thumbnail.height), (300, 240));
}

#[test]
fn data_after_the_end_marker_is_no_problem() {
    // Samsung and others append their own trailer after EOI.
    let mut jpeg = sample::phone_photo(600, 400, 1);
    jpeg.extend_from_slice(b"\0\0SEFHtrailer-of-a-phoneSEFT");
    assert!(photo::process(&jpeg).is_ok());
}

#[tokio::test]
async fn process_blocking_does_the_same_off_the_async_threads() {
    let jpeg = sample::phone_photo(600, 400, 6);
    let direct = photo::process(&jpeg).unwrap();
    let blocking = photo::process_blocking(jpeg).await.unwrap();
    assert_eq!(direct, blocking);
    let refused = photo::process_blocking(Vec::new()).await.unwrap_err();
    assert_eq!(refused.code(), "photo_empty");
}

/// A JPEG segment `marker` with `body`.
fn segment(marker: u8, body: &[u8]) -> Vec<u8> {
    let mut s = vec![0xFF, marker];
    s.extend_from_slice(&((body.len() + 2) as u16).to_be_bytes());
    s.extend_from_slice(body);
    s
}

/// A phone photo (orientation 6) carrying what a phone writes beside the pixels: a second EXIF
/// block with a GPS-like text, XMP, a comment, an MPF APP2, and a second image after EOI.
fn photo_with_metadata() -> Vec<u8> {
    let jpeg = sample::phone_photo(600, 400, 6);
    let mut gps = b"Exif\0\0MM\0\x2a".to_vec();
    gps.extend_from_slice(b"GPS -3.2233 104.6561 LOKASI-RUMAH-PEMOHON");
    let mut file = jpeg[..2].to_vec();
    // The sample's own EXIF (orientation 6) comes first, as the phone wrote it.
    let exif_len = usize::from(u16::from_be_bytes([jpeg[4], jpeg[5]]));
    file.extend_from_slice(&jpeg[2..4 + exif_len]);
    file.extend(segment(0xE1, &gps));
    file.extend(segment(
        0xE1,
        b"http://ns.adobe.com/xap/1.0/\0<x:xmpmeta>SERIAL-KAMERA-123</x:xmpmeta>",
    ));
    file.extend(segment(0xE2, b"MPF\0MM\0\x2aSEGMENT-MPF"));
    file.extend(segment(0xFE, b"Kamera milik Budi, Jl. Merdeka 5"));
    file.extend_from_slice(&jpeg[4 + exif_len..]);
    file.extend_from_slice(b"\xFF\xD8\xFF\xE1\0\x10Exif\0\0TRAILER-GPS\xFF\xD9");
    file
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

#[test]
fn a_stored_jpeg_keeps_its_pixels_and_orientation_but_no_metadata() {
    let file = photo_with_metadata();
    let photo = photo::process(&file).unwrap();
    for secret in [
        &b"LOKASI-RUMAH-PEMOHON"[..],
        b"SERIAL-KAMERA-123",
        b"SEGMENT-MPF",
        b"Jl. Merdeka",
        b"TRAILER-GPS",
    ] {
        assert!(contains(&file, secret), "the fixture carries it");
        assert!(
            !contains(&photo.original, secret),
            "{} is stored",
            String::from_utf8_lossy(secret)
        );
    }
    // The same compressed pixels, still upright by their one-tag EXIF.
    let (before, after) = (
        turbojpeg::decompress(&file, turbojpeg::PixelFormat::RGB).unwrap(),
        turbojpeg::decompress(&photo.original, turbojpeg::PixelFormat::RGB).unwrap(),
    );
    assert_eq!(before.pixels, after.pixels);
    let again = photo::process(&photo.original).unwrap();
    assert_eq!((again.width, again.height), (600, 400));
    assert_upright(&again);
    assert_eq!(
        again.original, photo.original,
        "stripping twice changes nothing"
    );
    assert_eq!(
        photo.sha256,
        format!("{:x}", Sha256::digest(&photo.original)),
        "the hash is of what is stored"
    );
}

#[test]
fn an_upright_jpeg_is_stored_without_any_exif() {
    let photo = photo::process(&sample::with_orientation(
        &sample::phone_photo(600, 400, 1),
        1,
    ))
    .unwrap();
    assert!(!contains(&photo.original, b"Exif\0\0"));
    assert_eq!((photo.width, photo.height), (600, 400));
}

#[test]
fn a_stored_png_keeps_its_orientation_but_not_its_text_or_exif() {
    let (stored, w, h) = sample::stored_for(&sample::document_rgb(600, 400), 600, 400, 6);
    let plain = png(w, h, png::ColorType::Rgb, &stored);
    let mut tiff = vec![
        b'M', b'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, 6, 0, 0, 0, 0, 0, 0,
    ];
    tiff.extend_from_slice(b"GPS-LOKASI-PEMOHON");
    let chunk = |kind: &[u8], data: &[u8]| {
        let mut body = kind.to_vec();
        body.extend_from_slice(data);
        let mut c = (data.len() as u32).to_be_bytes().to_vec();
        c.extend_from_slice(&body);
        c.extend_from_slice(&crc32(&body).to_be_bytes());
        c
    };
    let mut file = plain[..33].to_vec();
    file.extend(chunk(b"eXIf", &tiff));
    file.extend(chunk(b"tEXt", b"Comment\0rumah pemohon di Jl. Merdeka"));
    file.extend_from_slice(&plain[33..]);
    let photo = photo::process(&file).unwrap();
    assert!(!contains(&photo.original, b"GPS-LOKASI-PEMOHON"));
    assert!(!contains(&photo.original, b"Jl. Merdeka"));
    let again = photo::process(&photo.original).unwrap();
    assert_eq!((again.width, again.height), (600, 400));
    assert_upright(&again);
}
