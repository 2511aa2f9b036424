//! Backups on real files: a copy taken while four writers save requests passes
//! `integrity_check` and holds every request committed before it began; a killed backup
//! (SIGKILL, many times) leaves the live file and the earlier copies sound and never a partial
//! file under a final name; a full disk (a small tmpfs this test mounts, as root) fails cleanly;
//! a folder that cannot be used fails cleanly; retention thins real files.
//!
//! The killed backups run in a child: this same test binary, started again with an environment
//! variable that turns `child_backups` into the backup loop.

use sinkron_core::RequestStore as _;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use std::time::Duration;

use chrono::{DateTime, TimeZone, Utc};
use sinkron_core::backup::{self as rules, BackupError, Retention};
use sinkron_core::photo::{self, sample};
use sinkron_core::{validate_form, FormInput, ProcessedPhoto, ValidRequest};
use sinkron_sqlite::backup;
use sinkron_sqlite::Store;
use sinkron_testing::disk::SmallDisk;

const CHILD_ENV: &str = "SINKRON_BACKUP_CHILD";
const KILLS: u32 = 25;
/// Set for a child whose every copy is encrypted.
const SEALED_ENV: &str = "SINKRON_BACKUP_CHILD_SEALED";
/// Encrypting and reading back takes a few seconds: fewer rounds, later kills.
const SEALED_KILLS: u32 = 12;

fn request() -> ValidRequest {
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "NIK tidak bisa daftar BPJS".into(),
        wa: "0812-3456-7890".into(),
    };
    validate_form(
        &input,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
    )
    .unwrap()
}

fn photos() -> &'static (ProcessedPhoto, ProcessedPhoto) {
    static PHOTOS: OnceLock<(ProcessedPhoto, ProcessedPhoto)> = OnceLock::new();
    PHOTOS.get_or_init(|| {
        (
            photo::process(&sample::phone_photo(900, 640, 1)).unwrap(),
            photo::process(&sample::phone_photo(640, 400, 1)).unwrap(),
        )
    })
}

fn at(second: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 1, 0, 0).unwrap() + chrono::Duration::seconds(second)
}

async fn with_requests(path: &Path, n: usize) -> Store {
    let store = Store::open(path).await.unwrap();
    let (kk, ktp) = photos();
    for i in 0..n {
        sinkron_core::kiosk_store::submit(&store, &request(), at(i as i64), kk, ktp)
            .await
            .unwrap();
    }
    store
}

/// A closed office file with `n` requests and one backup of it: the file and the copy.
async fn closed_with_backup(dir: &Path, n: usize) -> (PathBuf, PathBuf) {
    let live = dir.join("sinkron.db");
    let store = with_requests(&live, n).await;
    let report = store
        .backup_into(&dir.join("cadangan"), at(0), &Retention::default(), None)
        .await
        .unwrap();
    store.close().await;
    drop(store);
    settled(&live).await;
    (live, report.copy.path)
}

