//! Encryption at rest. The office's file holds NIKs, names, phone numbers and photos of identity
//! cards, so it is a SQLCipher database (AES-256, every page authenticated) under a random
//! 256-bit key that the shell keeps in the OS credential store, never beside the file.
//!
//! Here: the key as a type ([`DbKey`], a raw key, so opening costs no key derivation), how a
//! file on disk is told apart ([`FileKind`]), and the one safe way to change a file's
//! encryption ([`change_key`]): an export into a new file beside it, compared row for row with
//! the old one, checked, flushed, and only then renamed over it. A kill at any moment leaves
//! either the old file or the verified new one under the file's name, never neither.

use std::collections::BTreeMap;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::str::FromStr;

use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection, SqliteConnection};
use thiserror::Error;

use crate::durable::{sync_dir, sync_file};

/// How long a key is: 256 bits.
pub const KEY_BYTES: usize = 32;

/// The first 16 bytes of every plain SQLite file. An encrypted file starts with its random salt.
const PLAIN_HEADER: &[u8; 16] = b"SQLite format 3\0";

/// Where a conversion writes the new file before it replaces the old one.
const CONVERTING_SUFFIX: &str = ".sinkron-kunci.tmp";
/// The file a conversion holds locked, so two Sinkron started at once never convert together.
const LOCK_SUFFIX: &str = ".sinkron-kunci.lock";

/// A database key: 32 random bytes. Shown as 64 hex digits only to the credential store.
#[derive(Clone, PartialEq, Eq)]
pub struct DbKey([u8; KEY_BYTES]);

impl std::fmt::Debug for DbKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("DbKey(…)")
    }
}

/// Why a key or a conversion failed.
#[derive(Debug, Error)]
pub enum CipherError {
    #[error("a database key is 64 hexadecimal digits")]
    BadKey,
    #[error("the operating system gave no random bytes: {0}")]
    Random(String),
    #[error("cannot read {path}: {source}")]
    Io {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("the database cannot be opened with this key: {0}")]
    Open(sqlx::Error),
    #[error("the database could not be converted: {0}")]
    Convert(String),
    /// Another connection (a Sinkron still running) has the file open: nothing was changed.
    #[error("the database is open elsewhere: {0}")]
    InUse(String),
    #[error("the converted file differs from the original: {0}")]
    Verify(String),
}

impl DbKey {
    /// A new random key from the OS.
    pub fn generate() -> Result<DbKey, CipherError> {
        let mut bytes = [0u8; KEY_BYTES];
        getrandom::getrandom(&mut bytes).map_err(|e| CipherError::Random(e.to_string()))?;
        Ok(DbKey(bytes))
    }

    /// The key from its 64 hex digits (as [`DbKey::to_hex`] wrote them).
    pub fn parse(hex: &str) -> Result<DbKey, CipherError> {
        let hex = hex.trim().as_bytes();
        if hex.len() != 2 * KEY_BYTES {
            return Err(CipherError::BadKey);
        }
        let mut bytes = [0u8; KEY_BYTES];
        for (byte, pair) in bytes.iter_mut().zip(hex.chunks(2)) {
            let text = std::str::from_utf8(pair).map_err(|_| CipherError::BadKey)?;
            *byte = u8::from_str_radix(text, 16).map_err(|_| CipherError::BadKey)?;
        }
        Ok(DbKey(bytes))
    }

    /// The 64 hex digits, for the credential store.
    pub fn to_hex(&self) -> String {
        self.0.iter().map(|b| format!("{b:02x}")).collect()
    }

    /// The value of `PRAGMA key` (and of `ATTACH … KEY`): SQLCipher's raw-key form, which
    /// skips the passphrase derivation.
    pub(crate) fn sql(&self) -> String {
        format!("\"x'{}'\"", self.to_hex())
    }
}

