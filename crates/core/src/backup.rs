//! The backup rules, whatever the backend: a backup's name (`sinkron-cadangan-YYYY-MM-DD_HHMMSS`,
//! the office's local time), which copies the 7 daily, 4 weekly and 12 monthly retention keeps,
//! when the daily and the on-close backup are due, what an admin is warned of, and a failed
//! backup's error in words for a screen, and the passphrase that encrypts copies when an admin
//! sets one ([`Passphrase`]; an encrypted copy is named `….db.age`). Taking, verifying and
//! restoring a copy of the SQLite file is `sinkron_sqlite::backup`.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, AtomicU8, Ordering};
use std::time::Duration;

use chrono::{Datelike, NaiveDateTime};
use thiserror::Error;

use crate::error::Code;
use crate::ErrorPayload;

/// Every backup's file name starts with this.
pub const PREFIX: &str = "sinkron-cadangan-";

pub const SUFFIX: &str = ".db";

/// An encrypted copy (age, with the office's backup passphrase).
pub const ENCRYPTED_SUFFIX: &str = ".db.age";

/// The shortest backup passphrase taken.
pub const PASSPHRASE_MIN_CHARS: usize = 12;

/// Files being written; never a final name.
pub const TEMP_PREFIX: &str = ".sinkron-cadangan-";

pub const TEMP_SUFFIX: &str = ".tmp";

pub const NAME_TIME: &str = "%Y-%m-%d_%H%M%S";

/// A temporary file older than this was left by a backup that died; a running one is younger.
pub const STALE_TEMP: Duration = Duration::from_secs(6 * 3600);

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
    /// Encrypted with the backup passphrase (`….db.age`).
    pub encrypted: bool,
}

/// Which step a running backup is at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    Idle,
    /// The consistent copy being written.
    Copying,
    /// `integrity_check` and the counts against the live file.
    Checking,
    Encrypting,
    /// The encrypted copy read back and compared.
    CheckingEncrypted,
    Done,
}

impl Phase {
    const ALL: [Phase; 6] = [
        Phase::Idle,
        Phase::Copying,
        Phase::Checking,
        Phase::Encrypting,
        Phase::CheckingEncrypted,
        Phase::Done,
    ];

    /// What the card says while it runs.
    pub fn label(self) -> &'static str {
        match self {
            Phase::Idle => "Menunggu",
            Phase::Copying => "Menyalin data",
            Phase::Checking => "Memeriksa salinan",
            Phase::Encrypting => "Mengenkripsi salinan",
            Phase::CheckingEncrypted => "Memeriksa salinan terenkripsi",
            Phase::Done => "Selesai",
        }
    }
}

/// How far a running backup is: written by the backup, read by whoever shows it (the card
/// polls it while the operators keep working).
#[derive(Debug, Default)]
pub struct Progress {
    phase: AtomicU8,
    done: AtomicU64,
    total: AtomicU64,
}

/// A moment of [`Progress`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ProgressNow {
    pub phase: Phase,
    /// 0–100 when the step's size is known; `None` while it is not (a check).
    pub percent: Option<u8>,
}

impl Progress {
    /// Starts `phase`, of `total` bytes (0: size unknown).
    pub fn start(&self, phase: Phase, total: u64) {
        self.done.store(0, Ordering::Relaxed);
        self.total.store(total, Ordering::Relaxed);
        let index = Phase::ALL.iter().position(|p| *p == phase).unwrap_or(0);
        self.phase.store(index as u8, Ordering::Release);
    }

    /// `done` bytes of the step so far.
    pub fn set_done(&self, done: u64) {
        self.done.store(done, Ordering::Relaxed);
    }

    /// `n` more bytes of the step.
    pub fn add(&self, n: u64) {
        self.done.fetch_add(n, Ordering::Relaxed);
    }

    pub fn now(&self) -> ProgressNow {
        let phase = Phase::ALL
            .get(self.phase.load(Ordering::Acquire) as usize)
            .copied()
            .unwrap_or(Phase::Idle);
        let (done, total) = (
            self.done.load(Ordering::Relaxed),
            self.total.load(Ordering::Relaxed),
        );
        let percent = match phase {
            Phase::Done => Some(100),
            _ if total == 0 => None,
            // Never 100 before the step has ended.
            _ => Some((done.saturating_mul(100) / total).min(99) as u8),
        };
        ProgressNow { phase, percent }
    }
}

/// The passphrase that encrypts this office's backups. Checked when an admin sets it; never
/// shown, logged or written to a file (the app keeps it in the OS credential store).
#[derive(Clone, PartialEq, Eq)]
pub struct Passphrase(String);

impl std::fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Passphrase(…)")
    }
}

impl Passphrase {
    /// A new passphrase as typed; the refusal says in Indonesian what to type instead.
    pub fn parse(text: &str) -> Result<Passphrase, String> {
        let chars = text.chars().count();
        if text.trim() != text {
            return Err("Frasa sandi tidak boleh diawali atau diakhiri spasi".into());
        }
        if chars < PASSPHRASE_MIN_CHARS {
            return Err(format!(
                "Frasa sandi paling sedikit {PASSPHRASE_MIN_CHARS} karakter — mis. empat kata \
                 yang mudah Anda ingat tetapi sulit ditebak orang lain"
            ));
        }
        if text.chars().collect::<BTreeSet<_>>().len() < 5 {
            return Err("Frasa sandi terlalu mudah ditebak — pakai beberapa kata berbeda".into());
        }
        Ok(Passphrase(text.to_string()))
    }

