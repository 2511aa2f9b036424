//! Masa simpan on a real file: the due photos leave the file itself (its size shrinks once the
//! run has given the space back), in a new file (incremental auto-vacuum) and in a file made
//! before this rule existed (rewritten once by the first run).

use chrono::{Duration, NaiveDate, Utc};
use sinkron_core::photo::{self, sample};
use sinkron_core::retention::{self, PhotoRule};
use sinkron_core::{validate_form, Action, Actor, FormInput, RequestChanges as _, RequestStore};
use sinkron_sqlite::{Store, MIGRATOR};
use sqlx::sqlite::{SqliteConnectOptions, SqlitePoolOptions};

/// Twelve requests with large photos, all cancelled 120 days ago.
async fn filled(store: &Store) {
    let kk = photo::process(&sample::phone_photo(1600, 1200, 1)).unwrap();
    let ktp = photo::process(&sample::phone_photo(1200, 900, 1)).unwrap();
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1671014501900001".into(),
        kk: "1671010203150003".into(),
        problem: "NIK tidak bisa daftar BPJS".into(),
        wa: "081234567890".into(),
    };
    let req = validate_form(&input, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()).unwrap();
    let at = Utc::now() - Duration::days(120);
    let actor = Actor::named("Ani");
    for _ in 0..12 {
        let id = store
            .create_desk_request(&req, &actor, at, &kk, &ktp)
            .await
            .unwrap()
            .id;
        store
            .act(
                id,
                1,
                Action::Cancel,
                Some("Data sudah sesuai di SIAK"),
                &actor,
                at,
            )
            .await
            .unwrap();
    }
}

/// A plain connection beside the store's, to look at the file as it is.
async fn raw(path: &std::path::Path) -> sqlx::SqlitePool {
    SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(SqliteConnectOptions::new().filename(path))
        .await
        .unwrap()
}

/// The file's size with its WAL folded in.
async fn size(path: &std::path::Path) -> u64 {
    let pool = raw(path).await;
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&pool)
        .await
        .unwrap();
    pool.close().await;
    std::fs::metadata(path).unwrap().len()
}

/// `PRAGMA auto_vacuum`: 0 none, 2 incremental.
async fn mode(path: &std::path::Path) -> i64 {
    let pool = raw(path).await;
    let mode = sqlx::query_scalar("PRAGMA auto_vacuum")
        .fetch_one(&pool)
        .await
        .unwrap();
    pool.close().await;
    mode
}

async fn deleted_and_shrunk(store: &Store, path: &std::path::Path) {
    let before = size(path).await;
    let out = retention::run(
        store,
        PhotoRule { days: 90 },
        &Actor::named("Sinkron (otomatis)"),
        Utc::now(),
    )
    .await
    .unwrap();
    assert_eq!((out.requests, out.photos), (12, 24));
    let after = size(path).await;
    eprintln!("file before the run {before} B, after {after} B");
    assert!(
        after * 2 < before,
        "the file should shrink by most of its photos: {before} → {after} bytes"
    );
    assert_eq!(mode(path).await, 2, "incremental from now on");
    assert_eq!(store.list_requests(1, 50).await.unwrap().total, 12);
}

#[tokio::test]
async fn a_new_file_gives_the_deleted_photos_space_back() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let store = Store::open(&path).await.unwrap();
    assert_eq!(mode(&path).await, 2);
    filled(&store).await;
    deleted_and_shrunk(&store, &path).await;
}

#[tokio::test]
async fn a_file_made_before_masa_simpan_is_rewritten_once_and_shrinks() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("lama.db");
    // An older Sinkron's file: no auto-vacuum.
    let old = SqlitePoolOptions::new()
        .max_connections(1)
        .connect_with(
            SqliteConnectOptions::new()
                .filename(&path)
                .create_if_missing(true),
        )
        .await
        .unwrap();
    MIGRATOR.run(&old).await.unwrap();
    old.close().await;
    let store = Store::open(&path).await.unwrap();
    assert_eq!(mode(&path).await, 0);
    filled(&store).await;
    deleted_and_shrunk(&store, &path).await;
}
