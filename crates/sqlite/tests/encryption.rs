//! Encryption at rest, on the raw files: the database, its WAL and its backups hold no NIK or
//! name in clear once the file has a key; a plain file is encrypted once, in place, and a kill
//! at any moment of that leaves the plain file or the verified encrypted one, never neither;
//! backups restore on a PC that lost the key only through their passphrase.

use std::path::{Path, PathBuf};

use chrono::{NaiveDate, Utc};
use sinkron_core::backup::{BackupError, Passphrase, Retention};
use sinkron_core::RequestStore as _;
use sinkron_core::{validate_form, Channel, Code, FormInput};
use sinkron_sqlite::{backup, cipher, DbKey, FileKind, Store};
use sqlx::{ConnectOptions, Connection};

const NIK: &str = "3174050101900007";
const NAME: &str = "Sri Rahayu Kusumawardani";

fn request() -> sinkron_core::ValidRequest {
    let input = FormInput {
        name: NAME.into(),
        nik: NIK.into(),
        kk: "3174050202100004".into(),
        problem: "Data tidak ditemukan di BPJS Kesehatan".into(),
        wa: "0812 3456 7890".into(),
    };
    validate_form(&input, sinkron_core::zone::today_wib()).unwrap()
}

fn with_suffix(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Whether the NIK or the name is readable in the file's bytes.
fn in_clear(path: &Path) -> bool {
    let bytes = std::fs::read(path).unwrap_or_default();
    [NIK.as_bytes(), NAME.as_bytes()]
        .iter()
        .any(|needle| bytes.windows(needle.len()).any(|w| w == *needle))
}

fn local(hour: u32) -> chrono::NaiveDateTime {
    NaiveDate::from_ymd_opt(2026, 12, 5)
        .unwrap()
        .and_hms_opt(hour, 0, 0)
        .unwrap()
}

fn passphrase() -> Passphrase {
    Passphrase::parse("kantor dukcapil cadangan 2026").unwrap()
}

async fn requests(store: &Store) -> i64 {
    store.list_requests(1, 10).await.unwrap().total
}

#[tokio::test]
async fn the_file_and_its_wal_hold_no_nik_or_name_under_a_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate().unwrap();
    let path = dir.path().join("sinkron.db");
    let store = Store::open_keyed(&path, Some(&key)).await.unwrap();
    for _ in 0..20 {
        store
            .create_request(&request(), Channel::Desk, Utc::now())
            .await
            .unwrap();
    }
    // Still open: the rows are in the WAL and, after a checkpoint, in the file.
    let wal = with_suffix(&path, "-wal");
    assert!(
        std::fs::metadata(&wal).unwrap().len() > 0,
        "the WAL is empty"
    );
    assert!(!in_clear(&wal), "the WAL holds the NIK or name");
    assert!(!in_clear(&path), "the file holds the NIK or name");
    store.close().await;
    assert!(
        !in_clear(&path),
        "the checkpointed file holds the NIK or name"
    );
    assert_eq!(cipher::file_kind(&path).unwrap(), FileKind::Encrypted);
}

#[tokio::test]
async fn a_plain_file_shows_the_nik_so_the_search_can_fail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let store = Store::open(&path).await.unwrap();
    store
        .create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    store.close().await;
    assert!(in_clear(&path));
    assert_eq!(cipher::file_kind(&path).unwrap(), FileKind::Plain);
}

