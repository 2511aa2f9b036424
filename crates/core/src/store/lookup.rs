//! Cek Status: what an applicant may see of their own request, given its
//! registration number and the check code from the receipt. Nothing else of
//! the request (no name, no NIK, no photo) and nothing of any other request;
//! wrong codes for one number lock that number for a while, as sign-in does.

use chrono::{DateTime, Utc};
use serde::Serialize;
use thiserror::Error;

use super::operators::Attempts;
use super::{parse_stamp, stamp, Store, StoreError};
use crate::auth::{lockout_wait, wait_text};
use crate::checkcode;
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

impl From<sqlx::Error> for LookupError {
    fn from(e: sqlx::Error) -> Self {
        LookupError::Store(StoreError::Database(e))
    }
}

impl LookupError {
    pub fn code(&self) -> &'static str {
        match self {
            LookupError::NoMatch => "lookup_no_match",
            LookupError::LockedOut(_) => "lookup_locked_out",
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

/// The service page's explanation of each status.
pub fn explanation(status: Status) -> &'static str {
    match status {
        Status::Baru => "Pengajuan Anda sudah diterima dan menunggu pemeriksaan petugas.",
        Status::Disetujui => "Pengajuan disetujui untuk diproses oleh petugas.",
        Status::Dibatalkan => {
            "Pengajuan layanan belum dapat diproses. Bacalah catatan petugas di bawah ini, \
             lalu ajukan kembali."
        }
        Status::Diproses => {
            "Pengajuan sedang diproses. Tahapan proses pengerjaan ada di bawah ini."
        }
        Status::Selesai => {
            "Pengajuan selesai. Silakan coba kembali di BPJS / bank / layanan terkait."
        }
    }
}

impl Store {
    /// Looks up a request by registration number and check code.
    pub async fn lookup_status(
        &self,
        reg_number: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<PublicStatus, LookupError> {
        let reg = reg_number.trim().to_ascii_uppercase();
        let failures = self
            .failures_since_success(Attempts::StatusLookup, &reg)
            .await?;
        if let Some(wait) = lockout_wait(&failures, now) {
            return Err(LookupError::LockedOut(wait_text(wait)));
        }
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT id, check_code_hash FROM requests WHERE reg_number = ?")
                .bind(&reg)
                .fetch_optional(&self.pool)
                .await?;
        let typed = code.to_string();
        let stored = row.as_ref().and_then(|(_, h)| h.clone());
        let ok = match stored {
            Some(hash) => tokio::task::spawn_blocking(move || checkcode::verify(&typed, &hash))
                .await
                .unwrap_or(false),
            None => false,
        };
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO status_lookups (reg_number, success, at) VALUES (?, ?, ?)")
            .bind(&reg)
            .bind(i64::from(ok))
            .bind(stamp(now))
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        let (id, _) = match (row, ok) {
            (Some(r), true) => r,
            _ => return Err(LookupError::NoMatch),
        };
        let zone = self.settings().await?.zone;
        let rec = self.get_request(id).await?;
        let history = self.history(id).await?;
        let last = history.last();
        let note = match rec.status {
            Status::Dibatalkan => last.and_then(|h| h.note.clone()),
            _ => None,
        };
        let steps = self
            .steps(id)
            .await?
            .into_iter()
            .map(|s| (s.label, s.at))
            .collect::<Vec<_>>();
        Ok(PublicStatus {
            reg_number: rec.reg_number,
            status: rec.status,
            explanation: explanation(rec.status).to_string(),
            submitted: zone.format(parse_stamp(&rec.created_at)?),
            last_change: last.map(|h| h.at_display.clone()).unwrap_or_default(),
            note,
            steps,
        })
    }
}
