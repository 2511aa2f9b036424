//! The store as the core sees it: the types a request, its history and its queue are read
//! into, the reads every backend answers ([`RequestStore`]), and the errors of a store in
//! words for a screen. No SQL lives here: the embedded SQLite file (`sinkron-sqlite`) and the
//! office's PostgreSQL server (`sinkron-pg`) implement these traits and the ports of the use
//! cases (`crate::changes`, `crate::accounts`), each with its own SQL and locking.

mod batch;
mod detail;
mod documents;
mod lookup;
mod notices;
pub mod office;
pub mod person;
mod queue;
mod requests;
mod settings_cache;
mod traits;
mod workflow;

use std::path::PathBuf;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use thiserror::Error;

use crate::error::Code;
use crate::error::ErrorPayload;
use crate::zone::OfficeZone;

pub use crate::accounts::{
    hash_blocking, prepare_account, sign_in_actor, verify_blocking, AccountPort, AccountStore,
    AccountTx, AuditEntry, AuditFilter, AuthError, NewOperator, Operator, PasswordKeeping,
};
pub use batch::{
    collect_export_rows, csv as export_csv, list_xlsx, may_export_niks,
    niks_text as export_niks_text, once_each, record_export, xlsx as export_xlsx, BatchOutcome,
    ExportRow, CHANGED_MEANWHILE, NOT_FOUND,
};
pub use detail::{
    assemble as assemble_detail, ActionOption, OtherRequest, PhotosDeleted, RequestDetail,
};
pub use documents::{DocumentInfo, ImageSize, PhotoRef, ReplacedPhoto};
pub use lookup::{explanation as status_explanation, LookupError, PublicStatus};
pub use notices::{compose_wa_notice, effective_template, template_key, NoticeEntry, WaNotice};
pub use queue::{
    like_escape, prefix_end, QueueItem, QueuePage, QueueQuery, QueueSort, Search, StatusCounts,
    LIST_MAX,
};
pub use requests::{
    reg_number, Channel, CreatedRequest, HistoryEntry, RequestPage, RequestRecord, RequestSummary,
};
pub use settings_cache::SettingsCache;
pub use traits::{view_photo, DeskStore, RequestStore};
pub use workflow::{
    clean_sync_niks, prepare_correction, ActError, Acted, Actor, ChangeEntry, Field, StepEntry,
};

/// Why the store could not do what was asked. `Display` is for logs (it may
/// name the file); `payload()` is what a screen sees.
#[derive(Debug, Error)]
pub enum StoreError {
    #[error("cannot create the database folder {path}: {source}")]
    CreateDir {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("cannot open the database {path}: {source}")]
    Open { path: PathBuf, source: DbFailure },
    #[error("cannot migrate the database: {0}")]
    Migrate(DbFailure),
    #[error("database error: {0}")]
    Database(DbFailure),
    #[error("request {0} not found")]
    NotFound(i64),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// `quick_check` found the file itself damaged.
    #[error("the database file is damaged: {0}")]
    Damaged(String),
    /// The file's encryption: it cannot be opened with the key given, or a plain file could
    /// not be encrypted (then it is left as it was).
    #[error("the database file's encryption: {0}")]
    Encryption(String),
}

/// A database's own error, kept whole for the log, with what the core needs to know of it:
/// whether trying again later may work, or the file itself is damaged. Each adapter sorts
/// its driver's errors into these.
#[derive(Debug, Error)]
#[error("{source}")]
pub struct DbFailure {
    pub kind: FailureKind,
    #[source]
    pub source: Box<dyn std::error::Error + Send + Sync>,
}

/// What kind of database failure a [`DbFailure`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FailureKind {
    /// Locked or busy, or no connection free in time: try again shortly.
    Busy,
    /// The database says its file is damaged (SQLite's `SQLITE_CORRUPT`, `SQLITE_NOTADB`).
    Damaged,
    /// No room left to write (SQLite's `SQLITE_FULL`, PostgreSQL's `disk_full`, the OS's
    /// "no space left"): nothing committed is lost, the write is refused whole.
    Full,
    /// Anything else.
    Other,
}

impl DbFailure {
    pub fn new(kind: FailureKind, source: impl std::error::Error + Send + Sync + 'static) -> Self {
        DbFailure {
            kind,
            source: Box::new(source),
        }
    }
}

