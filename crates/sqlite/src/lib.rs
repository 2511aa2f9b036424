//! Sinkron on one PC: the embedded SQLite file in the user's app-data folder, through sqlx,
//! with its own migrations. It implements the core's storage ports (`RequestStore`,
//! `AccountPort`, `ChangePort`) and the kiosk's operations; every write transaction starts with
//! `BEGIN IMMEDIATE` so that a read-then-write never loses a race under WAL's single writer.
//! The file is encrypted at rest when the shell gives a key (`cipher.rs`). Also here: backups
//! and restore of the file, the demo data, and the build's self-check.

mod accounts;
pub mod backup;
pub mod cipher;
mod desk;
mod documents;
mod durable;
mod edits;
mod kiosk;
mod office;
mod reader;
mod rekap;
mod requests;
mod retention;
mod seed;
pub mod selfcheck;
mod soundness;
mod tx;

use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::Duration;

use sinkron_core::error::Code;
use sinkron_core::store::{DbFailure, FailureKind, StoreError};
use sinkron_sql::{migrate_error, open_error, Db};
use sqlx::sqlite::{
    SqliteAutoVacuum, SqliteConnectOptions, SqliteConnection, SqliteJournalMode, SqlitePool,
    SqlitePoolOptions, SqliteSynchronous, SqliteTransactionManager,
};
use sqlx::{ConnectOptions, Connection, Sqlite, Transaction, TransactionManager};

pub(crate) use tx::SqliteTx;

pub use cipher::{DbKey, FileKind};
pub use soundness::Verdict;

/// The schema's migrations, embedded in the binary and run at every open.
pub static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("./migrations");

/// The handle every caller shares; cheap to clone.
#[derive(Debug, Clone)]
pub struct Store {
    pool: SqlitePool,
    path: PathBuf,
    /// The file's key; none for a plain file.
    key: Option<DbKey>,
    /// The zone and calendar read at the last settings version (`settings_version` row).
    settings: std::sync::Arc<sinkron_core::store::SettingsCache>,
    /// The queue's own connection ([`reader`]).
    reader: std::sync::Arc<reader::Reader<Option<desk::Seen>>>,
    /// The start's damage check, which every write waits for ([`Store::open_checking`]).
    soundness: soundness::Soundness,
}

impl Store {
    /// Opens (creating if needed) a plain database file and brings its schema up to date.
    pub async fn open(path: &Path) -> Result<Store, StoreError> {
        Store::open_keyed(path, None).await
    }

    /// Opens the database file under `key` (none: plain), creating it encrypted when missing and
    /// encrypting a plain file once, in place and safely ([`cipher::change_key`]), before
    /// anything else; then brings its schema up to date.
    pub async fn open_keyed(path: &Path, key: Option<&DbKey>) -> Result<Store, StoreError> {
        // A path that cannot be read at all is left to the open below, which says so.
        let kind = cipher::file_kind(path).unwrap_or(FileKind::Missing);
        if let (FileKind::Plain, Some(key)) = (kind, key) {
            let encryption = |e: cipher::CipherError| StoreError::Encryption(e.to_string());
            // One conversion at a time: a second Sinkron started meanwhile waits here and
            // then finds the file encrypted.
            let _held = cipher::conversion_lock(path).await.map_err(encryption)?;
            if cipher::file_kind(path).map_err(encryption)? == FileKind::Plain {
                cipher::change_key(path, None, Some(key))
                    .await
                    .map_err(|e| match e {
                        // "In use — try again shortly", not a key problem.
                        cipher::CipherError::InUse(_) => {
                            StoreError::Database(DbFailure::new(FailureKind::Busy, e))
                        }
                        other => encryption(other),
                    })?;
            }
        }
        match Store::open_as_waiting(path, key).await {
            // A key that does not open the file is not taken for damage: SQLite refused it at
            // the first statement, before any write, and the screen says what to do. Without a
            // key, a file that is not plain SQLite cannot be told from a damaged one.
            Err(e) if e.is_damaged() && key.is_some() && kind == FileKind::Encrypted => Err(
                StoreError::Encryption(format!("the key does not open the file: {e}")),
            ),
            opened => opened,
        }
    }

