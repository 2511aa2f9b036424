//! Intake of the two document photos every request needs: *Foto Kartu
//! Keluarga Pemohon* and *Foto KTP-EI Pemohon*. A picked or uploaded file is
//! checked (size, format by its magic bytes, dimensions from its header before
//! any pixel is decoded, completeness), decoded once at a reduced DCT scale,
//! turned upright by its EXIF orientation, and turned into a 1600 px preview
//! and a 320 px thumbnail; the original bytes are kept untouched with their
//! SHA-256. Everything a person can get wrong is refused with its own code
//! and an Indonesian message that says what to do instead.
//!
//! [`process`] is CPU-bound (about 0.1 s of CPU for a 12 MP photo, a fifth of
//! what `vipsthumbnail` needs for the same two files); async callers use
//! [`process_blocking`], which runs it on tokio's blocking pool and turns a
//! panic into [`PhotoError::DecoderPanic`].

mod error;
mod exif;
pub mod geometry;
mod jpeg;
mod outline;
mod png;
pub mod quality;
pub mod quality_set;
mod raster;
pub mod sample;
mod sniff;
mod strip;

use std::panic::{catch_unwind, AssertUnwindSafe};

use serde::Serialize;
use sha2::{Digest, Sha256};

pub use error::PhotoError;
pub use outline::{BadCorners, Corners, Outline};
pub use quality::{Problem, Problems, Quality, UnknownProblem};

use crate::error::ErrorPayload;
use crate::form::{FormCheck, ValidRequest};

use exif::Orientation;
use raster::{fit, Raster};
use sniff::Format;

/// The size cap, checked before anything else: 15 MB (a phone photo is 2–6 MB).
pub const MAX_BYTES: usize = 15_000_000;
/// The longest edge a header may declare.
pub const MAX_EDGE: u32 = 12_000;
/// The most pixels a header may declare (50 megapixels).
pub const MAX_PIXELS: u64 = 50_000_000;
/// The shortest edge below which no document is readable.
pub const MIN_EDGE: u32 = 200;
/// The preview's longest edge (never upscaled).
pub const PREVIEW_EDGE: u32 = 1600;
/// The thumbnail's longest edge (never upscaled).
pub const THUMB_EDGE: u32 = 320;
/// JPEG quality of the preview and the thumbnail.
pub const QUALITY: i32 = 82;

/// Which of the two required documents a photo shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DocumentKind {
    /// Foto Kartu Keluarga Pemohon.
    Kk,
    /// Foto KTP-EI Pemohon.
    Ktp,
}

impl DocumentKind {
    /// Both, in the order the form asks for them.
    pub const ALL: [DocumentKind; 2] = [DocumentKind::Kk, DocumentKind::Ktp];

    /// As stored: `kk`, `ktp`.
    pub fn as_str(self) -> &'static str {
        match self {
            DocumentKind::Kk => "kk",
            DocumentKind::Ktp => "ktp",
        }
    }

    pub fn parse(s: &str) -> Option<DocumentKind> {
        match s {
            "kk" => Some(DocumentKind::Kk),
            "ktp" => Some(DocumentKind::Ktp),
            _ => None,
        }
    }

    /// How a message names the document.
    pub fn label(self) -> &'static str {
        match self {
            DocumentKind::Kk => "Kartu Keluarga",
            DocumentKind::Ktp => "KTP-el",
        }
    }

    /// The form field an error about this photo is shown beside.
    pub fn field(self) -> &'static str {
        match self {
            DocumentKind::Kk => "kkPhoto",
            DocumentKind::Ktp => "ktpPhoto",
        }
    }
}

/// A JPEG made from the photo: the preview or the thumbnail.
#[derive(Clone, PartialEq, Eq)]
pub struct Rendition {
    pub jpeg: Vec<u8>,
    pub width: u32,
    pub height: u32,
}

