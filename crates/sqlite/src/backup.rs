//! Backups of the office's SQLite file: one PC working alone holds every request and every
//! KK/KTP photo in one file, and a dead disk must not take them. A backup is a consistent
//! online copy (`VACUUM INTO`, which reads one snapshot while the operators keep writing),
//! written under a temporary name, checked (`integrity_check`, and every request and document
//! of the copy's snapshot present in the live file), flushed to disk and only then renamed to
//! `sinkron-cadangan-YYYY-MM-DD_HHMMSS.db` (the office's local time). Older copies are thinned
//! to 7 daily, 4 weekly and 12 monthly ones, and only after a newer copy has verified. A failed
//! or killed backup leaves the live file and every earlier copy as they were; its temporary
//! file is never under a final name and is swept by a later backup.
//!
//! With the office's backup passphrase, a copy is encrypted with age (scrypt) into
//! `….db.age`: the plain copy is made and verified beside the live file (in the app's own data
//! folder, never in the backup folder), encrypted into the backup folder under a temporary name,
//! decrypted again and compared byte for byte, and only then named. A restore of such a copy
//! asks for the passphrase and decrypts it beside the live file before anything else.
//!
//! An encrypted live file (`cipher.rs`) gives encrypted copies: `VACUUM INTO` writes them under
//! the file's own key, so no plain byte reaches a disk. A passphrase copy carries that key
//! inside its age envelope (a first line before the database), so it restores on a PC that
//! lost the key; the restored file is then re-keyed to the key the PC now keeps. A copy without
//! a passphrase restores only where its key is.

use sinkron_core::RequestStore as _;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::SystemTime;

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use std::sync::Arc;

use sinkron_core::backup::{
    encrypted_file_name, file_name, folder, is_encrypted_name, is_full, list, to_remove,
    BackupCopy, BackupError, BackupReport, Passphrase, Phase, Progress, Retention, NAME_TIME,
    STALE_TEMP, TEMP_PREFIX, TEMP_SUFFIX,
};

use crate::cipher::{self, DbKey, FileKind};
use crate::durable::{sync_dir, sync_file};
use crate::Store;

/// The first line of a passphrase copy of an encrypted file, before the key's hex digits.
const KEY_LINE: &[u8] = b"SINKRON-KUNCI-1 ";
/// The whole key line: the tag, 64 hex digits, a newline.
const KEY_LINE_LEN: usize = KEY_LINE.len() + 2 * cipher::KEY_BYTES + 1;

fn key_line(key: &DbKey) -> Vec<u8> {
    let mut line = KEY_LINE.to_vec();
    line.extend_from_slice(key.to_hex().as_bytes());
    line.push(b'\n');
    line
}

fn sql_failure(error: sqlx::Error) -> BackupError {
    let full = match &error {
        sqlx::Error::Database(db) => db.code().as_deref() == Some("13"),
        sqlx::Error::Io(io) => is_full(io),
        _ => false,
    } || error.to_string().contains("database or disk is full");
    if full {
        BackupError::DiskFull(error.to_string())
    } else {
        BackupError::Copy(error.to_string())
    }
}

/// A read-only connection to a copy under `key` (no migrations, no WAL switch: the copy is only
/// read).
async fn read_only(
    path: &Path,
    key: Option<&DbKey>,
) -> Result<sqlx::SqliteConnection, BackupError> {
    cipher::keyed(
        SqliteConnectOptions::from_str("sqlite:")
            .map_err(|e| BackupError::Verify(e.to_string()))?
            .filename(path)
            .read_only(true),
        key,
    )
    .connect()
    .await
    .map_err(|e| BackupError::Verify(e.to_string()))
}