/// `options` opening the file under `key` (none: a plain file). `PRAGMA key` is the first
/// statement of every connection (sqlx keeps it first).
pub fn keyed(options: SqliteConnectOptions, key: Option<&DbKey>) -> SqliteConnectOptions {
    match key {
        Some(key) => options.pragma("key", key.sql()),
        None => options,
    }
}

/// What is at a database path.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    /// Nothing, or an empty file: opening it makes a new database.
    Missing,
    /// A plain SQLite file: anyone with the file reads it.
    Plain,
    /// Not a plain SQLite file: encrypted (or not a database at all).
    Encrypted,
}

/// Tells what is at `path` from its first bytes.
pub fn file_kind(path: &Path) -> Result<FileKind, CipherError> {
    let io = |source| CipherError::Io {
        path: path.to_path_buf(),
        source,
    };
    let mut file = match std::fs::File::open(path) {
        Ok(file) => file,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(FileKind::Missing),
        Err(e) => return Err(io(e)),
    };
    let mut head = Vec::with_capacity(PLAIN_HEADER.len());
    file.by_ref()
        .take(PLAIN_HEADER.len() as u64)
        .read_to_end(&mut head)
        .map_err(io)?;
    Ok(if head.is_empty() {
        FileKind::Missing
    } else if head == PLAIN_HEADER {
        FileKind::Plain
    } else {
        FileKind::Encrypted
    })
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A connection to the existing file at `path`. `attach_new`: the connection may create files
/// (SQLite creates an attached database only through a connection that may).
async fn connect(
    path: &Path,
    key: Option<&DbKey>,
    attach_new: bool,
) -> Result<SqliteConnection, CipherError> {
    if !path.exists() {
        return Err(CipherError::Io {
            path: path.to_path_buf(),
            source: std::io::ErrorKind::NotFound.into(),
        });
    }
    keyed(
        SqliteConnectOptions::from_str("sqlite:")
            .map_err(CipherError::Open)?
            .filename(path)
            .create_if_missing(attach_new),
        key,
    )
    .connect()
    .await
    .map_err(CipherError::Open)
}

/// Waits for, then holds (until dropped), the right to convert the file at `path`: an OS lock
/// on a file beside it, which a killed holder gives back by dying. The lock file stays.
pub async fn conversion_lock(path: &Path) -> Result<std::fs::File, CipherError> {
    let lock_path = with_suffix(path, LOCK_SUFFIX);
    let io = {
        let p = lock_path.clone();
        move |source| CipherError::Io { path: p, source }
    };
    let file = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&lock_path)
        .map_err(io.clone())?;
    tokio::task::spawn_blocking(move || file.lock().map(|()| file))
        .await
        .map_err(|e| CipherError::Convert(e.to_string()))?
        .map_err(io)
}

/// Whether `key` opens the file at `path` (only its schema is read).
pub async fn opens_with(path: &Path, key: Option<&DbKey>) -> bool {
    let Ok(mut conn) = connect(path, key, false).await else {
        return false;
    };
    let read = sqlx::query_scalar::<_, i64>("SELECT count(*) FROM sqlite_master")
        .fetch_one(&mut conn)
        .await;
    let _ = conn.close().await;
    read.is_ok()
}

