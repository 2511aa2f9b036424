//! The store against a real SQLite file: saving, numbering, listing, history,
//! settings and the append-only audit table.

use chrono::{TimeZone, Utc};
use sinkron_core::RequestStore as _;
use sinkron_core::{validate_form, Channel, FormInput, OfficeZone, Status, ValidRequest};
use sinkron_sqlite::Store;

fn request(nik: &str) -> ValidRequest {
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: nik.into(),
        kk: "1610010203150003".into(),
        problem: "NIK tidak bisa daftar BPJS".into(),
        wa: "0812-3456-7890".into(),
    };
    validate_form(
        &input,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap()
}

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("nested/sinkron.db"))
        .await
        .unwrap();
    (dir, store)
}

#[tokio::test]
async fn open_sets_wal_full_sync_and_foreign_keys() {
    let (dir, store) = fresh().await;
    store.close().await;
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite:{}",
        dir.path().join("nested/sinkron.db").display()
    ))
    .await
    .unwrap();
    let mode: String = sqlx::query_scalar("PRAGMA journal_mode")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(mode, "wal");
    let store = Store::open(&dir.path().join("nested/sinkron.db"))
        .await
        .unwrap();
    assert_eq!(store.integrity_check().await.unwrap(), "ok");
}

#[tokio::test]
async fn saving_allocates_the_days_numbers_in_order() {
    let (_dir, store) = fresh().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap();
    let a = store
        .create_request(&request("1610014107950001"), Channel::Desk, now)
        .await
        .unwrap();
    let b = store
        .create_request(&request("1610014107950002"), Channel::Kiosk, now)
        .await
        .unwrap();
    assert_eq!(a.reg_number, "SD-261127-0001");
    assert_eq!(b.reg_number, "SD-261127-0002");
}

#[tokio::test]
async fn the_sequence_restarts_each_office_day() {
    let (_dir, store) = fresh().await;
    let day1 = Utc.with_ymd_and_hms(2026, 11, 27, 3, 0, 0).unwrap();
    // 17:30 UTC is already 00:30 on the next day in WIB.
    let day2 = Utc.with_ymd_and_hms(2026, 11, 27, 17, 30, 0).unwrap();
    store
        .create_request(&request("1610014107950001"), Channel::Desk, day1)
        .await
        .unwrap();
    let next = store
        .create_request(&request("1610014107950001"), Channel::Desk, day2)
        .await
        .unwrap();
    assert_eq!(next.reg_number, "SD-261128-0001");
}

#[tokio::test]
async fn the_office_zone_decides_the_date_in_the_number() {
    let (_dir, store) = fresh().await;
    let mut settings = store.settings().await.unwrap();
    settings.zone = OfficeZone::Wit;
    store.save_settings(&settings).await.unwrap();
    // 15:30 UTC is 22:30 WIB but 00:30 the next day in WIT.
    let at = Utc.with_ymd_and_hms(2026, 11, 27, 15, 30, 0).unwrap();
    let made = store
        .create_request(&request("1610014107950001"), Channel::Desk, at)
        .await
        .unwrap();
    assert_eq!(made.reg_number, "SD-261128-0001");
}

#[tokio::test]
async fn a_saved_request_reads_back_whole_with_its_first_history_row() {
    let (_dir, store) = fresh().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap();
    let made = store
        .create_request(&request("1610014107950001"), Channel::Desk, now)
        .await
        .unwrap();
    let rec = store.get_request(made.id).await.unwrap();
    assert_eq!(rec.status, Status::Baru);
    assert_eq!(rec.nik, "1610014107950001");
    assert_eq!(rec.wa_number, "+6281234567890");
    assert_eq!(rec.version, 1);
    assert_eq!(rec.channel, Channel::Desk);
    let history = store.history(made.id).await.unwrap();
    assert_eq!(history.len(), 1);
    assert_eq!(history[0].from, None);
    assert_eq!(history[0].to, Status::Baru);
    assert_eq!(history[0].operator_name, "Petugas");
    assert_eq!(history[0].at_display, "27 Nov 2026 10.15 WIB");
    let found = store
        .find_by_reg_number(" sd-261127-0001 ")
        .await
        .unwrap()
        .unwrap();
    assert_eq!(found.id, made.id);
}

