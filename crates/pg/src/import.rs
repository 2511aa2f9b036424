//! Moving an office from its SQLite file onto the office's PostgreSQL server in one action:
//! every table the two schemas share is copied row by row with its ids, inside one server
//! transaction, and the row counts of both sides are compared before that transaction commits.
//! A mismatch, a column the server does not know, or a server that already holds requests
//! leaves the server as it was. The SQLite file is opened read-only and never written. A desk's
//! file is encrypted under its Windows account's key, so an office usually moves from a
//! passphrase backup of it, which carries that key ([`PgStore::import_backup`]).
//!
//! Derived SQLite tables (`status_counts`, the name search index) are not copied: the server
//! computes counts itself.

use std::path::Path;

use sqlx::postgres::PgArguments;
use sqlx::sqlite::{SqliteConnectOptions, SqlitePool, SqlitePoolOptions, SqliteRow};
use sqlx::{Arguments, Executor, Postgres, Row, Transaction};
use thiserror::Error;

use sinkron_core::backup::{BackupError, Passphrase};
use sinkron_sqlite::{cipher, DbKey};

use crate::PgStore;

/// The shared tables, parents before children.
/// Rekap's per-row triggers (`sql/rekap.sql`), off for the copy like the counts'; the summary
/// is counted once at the end. The zone trigger on `settings` stays on: it counts nothing while
/// the requests are still empty.
const REKAP_TRIGGERS: [(&str, &str); 3] = [
    ("requests", "requests_rekap"),
    ("status_history", "status_history_rekap"),
    ("process_steps", "process_steps_rekap"),
];

pub const TABLES: [&str; 15] = [
    "settings",
    "operators",
    "reg_sequences",
    "requests",
    "status_history",
    "process_steps",
    "documents",
    "replaced_documents",
    "photo_deletions",
    "sync_niks",
    "request_changes",
    "notices",
    "login_attempts",
    "status_lookups",
    "audit_log",
];

/// Rows per INSERT: photos are large, so their table goes a few rows at a time.
fn batch_rows(table: &str, columns: usize) -> usize {
    if table == "documents" || table == "replaced_documents" {
        8
    } else {
        (30_000 / columns.max(1)).clamp(1, 1000)
    }
}

/// Why a move did not happen. The server keeps nothing of a failed move.
#[derive(Debug, Error)]
pub enum ImportError {
    #[error("Berkas data SQLite tidak dapat dibuka ({0}) — periksa lokasi berkasnya")]
    Source(sqlx::Error),
    #[error("Database kantor sudah berisi {0} pengajuan — pindahkan hanya ke database kantor yang baru dan kosong")]
    NotEmpty(i64),
    #[error(
        "Kolom {table}.{column} tidak dikenal database kantor — perbarui Sinkron di server dulu"
    )]
    UnknownColumn { table: String, column: String },
    #[error("Jumlah baris {table} berbeda (SQLite {sqlite}, database kantor {server}) — pemindahan dibatalkan, database kantor tidak berubah")]
    CountMismatch {
        table: String,
        sqlite: i64,
        server: i64,
    },
    #[error("Database kantor menolak pemindahan ({0}) — tidak ada yang tersimpan")]
    Server(#[from] sqlx::Error),
    /// The passphrase copy could not be opened (its payload says why, in Indonesian).
    #[error("{}", .0.payload().message)]
    Backup(sinkron_core::backup::BackupError),
}

/// How many rows of each table were moved (equal on both sides).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportReport {
    pub tables: Vec<(String, i64)>,
}

impl ImportReport {
    /// The count of one table.
    pub fn count(&self, table: &str) -> i64 {
        self.tables
            .iter()
            .find(|(t, _)| t == table)
            .map_or(0, |(_, n)| *n)
    }
}

/// A column and the server's type for it.
struct Column {
    name: String,
    pg_type: String,
}

async fn server_columns(
    tx: &mut Transaction<'static, Postgres>,
    table: &str,
) -> Result<Vec<Column>, sqlx::Error> {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT column_name::TEXT, data_type::TEXT FROM information_schema.columns \
         WHERE table_schema = 'public' AND table_name = $1 ORDER BY ordinal_position",
    )
    .bind(table)
    .fetch_all(&mut **tx)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(name, pg_type)| Column { name, pg_type })
        .collect())
}

