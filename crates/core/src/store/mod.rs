//! Storage: one SQLite file in the user's app-data folder, through sqlx, with
//! embedded migrations. Callers use this API and never write SQL; every write
//! transaction starts with `BEGIN IMMEDIATE` so that a read-then-write never
//! loses a race under WAL's single writer. The desk's operations are also the
//! [`RequestStore`] trait, which the office's PostgreSQL server (`sinkron-pg`)
//! implements too.

/// The schema's migrations, embedded in the binary and run at every open.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

mod backend;
pub mod backup;
mod batch;
mod detail;
mod documents;
mod lookup;
mod notices;
pub mod office;
mod operators;
mod queue;
mod requests;
pub mod rows;
mod seed;
mod tx;
mod workflow;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use chrono::{DateTime, SecondsFormat, Utc};
use serde::Serialize;
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Sqlite, Transaction};
use thiserror::Error;

use crate::error::ErrorPayload;
use crate::zone::OfficeZone;

pub use crate::accounts::{
    hash_blocking, prepare_account, sign_in_actor, verify_blocking, AccountPort, AccountStore,
    AccountTx, AuditEntry, AuditFilter, AuthError, NewOperator, Operator,
};
pub use backend::{DeskStore, RequestStore};
pub use batch::{
    csv as export_csv, niks_text as export_niks_text, once_each, xlsx as export_xlsx, BatchOutcome,
    ExportRow, CHANGED_MEANWHILE, NOT_FOUND,
};
pub use detail::{ActionOption, OtherRequest, RequestDetail};
pub use documents::{DocumentInfo, ImageSize};
pub use lookup::{explanation as status_explanation, LookupError, PublicStatus};
pub use notices::{compose_wa_notice, effective_template, template_key, NoticeEntry, WaNotice};
pub use queue::{like_escape, QueueItem, QueuePage, QueueQuery, QueueSort, Search, StatusCounts};
pub use requests::{
    Channel, CreatedRequest, HistoryEntry, RequestPage, RequestRecord, RequestSummary,
};
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
    Open { path: PathBuf, source: sqlx::Error },
    #[error("cannot migrate the database: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    #[error("database error: {0}")]
    Database(#[from] sqlx::Error),
    #[error("request {0} not found")]
    NotFound(i64),
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// `quick_check` found the file itself damaged.
    #[error("the database file is damaged: {0}")]
    Damaged(String),
}

impl StoreError {
    /// Stable code for the UI.
    pub fn code(&self) -> &'static str {
        if self.is_damaged() {
            return "storage_damaged";
        }
        match self {
            StoreError::CreateDir { .. } | StoreError::Open { .. } => "storage_unavailable",
            StoreError::Migrate(_) => "storage_migration_failed",
            StoreError::Database(e) if is_busy(e) => "storage_busy",
            StoreError::Database(_) => "storage_failed",
            StoreError::NotFound(_) => "request_not_found",
            StoreError::Corrupt(_) => "storage_corrupt",
            StoreError::Damaged(_) => "storage_damaged",
        }
    }

    /// The error as a screen shows it: Indonesian, no SQL, no path.
    pub fn payload(&self) -> ErrorPayload {
        let message = match self.code() {
            "storage_unavailable" => {
                "Basis data tidak dapat dibuka — pastikan folder data dapat ditulis, lalu buka ulang Sinkron"
            }
            "storage_migration_failed" => {
                "Basis data tidak dapat diperbarui ke versi ini — hubungi admin sebelum memakai Sinkron"
            }
            "storage_busy" => "Basis data sedang dipakai — coba lagi sebentar",
            "storage_damaged" => DAMAGED_TEXT,
            "request_not_found" => "Pengajuan tidak ditemukan — muat ulang daftar pengajuan",
            "storage_corrupt" => "Data tersimpan tidak terbaca — hubungi admin",
            _ => "Data tidak dapat disimpan atau dibaca — coba lagi; bila berulang, hubungi admin",
        };
        ErrorPayload::new(self.code(), message)
    }
}

/// What the person at the PC reads when the SQLite file is damaged.
pub const DAMAGED_TEXT: &str = "Berkas data Sinkron di komputer ini rusak, jadi tidak dipakai \
    agar tidak bertambah rusak — hubungi admin: pulihkan dari cadangan terbaru, atau serahkan \
    berkas data (lokasinya tertulis di bawah) ke bagian IT";