/// Opens a copy read-only under `key` (none: a plain copy) and checks it: `integrity_check`,
/// then its counts and its newest request id. Used after every backup, and before any restore.
pub async fn verify(path: &Path, key: Option<&DbKey>) -> Result<CopyFacts, BackupError> {
    let mut conn = read_only(path, key).await?;
    let facts = async {
        let integrity: String = sqlx::query_scalar("PRAGMA integrity_check")
            .fetch_one(&mut conn)
            .await?;
        let (requests, last_request, documents): (i64, i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM requests), \
                    (SELECT coalesce(max(id), 0) FROM requests), \
                    (SELECT count(*) FROM documents)",
        )
        .fetch_one(&mut conn)
        .await?;
        let applied: Vec<i64> =
            sqlx::query_scalar("SELECT version FROM _sqlx_migrations WHERE success = 1")
                .fetch_all(&mut conn)
                .await?;
        Ok::<_, sqlx::Error>((integrity, requests, last_request, documents, applied))
    }
    .await;
    let _ = conn.close().await;
    let (integrity, requests, last_request, documents, applied) =
        facts.map_err(|e| BackupError::Verify(e.to_string()))?;
    if integrity != "ok" {
        return Err(BackupError::Verify(integrity));
    }
    let known: BTreeSet<i64> = super::MIGRATOR.iter().map(|m| m.version).collect();
    Ok(CopyFacts {
        requests,
        last_request,
        documents,
        unknown_migration: applied.into_iter().filter(|v| !known.contains(v)).max(),
    })
}

/// What a verified copy holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CopyFacts {
    pub requests: i64,
    /// The highest request id in the copy (requests are never deleted).
    pub last_request: i64,
    pub documents: i64,
    /// The highest migration the copy has applied that this build does not know: such a copy
    /// was made by a newer Sinkron, whose data this one may not read right.
    pub unknown_migration: Option<i64>,
}

/// What a restore did.
#[derive(Debug, Clone)]
pub struct Restored {
    pub facts: CopyFacts,
    /// Where the file that was in use went (never deleted); `None` when there was none.
    pub kept_aside: Option<PathBuf>,
}

/// A verified copy brought to this build's schema beside the live file, under a temporary
/// name, ready to be put in place ([`Prepared::place`]) or dropped ([`Prepared::discard`]).
/// Preparing never touches the live file, which may still be in use meanwhile.
#[derive(Debug)]
pub struct Prepared {
    temp: PathBuf,
    live: PathBuf,
    stamp: String,
    pub facts: CopyFacts,
}

/// Prepares the backup `copy` to replace the live file `live`: the copy is copied (or, when
/// encrypted, decrypted with `passphrase`) beside `live` under a temporary name, verified,
/// refused when a newer Sinkron made it, put under `key` (the key the live file is kept under;
/// none: plain), migrated there and checked again. The copy itself is only read. `now` names
/// the file kept aside later (office-local time).
pub async fn prepare_restore(
    copy: &Path,
    live: &Path,
    now: NaiveDateTime,
    passphrase: Option<&Passphrase>,
    key: Option<&DbKey>,
) -> Result<Prepared, BackupError> {
    let encrypted = copy
        .file_name()
        .and_then(|n| n.to_str())
        .is_some_and(is_encrypted_name);
    let passphrase = match (encrypted, passphrase) {
        (true, None) => return Err(BackupError::PassphraseNeeded),
        (true, Some(p)) => Some(p.clone()),
        (false, _) => None,
    };
    let dir = folder_of(live);
    let stamp = now.format(NAME_TIME).to_string();
    let temp = dir.join(format!(".sinkron-pulih-{stamp}{TEMP_SUFFIX}"));
    let made = async {
        let carried = match passphrase {
            Some(passphrase) => {
                let (from, to) = (copy.to_path_buf(), temp.clone());
                blocking(move || decrypt_file(&from, &to, &passphrase)).await?
            }
            None => {
                std::fs::copy(copy, &temp).map_err(folder(dir))?;
                None
            }
        };
        // The copy's own key: the one it carried, none for a plain copy, else this PC's.
        let kind = cipher::file_kind(&temp).map_err(|e| BackupError::Verify(e.to_string()))?;
        let own = match (kind, carried) {
            (_, Some(carried)) => Some(carried),
            (FileKind::Plain, None) => None,
            (_, None) if key.is_some() && cipher::opens_with(&temp, key).await => key.cloned(),
            (_, None) => return Err(BackupError::OtherKey),
        };
        let facts = verify(&temp, own.as_ref()).await?;
        if let Some(version) = facts.unknown_migration {
            return Err(BackupError::Newer(version));
        }
        if own.as_ref() != key {
            cipher::change_key(&temp, own.as_ref(), key)
                .await
                .map_err(|e| BackupError::Verify(e.to_string()))?;
        }
        let store = Store::open_keyed(&temp, key)
            .await
            .map_err(|e| BackupError::Verify(e.to_string()))?;
        let verdict = store.integrity_check().await;
        store.close().await;
        match verdict {
            Ok(v) if v == "ok" => {}
            Ok(v) => return Err(BackupError::Verify(v)),
            Err(e) => return Err(BackupError::Verify(e.to_string())),
        }
        sync_file(&temp).map_err(folder(dir))?;
        Ok(facts)
    }
    .await;
    let prepared = |facts| Prepared {
        temp: temp.clone(),
        live: live.to_path_buf(),
        stamp: stamp.clone(),
        facts,
    };
    match made {
        Ok(facts) => Ok(prepared(facts)),
        Err(error) => {
            for suffix in ["", "-wal", "-shm"] {
                let _ = std::fs::remove_file(with_suffix(&temp, suffix));
            }
            Err(error)
        }
    }
}