fn final_names(dir: &Path) -> Vec<PathBuf> {
    rules::list(dir)
        .unwrap()
        .into_iter()
        .map(|c| c.path)
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_backup_taken_while_four_desks_save_holds_every_committed_request() {
    let dir = tempfile::tempdir().unwrap();
    let store = with_requests(&dir.path().join("sinkron.db"), 20).await;
    let committed_before = 20;
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let mut writers = Vec::new();
    for w in 0..4 {
        let store = store.clone();
        let stop = stop.clone();
        writers.push(tokio::spawn(async move {
            let (kk, ktp) = photos();
            let mut n = 0;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                sinkron_core::kiosk_store::submit(
                    &store,
                    &request(),
                    at(1000 + w * 10_000 + n),
                    kk,
                    ktp,
                )
                .await
                .unwrap();
                n += 1;
            }
            n
        }));
    }
    tokio::time::sleep(Duration::from_millis(50)).await;
    let backups = dir.path().join("cadangan");
    let report = store
        .backup_into(&backups, Utc::now(), &Retention::default(), None)
        .await
        .expect("backup while writing");
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let mut written = 0;
    for w in writers {
        written += w.await.unwrap();
    }
    assert!(written > 0, "the writers saved nothing");
    assert!(report.requests >= committed_before, "{report:?}");
    assert_eq!(report.documents, report.requests * 2);
    let facts = backup::verify(&report.copy.path, None)
        .await
        .expect("the copy verifies");
    assert_eq!(facts.requests, report.requests);
    assert!(report.copy.bytes > 0);
    // No temporary file is left behind, and the live file is sound.
    let names: Vec<String> = std::fs::read_dir(&backups)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(names.len(), 1, "{names:?}");
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_folder_that_cannot_be_used_fails_cleanly_and_keeps_earlier_copies() {
    let dir = tempfile::tempdir().unwrap();
    let store = with_requests(&dir.path().join("sinkron.db"), 3).await;
    let backups = dir.path().join("cadangan");
    store
        .backup_into(&backups, at(0), &Retention::default(), None)
        .await
        .unwrap();
    let before = final_names(&backups);
    // The folder's place is taken by a file (a USB drive that is not there is much the same).
    let blocked = dir.path().join("not-a-folder");
    std::fs::write(&blocked, b"x").unwrap();
    let refused = store
        .backup_into(
            &blocked.join("cadangan"),
            at(60),
            &Retention::default(),
            None,
        )
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "backup_folder", "{refused}");
    assert!(refused.payload().message.contains("tidak berubah"));
    assert_eq!(final_names(&backups), before);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn retention_thins_real_copies_after_a_new_one_verifies() {
    let dir = tempfile::tempdir().unwrap();
    let store = with_requests(&dir.path().join("sinkron.db"), 2).await;
    let backups = dir.path().join("cadangan");
    std::fs::create_dir_all(&backups).unwrap();
    // 60 days of older copies, one a day, and a file of the admin's own.
    let first = chrono::NaiveDate::from_ymd_opt(2026, 10, 5)
        .unwrap()
        .and_hms_opt(8, 0, 0)
        .unwrap();
    for day in 0..60 {
        let taken = first + chrono::Duration::days(day);
        std::fs::write(backups.join(rules::file_name(taken)), b"old").unwrap();
    }
    std::fs::write(backups.join("catatan.txt"), b"milik admin").unwrap();
    let report = store
        .backup_into(&backups, at(0), &Retention::default(), None)
        .await
        .unwrap();
    let left = rules::list(&backups).unwrap();
    assert_eq!(left[0].path, report.copy.path, "the new copy is the newest");
    assert_eq!(
        left.len() + report.removed.len(),
        61,
        "removed {:?}",
        report.removed
    );
    assert!(rules::to_remove(&left, &Retention::default()).is_empty());
    assert!(
        backups.join("catatan.txt").is_file(),
        "another file was touched"
    );
    // 7 days, plus older weeks and months: at most 7 + 4 + 12.
    assert!(left.len() <= 23 && left.len() >= 7, "{}", left.len());
}

/// The backup loop: only does anything when started by `killed_backups_leave_everything_sound`.
#[test]
fn child_backups() {
    let Ok(dir) = std::env::var(CHILD_ENV) else {
        return;
    };
    let dir = PathBuf::from(dir);
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(&dir.join("sinkron.db")).await.unwrap();
        println!("ready");
        // Every copy a day apart and all kept: the folder fills with copies, each of which
        // must verify afterwards, whichever moment the kill came at.
        let keep_all = Retention {
            daily: 100_000,
            weekly: 0,
            monthly: 0,
        };
        let start: i64 = sinkron_testing::kill::round();
        for day in 0.. {
            let now = at(0) + chrono::Duration::days(start * 1000 + day);
            let sealed = std::env::var_os(SEALED_ENV).map(|_| passphrase());
            let _ = store
                .backup_into(&dir.join("cadangan"), now, &keep_all, sealed.as_ref())
                .await;
        }
    });
}

#[cfg(unix)]
#[test]
fn killed_backups_leave_everything_sound() {
    killed_backups(false, KILLS, 250);
}

#[cfg(unix)]
#[test]
fn killed_encrypted_backups_leave_everything_sound() {
    killed_backups(true, SEALED_KILLS, 4000);
}

