//! Backups of the office's SQLite file: one PC working alone holds every request and every
//! KK/KTP photo in one file, and a dead disk must not take them. A backup is a consistent
//! online copy (`VACUUM INTO`, which reads one snapshot while the operators keep writing),
//! written under a temporary name, checked (`integrity_check`, and every request and document
//! of the copy's snapshot present in the live file), flushed to disk and only then renamed to
//! `sinkron-cadangan-YYYY-MM-DD_HHMMSS.db` (the office's local time). Older copies are thinned
//! to 7 daily, 4 weekly and 12 monthly ones, and only after a newer copy has verified. A failed
//! or killed backup leaves the live file and every earlier copy as they were; its temporary
//! file is never under a final name and is swept by a later backup.

use sinkron_core::RequestStore as _;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::SystemTime;

use chrono::{DateTime, NaiveDateTime, Utc};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};

use sinkron_core::backup::{
    file_name, folder, is_full, list, to_remove, BackupCopy, BackupError, BackupReport, Retention,
    NAME_TIME, STALE_TEMP, TEMP_PREFIX, TEMP_SUFFIX,
};

use crate::Store;

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

/// A plain read-only connection to a copy (no migrations, no WAL switch: the copy is only read).
async fn read_only(path: &Path) -> Result<sqlx::SqliteConnection, BackupError> {
    SqliteConnectOptions::from_str("sqlite:")
        .map_err(|e| BackupError::Verify(e.to_string()))?
        .filename(path)
        .read_only(true)
        .connect()
        .await
        .map_err(|e| BackupError::Verify(e.to_string()))
}

/// Opens a copy read-only and checks it: `integrity_check`, then its counts and its newest
/// request id. Used after every backup, and before any restore.
pub async fn verify(path: &Path) -> Result<CopyFacts, BackupError> {
    let mut conn = read_only(path).await?;
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

/// Prepares the backup `copy` to replace the live file `live`: the copy is verified, refused
/// when a newer Sinkron made it, copied beside `live` under a temporary name, migrated there and
/// checked again. The copy itself is only read. `now` names the file kept aside later
/// (office-local time).
pub async fn prepare_restore(
    copy: &Path,
    live: &Path,
    now: NaiveDateTime,
) -> Result<Prepared, BackupError> {
    let facts = verify(copy).await?;
    if let Some(version) = facts.unknown_migration {
        return Err(BackupError::Newer(version));
    }
    let dir = folder_of(live);
    let stamp = now.format(NAME_TIME).to_string();
    let prepared = Prepared {
        temp: dir.join(format!(".sinkron-pulih-{stamp}{TEMP_SUFFIX}")),
        live: live.to_path_buf(),
        stamp,
        facts,
    };
    let made = async {
        std::fs::copy(copy, &prepared.temp).map_err(folder(dir))?;
        let store = Store::open(&prepared.temp)
            .await
            .map_err(|e| BackupError::Verify(e.to_string()))?;
        let verdict = store.integrity_check().await;
        store.close().await;
        match verdict {
            Ok(v) if v == "ok" => {}
            Ok(v) => return Err(BackupError::Verify(v)),
            Err(e) => return Err(BackupError::Verify(e.to_string())),
        }
        sync_file(&prepared.temp).map_err(folder(dir))
    }
    .await;
    match made {
        Ok(()) => Ok(prepared),
        Err(error) => {
            prepared.discard();
            Err(error)
        }
    }
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
) -> Result<Restored, BackupError> {
    prepare_restore(copy, live, now).await?.place()
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

/// Flushes a file, and on Unix the folder's entry of a rename, to the disk.
fn sync_file(path: &Path) -> std::io::Result<()> {
    std::fs::OpenOptions::new()
        .read(true)
        .write(true)
        .open(path)?
        .sync_all()
}

#[cfg(unix)]
fn sync_dir(dir: &Path) -> std::io::Result<()> {
    std::fs::File::open(dir)?.sync_all()
}

#[cfg(not(unix))]
fn sync_dir(_dir: &Path) -> std::io::Result<()> {
    Ok(())
}

impl Store {
    /// Takes a verified backup into `dir` (created if missing) at `now`, then thins older
    /// copies by `keep`. The operators keep working meanwhile.
    pub async fn backup_into(
        &self,
        dir: &Path,
        now: DateTime<Utc>,
        keep: &Retention,
    ) -> Result<BackupReport, BackupError> {
        std::fs::create_dir_all(dir).map_err(folder(dir))?;
        sweep_stale_temps(dir);
        let zone = self
            .settings()
            .await
            .map_err(|e| BackupError::Copy(e.to_string()))?
            .zone;
        let taken = zone.local_time(now);
        let final_path = dir.join(file_name(taken));
        if final_path.exists() {
            return Err(BackupError::Copy(format!(
                "{} already exists",
                final_path.display()
            )));
        }
        let temp = dir.join(format!(
            "{TEMP_PREFIX}{}-{}{TEMP_SUFFIX}",
            taken.format(NAME_TIME),
            std::process::id()
        ));
        let made = self.copy_and_verify(&temp).await;
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
            },
            requests: facts.requests,
            documents: facts.documents,
            removed,
        })
    }

    /// `VACUUM INTO` the temporary file, then check the copy against the live database: every
    /// request up to the copy's newest, and their documents, must be in it.
    async fn copy_and_verify(&self, temp: &Path) -> Result<CopyFacts, BackupError> {
        sqlx::query(&format!("VACUUM INTO {}", sql_literal(temp)?))
            .execute(&self.pool)
            .await
            .map_err(sql_failure)?;
        let facts = verify(temp).await?;
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