#[tokio::test]
async fn a_plain_file_is_encrypted_in_place_with_every_row() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let plain = Store::open(&path).await.unwrap();
    for _ in 0..5 {
        plain
            .create_request(&request(), Channel::Desk, Utc::now())
            .await
            .unwrap();
    }
    plain.close().await;

    let key = DbKey::generate().unwrap();
    let store = Store::open_keyed(&path, Some(&key)).await.unwrap();
    assert!(store.encrypted());
    assert_eq!(requests(&store).await, 5);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
    // The name search (a virtual table and its triggers) came along, and keeps up.
    store
        .create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    let found = store
        .queue(
            &sinkron_core::store::QueueQuery {
                search: "Rahayu".into(),
                limit: 50,
                ..Default::default()
            },
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(found.items.len(), 6);
    store.close().await;
    assert!(!in_clear(&path), "the converted file holds the NIK or name");
    assert!(!with_suffix(&path, ".sinkron-kunci.tmp").exists());
    assert!(!cipher::opens_with(&path, None).await);
}

#[tokio::test]
async fn a_file_another_sinkron_has_open_is_not_converted_under_it() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let running = Store::open(&path).await.unwrap();
    running
        .create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    let key = DbKey::generate().unwrap();
    let refused = Store::open_keyed(&path, Some(&key)).await.unwrap_err();
    assert_eq!(refused.code(), Code::StorageBusy, "{refused}");
    // The one running goes on, on the plain file.
    running
        .create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    running.close().await;
    assert_eq!(cipher::file_kind(&path).unwrap(), FileKind::Plain);
    let back = Store::open_keyed(&path, Some(&key)).await.unwrap();
    assert_eq!(requests(&back).await, 2);
    back.close().await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn two_starting_at_once_convert_once() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let plain = Store::open(&path).await.unwrap();
    plain
        .create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    plain.close().await;
    let key = DbKey::generate().unwrap();
    let (one, two) = tokio::join!(
        Store::open_keyed(&path, Some(&key)),
        Store::open_keyed(&path, Some(&key))
    );
    let (one, two) = (one.unwrap(), two.unwrap());
    assert_eq!(requests(&one).await, 1);
    assert_eq!(requests(&two).await, 1);
    one.close().await;
    two.close().await;
    assert_eq!(cipher::file_kind(&path).unwrap(), FileKind::Encrypted);
}

#[tokio::test]
async fn a_wrong_or_missing_key_is_refused_and_the_file_is_left_as_it_was() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let key = DbKey::generate().unwrap();
    let store = Store::open_keyed(&path, Some(&key)).await.unwrap();
    store
        .create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    store.close().await;
    let before = std::fs::read(&path).unwrap();

    let other = DbKey::generate().unwrap();
    let wrong = Store::open_keyed(&path, Some(&other)).await.unwrap_err();
    assert_eq!(wrong.code(), Code::StorageEncryption);
    // Without a key the file cannot be told from a damaged one.
    let none = Store::open_checked(&path, None).await.unwrap_err();
    assert_eq!(none.code(), Code::StorageDamaged);
    assert_eq!(std::fs::read(&path).unwrap(), before);

    let again = Store::open_keyed(&path, Some(&key)).await.unwrap();
    assert_eq!(requests(&again).await, 1);
    again.close().await;
}

/// A live encrypted file with one request, and a backup folder.
async fn encrypted_live(dir: &Path, key: &DbKey) -> Store {
    let store = Store::open_keyed(&dir.join("live").join("sinkron.db"), Some(key))
        .await
        .unwrap();
    store
        .create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    store
}

#[tokio::test]
async fn a_copy_without_passphrase_is_under_the_files_key_and_restores_only_with_it() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate().unwrap();
    let store = encrypted_live(dir.path(), &key).await;
    let report = backed_up_and_closed(store, dir.path(), None).await;
    let copy = report.copy.path;
    assert!(!in_clear(&copy), "the backup holds the NIK or name");
    assert_eq!(backup::verify(&copy, Some(&key)).await.unwrap().requests, 1);
    assert!(backup::verify(&copy, None).await.is_err());

    // The same PC: restored under its key.
    let here = dir.path().join("here").join("sinkron.db");
    std::fs::create_dir_all(here.parent().unwrap()).unwrap();
    backup::restore(&copy, &here, local(9), None, Some(&key))
        .await
        .unwrap();
    let back = Store::open_checked(&here, Some(&key)).await.unwrap();
    assert_eq!(requests(&back).await, 1);
    back.close().await;

    // A PC (or Windows account) with another key: refused, nothing written.
    let there = dir.path().join("there").join("sinkron.db");
    std::fs::create_dir_all(there.parent().unwrap()).unwrap();
    let other = DbKey::generate().unwrap();
    let refused = backup::restore(&copy, &there, local(9), None, Some(&other))
        .await
        .unwrap_err();
    assert!(matches!(refused, BackupError::OtherKey), "{refused:?}");
    assert!(!there.exists());
}