/// Re-encrypts the closed database at `path` from `from` to `to` (either may be none: plain).
/// Nobody may have the file open. The new file is written beside it, compared table by table
/// and row by row with the old one, `integrity_check`ed under `to`, flushed, and only then
/// renamed over the old one: killed at any moment, the path holds either the old file or the
/// verified new one. A new file left by a killed run is overwritten by the next.
pub async fn change_key(
    path: &Path,
    from: Option<&DbKey>,
    to: Option<&DbKey>,
) -> Result<(), CipherError> {
    let convert = |what: &str, e: sqlx::Error| CipherError::Convert(format!("{what}: {e}"));
    let io = |p: &Path| {
        let p = p.to_path_buf();
        move |source| CipherError::Io { path: p, source }
    };
    let temp = with_suffix(path, CONVERTING_SUFFIX);
    for suffix in ["", "-journal", "-wal", "-shm"] {
        match std::fs::remove_file(with_suffix(&temp, suffix)) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(io(&temp)(e)),
        }
    }
    let temp_text = temp
        .to_str()
        .ok_or_else(|| CipherError::Convert("the database path is not valid UTF-8".into()))?;

    let mut source = connect(path, from, true).await?;
    let exported = async {
        // Everything in the WAL goes into the file first, so the WAL left is empty.
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut source)
            .await
            .map_err(|e| convert("checkpoint", e))?;
        // Leaving WAL needs the file to itself: a Sinkron still running on it (whose later
        // writes would go to the replaced file) stops the conversion here.
        let mode: String = sqlx::query_scalar("PRAGMA journal_mode = DELETE")
            .fetch_one(&mut source)
            .await
            .map_err(|e| CipherError::InUse(e.to_string()))?;
        if mode != "delete" {
            return Err(CipherError::InUse(format!("journal mode stays {mode}")));
        }
        let target_key = to.map(DbKey::sql).unwrap_or_else(|| "''".into());
        sqlx::query(&format!(
            "ATTACH DATABASE '{}' AS converted KEY {target_key}",
            temp_text.replace('\'', "''")
        ))
        .execute(&mut source)
        .await
        .map_err(|e| convert("attach", e))?;
        // The new file gives deleted photos' space back, as a new database does.
        sqlx::query("PRAGMA converted.auto_vacuum = INCREMENTAL")
            .execute(&mut source)
            .await
            .map_err(|e| convert("auto_vacuum", e))?;
        sqlx::query("SELECT sqlcipher_export('converted')")
            .execute(&mut source)
            .await
            .map_err(|e| convert("export", e))?;
        compare(&mut source).await?;
        sqlx::query("DETACH DATABASE converted")
            .execute(&mut source)
            .await
            .map_err(|e| convert("detach", e))?;
        Ok::<_, CipherError>(())
    }
    .await;
    let _ = source.close().await;
    if let Err(error) = exported {
        let _ = std::fs::remove_file(&temp);
        return Err(error);
    }

    let mut check = connect(&temp, to, false).await?;
    let verdict: Result<String, _> = sqlx::query_scalar("PRAGMA integrity_check")
        .fetch_one(&mut check)
        .await;
    // The new file is put in WAL mode while it is still this run's alone: the Sinkrons that
    // open it next then find it so, instead of each asking for the file to itself to switch
    // it, where two at once refuse each other at once (SQLITE_BUSY, no wait).
    let wal: Result<String, _> = match verdict {
        Ok(ref v) if v == "ok" => {
            sqlx::query_scalar("PRAGMA journal_mode = WAL")
                .fetch_one(&mut check)
                .await
        }
        _ => Ok(String::new()),
    };
    let _ = check.close().await;
    match verdict {
        Ok(v) if v == "ok" => {}
        Ok(v) => return Err(CipherError::Verify(v)),
        Err(e) => return Err(CipherError::Verify(e.to_string())),
    }
    match wal {
        Ok(mode) if mode == "wal" => {}
        Ok(mode) => return Err(CipherError::Convert(format!("journal mode stays {mode}"))),
        Err(e) => return Err(convert("journal mode", e)),
    }
    // Its last connection closed checkpoints the WAL into the file and removes it; a WAL
    // left with content would hold part of the new file, so the run stops rather than drop it.
    if std::fs::metadata(with_suffix(&temp, "-wal")).is_ok_and(|m| m.len() > 0) {
        return Err(CipherError::Convert(
            "the new file's WAL was not written back".into(),
        ));
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(&temp, suffix));
    }
    sync_file(&temp).map_err(io(&temp))?;
    // The old file's WAL was emptied by the checkpoint and removed when its last connection
    // closed; one left with content would be applied to the new file, so it stops here.
    let wal = with_suffix(path, "-wal");
    if std::fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
        return Err(CipherError::Convert(
            "the database is still open elsewhere (its WAL is not empty)".into(),
        ));
    }
    for suffix in ["-wal", "-shm"] {
        let _ = std::fs::remove_file(with_suffix(path, suffix));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    std::fs::rename(&temp, path).map_err(io(path))?;
    sync_dir(dir).map_err(io(dir))
}