/// A photo ready to be stored.
#[derive(Clone, PartialEq)]
pub struct ProcessedPhoto {
    /// The pixels as received, never re-encoded, without the metadata beside them (EXIF but
    /// its orientation, XMP, comments, appended images: `strip`).
    pub original: Vec<u8>,
    /// Lowercase hex SHA-256 of `original`.
    pub sha256: String,
    /// Of `original`: `image/jpeg` or `image/png`.
    pub mime: &'static str,
    /// The upright size of the original (after EXIF orientation).
    pub width: u32,
    pub height: u32,
    /// Upright, longest edge 1600 px (or less, never upscaled), JPEG.
    pub preview: Rendition,
    /// Upright, longest edge 320 px (or less), JPEG.
    pub thumbnail: Rendition,
    /// What was measured of it: sharpness, exposure, glare, where the document lies. (Its
    /// straightened document is made when a saved photo is shown: [`assess_stored`].)
    pub quality: Quality,
}

impl ProcessedPhoto {
    /// What would stop an operator reading it as a photo of `kind`.
    pub fn problems(&self, kind: DocumentKind) -> Vec<Problem> {
        self.quality.problems(kind)
    }

    /// [`ProcessedPhoto::problems`] as its document row keeps them.
    pub fn stored_problems(&self, kind: DocumentKind) -> String {
        Problems(self.problems(kind)).stored()
    }

    /// Where the document lies in the preview, when found with confidence.
    pub fn outline(&self) -> Outline {
        Outline::measured(
            self.quality.document.as_ref(),
            self.preview.width,
            self.preview.height,
        )
    }

    /// [`ProcessedPhoto::outline`] as its document row keeps it (never "not recorded").
    pub fn stored_outline(&self) -> String {
        self.outline().stored().unwrap_or_default()
    }
}

/// The preview's size for an original whose upright size is `width × height`.
pub fn preview_size(width: u32, height: u32) -> (u32, u32) {
    fit(width, height, PREVIEW_EDGE)
}

impl Corners {
    /// The size of the document straightened from these corners in a preview of
    /// `width × height`.
    pub fn straight_size(&self, width: u32, height: u32) -> (u32, u32) {
        quality::straight_size(&self.in_pixels(width, height))
    }
}

impl std::fmt::Debug for Rendition {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{}x{} JPEG, {} bytes",
            self.width,
            self.height,
            self.jpeg.len()
        )
    }
}

impl std::fmt::Debug for ProcessedPhoto {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ProcessedPhoto")
            .field("mime", &self.mime)
            .field("bytes", &self.original.len())
            .field("sha256", &self.sha256)
            .field("width", &self.width)
            .field("height", &self.height)
            .field("preview", &self.preview)
            .field("thumbnail", &self.thumbnail)
            .field("quality", &self.quality)
            .finish()
    }
}

/// The photo as it is stored.
struct Rendered {
    original: Vec<u8>,
    sha256: String,
    mime: &'static str,
    width: u32,
    height: u32,
    preview: Rendition,
    thumbnail: Rendition,
    quality: Quality,
}

impl Rendered {
    fn stored(self) -> ProcessedPhoto {
        ProcessedPhoto {
            original: self.original,
            sha256: self.sha256,
            mime: self.mime,
            width: self.width,
            height: self.height,
            preview: self.preview,
            thumbnail: self.thumbnail,
            quality: self.quality,
        }
    }
}

/// A camera frame (JPEG) as gray pixels at most `edge` pixels on its longest side, through
/// the same header checks and bounded decode as a photo: `(pixels, width, height)`.
pub fn gray_frame(bytes: &[u8], edge: u32) -> Result<(Vec<u8>, u32, u32), PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge { bytes: bytes.len() });
    }
    let header = jpeg::read_header(bytes)?;
    jpeg::check_complete(bytes, header.first_scan)?;
    let raster = jpeg::decode(bytes, &header, edge)?;
    let (width, height) = (raster.width, raster.height);
    let pixels = if raster.channels == 1 {
        raster.pixels
    } else {
        raster
            .pixels
            .chunks_exact(3)
            .map(|p| {
                ((u32::from(p[0]) * 77 + u32::from(p[1]) * 150 + u32::from(p[2]) * 29) >> 8) as u8
            })
            .collect()
    };
    Ok((pixels, width, height))
}