#[tokio::test]
async fn a_passphrase_copy_restores_on_a_pc_that_lost_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate().unwrap();
    let store = encrypted_live(dir.path(), &key).await;
    let report = backed_up_and_closed(store, dir.path(), Some(&passphrase())).await;
    assert!(!in_clear(&report.copy.path));

    // A new Windows account: a new key, and the copy's passphrase.
    let new_key = DbKey::generate().unwrap();
    let live = dir.path().join("new-pc").join("sinkron.db");
    std::fs::create_dir_all(live.parent().unwrap()).unwrap();
    let restored = backup::restore(
        &report.copy.path,
        &live,
        local(10),
        Some(&passphrase()),
        Some(&new_key),
    )
    .await
    .unwrap();
    assert_eq!(restored.facts.requests, 1);
    assert!(!in_clear(&live), "the restored file holds the NIK or name");
    assert!(
        !cipher::opens_with(&live, Some(&key)).await,
        "still under the old key"
    );
    let back = Store::open_checked(&live, Some(&new_key)).await.unwrap();
    assert_eq!(requests(&back).await, 1);
    back.close().await;
}

#[tokio::test]
async fn an_old_plain_backup_restores_encrypted_under_the_pcs_key() {
    let dir = tempfile::tempdir().unwrap();
    let old = Store::open(&dir.path().join("old").join("sinkron.db"))
        .await
        .unwrap();
    old.create_request(&request(), Channel::Desk, Utc::now())
        .await
        .unwrap();
    let report = backed_up_and_closed(old, dir.path(), Some(&passphrase())).await;

    let key = DbKey::generate().unwrap();
    let live = dir.path().join("live").join("sinkron.db");
    std::fs::create_dir_all(live.parent().unwrap()).unwrap();
    backup::restore(
        &report.copy.path,
        &live,
        local(9),
        Some(&passphrase()),
        Some(&key),
    )
    .await
    .unwrap();
    assert_eq!(cipher::file_kind(&live).unwrap(), FileKind::Encrypted);
    assert!(!in_clear(&live));
    let back = Store::open_checked(&live, Some(&key)).await.unwrap();
    assert_eq!(requests(&back).await, 1);
    back.close().await;
}

/// A backup of `store` into `dir/usb` (with `passphrase`, if any); then the store is closed.
async fn backed_up_and_closed(
    store: Store,
    dir: &Path,
    passphrase: Option<&Passphrase>,
) -> sinkron_core::backup::BackupReport {
    let report = store
        .backup_into(
            &dir.join("usb"),
            Utc::now(),
            &Retention::default(),
            passphrase,
        )
        .await
        .unwrap();
    store.close().await;
    report
}

const CHILD_ENV: &str = "SINKRON_CONVERT_CHILD_DB";
const KEY_ENV: &str = "SINKRON_CONVERT_CHILD_KEY";
/// How many pages of filler make a conversion last long enough to be killed inside.
const FILLER_PAGES: u32 = 6000;

/// The converter: only does anything when started by
/// `killed_conversions_leave_the_plain_or_the_encrypted_file_never_neither`.
#[test]
fn child_converter() {
    let (Ok(path), Ok(key)) = (std::env::var(CHILD_ENV), std::env::var(KEY_ENV)) else {
        return;
    };
    let key = DbKey::parse(&key).unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        println!("{}", sinkron_testing::kill::READY);
        cipher::change_key(Path::new(&path), None, Some(&key))
            .await
            .unwrap();
    });
}

