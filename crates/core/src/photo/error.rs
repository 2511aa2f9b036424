//! Why a picked file is not accepted as a document photo. Every refusal has its
//! own variant, a stable code for the UI to branch on, and an Indonesian
//! message that says what is wrong and what to do instead; `Display` is for
//! logs and may carry a decoder's own words, which never reach a screen.

use thiserror::Error;

use super::{DocumentKind, MAX_BYTES, MAX_EDGE, MAX_PIXELS, MIN_EDGE};
use crate::error::Code;
use crate::error::ErrorPayload;

/// A refused photo.
#[derive(Debug, Error)]
pub enum PhotoError {
    #[error("file is {bytes} bytes, over the {MAX_BYTES}-byte cap")]
    TooLarge { bytes: usize },
    #[error("file is empty")]
    Empty,
    #[error("file is a PDF")]
    Pdf,
    #[error("file is HEIC/HEIF")]
    Heic,
    #[error("file is an image in a format not accepted: {format}")]
    UnsupportedFormat { format: &'static str },
    #[error("file is not an image in a known format")]
    UnknownFormat,
    #[error("image header says {width}x{height}, over the bound")]
    DimensionsTooLarge { width: u32, height: u32 },
    #[error("image is {width}x{height}, too small to read a document")]
    TooSmall { width: u32, height: u32 },
    #[error("image data is truncated")]
    Truncated,
    #[error("image is corrupt: {0}")]
    Corrupt(String),
    #[error("the decoder panicked: {0}")]
    DecoderPanic(String),
    #[error("the same photo was given for both documents")]
    SamePhotoTwice,
    #[error("photo processing failed: {0}")]
    Failed(String),
    #[error("no photo given")]
    Missing,
    #[error("file cannot be read: {0}")]
    Unreadable(String),
}

impl PhotoError {
    /// Stable code for the UI.
    pub fn code(&self) -> Code {
        match self {
            PhotoError::TooLarge { .. } => Code::PhotoTooLarge,
            PhotoError::Empty => Code::PhotoEmpty,
            PhotoError::Pdf => Code::PhotoPdf,
            PhotoError::Heic => Code::PhotoHeic,
            PhotoError::UnsupportedFormat { .. } => Code::PhotoUnsupportedFormat,
            PhotoError::UnknownFormat => Code::PhotoUnknownFormat,
            PhotoError::DimensionsTooLarge { .. } => Code::PhotoDimensionsTooLarge,
            PhotoError::TooSmall { .. } => Code::PhotoTooSmall,
            PhotoError::Truncated => Code::PhotoTruncated,
            PhotoError::Corrupt(_) => Code::PhotoCorrupt,
            PhotoError::DecoderPanic(_) => Code::PhotoDecoderPanic,
            PhotoError::SamePhotoTwice => Code::PhotoSameTwice,
            PhotoError::Failed(_) => Code::PhotoFailed,
            PhotoError::Missing => Code::PhotoMissing,
            PhotoError::Unreadable(_) => Code::PhotoUnreadable,
        }
    }

