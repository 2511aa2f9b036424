//! Backups of the office's SQLite file: one PC working alone holds every request and every
//! KK/KTP photo in one file, and a dead disk must not take them. A backup is a consistent
//! online copy (`VACUUM INTO`, which reads one snapshot while the operators keep writing),
//! written under a temporary name, checked (`integrity_check`, and every request and document
//! of the copy's snapshot present in the live file), flushed to disk and only then renamed to
//! `sinkron-cadangan-YYYY-MM-DD_HHMMSS.db` (the office's local time). Older copies are thinned
//! to 7 daily, 4 weekly and 12 monthly ones, and only after a newer copy has verified. A failed
//! or killed backup leaves the live file and every earlier copy as they were; its temporary
//! file is never under a final name and is swept by a later backup.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::str::FromStr;
use std::time::{Duration, SystemTime};

use chrono::{DateTime, Datelike, NaiveDateTime, Utc};
use sqlx::sqlite::SqliteConnectOptions;
use sqlx::{ConnectOptions, Connection};
use thiserror::Error;

use super::Store;
use crate::ErrorPayload;

/// Every backup's file name starts with this.
pub const PREFIX: &str = "sinkron-cadangan-";
const SUFFIX: &str = ".db";
/// Files being written; never a final name.
const TEMP_PREFIX: &str = ".sinkron-cadangan-";
const TEMP_SUFFIX: &str = ".tmp";
const NAME_TIME: &str = "%Y-%m-%d_%H%M%S";
/// A temporary file older than this was left by a backup that died; a running one is younger.
const STALE_TEMP: Duration = Duration::from_secs(6 * 3600);

/// How many copies to keep: the newest of each of the last `daily` days, `weekly` ISO weeks
/// and `monthly` months (one copy may count for all three).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Retention {
    pub daily: usize,
    pub weekly: usize,
    pub monthly: usize,
}

impl Default for Retention {
    fn default() -> Self {
        Retention {
            daily: 7,
            weekly: 4,
            monthly: 12,
        }
    }
}

/// One finished backup in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BackupCopy {
    pub path: PathBuf,
    /// When it was taken, in the office's local time (from its name).
    pub taken: NaiveDateTime,
    pub bytes: u64,
}

/// What a backup made, and what it thinned.
#[derive(Debug, Clone)]
pub struct BackupReport {
    pub copy: BackupCopy,
    pub requests: i64,
    pub documents: i64,
    /// Older copies deleted by the retention rule.
    pub removed: Vec<PathBuf>,
}

/// Why a backup was not made. Whatever the cause, the live database and the earlier copies
/// are as they were. `Display` is for logs; `payload()` is what a screen shows.
#[derive(Debug, Error)]
pub enum BackupError {
    #[error("backup folder {path}: {source}")]
    Folder {
        path: PathBuf,
        source: std::io::Error,
    },
    #[error("backup folder is full: {0}")]
    DiskFull(String),
    #[error("backup copy failed: {0}")]
    Copy(String),
    #[error("backup copy did not verify: {0}")]
    Verify(String),
    #[error("the backup was made by a newer Sinkron (migration {0})")]
    Newer(i64),
}

impl BackupError {
    pub fn code(&self) -> &'static str {
        match self {
            BackupError::Folder { .. } => "backup_folder",
            BackupError::DiskFull(_) => "backup_disk_full",
            BackupError::Copy(_) => "backup_failed",
            BackupError::Verify(_) => "backup_not_verified",
            BackupError::Newer(_) => "backup_newer",
        }
    }

    /// In Indonesian, with what to do; never a path or SQL.
    pub fn payload(&self) -> ErrorPayload {
        let message = match self {
            BackupError::Folder { .. } => {
                "Folder cadangan tidak dapat dipakai — pastikan disk, USB atau folder jaringan \
                 tersambung dan dapat ditulisi. Data dan cadangan lama tidak berubah."
            }
            BackupError::DiskFull(_) => {
                "Ruang di folder cadangan tidak cukup — kosongkan ruang atau pilih folder lain. \
                 Data dan cadangan lama tidak berubah."
            }
            BackupError::Copy(_) => {
                "Cadangan gagal dibuat — coba lagi; bila berulang, hubungi admin. Data dan \
                 cadangan lama tidak berubah."
            }
            BackupError::Verify(_) => {
                "Salinan cadangan tidak lolos pemeriksaan dan sudah dibuang — coba lagi; bila \
                 berulang, hubungi admin. Data dan cadangan lama tidak berubah."
            }
            BackupError::Newer(_) => {
                "Cadangan ini dibuat oleh Sinkron yang lebih baru — perbarui Sinkron di komputer \
                 ini lebih dulu. Data tidak berubah."
            }
        };
        ErrorPayload::new(self.code(), message)
    }
}