/// Checks and processes one photo. Synchronous and CPU-bound: from async
/// code call [`process_blocking`].
pub fn process(bytes: &[u8]) -> Result<ProcessedPhoto, PhotoError> {
    Ok(render(bytes)?.stored())
}

/// [`process`] on tokio's blocking pool; a panic anywhere in decoding comes
/// back as [`PhotoError::DecoderPanic`] instead of taking the app down.
pub async fn process_blocking(bytes: Vec<u8>) -> Result<ProcessedPhoto, PhotoError> {
    run_caught(move || Ok(render(&bytes)?.stored())).await
}

async fn run_caught<T, F>(work: F) -> Result<T, PhotoError>
where
    T: Send + 'static,
    F: FnOnce() -> Result<T, PhotoError> + Send + 'static,
{
    let outcome = tokio::task::spawn_blocking(move || {
        catch_unwind(AssertUnwindSafe(work))
            .unwrap_or_else(|panic| Err(PhotoError::DecoderPanic(panic_text(panic.as_ref()))))
    })
    .await;
    match outcome {
        Ok(result) => result,
        Err(e) if e.is_panic() => Err(PhotoError::DecoderPanic(panic_text(
            e.into_panic().as_ref(),
        ))),
        Err(e) => Err(PhotoError::Failed(e.to_string())),
    }
}

fn panic_text(panic: &(dyn std::any::Any + Send)) -> String {
    panic
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| panic.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "panic".to_string())
}

/// Refuses the same photo given for both documents (a common slip when
/// picking files): compares the SHA-256 of the originals.
pub fn check_pair(kk: &ProcessedPhoto, ktp: &ProcessedPhoto) -> Result<(), PhotoError> {
    if kk.sha256 == ktp.sha256 {
        return Err(PhotoError::SamePhotoTwice);
    }
    Ok(())
}

/// Reads a picked or dropped file, refusing one over [`MAX_BYTES`] before
/// reading it (and, should it grow meanwhile, after `MAX_BYTES + 1` bytes).
/// Blocking: call it from a blocking thread.
pub fn read_capped(path: &std::path::Path) -> Result<Vec<u8>, PhotoError> {
    use std::io::Read;
    let unreadable = |e: std::io::Error| PhotoError::Unreadable(e.to_string());
    let file = std::fs::File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if !meta.is_file() {
        return Err(PhotoError::Unreadable("not a file".to_string()));
    }
    if meta.len() > MAX_BYTES as u64 {
        return Err(PhotoError::TooLarge {
            bytes: usize::try_from(meta.len()).unwrap_or(usize::MAX),
        });
    }
    let mut bytes = Vec::with_capacity(meta.len() as usize);
    file.take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)
        .map_err(unreadable)?;
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge { bytes: bytes.len() });
    }
    Ok(bytes)
}

/// A request ready to save with its two photos.
pub type Submission<'a> = (ValidRequest, &'a ProcessedPhoto, &'a ProcessedPhoto);

/// The desk's save check: the form and both photos, every refusal at once.
/// A form error comes back as `form_invalid` with each missing or doubled
/// photo in `more`; with a clean form, the first photo refusal is the error
/// and the rest are in `more`.
pub fn complete_submission<'a>(
    form: Result<ValidRequest, Box<FormCheck>>,
    kk: Option<&'a ProcessedPhoto>,
    ktp: Option<&'a ProcessedPhoto>,
) -> Result<Submission<'a>, ErrorPayload> {
    let mut refusals: Vec<ErrorPayload> = [(DocumentKind::Kk, kk), (DocumentKind::Ktp, ktp)]
        .into_iter()
        .filter(|(_, photo)| photo.is_none())
        .map(|(kind, _)| PhotoError::Missing.payload_for(kind))
        .collect();
    if let (Some(kk), Some(ktp)) = (kk, ktp) {
        if let Err(e) = check_pair(kk, ktp) {
            refusals.push(e.payload_for(DocumentKind::Ktp));
        }
    }
    match (form, kk, ktp) {
        (Ok(valid), Some(kk), Some(ktp)) if refusals.is_empty() => Ok((valid, kk, ktp)),
        (Ok(_), _, _) => {
            let mut first = refusals.remove(0);
            first.more = refusals;
            Err(first)
        }
        (Err(check), _, _) => {
            let mut payload = ErrorPayload::from(&*check);
            payload.more = refusals;
            Err(payload)
        }
    }
}

