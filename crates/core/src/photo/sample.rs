//! Synthetic document photos, made on the spot, for tests, the benchmark and
//! demos: no binary fixture is committed and nothing is downloaded. The
//! picture is paper-coloured gradients with sensor noise and rows of dark
//! "text" blocks, a red mark in the top-left corner and a blue one in the
//! top-right (so a test can tell where the upright top-left landed), saved
//! the way a phone does: sensor pixels plus an EXIF orientation.

use turbojpeg::{Compressor, PixelFormat, Subsamp};

use super::exif::{tiff_with_orientation, Orientation};
use super::raster::Raster;

/// The top-left mark.
pub const RED: [u8; 3] = [220, 30, 30];
/// The top-right mark.
pub const BLUE: [u8; 3] = [30, 50, 220];

/// An upright RGB document picture, `width × height`, rows packed.
pub fn document_rgb(width: u32, height: u32) -> Vec<u8> {
    let (w, h) = (width as usize, height as usize);
    let mark = (w.min(h) / 6).max(1);
    let line = (h / 60).max(4);
    let mut px = Vec::with_capacity(w * h * 3);
    let mut seed: u32 = 0x9E37_79B9;
    for y in 0..h {
        let text_row = (y / line) % 3 == 1 && y > mark + line && y + line < h;
        for x in 0..w {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = (seed & 15) as i32 - 8;
            let pixel = if x < mark && y < mark {
                RED
            } else if x + mark >= w && y < mark {
                BLUE
            } else if text_row && x > w / 12 && x < w - w / 12 && (x / (line / 2 + 1)) % 7 != 6 {
                let ink = 40 + ((x * 13 + y * 7) % 23) as i32 + noise;
                [ink.clamp(0, 255) as u8; 3]
            } else {
                let r = 235 - (x * 40 / w) as i32 + noise;
                let g = 225 - (y * 50 / h) as i32 + noise;
                let b = 200 - ((x + y) * 60 / (w + h)) as i32 + noise;
                [
                    r.clamp(0, 255) as u8,
                    g.clamp(0, 255) as u8,
                    b.clamp(0, 255) as u8,
                ]
            };
            px.extend_from_slice(&pixel);
        }
    }
    px
}

/// Encodes packed pixels (1 channel gray or 3 channels RGB) as a baseline
/// 4:2:0 JPEG with libjpeg-turbo.
pub fn jpeg(pixels: &[u8], width: u32, height: u32, quality: i32) -> Vec<u8> {
    let channels = pixels.len() / (width as usize * height as usize);
    let (format, subsamp) = if channels == 1 {
        (PixelFormat::GRAY, Subsamp::Gray)
    } else {
        (PixelFormat::RGB, Subsamp::Sub2x2)
    };
    let mut c = Compressor::new().expect("turbojpeg compressor");
    c.set_quality(quality).expect("quality");
    c.set_subsamp(subsamp).expect("subsampling");
    c.compress_to_vec(turbojpeg::Image {
        pixels,
        width: width as usize,
        pitch: width as usize * channels,
        height: height as usize,
        format,
    })
    .expect("sample JPEG encodes")
}

/// The same JPEG with an `Exif` APP1 segment holding `orientation`, placed
/// right after SOI as phones do.
pub fn with_orientation(jpeg: &[u8], orientation: u16) -> Vec<u8> {
    let tiff = tiff_with_orientation(orientation);
    let len = (2 + 6 + tiff.len()) as u16;
    let mut out = Vec::with_capacity(jpeg.len() + usize::from(len) + 2);
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xE1]);
    out.extend_from_slice(&len.to_be_bytes());
    out.extend_from_slice(b"Exif\0\0");
    out.extend_from_slice(&tiff);
    out.extend_from_slice(&jpeg[2..]);
    out
}

/// The sensor pixels a phone would store for an upright picture when it
/// writes `orientation` (each orientation's inverse: 6 and 8 swap, the rest
/// undo themselves). Returns the pixels and their stored size.
pub fn stored_for(
    upright: &[u8],
    width: u32,
    height: u32,
    orientation: u16,
) -> (Vec<u8>, u32, u32) {
    let channels = (upright.len() / (width as usize * height as usize)) as u8;
    let inverse = match orientation {
        6 => 8,
        8 => 6,
        o => o,
    };
    let r = Raster {
        pixels: upright.to_vec(),
        width,
        height,
        channels,
    }
    .oriented(Orientation::from_tag(u32::from(inverse)));
    (r.pixels, r.width, r.height)
}

/// A phone photo of a document that is `width × height` when upright, stored
/// as sensor pixels with `orientation` in its EXIF, JPEG quality 90.
pub fn phone_photo(width: u32, height: u32, orientation: u16) -> Vec<u8> {
    let (pixels, w, h) = stored_for(&document_rgb(width, height), width, height, orientation);
    with_orientation(&jpeg(&pixels, w, h, 90), orientation)
}