/// Kills `kills` children taking backups (encrypted when `sealed`), each after up to
/// `spread_ms`, then checks the live file, every finished copy and that no partial copy has a
/// final name.
#[cfg(unix)]
fn killed_backups(sealed: bool, kills: u32, spread_ms: u64) {
    let dir = tempfile::tempdir().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    // One whole copy first, timed: the kills are spread over at least twice as long as a copy
    // takes on this machine now, so some copies finish however busy it is (an encrypted copy's
    // scrypt is slow in a debug build on a loaded machine).
    let took = rt.block_on(async {
        let store = with_requests(&dir.path().join("sinkron.db"), 60).await;
        let scratch = tempfile::tempdir().unwrap();
        let started = std::time::Instant::now();
        store
            .backup_into(
                scratch.path(),
                at(0),
                &Retention::default(),
                sealed.then(passphrase).as_ref(),
            )
            .await
            .expect("a copy nobody kills");
        let took = started.elapsed();
        store.close().await;
        took
    });
    let spread_ms = spread_ms.max(2 * took.as_millis() as u64);
    let path = dir.path().to_string_lossy();
    let mut env = vec![(CHILD_ENV, path.as_ref())];
    if sealed {
        env.push((SEALED_ENV, "1"));
    }
    sinkron_testing::kill::kill_rounds("child_backups", &env, kills, spread_ms);
    rt.block_on(async {
        let store = Store::open(&dir.path().join("sinkron.db")).await.unwrap();
        assert_eq!(store.integrity_check().await.unwrap(), "ok");
        let copies = rules::list(&dir.path().join("cadangan")).unwrap();
        assert!(!copies.is_empty(), "no backup finished in {kills} rounds");
        let scratch = tempfile::tempdir().unwrap();
        for copy in &copies {
            assert_eq!(copy.encrypted, sealed, "{}", copy.path.display());
            let facts = if copy.encrypted {
                let prepared = backup::prepare_restore(
                    &copy.path,
                    &scratch.path().join("sinkron.db"),
                    local(9),
                    Some(&passphrase()),
                    None,
                )
                .await
                .unwrap_or_else(|e| panic!("{}: {e}", copy.path.display()));
                let facts = prepared.facts;
                prepared.discard();
                facts
            } else {
                backup::verify(&copy.path, None)
                    .await
                    .unwrap_or_else(|e| panic!("{}: {e}", copy.path.display()))
            };
            assert_eq!(facts.requests, 60, "{}", copy.path.display());
        }
        // Copies cut off mid-write stay under their temporary names, never a final one.
        let partial = temps(&dir.path().join("cadangan")).len();
        eprintln!(
            "{} verified copies (encrypted: {sealed}) and {partial} cut-off temporary files \
             after {kills} kills",
            copies.len()
        );
    });
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_full_disk_fails_cleanly_and_keeps_everything() {
    let Some(disk) = SmallDisk::mount(4096) else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = with_requests(&dir.path().join("sinkron.db"), 2).await;
    let (kk, ktp) = photos();
    // The office grows until its copy no longer fits beside the last one that did.
    let mut last_good = None;
    let mut refused = None;
    for round in 0..100 {
        match store
            .backup_into(&disk.path, at(round * 60), &Retention::default(), None)
            .await
        {
            Ok(report) => last_good = Some(report.copy.path),
            Err(error) => {
                refused = Some(error);
                break;
            }
        }
        for i in 0..5 {
            sinkron_core::kiosk_store::submit(
                &store,
                &request(),
                at(10_000 + round * 10 + i),
                kk,
                ktp,
            )
            .await
            .unwrap();
        }
    }
    let refused = refused.expect("the disk never filled");
    assert!(
        matches!(refused, BackupError::DiskFull(_)),
        "expected a full disk: {refused}"
    );
    assert_eq!(refused.code(), "backup_disk_full");
    let last_good = last_good.expect("no copy fitted at all");
    let left: Vec<String> = std::fs::read_dir(&disk.path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left.len(), 1, "a partial copy was left: {left:?}");
    backup::verify(&last_good, None)
        .await
        .expect("the earlier copy is intact");
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn a_damaged_live_file_is_refused_at_start_and_a_backup_of_it_is_sound() {
    let dir = tempfile::tempdir().unwrap();
    let (path, copy) = closed_with_backup(dir.path(), 30).await;
    let sound = Store::open_checked(&path, None)
        .await
        .expect("a sound file opens");
    sound.close().await;
    drop(sound);
    // A disk's bad sector: garbage over the first bytes of a few pages in the middle.
    settled(&path).await;
    damage(&path);
    let refused = Store::open_checked(&path, None).await.unwrap_err();
    assert_eq!(refused.code(), "storage_damaged", "{refused}");
    assert!(refused.payload().message.contains("cadangan"));
    // What a restore would use is untouched.
    backup::verify(&copy, None)
        .await
        .expect("the copy is sound");
}

#[tokio::test]
async fn a_file_checked_beside_the_sign_in_screen_is_written_only_once_found_sound() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _copy) = closed_with_backup(dir.path(), 30).await;
    let store = Store::open_checking(&path, None).await.expect("opens");
    // A write asked for at once waits for the check and then goes through.
    sinkron_core::kiosk_store::submit(&store, &request(), at(1), &photos().0, &photos().1)
        .await
        .expect("a sound file takes the write");
    store.soundness().await.expect("sound");
    assert!(store.found_damaged().is_none());
    store.close().await;
}