/// The header bounds: too large (an image bomb or a 108 MP camera mode) and
/// too small to read.
pub(crate) fn check_dimensions(width: u32, height: u32) -> Result<(), PhotoError> {
    if width == 0 || height == 0 {
        return Err(PhotoError::Corrupt(format!("{width}x{height} header")));
    }
    if width.max(height) > MAX_EDGE || u64::from(width) * u64::from(height) > MAX_PIXELS {
        return Err(PhotoError::DimensionsTooLarge { width, height });
    }
    if width.min(height) < MIN_EDGE {
        return Err(PhotoError::TooSmall { width, height });
    }
    Ok(())
}

/// A photo decoded at preview scale, not yet turned upright, with what its header says.
struct Decoded {
    mime: &'static str,
    /// As the header gives it (before orientation).
    width: u32,
    height: u32,
    raster: Raster,
    orientation: Orientation,
    /// A JPEG's first scan, where its metadata ends (`None` for a PNG).
    first_scan: Option<usize>,
}

/// Decodes a JPEG or a PNG at preview scale, the one decode of the intake. `intake`: first
/// refuse a JPEG cut short and a PNG whose size is out of bounds, before any pixel is decoded
/// (a stored preview, which this intake made, needs neither).
fn decode_scaled(bytes: &[u8], intake: bool) -> Result<Decoded, PhotoError> {
    match sniff::sniff(bytes)? {
        Format::Jpeg => {
            let header = jpeg::read_header(bytes)?;
            if intake {
                jpeg::check_complete(bytes, header.first_scan)?;
            }
            let orientation = header.exif.map_or(Orientation::UPRIGHT, exif::orientation);
            Ok(Decoded {
                mime: "image/jpeg",
                width: header.width,
                height: header.height,
                raster: jpeg::decode(bytes, &header, PREVIEW_EDGE)?,
                orientation,
                first_scan: Some(header.first_scan),
            })
        }
        Format::Png => {
            let (width, height) = sniff::png_dimensions(bytes)?;
            if intake {
                check_dimensions(width, height)?;
            }
            let (raster, orientation) = png::decode(bytes)?;
            Ok(Decoded {
                mime: "image/png",
                width,
                height,
                raster,
                orientation,
                first_scan: None,
            })
        }
    }
}

fn render(bytes: &[u8]) -> Result<Rendered, PhotoError> {
    if bytes.len() > MAX_BYTES {
        return Err(PhotoError::TooLarge { bytes: bytes.len() });
    }
    if bytes.is_empty() {
        return Err(PhotoError::Empty);
    }
    let Decoded {
        mime,
        width,
        height,
        raster,
        orientation,
        first_scan,
    } = decode_scaled(bytes, true)?;
    let original = match first_scan {
        Some(scan) => strip::jpeg(bytes, scan, orientation)?,
        None => strip::png(bytes, orientation)?,
    };
    let (pw, ph) = fit(width, height, PREVIEW_EDGE);
    let (tw, th) = fit(pw, ph, THUMB_EDGE);
    // Two cores: the thumbnail (and the hash) are made from the same decoded
    // pixels on a second thread while this one makes the preview.
    let (preview, (thumbnail, sha256)) = std::thread::scope(|s| {
        let second = s.spawn(|| {
            let thumbnail = raster
                .resized(tw, th)
                .and_then(|t| encoded(t.oriented(orientation)));
            (thumbnail, hex(&Sha256::digest(&original)))
        });
        let preview = raster.resized(pw, ph).and_then(|p| {
            let upright = Preview(p.oriented(orientation));
            let quality = measure(&upright, width.max(height))?;
            Ok((encoded(upright.0)?, quality))
        });
        let second = second.join().unwrap_or_else(|panic| {
            let e = PhotoError::DecoderPanic(panic_text(panic.as_ref()));
            (Err(e), String::new())
        });
        (preview, second)
    });
    drop(raster);
    let (width, height) = if orientation.swaps_axes() {
        (height, width)
    } else {
        (width, height)
    };
    let (preview, quality) = preview?;
    Ok(Rendered {
        original,
        sha256,
        mime,
        width,
        height,
        preview,
        thumbnail: thumbnail?,
        quality,
    })
}

