//! The kiosk's least privilege on a real PostgreSQL server: connected as a login in
//! `sinkron_kiosk`, a kiosk can send a request with its photos and look up one status with its
//! check code, and nothing else — reading the requests table is refused. Registration numbers
//! stay unique with eight kiosks sending at once.
//!
//! The server: see `common/mod.rs`.

mod common;

use common::{photos, request, TestDb};
use sinkron_core::KioskStore as _;
use sinkron_core::LookupError;
use sinkron_pg::{GroupRole, PgStore};

/// A fresh database with the schema and roles, the owner's store and a kiosk login's store.
async fn fresh() -> Option<(PgStore, PgStore)> {
    let db = TestDb::new().await?;
    let kiosk = db.login(GroupRole::Kiosk, "kiosk").await;
    Some((db.owner, kiosk))
}

fn is_permission_denied(e: &sqlx::Error) -> bool {
    matches!(e, sqlx::Error::Database(db) if db.code().as_deref() == Some("42501"))
}

#[tokio::test]
async fn the_kiosk_role_cannot_read_or_write_any_table() {
    let Some((_owner, kiosk)) = fresh().await else {
        return;
    };
    for sql in [
        "SELECT * FROM requests",
        "SELECT nik FROM requests WHERE id = 1",
        "SELECT original FROM documents",
        "SELECT * FROM status_history",
        "SELECT * FROM operators",
        "SELECT * FROM audit_log",
        "SELECT * FROM settings",
        "INSERT INTO requests (reg_number) VALUES ('x')",
        "UPDATE requests SET status = 'Selesai'",
        "DELETE FROM status_lookups",
        "SELECT next_reg_number(now())",
    ] {
        let refused = sqlx::query(sql).fetch_all(kiosk.pool()).await.unwrap_err();
        assert!(is_permission_denied(&refused), "{sql}: {refused}");
    }
}

#[tokio::test]
async fn a_kiosk_request_is_saved_whole_and_its_code_opens_its_status() {
    let Some((owner, kiosk)) = fresh().await else {
        return;
    };
    let (kk, ktp) = photos();
    let receipt =
        sinkron_core::kiosk_store::submit(&kiosk, &request(), chrono::Utc::now(), &kk, &ktp)
            .await
            .expect("submitted");
    assert!(
        receipt.reg_number.starts_with("SD-"),
        "{}",
        receipt.reg_number
    );
    assert!(receipt.reg_number.ends_with("-0001"));
    assert_eq!(receipt.nik_masked, "161001******0001");
    // What the owner sees: one request, its first history row, both photos, the NIK list.
    let counts: (i64, i64, i64, i64) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM requests), (SELECT count(*) FROM status_history), \
         (SELECT count(*) FROM documents), (SELECT count(*) FROM sync_niks)",
    )
    .fetch_one(owner.pool())
    .await
    .unwrap();
    assert_eq!(counts, (1, 1, 2, 2));
    let stored: (String, Vec<u8>) = sqlx::query_as(
        "SELECT check_code_hash, original FROM requests r JOIN documents d \
                        ON d.request_id = r.id AND d.kind = 'kk'",
    )
    .fetch_one(owner.pool())
    .await
    .unwrap();
    assert!(
        !stored.0.contains(&receipt.check_code.replace(' ', "")),
        "hashed"
    );
    assert_eq!(stored.1, kk.original, "the photo's bytes as taken");

    let status = kiosk
        .lookup_status(&receipt.reg_number, &receipt.check_code, chrono::Utc::now())
        .await
        .expect("found");
    assert_eq!(status.status, sinkron_core::Status::Baru);
    assert!(status.steps.is_empty() && status.note.is_none());
}