/// Runs file work off the async runtime.
async fn blocking<T: Send + 'static>(
    f: impl FnOnce() -> Result<T, BackupError> + Send + 'static,
) -> Result<T, BackupError> {
    tokio::task::spawn_blocking(f)
        .await
        .map_err(|e| BackupError::Copy(e.to_string()))?
}

/// The SHA-256 of what `read` yields, and how many bytes.
fn digest_of(mut read: impl std::io::Read) -> std::io::Result<([u8; 32], u64)> {
    use sha2::Digest;
    let mut hasher = sha2::Sha256::new();
    let mut buf = vec![0u8; 1 << 16];
    let mut total = 0u64;
    loop {
        let n = read.read(&mut buf)?;
        if n == 0 {
            break;
        }
        hasher.update(&buf[..n]);
        total += n as u64;
    }
    Ok((hasher.finalize().into(), total))
}

/// A reader that adds what it reads to a running backup's progress.
struct Counted<'a, R> {
    inner: R,
    progress: &'a Progress,
}

impl<R: std::io::Read> std::io::Read for Counted<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.progress.add(n as u64);
        Ok(n)
    }
}

fn file_len(path: &Path) -> u64 {
    std::fs::metadata(path).map(|m| m.len()).unwrap_or(0)
}

/// Encrypts `head` then `plain` into `sealed` (created) with `passphrase`, flushed to disk.
fn encrypt_file(
    head: &[u8],
    plain: &Path,
    sealed: &Path,
    passphrase: &Passphrase,
    progress: &Progress,
) -> Result<(), BackupError> {
    use std::io::Write;
    let sealed_dir = folder_of(sealed);
    progress.start(Phase::Encrypting, file_len(plain));
    let mut input = Counted {
        inner: std::io::BufReader::new(
            std::fs::File::open(plain).map_err(|e| BackupError::Copy(e.to_string()))?,
        ),
        progress,
    };
    let file = std::fs::File::create(sealed).map_err(folder(sealed_dir))?;
    let encryptor = age::Encryptor::with_user_passphrase(age::secrecy::SecretString::from(
        passphrase.expose().to_string(),
    ));
    let mut writer = encryptor
        .wrap_output(std::io::BufWriter::new(file))
        .map_err(folder(sealed_dir))?;
    writer.write_all(head).map_err(folder(sealed_dir))?;
    std::io::copy(&mut input, &mut writer).map_err(folder(sealed_dir))?;
    let mut out = writer.finish().map_err(folder(sealed_dir))?;
    out.flush().map_err(folder(sealed_dir))?;
    out.into_inner()
        .map_err(|e| folder(sealed_dir)(e.into_error()))?
        .sync_all()
        .map_err(folder(sealed_dir))
}