    /// One read back from the credential store or typed at a restore: any text, since what
    /// counts is whether it opens the copy.
    pub fn stored(text: &str) -> Passphrase {
        Passphrase(text.to_string())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
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
    #[error("the backup is encrypted and no passphrase was given")]
    PassphraseNeeded,
    #[error("the backup's passphrase is wrong")]
    WrongPassphrase,
    /// A copy without a passphrase, encrypted under another PC's (or account's) database key.
    #[error("the backup is encrypted under a database key this PC does not have")]
    OtherKey,
}

impl BackupError {
    pub fn code(&self) -> Code {
        match self {
            BackupError::Folder { .. } => Code::BackupFolder,
            BackupError::DiskFull(_) => Code::BackupDiskFull,
            BackupError::Copy(_) => Code::BackupFailed,
            BackupError::Verify(_) => Code::BackupNotVerified,
            BackupError::Newer(_) => Code::BackupNewer,
            BackupError::PassphraseNeeded => Code::BackupPassphraseNeeded,
            BackupError::WrongPassphrase => Code::BackupWrongPassphrase,
            BackupError::OtherKey => Code::BackupOtherKey,
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
            BackupError::PassphraseNeeded => {
                "Cadangan ini terenkripsi — ketik frasa sandi cadangan kantor untuk membukanya. \
                 Data tidak berubah."
            }
            BackupError::WrongPassphrase => {
                "Frasa sandi cadangan salah — cadangan ini tidak dapat dibuka dengannya. Periksa \
                 huruf besar-kecil dan coba lagi. Data tidak berubah."
            }
            BackupError::OtherKey => {
                "Cadangan ini terkunci dengan kunci basis data komputer atau akun Windows lain, \
                 jadi hanya dapat dipulihkan di sana — pilih cadangan berfrasa sandi (.db.age). \
                 Data tidak berubah."
            }
        };
        ErrorPayload::new(self.code(), message)
    }
}

pub fn folder(path: &Path) -> impl Fn(std::io::Error) -> BackupError + '_ {
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

pub fn is_full(error: &std::io::Error) -> bool {
    // ENOSPC on Unix, ERROR_DISK_FULL / ERROR_HANDLE_DISK_FULL on Windows.
    matches!(error.raw_os_error(), Some(28) if cfg!(unix))
        || matches!(error.raw_os_error(), Some(112 | 39) if cfg!(windows))
}

/// The final name of a copy taken at `taken` (office-local time).
pub fn file_name(taken: NaiveDateTime) -> String {
    format!("{PREFIX}{}{SUFFIX}", taken.format(NAME_TIME))
}

/// The final name of an encrypted copy taken at `taken`.
pub fn encrypted_file_name(taken: NaiveDateTime) -> String {
    format!("{PREFIX}{}{ENCRYPTED_SUFFIX}", taken.format(NAME_TIME))
}

/// When a copy with this file name was taken; `None` for any other file.
pub fn taken_from_name(name: &str) -> Option<NaiveDateTime> {
    let rest = name.strip_prefix(PREFIX)?;
    let stamp = rest
        .strip_suffix(ENCRYPTED_SUFFIX)
        .or_else(|| rest.strip_suffix(SUFFIX))?;
    NaiveDateTime::parse_from_str(stamp, NAME_TIME).ok()
}

/// Whether a copy's name says it is encrypted.
pub fn is_encrypted_name(name: &str) -> bool {
    name.ends_with(ENCRYPTED_SUFFIX)
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
                encrypted: name.to_str().is_some_and(is_encrypted_name),
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
            encrypted: false,
        }
    }

    #[test]
    fn an_encrypted_copy_is_named_db_age_and_listed_with_its_time() {
        let t = at(2026, 12, 4, 7);
        let name = encrypted_file_name(t);
        assert_eq!(name, "sinkron-cadangan-2026-12-04_070000.db.age");
        assert_eq!(taken_from_name(&name), Some(t));
        assert!(is_encrypted_name(&name));
        assert!(!is_encrypted_name(&file_name(t)));
    }

    #[test]
    fn a_passphrase_is_long_and_varied_enough() {
        assert!(Passphrase::parse("kopi pagi di kantor desa").is_ok());
        for weak in [
            "pendek",
            "aaaaaaaaaaaaaaaa",
            "abababababab",
            " spasi di depan x",
        ] {
            let refused = Passphrase::parse(weak).unwrap_err();
            assert!(refused.contains("Frasa sandi"), "{weak}: {refused}");
        }
    }

    #[test]
    fn progress_counts_within_a_step_and_never_says_100_before_done() {
        let p = Progress::default();
        assert_eq!(
            p.now(),
            ProgressNow {
                phase: Phase::Idle,
                percent: None
            }
        );
        p.start(Phase::Encrypting, 1000);
        p.add(250);
        assert_eq!(p.now().percent, Some(25));
        p.add(10_000);
        assert_eq!(p.now().percent, Some(99));
        p.start(Phase::Checking, 0);
        assert_eq!(
            p.now(),
            ProgressNow {
                phase: Phase::Checking,
                percent: None
            }
        );
        p.start(Phase::Done, 0);
        assert_eq!(p.now().percent, Some(100));
        assert_eq!(p.now().phase.label(), "Selesai");
    }

    #[test]
    fn a_passphrase_never_shows_in_debug_output() {
        let p = Passphrase::parse("kopi pagi di kantor desa").unwrap();
        assert!(!format!("{p:?}").contains("kopi"));
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
}