fn folder(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
    move |source| {
        if is_full(&source) {
            BackupError::DiskFull(source.to_string())
        } else {
            BackupError::Folder {
                path: path.to_path_buf(),
                source,
            }
        }
    }
}

fn is_full(error: &std::io::Error) -> bool {
    // ENOSPC on Unix, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    matches!(error.raw_os_error(), Some(28) if cfg!(unix))
        || matches!(error.raw_os_error(), Some(112 | 39) if cfg!(windows))
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

/// The final name of a copy taken at `taken` (office-local time).
pub fn file_name(taken: NaiveDateTime) -> String {
    format!("{PREFIX}{}{SUFFIX}", taken.format(NAME_TIME))
}

/// When a copy with this file name was taken; `None` for any other file.
pub fn taken_from_name(name: &str) -> Option<NaiveDateTime> {
    let stamp = name.strip_prefix(PREFIX)?.strip_suffix(SUFFIX)?;
    NaiveDateTime::parse_from_str(stamp, NAME_TIME).ok()
}

/// The finished backups in `dir`, newest first; other files are ignored.
pub fn list(dir: &Path) -> Result<Vec<BackupCopy>, BackupError> {
    let mut copies = Vec::new();
    for entry in std::fs::read_dir(dir).map_err(folder(dir))? {
        let entry = entry.map_err(folder(dir))?;
        let name = entry.file_name();
        let Some(taken) = name.to_str().and_then(taken_from_name) else {
            continue;
        };
        let meta = entry.metadata().map_err(folder(dir))?;
        if meta.is_file() {
            copies.push(BackupCopy {
                path: entry.path(),
                taken,
                bytes: meta.len(),
            });
        }
    }
    copies.sort_by_key(|c| std::cmp::Reverse(c.taken));
    Ok(copies)
}

/// Which copies the retention rule lets go: everything that is not the newest of one of the
/// last `daily` days, `weekly` ISO weeks or `monthly` months present in the folder.
pub fn to_remove(copies: &[BackupCopy], keep: &Retention) -> Vec<PathBuf> {
    let mut newest_first: Vec<&BackupCopy> = copies.iter().collect();
    newest_first.sort_by_key(|c| std::cmp::Reverse(c.taken));
    let mut kept: BTreeSet<&Path> = BTreeSet::new();
    let mut keep_newest_per = |limit: usize, period: &dyn Fn(&NaiveDateTime) -> (i32, u32, u32)| {
        let mut seen = BTreeSet::new();
        for copy in &newest_first {
            if seen.len() == limit {
                break;
            }
            if seen.insert(period(&copy.taken)) {
                kept.insert(&copy.path);
            }
        }
    };
    keep_newest_per(keep.daily, &|t| (t.year(), t.month(), t.day()));
    keep_newest_per(keep.weekly, &|t| {
        let week = t.iso_week();
        (week.year(), week.week(), 0)
    });
    keep_newest_per(keep.monthly, &|t| (t.year(), t.month(), 0));
    newest_first
        .iter()
        .filter(|c| !kept.contains(c.path.as_path()))
        .map(|c| c.path.clone())
        .collect()
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

/// The hour of the office's day from which the daily backup is due (the first start after it,
/// or the first check while the app runs).
pub const DAILY_FROM_HOUR: u32 = 7;

/// Whether the daily backup is due at the office's local time `now`: it is past 07:00 and the
/// newest copy was taken before today's 07:00.
pub fn due_daily(newest: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    let Some(today_from) = now.date().and_hms_opt(DAILY_FROM_HOUR, 0, 0) else {
        return false;
    };
    now >= today_from && newest.is_none_or(|taken| taken < today_from)
}

/// Whether closing the app should take a backup first: the newest copy is older than a day.
pub fn due_on_close(newest: Option<NaiveDateTime>, now: NaiveDateTime) -> bool {
    newest.is_none_or(|taken| now - taken > chrono::Duration::days(1))
}

/// What an admin must be warned of, in Indonesian; `None` when the backups are in order. The
/// warning comes when the folder cannot be read, or the newest copy is older than two days.
pub fn warning(
    copies: &Result<Vec<BackupCopy>, BackupError>,
    now: NaiveDateTime,
) -> Option<String> {
    match copies {
        Err(_) => Some(
            "Folder cadangan tidak dapat dibuka — sambungkan disk, USB atau folder jaringannya, \
             atau pilih folder lain"
                .into(),
        ),
        Ok(copies) => match copies.first() {
            None => Some("Belum ada cadangan data di folder cadangan".into()),
            Some(newest) => {
                let days = (now - newest.taken).num_days();
                (days >= 2).then(|| format!("Cadangan terakhir sudah {days} hari yang lalu"))
            }
        },
    }
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
    use chrono::NaiveDate;

    fn at(y: i32, m: u32, d: u32, h: u32) -> NaiveDateTime {
        NaiveDate::from_ymd_opt(y, m, d)
            .unwrap()
            .and_hms_opt(h, 0, 0)
            .unwrap()
    }

    fn copy(taken: NaiveDateTime) -> BackupCopy {
        BackupCopy {
            path: PathBuf::from(file_name(taken)),
            taken,
            bytes: 1,
        }
    }

    #[test]
    fn a_name_carries_its_time_and_other_files_are_not_backups() {
        let t = at(2026, 12, 4, 7);
        assert_eq!(file_name(t), "sinkron-cadangan-2026-12-04_070000.db");
        assert_eq!(taken_from_name(&file_name(t)), Some(t));
        for other in [
            "sinkron.db",
            "sinkron-cadangan-2026-12-04.db",
            ".sinkron-cadangan-2026-12-04_070000-1.tmp",
            "sinkron-cadangan-2026-13-04_070000.db",
        ] {
            assert_eq!(taken_from_name(other), None, "{other}");
        }
    }

    #[test]
    fn retention_keeps_the_newest_of_each_day_week_and_month() {
        // Two copies a day for 400 days.
        let mut copies = Vec::new();
        let first = at(2025, 11, 1, 8);
        for day in 0..400 {
            for hour in [8, 17] {
                let t = first + chrono::Duration::days(day) + chrono::Duration::hours(hour - 8);
                copies.push(copy(t));
            }
        }
        let removed: BTreeSet<PathBuf> = to_remove(&copies, &Retention::default())
            .into_iter()
            .collect();
        let kept: Vec<&BackupCopy> = copies
            .iter()
            .filter(|c| !removed.contains(&c.path))
            .collect();
        let newest = copies.iter().map(|c| c.taken).max().unwrap();
        // Every kept copy is the last of its day.
        assert!(kept
            .iter()
            .all(|c| c.taken.format("%H").to_string() == "17"));
        // The last 7 days are all there.
        for back in 0..7 {
            let day = (newest - chrono::Duration::days(back)).date();
            assert!(kept.iter().any(|c| c.taken.date() == day), "{day}");
        }
        let months: BTreeSet<(i32, u32)> = kept
            .iter()
            .map(|c| (c.taken.year(), c.taken.month()))
            .collect();
        assert_eq!(months.len(), 12);
        // 7 days + up to 4 weeks + 12 months, overlapping: never more than 23.
        assert!(kept.len() <= 23 && kept.len() >= 12, "{}", kept.len());
    }

    #[test]
    fn retention_removes_nothing_while_there_are_few_copies() {
        let copies: Vec<BackupCopy> = (1..=5).map(|d| copy(at(2026, 12, d, 8))).collect();
        assert!(to_remove(&copies, &Retention::default()).is_empty());
    }

    #[test]
    fn the_daily_backup_is_due_after_seven_once_a_day() {
        let yesterday = Some(at(2026, 12, 3, 17));
        assert!(!due_daily(yesterday, at(2026, 12, 4, 6)), "before 07:00");
        assert!(due_daily(yesterday, at(2026, 12, 4, 7)));
        assert!(due_daily(None, at(2026, 12, 4, 9)), "never backed up");
        assert!(
            !due_daily(Some(at(2026, 12, 4, 8)), at(2026, 12, 4, 16)),
            "done today"
        );
        // A copy from the small hours does not count for the day.
        assert!(due_daily(Some(at(2026, 12, 4, 2)), at(2026, 12, 4, 8)));
    }

    #[test]
    fn closing_backs_up_when_the_newest_copy_is_older_than_a_day() {
        assert!(due_on_close(None, at(2026, 12, 4, 16)));
        assert!(!due_on_close(Some(at(2026, 12, 4, 8)), at(2026, 12, 4, 16)));
        assert!(due_on_close(Some(at(2026, 12, 3, 8)), at(2026, 12, 4, 16)));
    }

    #[test]
    fn admins_are_warned_of_old_missing_or_unreachable_backups() {
        let now = at(2026, 12, 4, 9);
        assert_eq!(warning(&Ok(vec![copy(at(2026, 12, 3, 8))]), now), None);
        let old = warning(&Ok(vec![copy(at(2026, 12, 1, 8))]), now).unwrap();
        assert!(old.contains("3 hari"), "{old}");
        assert!(warning(&Ok(vec![]), now).unwrap().contains("Belum ada"));
        let gone = Err(BackupError::Folder {
            path: PathBuf::from("E:\\cadangan"),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        });
        assert!(warning(&gone, now).unwrap().contains("tidak dapat dibuka"));
    }

    #[test]
    fn a_quote_in_the_folder_name_stays_inside_the_sql_literal() {
        let literal = sql_literal(Path::new("/mnt/usb/O'Brien/x.tmp")).unwrap();
        assert_eq!(literal, "'/mnt/usb/O''Brien/x.tmp'");
    }
}