#[tokio::test]
async fn wrong_codes_are_refused_then_the_number_waits() {
    let Some((_owner, kiosk)) = fresh().await else {
        return;
    };
    let (kk, ktp) = photos();
    let receipt =
        sinkron_core::kiosk_store::submit(&kiosk, &request(), chrono::Utc::now(), &kk, &ktp)
            .await
            .unwrap();
    for _ in 0..5 {
        let e = kiosk
            .lookup_status(&receipt.reg_number, "XXXXXX", chrono::Utc::now())
            .await
            .unwrap_err();
        assert!(matches!(e, LookupError::NoMatch), "{e}");
    }
    let locked = kiosk
        .lookup_status(&receipt.reg_number, &receipt.check_code, chrono::Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(locked, LookupError::LockedOut(_)), "{locked}");
    assert!(locked.to_string().contains("Terlalu banyak"));
    let unknown = kiosk
        .lookup_status("SD-000000-0000", "K7MQ3X", chrono::Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(unknown, LookupError::NoMatch));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn eight_racing_kiosks_get_eight_different_numbers() {
    let Some((_owner, kiosk)) = fresh().await else {
        return;
    };
    let (kk, ktp) = photos();
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (kiosk, kk, ktp) = (kiosk.clone(), kk.clone(), ktp.clone());
        tasks.push(tokio::spawn(async move {
            sinkron_core::kiosk_store::submit(&kiosk, &request(), chrono::Utc::now(), &kk, &ktp)
                .await
                .map(|r| r.reg_number)
        }));
    }
    let mut numbers = Vec::new();
    for t in tasks {
        numbers.push(t.await.unwrap().expect("saved"));
    }
    numbers.sort();
    numbers.dedup();
    assert_eq!(numbers.len(), 8, "{numbers:?}");
    let last: Vec<_> = numbers.iter().map(|n| &n[n.len() - 4..]).collect();
    assert_eq!(
        last,
        ["0001", "0002", "0003", "0004", "0005", "0006", "0007", "0008"]
    );
}

#[tokio::test]
async fn the_kiosk_reads_its_own_settings_and_nothing_else_of_pengaturan() {
    let Some((owner, kiosk)) = fresh().await else {
        return;
    };
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES ('office_name', 'Disdukcapil Kab. Contoh'), \
         ('office_zone', 'WITA'), ('kiosk_idle_seconds', '120'), ('kiosk_keyboard', '0'), \
         ('kiosk_printer', '192.168.1.50'), ('wa_template_Baru', 'rahasia'), ('holidays', '') \
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    )
    .execute(owner.pool())
    .await
    .unwrap();
    let rows = kiosk.kiosk_rows().await.expect("kiosk_settings()");
    let keys: Vec<&str> = rows.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(
        keys,
        [
            "kiosk_idle_seconds",
            "kiosk_keyboard",
            "kiosk_printer",
            "office_name",
            "office_zone"
        ]
    );
    let settings = sinkron_core::store::office::settings_from(&rows);
    assert_eq!(settings.office_name, "Disdukcapil Kab. Contoh");
    let own = sinkron_core::store::office::kiosk_from_settings(&rows);
    assert_eq!(own.idle_seconds, 120);
    assert!(!own.keyboard);
    assert!(own.printer.is_some());
}

#[tokio::test]
async fn a_login_knows_which_group_it_is_in() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let kiosk = db.login(GroupRole::Kiosk, "kiosk").await;
    let desk = db.login(GroupRole::Operator, "meja").await;
    assert_eq!(kiosk.login_group().await.unwrap(), Some(GroupRole::Kiosk));
    assert_eq!(desk.login_group().await.unwrap(), Some(GroupRole::Operator));
    assert_eq!(db.owner.login_group().await.unwrap(), None);
}

#[tokio::test]
async fn a_refused_connection_says_what_to_check() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let url = db.login_url(GroupRole::Operator, "meja").await;
    let wrong_password = url.replace("sandi-uji-kantor", "bukan-sandinya");
    let refused = PgStore::connect(&wrong_password).await.unwrap_err();
    assert!(
        refused.to_string().contains("menolak login ini"),
        "{refused}"
    );
    let (base, _) = url.rsplit_once('/').unwrap();
    let missing = PgStore::connect(&format!("{base}/tidak_ada"))
        .await
        .unwrap_err();
    assert!(
        missing.to_string().contains("tidak ada di server"),
        "{missing}"
    );
}