impl StoreError {
    /// Stable code for the UI.
    pub fn code(&self) -> Code {
        if self.is_damaged() {
            return Code::StorageDamaged;
        }
        match self {
            StoreError::CreateDir { .. } | StoreError::Open { .. } => Code::StorageUnavailable,
            StoreError::Migrate(_) => Code::StorageMigrationFailed,
            StoreError::Database(e) if e.kind == FailureKind::Busy => Code::StorageBusy,
            StoreError::Database(e) if e.kind == FailureKind::Full => Code::StorageFull,
            StoreError::Database(_) => Code::StorageFailed,
            StoreError::NotFound(_) => Code::RequestNotFound,
            StoreError::Corrupt(_) => Code::StorageCorrupt,
            StoreError::Damaged(_) => Code::StorageDamaged,
            StoreError::Encryption(_) => Code::StorageEncryption,
        }
    }

    /// The error as a screen shows it: Indonesian, no SQL, no path.
    pub fn payload(&self) -> ErrorPayload {
        let message = match self.code() {
            Code::StorageUnavailable => {
                "Basis data tidak dapat dibuka — pastikan folder data dapat ditulis, lalu buka ulang Sinkron"
            }
            Code::StorageMigrationFailed => {
                "Basis data tidak dapat diperbarui ke versi ini — hubungi admin sebelum memakai Sinkron"
            }
            Code::StorageBusy => "Basis data sedang dipakai — coba lagi sebentar",
            Code::StorageFull => {
                "Disk penyimpanan data penuh, jadi ini tidak disimpan — data yang sudah tersimpan \
                 aman dan isian di layar tidak hilang. Kosongkan ruang disk (atau minta bagian IT), \
                 lalu coba lagi"
            }
            Code::StorageDamaged => DAMAGED_TEXT,
            Code::RequestNotFound => "Pengajuan tidak ditemukan — muat ulang daftar pengajuan",
            Code::StorageCorrupt => "Data tersimpan tidak terbaca — hubungi admin",
            Code::StorageEncryption => KEY_TEXT,
            _ => "Data tidak dapat disimpan atau dibaca — coba lagi; bila berulang, hubungi admin",
        };
        ErrorPayload::new(self.code(), message)
    }
}

/// What the person at the PC reads when the encrypted SQLite file cannot be opened with the key
/// this Windows account keeps (or could not be encrypted).
pub const KEY_TEXT: &str = "Berkas data Sinkron di komputer ini terenkripsi dan kuncinya tidak \
    ada atau tidak cocok di penyimpanan kata sandi akun Windows ini (misalnya akun pengguna baru \
    atau Windows dipasang ulang), jadi berkas tidak dibuka dan tidak diubah — admin: pulihkan \
    dari cadangan berfrasa sandi, atau masuk ke akun Windows yang biasa dipakai";

/// What the person at the PC reads when the SQLite file is damaged.
pub const DAMAGED_TEXT: &str = "Berkas data Sinkron di komputer ini rusak, jadi tidak dipakai \
    agar tidak bertambah rusak — hubungi admin: pulihkan dari cadangan terbaru, atau serahkan \
    berkas data (lokasinya tertulis di bawah) ke bagian IT";

impl StoreError {
    /// Whether the file itself is damaged: `quick_check` found it so, or SQLite says so
    /// (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) wherever it answered.
    pub fn is_damaged(&self) -> bool {
        match self {
            StoreError::Open { source, .. }
            | StoreError::Database(source)
            | StoreError::Migrate(source) => source.kind == FailureKind::Damaged,
            StoreError::Damaged(_) => true,
            _ => false,
        }
    }
}

/// Office settings the requests depend on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub office_name: String,
    pub zone: OfficeZone,
    /// Who is written into history rows until sign-in exists.
    pub operator_name: String,
    /// A petugas may export NIKs too (an admin always may); off unless the office says so.
    pub petugas_export: bool,
    /// The office's province code (`16`), when Pengaturan names it.
    pub office_province: Option<String>,
    /// A petugas sees Rekap's per-operator table too (an admin always does).
    pub petugas_rekap_operators: bool,
    /// Who signs the printed Rekap.
    pub signer: crate::office::Signer,
}

/// A UTC time as every backend stores it (`2026-11-27T03:15:00.000Z`).
pub fn stamp(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// Reads a stored UTC time (`2026-11-27T03:15:00.000Z`), as every backend writes it.
pub fn parse_stamp(text: &str) -> Result<DateTime<Utc>, StoreError> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| StoreError::Corrupt(format!("bad timestamp {text:?}")))
}
