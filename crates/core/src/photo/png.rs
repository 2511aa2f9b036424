//! PNG (screenshots, edited photos): decoded whole by the `png` crate under
//! an explicit memory limit, flattened onto white paper when it has alpha,
//! and turned upright if it carries an eXIf chunk.

use std::io::Cursor;

use png::{BitDepth, ColorType, Decoder, DecodingError, Limits, Transformations};

use super::exif::{self, Orientation};
use super::raster::Raster;
use super::PhotoError;

/// What the decoder may allocate beside the output buffer (which the
/// dimension bound limits): row buffers, inflate state, metadata chunks.
const DECODER_LIMIT: usize = 32 * 1024 * 1024;

fn refused(e: DecodingError) -> PhotoError {
    match e {
        DecodingError::IoError(io) if io.kind() == std::io::ErrorKind::UnexpectedEof => {
            PhotoError::Truncated
        }
        DecodingError::Format(f) if f.to_string().contains("nexpected end") => {
            PhotoError::Truncated
        }
        other => PhotoError::Corrupt(other.to_string()),
    }
}

/// Decodes to gray or RGB (8 bits), with the orientation the file declares.
pub(crate) fn decode(bytes: &[u8]) -> Result<(Raster, Orientation), PhotoError> {
    let mut decoder = Decoder::new_with_limits(
        Cursor::new(bytes),
        Limits {
            bytes: DECODER_LIMIT,
        },
    );
    decoder.set_transformations(Transformations::EXPAND | Transformations::STRIP_16);
    decoder.set_ignore_text_chunk(true);
    let mut reader = decoder.read_info().map_err(refused)?;
    let orientation = reader
        .info()
        .exif_metadata
        .as_deref()
        .map_or(Orientation::UPRIGHT, exif::orientation);
    let size = reader
        .output_buffer_size()
        .ok_or_else(|| PhotoError::Corrupt("PNG output size overflows".into()))?;
    let mut pixels = vec![0u8; size];
    let frame = reader.next_frame(&mut pixels).map_err(refused)?;
    pixels.truncate(frame.buffer_size());
    if frame.bit_depth != BitDepth::Eight {
        return Err(PhotoError::Corrupt(format!(
            "unexpected bit depth {:?}",
            frame.bit_depth
        )));
    }
    let (pixels, channels) = match frame.color_type {
        ColorType::Grayscale => (pixels, 1),
        ColorType::Rgb => (pixels, 3),
        ColorType::GrayscaleAlpha => (flatten(pixels, 1), 1),
        ColorType::Rgba => (flatten(pixels, 3), 3),
        ColorType::Indexed => {
            return Err(PhotoError::Corrupt("palette left unexpanded".into()));
        }
    };
    Ok((
        Raster {
            pixels,
            width: frame.width,
            height: frame.height,
            channels,
        },
        orientation,
    ))
}

/// Drops the alpha channel in place, compositing each pixel over white (a
/// transparent background would otherwise come out black in a JPEG).
fn flatten(mut pixels: Vec<u8>, colour: usize) -> Vec<u8> {
    let stride = colour + 1;
    let count = pixels.len() / stride;
    for i in 0..count {
        let alpha = u32::from(pixels[i * stride + colour]);
        for c in 0..colour {
            let v = u32::from(pixels[i * stride + c]);
            pixels[i * colour + c] = ((v * alpha + 255 * (255 - alpha) + 127) / 255) as u8;
        }
    }
    pixels.truncate(count * colour);
    pixels
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transparent_becomes_white_and_opaque_stays() {
        assert_eq!(
            flatten(vec![10, 20, 30, 0, 10, 20, 30, 255], 3),
            vec![255, 255, 255, 10, 20, 30]
        );
        assert_eq!(flatten(vec![0, 128], 1), vec![127]);
    }
}