#[tokio::test]
async fn a_damaged_file_found_after_the_window_opened_is_never_written_to() {
    let dir = tempfile::tempdir().unwrap();
    let (path, _copy) = closed_with_backup(dir.path(), 30).await;
    settled(&path).await;
    damage(&path);
    let damaged = std::fs::read(&path).unwrap();
    // The damage is in the middle of the file: the schema reads, so the window opens.
    let store = Store::open_checking(&path, None)
        .await
        .expect("opens before the check");
    // The first write, asked for before anything is known, waits for the verdict and is
    // refused; so is every later one.
    for _ in 0..2 {
        let refused =
            sinkron_core::kiosk_store::submit(&store, &request(), at(1), &photos().0, &photos().1)
                .await
                .unwrap_err();
        assert_eq!(refused.code(), "storage_damaged", "{refused}");
    }
    let found = store.found_damaged().expect("known once checked");
    assert_eq!(found.code(), "storage_damaged");
    assert!(found.payload().message.contains("cadangan"));
    store.close().await;
    settled(&path).await;
    assert!(
        std::fs::read(&path).unwrap() == damaged,
        "the file is as it was"
    );
}

/// Waits until the last connection to `path` has closed and checkpointed (SQLite then removes
/// the WAL file), so the main file no longer changes under the test.
/// Awaited, not slept: the pool's connections finish closing on this same runtime.
async fn settled(path: &Path) {
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    for _ in 0..400 {
        if !wal.exists() {
            return;
        }
        tokio::time::sleep(Duration::from_millis(25)).await;
    }
    panic!("{} is still open", path.display());
}

/// Garbage over the first bytes of a few pages in the middle of `path`.
fn damage(path: &Path) {
    let mut bytes = std::fs::read(path).unwrap();
    let page = 4096;
    let pages = bytes.len() / page;
    assert!(pages > 8, "{pages} pages");
    for p in [pages / 3, pages / 2, pages / 2 + 1] {
        for b in &mut bytes[p * page..p * page + 64] {
            *b = 0xA5;
        }
    }
    std::fs::write(path, &bytes).unwrap();
}

fn local(hour: u32) -> chrono::NaiveDateTime {
    chrono::NaiveDate::from_ymd_opt(2026, 12, 4)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

#[tokio::test]
async fn a_restore_puts_the_copy_in_place_and_keeps_the_damaged_file_aside() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("sinkron.db");
    let store = with_requests(&live, 30).await;
    let report = store
        .backup_into(
            &dir.path().join("cadangan"),
            at(0),
            &Retention::default(),
            None,
        )
        .await
        .unwrap();
    let (kk, ktp) = photos();
    for i in 0..5 {
        sinkron_core::kiosk_store::submit(&store, &request(), at(100 + i), kk, ktp)
            .await
            .unwrap();
    }
    store.close().await;
    drop(store);
    settled(&live).await;
    damage(&live);
    let damaged = std::fs::read(&live).unwrap();
    assert_eq!(
        Store::open_checked(&live, None).await.unwrap_err().code(),
        "storage_damaged"
    );

    let restored = backup::restore(&report.copy.path, &live, local(9), None, None)
        .await
        .expect("restored");
    assert_eq!(restored.facts.requests, 30);
    let aside = restored.kept_aside.expect("the damaged file kept aside");
    assert_eq!(std::fs::read(&aside).unwrap(), damaged, "kept as it was");
    assert!(aside
        .file_name()
        .unwrap()
        .to_string_lossy()
        .starts_with("sinkron-sebelum-pulih-"));
    let back = Store::open_checked(&live, None)
        .await
        .expect("the restored file opens");
    assert_eq!(back.integrity_check().await.unwrap(), "ok");
    let n = back
        .list_requests(1, 100)
        .await
        .map(|page| page.total)
        .unwrap();
    assert_eq!(n, 30);
    // The copy itself was only read, and still verifies.
    backup::verify(&report.copy.path, None).await.unwrap();
    // Nothing temporary is left beside the live file.
    let stray: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect();
    assert!(stray.is_empty(), "{stray:?}");
}