/// The decrypting reader of an encrypted copy, or why it cannot be opened.
fn open_sealed(sealed: &Path, passphrase: &Passphrase) -> Result<impl std::io::Read, BackupError> {
    let file = std::fs::File::open(sealed).map_err(folder(folder_of(sealed)))?;
    let decryptor = age::Decryptor::new(std::io::BufReader::new(file))
        .map_err(|e| BackupError::Verify(format!("not an encrypted backup: {e}")))?;
    let identity = age::scrypt::Identity::new(age::secrecy::SecretString::from(
        passphrase.expose().to_string(),
    ));
    decryptor
        .decrypt(std::iter::once(&identity as &dyn age::Identity))
        .map_err(|e| match e {
            age::DecryptError::DecryptionFailed
            | age::DecryptError::KeyDecryptionFailed
            | age::DecryptError::NoMatchingKeys => BackupError::WrongPassphrase,
            other => BackupError::Verify(other.to_string()),
        })
}

/// Decrypts `sealed` into `plain` (created), flushed to disk; the database key it carried, if
/// any (then `plain` is a database under that key). A damaged copy fails here (each 64 KB chunk
/// is authenticated), never later as a half-read database.
fn decrypt_file(
    sealed: &Path,
    plain: &Path,
    passphrase: &Passphrase,
) -> Result<Option<DbKey>, BackupError> {
    use std::io::{Read, Write};
    let damaged = |e: std::io::Error| BackupError::Verify(format!("encrypted backup damaged: {e}"));
    let mut reader = open_sealed(sealed, passphrase)?;
    let plain_dir = folder_of(plain);
    let mut out = std::fs::File::create(plain).map_err(folder(plain_dir))?;
    let mut head = Vec::with_capacity(KEY_LINE_LEN);
    reader
        .by_ref()
        .take(KEY_LINE_LEN as u64)
        .read_to_end(&mut head)
        .map_err(damaged)?;
    let carried = if head.len() == KEY_LINE_LEN && head.starts_with(KEY_LINE) {
        let hex = std::str::from_utf8(&head[KEY_LINE.len()..KEY_LINE_LEN - 1])
            .map_err(|_| BackupError::Verify("the carried key is not text".into()))?;
        Some(DbKey::parse(hex).map_err(|e| BackupError::Verify(e.to_string()))?)
    } else {
        out.write_all(&head).map_err(folder(plain_dir))?;
        None
    };
    let mut buf = vec![0u8; 1 << 16];
    loop {
        let n = reader
            .read(&mut buf)
            .map_err(|e| BackupError::Verify(format!("encrypted backup damaged: {e}")))?;
        if n == 0 {
            break;
        }
        out.write_all(&buf[..n]).map_err(folder(plain_dir))?;
    }
    out.sync_all().map_err(folder(plain_dir))?;
    Ok(carried)
}

/// Encrypts the verified `plain` copy (with `key`'s line first, when it is under a key) into
/// `sealed`, then reads it back with the passphrase: it must yield exactly those bytes.
fn seal_and_check(
    plain: &Path,
    key: Option<&DbKey>,
    sealed: &Path,
    passphrase: &Passphrase,
    progress: &Progress,
) -> Result<(), BackupError> {
    use std::io::Read;
    let head = key.map(key_line).unwrap_or_default();
    encrypt_file(&head, plain, sealed, passphrase, progress)?;
    progress.start(Phase::CheckingEncrypted, 2 * file_len(plain));
    let want = std::fs::File::open(plain)
        .and_then(|f| {
            digest_of(Counted {
                inner: std::io::Cursor::new(head).chain(f),
                progress,
            })
        })
        .map_err(|e| BackupError::Copy(e.to_string()))?;
    let got = digest_of(Counted {
        inner: open_sealed(sealed, passphrase)?,
        progress,
    })
    .map_err(|e| BackupError::Verify(format!("encrypted copy unreadable: {e}")))?;
    if got != want {
        return Err(BackupError::Verify(
            "the encrypted copy does not decrypt to the verified copy".into(),
        ));
    }
    Ok(())
}

