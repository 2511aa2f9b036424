//! Cek Status: what an applicant may see of their own request, given its
//! registration number and the check code from the receipt. Nothing else of
//! the request (no name, no NIK, no photo) and nothing of any other request;
//! wrong codes for one number lock that number for a while, as sign-in does. Each backend
//! answers the lookup; its result and refusals are these.

use serde::Serialize;
use thiserror::Error;

use super::StoreError;
use crate::error::Code;
use crate::error::ErrorPayload;
use crate::status::Status;

/// What the applicant sees.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PublicStatus {
    pub reg_number: String,
    pub status: Status,
    /// The service page's own words for the status.
    pub explanation: String,
    pub submitted: String,
    pub last_change: String,
    /// The officer's note, when the request was cancelled.
    pub note: Option<String>,
    /// Processing steps done: name and date.
    pub steps: Vec<(String, String)>,
}

/// Why a lookup found nothing to show.
#[derive(Debug, Error)]
pub enum LookupError {
    #[error("Nomor registrasi atau kode cek tidak cocok — periksa kembali tanda terima Anda")]
    NoMatch,
    #[error("Terlalu banyak percobaan — coba lagi dalam {0}, atau tanyakan ke petugas loket")]
    LockedOut(String),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl LookupError {
    pub fn code(&self) -> Code {
        match self {
            LookupError::NoMatch => Code::LookupNoMatch,
            LookupError::LockedOut(_) => Code::LookupLockedOut,
            LookupError::Store(e) => e.code(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        match self {
            LookupError::Store(e) => e.payload(),
            other => ErrorPayload::new(other.code(), other.to_string()),
        }
    }
}

/// The service page's explanation of each status, in its own words ("Status Pengajuan"; for
/// Selesai also its "Dokumen Kependudukan" line): nothing the page does not promise. Where the
/// page points to a history, the applicant's screen shows it just below.
pub fn explanation(status: Status) -> &'static str {
    match status {
        Status::Baru => "Pemohon melakukan pengajuan layanan.",
        Status::Disetujui => "Pengajuan disetujui untuk diproses oleh petugas.",
        Status::Dibatalkan => {
            "Pengajuan layanan belum dapat diproses, bacalah catatan yang diberikan petugas \
             pada histori Status Pengajuan."
        }
        Status::Diproses => {
            "Pengajuan sedang diproses. Tahapan proses pengerjaan dapat dilihat pada histori \
             Proses Pengerjaan."
        }
        Status::Selesai => {
            "Pengajuan selesai. Tidak ada dokumen yang dapat diunduh; dokumen yang dicetak, \
             jika sudah selesai, dapat diambil di kantor Dukcapil."
        }
    }
}

#[cfg(test)]
mod wording {
    use super::*;

    /// "Status Pengajuan" of the service page (`shared/seed/`), as it is written there.
    const SEED: [(Status, &str); 5] = [
        (Status::Baru, "Pemohon melakukan pengajuan layanan"),
        (
            Status::Disetujui,
            "Pengajuan disetujui untuk diproses oleh petugas",
        ),
        (
            Status::Dibatalkan,
            "Pengajuan layanan belum dapat diproses, bacalah catatan yang diberikan petugas \
             pada histori Status Pengajuan",
        ),
        (
            Status::Diproses,
            "Pengajuan sedang diproses. Tahapan proses pengerjaan dapat dilihat pada histori \
             Proses Pengerjaan",
        ),
        (Status::Selesai, "Pengajuan selesai"),
    ];

    #[test]
    fn each_status_is_explained_in_the_service_page_s_words() {
        for (status, words) in SEED {
            assert!(
                explanation(status).starts_with(words),
                "{status:?}: {}",
                explanation(status)
            );
        }
        assert!(explanation(Status::Selesai).contains("dapat diambil di kantor Dukcapil"));
    }
}