/// The upright preview pixels of a photo, decoded as the intake decodes them.
#[derive(Debug)]
pub struct Preview(Raster);

impl Preview {
    /// Decodes `bytes` (JPEG or PNG) the way [`process`] does, for a benchmark of the steps
    /// after decoding. Returns the preview and the original's long edge.
    pub fn decode(bytes: &[u8]) -> Result<(Preview, u32), PhotoError> {
        let Decoded {
            raster,
            orientation,
            width,
            height,
            ..
        } = decode_scaled(bytes, false)?;
        let (pw, ph) = fit(width, height, PREVIEW_EDGE);
        Ok((
            Preview(raster.resized(pw, ph)?.oriented(orientation)),
            width.max(height),
        ))
    }
}

/// The quality step of the intake: every measure of the preview of a photo whose original is
/// `original_long` pixels on its long edge.
pub fn measure(preview: &Preview, original_long: u32) -> Result<Quality, PhotoError> {
    quality::assess(&preview.0, original_long)
}

/// The document cut out along its corners and turned upright, when `quality` found it with
/// confidence.
pub fn straighten(preview: &Preview, quality: &Quality) -> Result<Option<Rendition>, PhotoError> {
    quality
        .document
        .as_ref()
        .filter(|d| d.confident)
        .and_then(|d| quality::straightened(&preview.0, &d.corners))
        .map(encoded)
        .transpose()
}

/// The quality step run again on a stored photo's preview (a JPEG this intake made) whose
/// original was `original_long` pixels on its long edge: what the desk shows beside a saved
/// photo, and its straightened document. Measured on the stored preview, so a borderline
/// figure may differ a little from the intake's.
pub fn assess_stored(preview_jpeg: &[u8], original_long: u32) -> Result<Assessed, PhotoError> {
    let (preview, _) = Preview::decode(preview_jpeg)?;
    let quality = measure(&preview, original_long)?;
    let straight = straighten(&preview, &quality)?;
    Ok(Assessed {
        width: preview.0.width,
        height: preview.0.height,
        quality,
        straight,
    })
}

/// A stored photo's document straightened along the corners kept with it: no measuring.
pub fn straighten_stored(preview_jpeg: &[u8], corners: Corners) -> Result<Rendition, PhotoError> {
    let (preview, _) = Preview::decode(preview_jpeg)?;
    let raster = &preview.0;
    let quad = corners.in_pixels(raster.width, raster.height);
    quality::straightened(raster, &quad)
        .map(encoded)
        .unwrap_or_else(|| {
            Err(PhotoError::Failed(
                "sudut dokumen tidak membentuk bidang".into(),
            ))
        })
}

/// [`straighten_stored`] on tokio's blocking pool, a panic turned into
/// [`PhotoError::DecoderPanic`].
pub async fn straighten_stored_blocking(
    preview_jpeg: Vec<u8>,
    corners: Corners,
) -> Result<Rendition, PhotoError> {
    run_caught(move || straighten_stored(&preview_jpeg, corners)).await
}

/// [`assess_stored`] on tokio's blocking pool, a panic turned into
/// [`PhotoError::DecoderPanic`] as [`process_blocking`] does.
pub async fn assess_stored_blocking(
    preview_jpeg: Vec<u8>,
    original_long: u32,
) -> Result<Assessed, PhotoError> {
    run_caught(move || assess_stored(&preview_jpeg, original_long)).await
}

/// A stored photo's quality, measured again ([`assess_stored`]).
#[derive(Debug)]
pub struct Assessed {
    pub quality: Quality,
    pub straight: Option<Rendition>,
    /// The preview's size, which the quality's corners are in.
    pub width: u32,
    pub height: u32,
}

fn encoded(raster: Raster) -> Result<Rendition, PhotoError> {
    Ok(Rendition {
        jpeg: raster.jpeg(QUALITY)?,
        width: raster.width,
        height: raster.height,
    })
}