/// Adds one SQLite value to the server's arguments, as the server's column type.
fn bind(
    args: &mut PgArguments,
    row: &SqliteRow,
    i: usize,
    col: &Column,
) -> Result<(), sqlx::Error> {
    let added = match col.pg_type.as_str() {
        "bigint" | "integer" => args.add(row.try_get::<Option<i64>, _>(i)?),
        "smallint" => args.add(row.try_get::<Option<i64>, _>(i)?.map(|v| v as i16)),
        "bytea" => args.add(row.try_get::<Option<Vec<u8>>, _>(i)?),
        _ => args.add(row.try_get::<Option<String>, _>(i)?),
    };
    added.map_err(sqlx::Error::Encode)
}

async fn copy_table(
    source: &SqlitePool,
    tx: &mut Transaction<'static, Postgres>,
    table: &str,
) -> Result<i64, ImportError> {
    let pg_columns = server_columns(tx, table).await?;
    let sqlite_columns: Vec<String> = sqlx::query_scalar(&format!(
        "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
    ))
    .fetch_all(source)
    .await
    .map_err(ImportError::Source)?;
    if let Some(extra) = sqlite_columns
        .iter()
        .find(|c| !pg_columns.iter().any(|p| &p.name == *c))
    {
        return Err(ImportError::UnknownColumn {
            table: table.to_string(),
            column: extra.clone(),
        });
    }
    let columns: Vec<&Column> = pg_columns
        .iter()
        .filter(|p| sqlite_columns.contains(&p.name))
        .collect();
    let names = columns
        .iter()
        .map(|c| c.name.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    let per_batch = batch_rows(table, columns.len());
    let mut last_rowid = i64::MIN;
    let mut copied = 0i64;
    loop {
        let rows = sqlx::query(&format!(
            "SELECT rowid AS sinkron_rowid, {names} FROM {table} \
             WHERE rowid > ? ORDER BY rowid LIMIT {per_batch}"
        ))
        .bind(last_rowid)
        .fetch_all(source)
        .await
        .map_err(ImportError::Source)?;
        let Some(last) = rows.last() else {
            break;
        };
        last_rowid = last.try_get(0).map_err(ImportError::Source)?;
        let mut args = PgArguments::default();
        let mut values = Vec::with_capacity(rows.len());
        let mut n = 0;
        for row in &rows {
            let mut marks = Vec::with_capacity(columns.len());
            for (i, col) in columns.iter().enumerate() {
                bind(&mut args, row, i + 1, col).map_err(ImportError::Source)?;
                n += 1;
                marks.push(format!("${n}"));
            }
            values.push(format!("({})", marks.join(", ")));
        }
        sqlx::query_with(
            &format!("INSERT INTO {table} ({names}) VALUES {}", values.join(", ")),
            args,
        )
        .execute(&mut **tx)
        .await?;
        copied += rows.len() as i64;
    }
    if columns.iter().any(|c| c.name == "id") {
        // The next row a desk writes continues after the copied ids.
        sqlx::query(&format!(
            "SELECT setval(pg_get_serial_sequence('{table}', 'id'), \
             COALESCE((SELECT max(id) FROM {table}), 0) + 1, false)"
        ))
        .execute(&mut **tx)
        .await?;
    }
    Ok(copied)
}

impl PgStore {
    /// Copies the office's SQLite file (`path`, read-only) onto this server, which must hold
    /// no requests yet; run as the schema owner after [`PgStore::install`]. All of it or
    /// nothing: the counts are compared before the server keeps anything.
    pub async fn import_sqlite(&self, path: &Path) -> Result<ImportReport, ImportError> {
        self.import_sqlite_keyed(path, None).await
    }

    /// [`PgStore::import_sqlite`] of a file encrypted under `key`.
    pub async fn import_sqlite_keyed(
        &self,
        path: &Path,
        key: Option<&DbKey>,
    ) -> Result<ImportReport, ImportError> {
        let source = SqlitePoolOptions::new()
            .max_connections(1)
            .connect_with(cipher::keyed(
                SqliteConnectOptions::new()
                    .filename(path)
                    .read_only(true)
                    .create_if_missing(false),
                key,
            ))
            .await
            .map_err(ImportError::Source)?;
        let result = self.import_from(&source).await;
        source.close().await;
        result
    }

    /// Moves an office from a passphrase backup (`….db.age`) of its file, which carries the
    /// file's key: a desk's file is encrypted under a key only its Windows account holds, so
    /// the office's admin brings this copy instead. It is decrypted beside `work` (a folder on
    /// the admin's machine) under a throwaway key, so no plain byte reaches a disk, checked and
    /// brought to this version's schema as a restore would, imported, and removed.
    pub async fn import_backup(
        &self,
        copy: &Path,
        passphrase: &Passphrase,
        work: &Path,
    ) -> Result<ImportReport, ImportError> {
        let key =
            DbKey::generate().map_err(|e| ImportError::Backup(BackupError::Copy(e.to_string())))?;
        std::fs::create_dir_all(work)
            .map_err(|e| ImportError::Backup(BackupError::Copy(e.to_string())))?;
        let prepared = sinkron_sqlite::backup::prepare_restore(
            copy,
            &work.join("sinkron-impor.db"),
            chrono::Utc::now().naive_utc(),
            Some(passphrase),
            Some(&key),
        )
        .await
        .map_err(ImportError::Backup)?;
        let result = self.import_sqlite_keyed(prepared.path(), Some(&key)).await;
        prepared.discard();
        result
    }

    async fn import_from(&self, source: &SqlitePool) -> Result<ImportReport, ImportError> {
        let mut tx = self.pool.begin().await?;
        // An owner's long job (an install, an upgrade, an office's whole file) is not a desk's
        // statement: the session limits do not apply inside it.
        tx.execute(
            "SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0",
        )
        .await?;
        // One move at a time; a desk writing meanwhile waits.
        sqlx::query(&format!(
            "LOCK TABLE {} IN EXCLUSIVE MODE",
            TABLES.join(", ")
        ))
        .execute(&mut *tx)
        .await?;
        let present: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
            .fetch_one(&mut *tx)
            .await?;
        if present > 0 {
            return Err(ImportError::NotEmpty(present));
        }
        // Per-row triggers would count and announce every copied row (and re-update one count
        // row a hundred thousand times); they are off for the copy, inside this transaction,
        // and the counts are computed once at the end.
        sqlx::query("ALTER TABLE requests DISABLE TRIGGER requests_counted")
            .execute(&mut *tx)
            .await?;
        sqlx::query("ALTER TABLE requests DISABLE TRIGGER requests_changed")
            .execute(&mut *tx)
            .await?;
        for (table, trigger) in REKAP_TRIGGERS {
            sqlx::query(&format!("ALTER TABLE {table} DISABLE TRIGGER {trigger}"))
                .execute(&mut *tx)
                .await?;
        }
        // The server's default settings give way to the office's own.
        sqlx::query("DELETE FROM settings")
            .execute(&mut *tx)
            .await?;
        let mut tables = Vec::with_capacity(TABLES.len());
        for table in TABLES {
            // A file from before a table existed has none of its rows.
            let present: i64 = sqlx::query_scalar(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
            )
            .bind(table)
            .fetch_one(source)
            .await
            .map_err(ImportError::Source)?;
            if present == 0 {
                tables.push((table.to_string(), 0));
                continue;
            }
            let copied = copy_table(source, &mut tx, table).await?;
            let sqlite: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(source)
                .await
                .map_err(ImportError::Source)?;
            let server: i64 = sqlx::query_scalar(&format!("SELECT count(*) FROM {table}"))
                .fetch_one(&mut *tx)
                .await?;
            if sqlite != server || copied != server {
                return Err(ImportError::CountMismatch {
                    table: table.to_string(),
                    sqlite,
                    server,
                });
            }
            tables.push((table.to_string(), server));
        }
        sqlx::query(
            "UPDATE status_counts c SET n = (SELECT count(*) FROM requests r \
             WHERE r.status = c.status)",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query("ALTER TABLE requests ENABLE TRIGGER requests_counted")
            .execute(&mut *tx)
            .await?;
        sqlx::query("ALTER TABLE requests ENABLE TRIGGER requests_changed")
            .execute(&mut *tx)
            .await?;
        for (table, trigger) in REKAP_TRIGGERS {
            sqlx::query(&format!("ALTER TABLE {table} ENABLE TRIGGER {trigger}"))
                .execute(&mut *tx)
                .await?;
        }
        // Rekap's summary, counted once from the copied rows under the copied zone.
        sqlx::query("SELECT sinkron_rekap_rebuild()")
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        Ok(ImportReport { tables })
    }
}