impl StoreError {
    /// Whether the file itself is damaged: `quick_check` found it so, or SQLite says so
    /// (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) wherever it answered.
    pub fn is_damaged(&self) -> bool {
        let sql = match self {
            StoreError::Open { source, .. } | StoreError::Database(source) => Some(source),
            StoreError::Migrate(sqlx::migrate::MigrateError::Execute(source)) => Some(source),
            StoreError::Damaged(_) => return true,
            _ => None,
        };
        sql.is_some_and(|e| {
            matches!(e, sqlx::Error::Database(d) if d.code().is_some_and(|c| c == "11" || c == "26"))
        })
    }
}

fn is_busy(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(d) if d.code().is_some_and(|c| c == "5" || c == "6"))
        || matches!(e, sqlx::Error::PoolTimedOut)
}

/// Office settings the requests depend on.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Settings {
    pub office_name: String,
    pub zone: OfficeZone,
    /// Who is written into history rows until sign-in exists.
    pub operator_name: String,
}

/// The handle every caller shares; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
}

impl Store {
    /// Opens (creating if needed) the database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let options = SqliteConnectOptions::from_str("sqlite:")
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?
            .filename(path)
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true)
            .busy_timeout(Duration::from_secs(10));
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .map_err(|source| StoreError::Open {
                path: path.to_path_buf(),
                source,
            })?;
        MIGRATOR.run(&pool).await?;
        Ok(Store {
            pool,
            path: path.to_path_buf(),
        })
    }

    /// How many of the embedded migrations this database has applied successfully.
    pub async fn applied_migrations(&self) -> Result<i64, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success = 1")
                .fetch_one(&self.pool)
                .await?,
        )
    }

    /// Where the database lives (for the About screen; never in an error).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes every connection, checkpointing the WAL and removing it.
    ///
    /// Two things in the layers below need help here (both seen under load):
    /// - sqlx's `Pool::close` can return while a connection given back at that very moment is
    ///   still closing on its own thread, or sits open in the idle queue; so this waits until
    ///   the pool counts none, closing again meanwhile;
    /// - SQLite removes the WAL only when the connection closing last finds itself alone: two
    ///   closing at once can each still see the other and both leave the WAL behind. So one
    ///   lone connection is opened and closed after them; it is then the last, and checkpoints.
    pub async fn close(&self) {
        for _ in 0..400 {
            self.pool.close().await;
            if self.pool.size() == 0 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        if let Ok(lone) = self.pool.connect_options().connect().await {
            let _ = lone.close().await;
        }
    }

    /// A write transaction that holds the write lock from its first statement.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        Ok(self.pool.begin_with("BEGIN IMMEDIATE").await?)
    }

    /// The office settings.
    pub async fn settings(&self) -> Result<Settings, StoreError> {
        Ok(office::settings_from(&self.all_settings().await?))
    }

    /// Changes the office settings.
    pub async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        for (key, value) in [
            ("office_name", settings.office_name.as_str()),
            ("office_zone", settings.zone.code()),
            ("operator_name", settings.operator_name.as_str()),
        ] {
            put_setting(&mut tx, key, value).await?;
        }
        tx.commit().await?;
        Ok(())
    }

    /// `PRAGMA quick_check`: `ok` for a sound file; what is wrong otherwise. Run at every start,
    /// before anyone signs in, so a damaged file is found before it is written to.
    pub async fn quick_check(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&self.pool)
            .await?)
    }

    /// Opens the file as [`Store::open`] does and refuses it, closed again, when
    /// `quick_check` finds it damaged (the error's code is then `storage_damaged`).
    pub async fn open_checked(path: &Path) -> Result<Store, StoreError> {
        let store = Store::open(path).await?;
        match store.quick_check().await {
            Ok(verdict) if verdict == "ok" => Ok(store),
            Ok(verdict) => {
                store.close().await;
                Err(StoreError::Damaged(verdict))
            }
            Err(error) => {
                store.close().await;
                Err(error)
            }
        }
    }

    /// `PRAGMA integrity_check`: "ok", or what is wrong (slower than `quick_check`: it also
    /// checks that every index matches its table).
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        Ok(sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await?)
    }
}

/// The stored form of a moment: fixed-width UTC text, so it sorts as it reads.
/// Writes one setting inside the caller's write transaction (insert or replace).
pub(crate) async fn put_setting(
    tx: &mut Transaction<'static, Sqlite>,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut **tx)
    .await?;
    Ok(())
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