    /// [`Store::open_as`], tried again for a while when SQLite answers "busy" at once: a few
    /// things at the first connect (switching the journal mode, a WAL recovery) take the file
    /// to themselves without waiting out the busy timeout, so two Sinkrons started at the
    /// same moment could refuse each other.
    async fn open_as_waiting(path: &Path, key: Option<&DbKey>) -> Result<Store, StoreError> {
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            match Store::open_as(path, key).await {
                Err(e) if e.code() == Code::StorageBusy && std::time::Instant::now() < deadline => {
                    tokio::time::sleep(Duration::from_millis(50)).await;
                }
                opened => return opened,
            }
        }
    }

    async fn open_as(path: &Path, key: Option<&DbKey>) -> Result<Store, StoreError> {
        if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
            std::fs::create_dir_all(dir).map_err(|source| StoreError::CreateDir {
                path: dir.to_path_buf(),
                source,
            })?;
        }
        let options = cipher::keyed(
            SqliteConnectOptions::from_str("sqlite:")
                .map_err(|e| open_error(path, e))?
                .filename(path)
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Full)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10)),
            key,
        );
        if !path.exists() {
            // A new file gives deleted photos' space back (masa simpan): the mode is fixed when
            // the file's first page is written, so one connection makes the file with it. Not
            // an option of every connection: on a file already in this mode that pragma writes
            // the header at each connect. An older file is switched by the first run that
            // deletes photos (`retention.rs`).
            let first = options
                .clone()
                .auto_vacuum(SqliteAutoVacuum::Incremental)
                .connect()
                .await
                .map_err(|e| open_error(path, e))?;
            first.close().await.map_err(|e| open_error(path, e))?;
        }
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            // A connection to a file in this process cannot hang up; sqlx's ping before each
            // use would only add a round trip to the connection's thread to every query.
            .test_before_acquire(false)
            .after_release(|conn, _| {
                Box::pin(async move {
                    // A write the disk refused (SQLITE_FULL) is rolled back by SQLite itself;
                    // sqlx's own ROLLBACK on drop then fails and it still counts the transaction
                    // open, so every later BEGIN IMMEDIATE on this connection would be refused,
                    // even after space was freed. Such a connection is closed, not pooled. The
                    // ping lets a pending rollback run first. With no transaction counted open
                    // none is pending (the count falls only when a rollback has run), so the
                    // connection goes back at once, without a round trip.
                    let open = |conn: &SqliteConnection| {
                        SqliteTransactionManager::get_transaction_depth(conn) > 0
                    };
                    if !open(conn) {
                        return Ok(true);
                    }
                    conn.ping().await?;
                    Ok(!open(conn))
                })
            })
            .connect_with(options)
            .await
            .map_err(|e| open_error(path, e))?;
        MIGRATOR.run(&pool).await.map_err(migrate_error)?;
        // Rekap's summary, counted whole after the migration that made it (once).
        let mut conn = pool.acquire().await.map_err(|e| open_error(path, e))?;
        if rekap::stale(&mut conn).await? {
            let mut tx = pool
                .begin_with("BEGIN IMMEDIATE")
                .await
                .map_err(|e| open_error(path, e))?;
            rekap::follow_zone(&mut tx).await?;
            tx.commit().await.map_err(|e| open_error(path, e))?;
        }
        drop(conn);
        Ok(Store {
            pool,
            path: path.to_path_buf(),
            key: key.cloned(),
            settings: Default::default(),
            reader: Default::default(),
            soundness: soundness::Soundness::assumed(),
        })
    }

    /// How many of the embedded migrations this database has applied successfully.
    pub async fn applied_migrations(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT count(*) FROM _sqlx_migrations WHERE success = 1")
            .fetch_one(&self.pool)
            .await
            .db()
    }

    /// Where the database lives (for the About screen; never in an error).
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Closes every connection (the queue's own first), checkpointing the WAL and removing it.
    ///
    /// Two things in the layers below need help here (both seen under load):
    /// - sqlx's `Pool::close` can return while a connection given back at that very moment is
    ///   still closing on its own thread, or sits open in the idle queue; so this waits until
    ///   the pool counts none, closing again meanwhile;
    /// - SQLite removes the WAL only when the connection closing last finds itself alone: two
    ///   closing at once can each still see the other and both leave the WAL behind. So one
    ///   lone connection is opened and closed after them; it is then the last, and checkpoints.
    pub async fn close(&self) {
        self.reader.close().await;
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
    /// It waits for the start's damage check: a damaged file is never written to.
    async fn write(&self) -> Result<Transaction<'static, Sqlite>, StoreError> {
        self.soundness().await?;
        self.pool.begin_with("BEGIN IMMEDIATE").await.db()
    }

    /// `PRAGMA quick_check`: `ok` for a sound file; what is wrong otherwise. Run at every start
    /// ([`Store::open_checking`]), so a damaged file is found before it is written to.
    pub async fn quick_check(&self) -> Result<String, StoreError> {
        sqlx::query_scalar("PRAGMA quick_check")
            .fetch_one(&self.pool)
            .await
            .db()
    }

    /// Whether the file is encrypted at rest.
    pub fn encrypted(&self) -> bool {
        self.key.is_some()
    }

    /// Opens the file as [`Store::open_keyed`] does and refuses it, closed again, when
    /// `quick_check` finds it damaged (the error's code is then `storage_damaged`).
    pub async fn open_checked(path: &Path, key: Option<&DbKey>) -> Result<Store, StoreError> {
        let store = Store::open_checking(path, key).await?;
        match store.soundness().await {
            Ok(()) => Ok(store),
            Err(error) => {
                store.close().await;
                Err(error)
            }
        }
    }

    /// Opens the file as [`Store::open_keyed`] does and starts `quick_check` beside whatever
    /// comes next (the app's start: its sign-in screen does not wait for the check). Reads go
    /// on meanwhile; every write waits for the verdict, and a damaged file refuses them all.
    /// [`Store::soundness`] waits for the verdict, [`Store::found_damaged`] asks for it.
    pub async fn open_checking(path: &Path, key: Option<&DbKey>) -> Result<Store, StoreError> {
        let mut store = Store::open_keyed(path, key).await?;
        store.soundness = soundness::Soundness::start(store.pool.clone());
        Ok(store)
    }

    /// The start's check, once it has ended: sound, or why the file is not written to.
    pub async fn soundness(&self) -> Result<(), StoreError> {
        self.soundness.verdict().await.to_result()
    }

    /// What the start's check found wrong, when it has ended and found the file damaged (it
    /// does not wait).
    pub fn found_damaged(&self) -> Option<StoreError> {
        match self.soundness.known() {
            Some(verdict @ Verdict::Damaged(_)) => verdict.to_result().err(),
            _ => None,
        }
    }

    /// `PRAGMA integrity_check`: "ok", or what is wrong (slower than `quick_check`: it also
    /// checks that every index matches its table).
    pub async fn integrity_check(&self) -> Result<String, StoreError> {
        sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&self.pool)
            .await
            .db()
    }
}