fn hex(bytes: &[u8]) -> String {
    use std::fmt::Write;
    bytes.iter().fold(String::with_capacity(64), |mut s, b| {
        let _ = write!(s, "{b:02x}");
        s
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_panic_while_processing_becomes_an_error() {
        let err = run_caught::<(), _>(|| panic!("decoder exploded"))
            .await
            .unwrap_err();
        assert_eq!(err.code(), "photo_decoder_panic");
        assert!(err.to_string().contains("decoder exploded"));
        assert!(!err.payload().message.contains("exploded"));
    }

    #[test]
    fn bounds_are_checked_from_the_header_numbers() {
        assert!(check_dimensions(4000, 3000).is_ok());
        assert!(check_dimensions(12_000, 4000).is_ok());
        assert_eq!(
            check_dimensions(12_001, 4000).unwrap_err().code(),
            "photo_dimensions_too_large"
        );
        assert_eq!(
            check_dimensions(10_000, 5_001).unwrap_err().code(),
            "photo_dimensions_too_large"
        );
        assert_eq!(
            check_dimensions(4000, 199).unwrap_err().code(),
            "photo_too_small"
        );
        assert_eq!(
            check_dimensions(0, 100).unwrap_err().code(),
            "photo_corrupt"
        );
    }

    fn valid_form() -> Result<ValidRequest, Box<FormCheck>> {
        let input = crate::form::FormInput {
            name: "Siti Aminah".into(),
            nik: "1610014107950001".into(),
            kk: "1610010203150003".into(),
            problem: "NIK tidak ditemukan BPJS".into(),
            wa: "081234567890".into(),
        };
        crate::form::validate_form(&input, crate::zone::today_wib())
    }

    fn photo(seed: u16) -> ProcessedPhoto {
        process(&sample::phone_photo(400 + u32::from(seed), 300, 1)).unwrap()
    }

    #[test]
    fn submission_with_form_and_both_photos_is_complete() {
        let (kk, ktp) = (photo(0), photo(8));
        assert!(complete_submission(valid_form(), Some(&kk), Some(&ktp)).is_ok());
    }

    #[test]
    fn submission_names_each_missing_photo_beside_its_slot() {
        let err = complete_submission(valid_form(), None, None).unwrap_err();
        assert_eq!(err.code, "photo_missing");
        assert_eq!(err.field.as_deref(), Some("kkPhoto"));
        assert_eq!(err.more.len(), 1);
        assert_eq!(err.more[0].field.as_deref(), Some("ktpPhoto"));
    }

    #[test]
    fn submission_with_a_form_error_also_lists_missing_photos() {
        let input = crate::form::FormInput {
            name: "Siti".into(),
            ..Default::default()
        };
        let form = crate::form::validate_form(&input, crate::zone::today_wib());
        let kk = photo(0);
        let err = complete_submission(form, Some(&kk), None).unwrap_err();
        assert_eq!(err.code, "form_invalid");
        assert!(err.check.is_some());
        assert_eq!(err.more.len(), 1);
        assert_eq!(err.more[0].field.as_deref(), Some("ktpPhoto"));
    }

    #[test]
    fn submission_refuses_the_same_photo_twice() {
        let kk = photo(0);
        let err = complete_submission(valid_form(), Some(&kk), Some(&kk)).unwrap_err();
        assert_eq!(err.code, "photo_same_twice");
    }

    #[test]
    fn reading_refuses_a_file_over_the_cap_before_reading_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("besar.jpg");
        let file = std::fs::File::create(&path).unwrap();
        file.set_len(MAX_BYTES as u64 + 1).unwrap();
        let err = read_capped(&path).unwrap_err();
        assert_eq!(err.code(), "photo_too_large");
    }

    #[test]
    fn reading_a_missing_file_or_a_folder_is_unreadable() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(
            read_capped(&dir.path().join("hilang.jpg"))
                .unwrap_err()
                .code(),
            "photo_unreadable"
        );
        assert_eq!(
            read_capped(dir.path()).unwrap_err().code(),
            "photo_unreadable"
        );
    }
}