/// Every table of `main` and of the attached `converted` hold the same rows. A virtual table
/// (the name search's FTS) is its shadow tables, compared as tables: the export copies its
/// schema row as it is, readable from the next connection on.
async fn compare(conn: &mut SqliteConnection) -> Result<(), CipherError> {
    let verify = |e: sqlx::Error| CipherError::Verify(e.to_string());
    let tables = |schema: &'static str| {
        format!(
            "SELECT name FROM {schema}.sqlite_master WHERE type = 'table' \
             AND name NOT LIKE 'sqlite_%' \
             AND coalesce(sql, '') NOT LIKE 'CREATE VIRTUAL TABLE%' ORDER BY name"
        )
    };
    let before: Vec<String> = sqlx::query_scalar(&tables("main"))
        .fetch_all(&mut *conn)
        .await
        .map_err(verify)?;
    let after: Vec<String> = sqlx::query_scalar(&tables("converted"))
        .fetch_all(&mut *conn)
        .await
        .map_err(verify)?;
    if before != after {
        return Err(CipherError::Verify(format!(
            "tables {before:?} became {after:?}"
        )));
    }
    let mut differing = BTreeMap::new();
    for table in &before {
        let name = format!("\"{}\"", table.replace('"', "\"\""));
        let (count_main, count_converted, missing, extra): (i64, i64, i64, i64) =
            sqlx::query_as(&format!(
                "SELECT (SELECT count(*) FROM main.{name}), \
                        (SELECT count(*) FROM converted.{name}), \
                        (SELECT count(*) FROM (SELECT * FROM main.{name} \
                                               EXCEPT SELECT * FROM converted.{name})), \
                        (SELECT count(*) FROM (SELECT * FROM converted.{name} \
                                               EXCEPT SELECT * FROM main.{name}))"
            ))
            .fetch_one(&mut *conn)
            .await
            .map_err(verify)?;
        if count_main != count_converted || missing != 0 || extra != 0 {
            differing.insert(table.clone(), (count_main, count_converted));
        }
    }
    if differing.is_empty() {
        Ok(())
    } else {
        Err(CipherError::Verify(format!("rows differ in {differing:?}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_key_survives_its_hex_form() {
        let key = DbKey::generate().unwrap();
        assert_eq!(DbKey::parse(&key.to_hex()).unwrap(), key);
    }

    #[test]
    fn a_key_of_the_wrong_length_or_digits_is_refused() {
        assert!(matches!(DbKey::parse("abcd"), Err(CipherError::BadKey)));
        assert!(matches!(
            DbKey::parse(&"zz".repeat(KEY_BYTES)),
            Err(CipherError::BadKey)
        ));
    }

    #[test]
    fn two_generated_keys_differ() {
        assert_ne!(DbKey::generate().unwrap(), DbKey::generate().unwrap());
    }

    #[test]
    fn a_key_never_shows_in_debug_output() {
        let key = DbKey::parse(&"ab".repeat(KEY_BYTES)).unwrap();
        assert!(!format!("{key:?}").contains("abab"));
    }

    #[test]
    fn the_kind_of_a_file_is_told_from_its_first_bytes() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.db");
        assert_eq!(file_kind(&path).unwrap(), FileKind::Missing);
        std::fs::write(&path, b"").unwrap();
        assert_eq!(file_kind(&path).unwrap(), FileKind::Missing);
        std::fs::write(&path, b"SQLite format 3\0and the rest").unwrap();
        assert_eq!(file_kind(&path).unwrap(), FileKind::Plain);
        std::fs::write(&path, [7u8; 64]).unwrap();
        assert_eq!(file_kind(&path).unwrap(), FileKind::Encrypted);
    }
}