fn folder_of(live: &Path) -> &Path {
    live.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

impl Prepared {
    /// The prepared file, e.g. to check an admin's password against its accounts.
    pub fn path(&self) -> &Path {
        &self.temp
    }

    /// Removes the prepared file; the live file was never touched.
    pub fn discard(self) {
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(with_suffix(&self.temp, suffix));
        }
    }

    /// Moves the live file aside (renamed `sinkron-sebelum-pulih-…`, never deleted) and the
    /// prepared one into its place. Nobody may have the live file open (close the store first;
    /// the app restarts afterwards).
    pub fn place(self) -> Result<Restored, BackupError> {
        let dir = folder_of(&self.live);
        let kept_aside = if self.live.exists() {
            let aside = dir.join(format!("sinkron-sebelum-pulih-{}.db", self.stamp));
            for suffix in ["-wal", "-shm", ""] {
                let from = with_suffix(&self.live, suffix);
                if from.exists() {
                    std::fs::rename(&from, with_suffix(&aside, suffix)).map_err(folder(dir))?;
                }
            }
            Some(aside)
        } else {
            None
        };
        std::fs::rename(&self.temp, &self.live).map_err(folder(dir))?;
        sync_dir(dir).map_err(folder(dir))?;
        Ok(Restored {
            facts: self.facts,
            kept_aside,
        })
    }
}