    /// The Indonesian message, naming the document when it is known
    /// ("foto Kartu Keluarga") and speaking of "foto dokumen" otherwise.
    pub fn message(&self, kind: Option<DocumentKind>) -> String {
        let doc = kind.map_or("dokumen", DocumentKind::label);
        match self {
            PhotoError::TooLarge { bytes } => format!(
                "Berkas terlalu besar ({}, lebih dari batas {} MB) — kirim foto {doc} langsung \
                 dari kamera HP, bukan hasil pindai beresolusi tinggi",
                megabytes(*bytes),
                MAX_BYTES / 1_000_000
            ),
            PhotoError::Empty => {
                format!("Berkas kosong (0 byte) — pilih ulang foto {doc}, atau foto ulang")
            }
            PhotoError::Pdf => format!(
                "Berkas ini PDF, bukan foto — foto {doc} dengan kamera HP lalu kirim sebagai JPEG"
            ),
            PhotoError::Heic => format!(
                "Foto {doc} berformat HEIC (iPhone) dan tidak dapat dibaca — kirim sebagai JPEG: \
                 di iPhone buka Pengaturan › Kamera › Format › Paling Kompatibel lalu foto \
                 ulang, atau bagikan foto itu sebagai JPEG"
            ),
            PhotoError::UnsupportedFormat { format } => format!(
                "Berkas ini gambar {format}, yang tidak diterima — kirim foto {doc} sebagai JPEG \
                 (atau PNG)"
            ),
            PhotoError::UnknownFormat => format!(
                "Berkas ini bukan foto JPEG atau PNG — foto {doc} dengan kamera HP lalu kirim \
                 sebagai JPEG"
            ),
            PhotoError::DimensionsTooLarge { width, height } => format!(
                "Ukuran gambar terlalu besar ({width}×{height} piksel; paling besar {MAX_EDGE} \
                 piksel per sisi dan {} megapiksel) — foto {doc} dengan pengaturan kamera biasa",
                MAX_PIXELS / 1_000_000
            ),
            PhotoError::TooSmall { width, height } => format!(
                "Gambar terlalu kecil ({width}×{height} piksel; sisi terpendek minimal {MIN_EDGE} \
                 piksel) sehingga tulisannya tidak terbaca — foto {doc} dari dekat dengan kamera \
                 HP"
            ),
            PhotoError::Truncated => format!(
                "Foto {doc} tidak utuh (terpotong saat dikirim atau disalin) — kirim ulang berkas \
                 aslinya, atau foto ulang"
            ),
            PhotoError::Corrupt(_) => format!(
                "Foto {doc} rusak dan tidak dapat dibaca — kirim ulang berkas aslinya, atau foto \
                 ulang"
            ),
            PhotoError::DecoderPanic(_) | PhotoError::Failed(_) => format!(
                "Foto {doc} tidak dapat diolah — coba kirim sekali lagi; bila berulang, foto \
                 ulang dan kirim sebagai JPEG"
            ),
            PhotoError::Missing => format!(
                "Foto {doc} belum ditambahkan — klik Pilih foto, atau seret berkas fotonya ke \
                 kotak ini"
            ),
            PhotoError::Unreadable(_) => format!(
                "Berkas foto {doc} tidak dapat dibuka (mungkin sudah dipindah, dihapus, atau \
                 masih dipakai program lain) — pilih ulang berkasnya"
            ),
            PhotoError::SamePhotoTwice => "Foto Kartu Keluarga dan foto KTP-el sama — pilih \
                 foto yang benar untuk masing-masing dokumen"
                .to_string(),
        }
    }

    /// The error as a screen shows it, without naming a document.
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload::new(self.code(), self.message(None))
    }

    /// The error as a screen shows it beside the photo field of `kind`
    /// (`field` is `kkPhoto` or `ktpPhoto`), naming that document.
    pub fn payload_for(&self, kind: DocumentKind) -> ErrorPayload {
        let mut payload = ErrorPayload::new(self.code(), self.message(Some(kind)));
        payload.field = Some(kind.field().to_string());
        payload
    }
}

/// `7,3 MB`, the way an Indonesian screen writes it.
/// Rounded up, so a file just over the cap never reads as the cap itself.
fn megabytes(bytes: usize) -> String {
    let tenths = (bytes as u64).div_ceil(100_000);
    format!("{},{} MB", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_are_written_with_a_decimal_comma_and_rounded_up() {
        assert_eq!(megabytes(15_000_001), "15,1 MB");
        assert_eq!(megabytes(7_300_000), "7,3 MB");
    }

    #[test]
    fn payload_for_names_the_field_and_the_document() {
        let p = PhotoError::Pdf.payload_for(DocumentKind::Kk);
        assert_eq!(p.code, "photo_pdf");
        assert_eq!(p.field.as_deref(), Some("kkPhoto"));
        assert!(p.message.contains("Kartu Keluarga"), "{}", p.message);
        let p = PhotoError::Truncated.payload_for(DocumentKind::Ktp);
        assert!(p.message.contains("KTP-el"), "{}", p.message);
    }
}