#[tokio::test]
async fn the_list_is_newest_first_with_masked_nik_and_paging() {
    let (_dir, store) = fresh().await;
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap();
    for serial in 1..=5 {
        let nik = format!("161001410795{serial:04}");
        store
            .create_request(&request(&nik), Channel::Desk, now)
            .await
            .unwrap();
    }
    let page = store.list_requests(1, 2).await.unwrap();
    assert_eq!(page.total, 5);
    assert_eq!(page.open_count, 5);
    assert_eq!(page.items.len(), 2);
    assert_eq!(page.items[0].reg_number, "SD-261127-0005");
    assert_eq!(page.items[0].nik_masked, "161001******0005");
    assert_eq!(page.items[0].created_at_display, "27 Nov 2026 10.15 WIB");
    let last = store.list_requests(3, 2).await.unwrap();
    assert_eq!(last.items.len(), 1);
    assert_eq!(last.items[0].reg_number, "SD-261127-0001");
}

#[tokio::test]
async fn everything_survives_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let now = Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap();
    {
        let store = Store::open(&path).await.unwrap();
        store
            .create_request(&request("1610014107950001"), Channel::Desk, now)
            .await
            .unwrap();
        store.close().await;
    }
    let store = Store::open(&path).await.unwrap();
    assert_eq!(store.list_requests(1, 50).await.unwrap().total, 1);
    let next = store
        .create_request(&request("1610014107950001"), Channel::Desk, now)
        .await
        .unwrap();
    assert_eq!(next.reg_number, "SD-261127-0002");
}

#[tokio::test]
async fn concurrent_saves_never_share_a_number() {
    let (_dir, store) = fresh().await;
    let now = Utc::now();
    let mut tasks = Vec::new();
    for i in 0..40 {
        let store = store.clone();
        tasks.push(tokio::spawn(async move {
            let nik = format!("161001410795{:04}", i + 1);
            store
                .create_request(&request(&nik), Channel::Desk, now)
                .await
                .unwrap()
                .reg_number
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap());
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 40);
}

#[tokio::test]
async fn settings_round_trip() {
    let (_dir, store) = fresh().await;
    let mut s = store.settings().await.unwrap();
    assert_eq!(s.zone, OfficeZone::Wib);
    s.office_name = "Disdukcapil Kabupaten Ogan Ilir".into();
    s.zone = OfficeZone::Wita;
    store.save_settings(&s).await.unwrap();
    assert_eq!(store.settings().await.unwrap(), s);
}

#[tokio::test]
async fn the_audit_log_refuses_update_and_delete() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    Store::open(&path).await.unwrap().close().await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    sqlx::query("INSERT INTO audit_log (at, action) VALUES ('2026-11-27T00:00:00.000Z', 'test')")
        .execute(&pool)
        .await
        .unwrap();
    assert!(sqlx::query("UPDATE audit_log SET action = 'x'")
        .execute(&pool)
        .await
        .is_err());
    assert!(sqlx::query("DELETE FROM audit_log")
        .execute(&pool)
        .await
        .is_err());
}

#[tokio::test]
async fn a_missing_request_is_not_found_with_a_safe_message() {
    let (_dir, store) = fresh().await;
    let err = store.get_request(42).await.unwrap_err();
    let payload = err.payload();
    assert_eq!(payload.code, "request_not_found");
    assert!(!payload.message.contains("SELECT"));
}

#[tokio::test]
async fn an_unopenable_path_gives_a_message_without_the_path() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("a-file");
    std::fs::write(&file, b"not a folder").unwrap();
    let err = Store::open(&file.join("sinkron.db")).await.unwrap_err();
    let payload = err.payload();
    assert_eq!(payload.code, "storage_unavailable");
    assert!(!payload.message.contains("a-file"));
}