/// How many requests and filler rows the file at `path` holds under `key`; `None` when it does
/// not open.
async fn rows(path: &Path, key: Option<&DbKey>) -> Option<(i64, i64)> {
    let options = sqlx::sqlite::SqliteConnectOptions::new().filename(path);
    let mut conn = cipher::keyed(options, key).connect().await.ok()?;
    let counted =
        sqlx::query_as("SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM filler)")
            .fetch_one(&mut conn)
            .await
            .ok();
    let _ = conn.close().await;
    counted
}

#[cfg(unix)]
#[test]
fn killed_conversions_leave_the_plain_or_the_encrypted_file_never_neither() {
    let dir = tempfile::tempdir().unwrap();
    let template = dir.path().join("template.db");
    let path = dir.path().join("sinkron.db");
    let key = DbKey::generate().unwrap();
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(&template).await.unwrap();
        for _ in 0..3 {
            store
                .create_request(&request(), Channel::Desk, Utc::now())
                .await
                .unwrap();
        }
        store.close().await;
        let mut conn = sqlx::sqlite::SqliteConnectOptions::new()
            .filename(&template)
            .connect()
            .await
            .unwrap();
        sqlx::query(&format!(
            "CREATE TABLE filler(x BLOB); WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL \
             SELECT i + 1 FROM n WHERE i < {FILLER_PAGES}) INSERT INTO filler \
             SELECT randomblob(4000) FROM n; PRAGMA wal_checkpoint(TRUNCATE);"
        ))
        .execute(&mut conn)
        .await
        .unwrap();
        conn.close().await.unwrap();
    });
    let reset = || {
        for suffix in [
            "-wal",
            "-shm",
            ".sinkron-kunci.tmp",
            ".sinkron-kunci.tmp-journal",
        ] {
            let _ = std::fs::remove_file(with_suffix(&path, suffix));
        }
        std::fs::copy(&template, &path).unwrap();
    };
    reset();
    // One conversion left alone says how long one takes.
    let started = std::time::Instant::now();
    rt.block_on(cipher::change_key(&path, None, Some(&key)))
        .unwrap();
    let took = started.elapsed().as_millis() as u64;
    reset();

    let want = Some((3, i64::from(FILLER_PAGES)));
    let (mut plain, mut encrypted) = (0, 0);
    sinkron_testing::kill::kill_rounds_then(
        "child_converter",
        &[
            (CHILD_ENV, &path.to_string_lossy()),
            (KEY_ENV, &key.to_hex()),
        ],
        24,
        took * 3 / 2,
        |round| {
            match cipher::file_kind(&path).unwrap() {
                FileKind::Plain => {
                    assert_eq!(rt.block_on(rows(&path, None)), want, "round {round}: plain");
                    plain += 1;
                }
                FileKind::Encrypted => {
                    assert_eq!(
                        rt.block_on(rows(&path, Some(&key))),
                        want,
                        "round {round}: encrypted"
                    );
                    encrypted += 1;
                }
                FileKind::Missing => panic!("round {round}: neither file is there"),
            }
            reset();
        },
    );
    println!(
        "one conversion: {took} ms; killed rounds left {plain} plain and {encrypted} encrypted"
    );
    assert!(
        plain > 0 && encrypted > 0,
        "{plain} plain, {encrypted} encrypted: the kills missed the conversion"
    );

    // A kill left the new file half-written beside the old one: the next start converts anyway.
    rt.block_on(async {
        std::fs::write(with_suffix(&path, ".sinkron-kunci.tmp"), b"half a file").unwrap();
        let store = Store::open_keyed(&path, Some(&key)).await.unwrap();
        assert_eq!(requests(&store).await, 3);
        store.close().await;
    });
}