#[tokio::test]
async fn a_copy_from_a_newer_sinkron_or_a_damaged_copy_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let (live, copy) = closed_with_backup(dir.path(), 12).await;
    // A copy whose schema has a migration this build does not know.
    let newer = dir.path().join("newer.db");
    std::fs::copy(&copy, &newer).unwrap();
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", newer.display()))
        .await
        .unwrap();
    sqlx::query(
        "INSERT INTO _sqlx_migrations (version, description, installed_on, success, checksum, \
         execution_time) VALUES (99990101000000, 'dari versi baru', '2027-01-01', 1, x'00', 0)",
    )
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;
    let refused = backup::restore(&newer, &live, local(9), None, None)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "backup_newer", "{refused}");
    assert!(refused.payload().message.contains("lebih baru"));

    let broken = dir.path().join("broken.db");
    std::fs::copy(&copy, &broken).unwrap();
    damage(&broken);
    let refused = backup::restore(&broken, &live, local(9), None, None)
        .await
        .unwrap_err();
    assert_eq!(refused.code(), "backup_not_verified", "{refused}");

    // The file in use is still the office's, whole.
    let still = Store::open_checked(&live, None)
        .await
        .expect("the live file opens");
    assert_eq!(still.list_requests(1, 100).await.unwrap().total, 12);
    still.close().await;
    let names: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    assert!(
        !names
            .iter()
            .any(|n| n.starts_with("sinkron-sebelum-pulih") || n.ends_with(".tmp")),
        "{names:?}"
    );
}

/// A restore and a damage check both need the WAL gone once the store is closed. Connections
/// given back at the moment of closing close on their own threads, side by side; the WAL must
/// still be checkpointed and removed by the time `close` returns.
#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn closing_removes_the_wal_even_as_connections_come_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let wal = PathBuf::from(format!("{}-wal", path.display()));
    for round in 0..40 {
        let store = Store::open(&path).await.unwrap();
        let readers: Vec<_> = (0..4)
            .map(|_| {
                let store = store.clone();
                tokio::spawn(async move { store.quick_check().await.unwrap() })
            })
            .collect();
        for reader in readers {
            assert_eq!(reader.await.unwrap(), "ok");
        }
        store.close().await;
        assert!(!wal.exists(), "round {round}: the WAL outlived close");
    }
}

fn passphrase() -> rules::Passphrase {
    rules::Passphrase::parse("kopi pagi di kantor desa").unwrap()
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack.windows(needle.len()).any(|w| w == needle)
}

/// Names of `.tmp` files in `dir`.
fn temps(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".tmp"))
        .collect()
}

