//! Documents (Dokumen Untuk Diupload) as the store describes them: the KK and KTP-el photos of
//! a request, each kept in three sizes (`ImageSize`), with their facts (`DocumentInfo`). They
//! are saved in the same transaction as the request itself, by each backend.

use serde::Serialize;

use crate::photo::{DocumentKind, Outline, Problems};

/// Which stored rendition of a photo to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageSize {
    /// 320 px JPEG, for lists and the form.
    Thumb,
    /// 1600 px JPEG, for review beside the typed data.
    Preview,
    /// The bytes as received (JPEG or PNG, EXIF untouched).
    Original,
}

impl ImageSize {
    /// From a URI path segment: `thumb`, `preview`, `original`.
    pub fn parse(s: &str) -> Option<ImageSize> {
        match s {
            "thumb" => Some(ImageSize::Thumb),
            "preview" => Some(ImageSize::Preview),
            "original" => Some(ImageSize::Original),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            ImageSize::Thumb => "thumb",
            ImageSize::Preview => "preview",
            ImageSize::Original => "original",
        }
    }
}

/// One stored photo, without its bytes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DocumentInfo {
    pub id: i64,
    pub request_id: i64,
    pub kind: DocumentKind,
    /// Of the original.
    pub mime: String,
    /// Upright size of the original.
    pub width: i64,
    pub height: i64,
    pub sha256: String,
    /// Size of the original in bytes.
    pub byte_size: i64,
    /// What the intake found hard to read in it when it was taken.
    pub problems: Problems,
    /// Where the document lies in its preview, as found when it was taken.
    pub outline: Outline,
}

/// A photo replaced after its request was saved (unreadable, or the wrong document), kept until
/// the masa simpan rule deletes the request's photos: which document, when, who and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplacedPhoto {
    /// Its own id (`old/<id>/<size>` in the image scheme), not a document's.
    pub id: i64,
    pub request_id: i64,
    pub kind: DocumentKind,
    /// Stored as UTC; `at_display` in the office's zone.
    pub at: String,
    /// `5 Des 2026 09.02 WIB`.
    pub at_display: String,
    pub operator_name: String,
    pub reason: String,
}

/// A stored photo as the image scheme names it: the request's current photo of a kind, or one
/// that was replaced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoRef {
    /// `documents.id`.
    Current(i64),
    /// `replaced_documents.id`: its thumbnail and preview only (the original is kept for the
    /// record, not shown).
    Replaced(i64),
}
