//! Crash safety: a child process saves requests in a loop and is killed with
//! SIGKILL at a random moment, many times over one database file. Afterwards
//! the file must be sound, every request must have its first history row,
//! registration numbers must be unique, and the day's sequence must go on.
//!
//! The child is this same test binary, started again with an environment
//! variable that turns `child_writer` into the writing loop.

use std::path::Path;

use chrono::Utc;
use sinkron_core::{validate_form, Channel, FormInput};
use sinkron_sqlite::Store;

const CHILD_ENV: &str = "SINKRON_CRASH_CHILD_DB";
const KILLS: u32 = 60;

fn valid() -> sinkron_core::ValidRequest {
    let input = FormInput {
        name: "Budi Santoso".into(),
        nik: "1610010107950001".into(),
        kk: "1610010203150003".into(),
        problem: "Data tidak ditemukan di BANK Mandiri".into(),
        wa: "+62 812 3456 7890".into(),
    };
    validate_form(&input, sinkron_core::zone::today_wib()).unwrap()
}

/// The writer: only does anything when started by `killed_writers_leave_a_sound_database`.
#[test]
fn child_writer() {
    let Ok(path) = std::env::var(CHILD_ENV) else {
        return;
    };
    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(Path::new(&path)).await.unwrap();
        let req = valid();
        println!("ready");
        loop {
            store
                .create_request(&req, Channel::Desk, Utc::now())
                .await
                .unwrap();
        }
    });
}

#[cfg(unix)]
#[test]
fn killed_writers_leave_a_sound_database() {
    let dir = tempfile::tempdir().unwrap();
    let db = dir.path().join("crash.db");
    sinkron_testing::kill::kill_rounds(
        "child_writer",
        &[(CHILD_ENV, &db.to_string_lossy())],
        KILLS,
        120,
    );

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let store = Store::open(&db).await.unwrap();
        assert_eq!(store.integrity_check().await.unwrap(), "ok");
        let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.display()))
            .await
            .unwrap();
        let total: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM requests")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert!(total > 0, "the children saved nothing");
        let orphans: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM requests r WHERE NOT EXISTS (SELECT 1 FROM status_history h \
             WHERE h.request_id = r.id AND h.from_status IS NULL AND h.to_status = 'Baru')",
        )
        .fetch_one(&pool)
        .await
        .unwrap();
        assert_eq!(orphans, 0, "a request lacks its first history row");
        let distinct: i64 = sqlx::query_scalar("SELECT COUNT(DISTINCT reg_number) FROM requests")
            .fetch_one(&pool)
            .await
            .unwrap();
        assert_eq!(distinct, total, "registration numbers repeat");
        let last: String =
            sqlx::query_scalar("SELECT reg_number FROM requests ORDER BY id DESC LIMIT 1")
                .fetch_one(&pool)
                .await
                .unwrap();
        let next = store
            .create_request(&valid(), Channel::Desk, Utc::now())
            .await
            .unwrap();
        let seq = |n: &str| -> (String, u32) {
            let (day, s) = n.rsplit_once('-').unwrap();
            (day.to_string(), s.parse().unwrap())
        };
        let (last_day, last_seq) = seq(&last);
        let (next_day, next_seq) = seq(&next.reg_number);
        if last_day == next_day {
            assert_eq!(
                next_seq,
                last_seq + 1,
                "the sequence must continue after a crash"
            );
        } else {
            assert_eq!(next_seq, 1, "a new office day starts at 1");
        }
        println!("{KILLS} kills, {total} requests saved, all sound");
    });
}