/// [`prepare_restore`] then [`Prepared::place`]: for a caller that has nothing to check in
/// between and has already closed the live file.
pub async fn restore(
    copy: &Path,
    live: &Path,
    now: NaiveDateTime,
    passphrase: Option<&Passphrase>,
    key: Option<&DbKey>,
) -> Result<Restored, BackupError> {
    prepare_restore(copy, live, now, passphrase, key)
        .await?
        .place()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// A path as an SQL string literal (for `VACUUM INTO`, which takes no parameter).
fn sql_literal(path: &Path) -> Result<String, BackupError> {
    let text = path
        .to_str()
        .ok_or_else(|| BackupError::Copy("the backup path is not valid UTF-8".into()))?;
    Ok(format!("'{}'", text.replace('\'', "''")))
}

/// Removes temporary files that earlier, killed backups left in `dir`.
fn sweep_stale_temps(dir: &Path) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(name) = name.to_str() else { continue };
        if !(name.starts_with(TEMP_PREFIX) && name.ends_with(TEMP_SUFFIX)) {
            continue;
        }
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|t| SystemTime::now().duration_since(t).ok())
            .is_some_and(|age| age > STALE_TEMP);
        if old {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

impl Store {
    /// Takes a verified backup into `dir` (created if missing) at `now`, encrypted when a
    /// `passphrase` is given, then thins older copies by `keep`. The operators keep working
    /// meanwhile.
    pub async fn backup_into(
        &self,
        dir: &Path,
        now: DateTime<Utc>,
        keep: &Retention,
        passphrase: Option<&Passphrase>,
    ) -> Result<BackupReport, BackupError> {
        self.backup_into_with(dir, now, keep, passphrase, Arc::default())
            .await
    }

    /// [`Store::backup_into`], telling `progress` how far it is.
    pub async fn backup_into_with(
        &self,
        dir: &Path,
        now: DateTime<Utc>,
        keep: &Retention,
        passphrase: Option<&Passphrase>,
        progress: Arc<Progress>,
    ) -> Result<BackupReport, BackupError> {
        std::fs::create_dir_all(dir).map_err(folder(dir))?;
        sweep_stale_temps(dir);
        let zone = self
            .settings()
            .await
            .map_err(|e| BackupError::Copy(e.to_string()))?
            .zone;
        let taken = zone.local_time(now);
        let final_path = dir.join(match passphrase {
            Some(_) => encrypted_file_name(taken),
            None => file_name(taken),
        });
        if dir.join(file_name(taken)).exists() || dir.join(encrypted_file_name(taken)).exists() {
            return Err(BackupError::Copy(format!(
                "{} already exists",
                final_path.display()
            )));
        }
        let temp_name = format!(
            "{TEMP_PREFIX}{}-{}{TEMP_SUFFIX}",
            taken.format(NAME_TIME),
            std::process::id()
        );
        let temp = dir.join(&temp_name);
        let made = match passphrase {
            None => self.copy_and_verify(&temp, &progress).await,
            Some(passphrase) => {
                // The plain copy stays in the app's data folder, beside the live file.
                let live_dir = folder_of(&self.path).to_path_buf();
                sweep_stale_temps(&live_dir);
                let plain = live_dir.join(&temp_name);
                let made = match self.copy_and_verify(&plain, &progress).await {
                    Ok(facts) => {
                        let (plain, key, sealed, passphrase, progress) = (
                            plain.clone(),
                            self.key.clone(),
                            temp.clone(),
                            passphrase.clone(),
                            progress.clone(),
                        );
                        blocking(move || {
                            seal_and_check(&plain, key.as_ref(), &sealed, &passphrase, &progress)
                        })
                        .await
                        .map(|()| facts)
                    }
                    Err(error) => Err(error),
                };
                let _ = std::fs::remove_file(&plain);
                made
            }
        };
        let facts = match made {
            Ok(facts) => facts,
            Err(error) => {
                let _ = std::fs::remove_file(&temp);
                return Err(error);
            }
        };
        let placed = sync_file(&temp)
            .and_then(|()| std::fs::rename(&temp, &final_path))
            .and_then(|()| sync_dir(dir));
        if let Err(e) = placed {
            let _ = std::fs::remove_file(&temp);
            return Err(folder(dir)(e));
        }
        progress.start(Phase::Done, 0);
        let bytes = std::fs::metadata(&final_path)
            .map(|m| m.len())
            .unwrap_or_default();
        let copies = list(dir)?;
        let mut removed = Vec::new();
        for path in to_remove(&copies, keep) {
            if path != final_path && std::fs::remove_file(&path).is_ok() {
                removed.push(path);
            }
        }
        Ok(BackupReport {
            copy: BackupCopy {
                path: final_path,
                taken,
                bytes,
                encrypted: passphrase.is_some(),
            },
            requests: facts.requests,
            documents: facts.documents,
            removed,
        })
    }

    /// `VACUUM INTO` the temporary file, then check the copy against the live database: every
    /// request up to the copy's newest, and their documents, must be in it.
    async fn copy_and_verify(
        &self,
        temp: &Path,
        progress: &Progress,
    ) -> Result<CopyFacts, BackupError> {
        // The copy is at most the live file's pages; its size on disk says how far it is.
        let size: i64 = sqlx::query_scalar(
            "SELECT page_count * page_size FROM pragma_page_count(), pragma_page_size()",
        )
        .fetch_one(&self.pool)
        .await
        .unwrap_or(0);
        progress.start(Phase::Copying, size.max(0) as u64);
        let statement = format!("VACUUM INTO {}", sql_literal(temp)?);
        let vacuum = sqlx::query(&statement).execute(&self.pool);
        tokio::pin!(vacuum);
        let copied = loop {
            tokio::select! {
                copied = &mut vacuum => break copied,
                _ = tokio::time::sleep(std::time::Duration::from_millis(200)) => {
                    progress.set_done(file_len(temp));
                }
            }
        };
        copied.map_err(sql_failure)?;
        progress.start(Phase::Checking, 0);
        let facts = verify(temp, self.key.as_ref()).await?;
        let (requests, documents): (i64, i64) = sqlx::query_as(
            "SELECT (SELECT count(*) FROM requests WHERE id <= ?1), \
                    (SELECT count(*) FROM documents WHERE request_id <= ?1)",
        )
        .bind(facts.last_request)
        .fetch_one(&self.pool)
        .await
        .map_err(|e| BackupError::Verify(e.to_string()))?;
        if (requests, documents) != (facts.requests, facts.documents) {
            return Err(BackupError::Verify(format!(
                "copy holds {} requests and {} documents, the live file {requests} and \
                 {documents} up to request {}",
                facts.requests, facts.documents, facts.last_request
            )));
        }
        Ok(facts)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quote_in_the_folder_name_stays_inside_the_sql_literal() {
        let literal = sql_literal(Path::new("/mnt/usb/O'Brien/x.tmp")).unwrap();
        assert_eq!(literal, "'/mnt/usb/O''Brien/x.tmp'");
    }
}