#[tokio::test]
async fn an_encrypted_backup_holds_no_nik_and_restores_only_with_its_passphrase() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("sinkron.db");
    let backups = dir.path().join("cadangan");
    let store = with_requests(&live, 12).await;
    let nik = request().nik.as_str().as_bytes().to_vec();
    let plain = store
        .backup_into(&backups, at(0), &Retention::default(), None)
        .await
        .unwrap();
    assert!(
        contains(&std::fs::read(&plain.copy.path).unwrap(), &nik),
        "a plain copy holds the NIK (so the next check means something)"
    );
    let sealed = store
        .backup_into(&backups, at(60), &Retention::default(), Some(&passphrase()))
        .await
        .unwrap();
    store.close().await;
    drop(store);
    settled(&live).await;
    assert!(sealed.copy.encrypted);
    assert!(sealed.copy.path.to_string_lossy().ends_with(".db.age"));
    assert_eq!(sealed.requests, 12);
    let bytes = std::fs::read(&sealed.copy.path).unwrap();
    assert!(
        !contains(&bytes, &nik),
        "the NIK is readable in the encrypted copy"
    );
    assert!(!contains(&bytes, b"SQLite format 3"));
    // The plain copy it was made from is gone, from both folders.
    assert!(temps(&backups).is_empty(), "{:?}", temps(&backups));
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
    // Retention treats both kinds alike: the same day's older plain copy was thinned.
    let listed = rules::list(&backups).unwrap();
    assert_eq!(listed.len(), 1);
    assert!(listed[0].encrypted);

    let before = std::fs::read(&live).unwrap();
    let refused = backup::restore(&sealed.copy.path, &live, local(9), None, None)
        .await
        .unwrap_err();
    assert!(
        matches!(refused, BackupError::PassphraseNeeded),
        "{refused}"
    );
    assert!(refused.payload().message.contains("frasa sandi"));
    let wrong = rules::Passphrase::stored("kopi sore di kantor desa");
    let refused = backup::restore(&sealed.copy.path, &live, local(9), Some(&wrong), None)
        .await
        .unwrap_err();
    assert!(matches!(refused, BackupError::WrongPassphrase), "{refused}");
    assert!(refused
        .payload()
        .message
        .contains("Frasa sandi cadangan salah"));
    assert_eq!(
        std::fs::read(&live).unwrap(),
        before,
        "a refused restore changed the file"
    );
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));

    let restored = backup::restore(
        &sealed.copy.path,
        &live,
        local(10),
        Some(&passphrase()),
        None,
    )
    .await
    .expect("restored with the passphrase");
    assert_eq!(restored.facts.requests, 12);
    let back = Store::open_checked(&live, None).await.expect("opens");
    assert_eq!(back.integrity_check().await.unwrap(), "ok");
    assert_eq!(back.list_requests(1, 100).await.unwrap().total, 12);
}

#[tokio::test]
async fn a_damaged_encrypted_backup_is_refused_and_changes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("sinkron.db");
    let backups = dir.path().join("cadangan");
    let store = with_requests(&live, 6).await;
    let sealed = store
        .backup_into(&backups, at(0), &Retention::default(), Some(&passphrase()))
        .await
        .unwrap();
    store.close().await;
    drop(store);
    settled(&live).await;
    let mut bytes = std::fs::read(&sealed.copy.path).unwrap();
    let middle = bytes.len() / 2;
    bytes[middle] ^= 0x55;
    std::fs::write(&sealed.copy.path, &bytes).unwrap();
    let before = std::fs::read(&live).unwrap();
    let refused = backup::restore(
        &sealed.copy.path,
        &live,
        local(9),
        Some(&passphrase()),
        None,
    )
    .await
    .unwrap_err();
    assert_eq!(refused.code(), "backup_not_verified", "{refused}");
    assert_eq!(std::fs::read(&live).unwrap(), before);
    assert!(temps(dir.path()).is_empty(), "{:?}", temps(dir.path()));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_encrypted_backup_reports_each_step_and_ends_done() {
    let dir = tempfile::tempdir().unwrap();
    let store = with_requests(&dir.path().join("sinkron.db"), 6).await;
    let progress = std::sync::Arc::new(rules::Progress::default());
    let seen = std::sync::Arc::new(std::sync::Mutex::new(Vec::new()));
    let watcher = {
        let (progress, seen) = (progress.clone(), seen.clone());
        tokio::spawn(async move {
            loop {
                let now = progress.now();
                {
                    let mut seen = seen.lock().unwrap();
                    if seen.last() != Some(&now.phase) {
                        seen.push(now.phase);
                    }
                }
                if now.phase == rules::Phase::Done {
                    break;
                }
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
        })
    };
    store
        .backup_into_with(
            &dir.path().join("cadangan"),
            at(0),
            &Retention::default(),
            Some(&passphrase()),
            progress.clone(),
        )
        .await
        .unwrap();
    watcher.await.unwrap();
    let seen = seen.lock().unwrap().clone();
    // Key derivation alone keeps each encrypted step visible for a while.
    for phase in [
        rules::Phase::Encrypting,
        rules::Phase::CheckingEncrypted,
        rules::Phase::Done,
    ] {
        assert!(seen.contains(&phase), "{phase:?} not seen in {seen:?}");
    }
    assert_eq!(progress.now().percent, Some(100));
}
