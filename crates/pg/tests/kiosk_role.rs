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
async fn a_photo_the_applicant_kept_after_two_tries_is_stored_with_its_findings() {
    let Some((owner, kiosk)) = fresh().await else {
        return;
    };
    let (kk, ktp) = photos();
    let shaken_kk = common::measured(kk, true);
    let ktp = common::with_document(common::measured(ktp, false));
    sinkron_core::kiosk_store::submit(&kiosk, &request(), chrono::Utc::now(), &shaken_kk, &ktp)
        .await
        .expect("submitted");
    let stored: Vec<(String, String, Option<String>)> =
        sqlx::query_as("SELECT kind, problems, corners FROM documents ORDER BY kind")
            .fetch_all(owner.pool())
            .await
            .unwrap();
    assert_eq!(
        stored,
        [
            ("kk".into(), "blurry".into(), Some(String::new())),
            ("ktp".into(), String::new(), Some(ktp.stored_outline()))
        ],
        "the problems and where the document lies, as the kiosk found them"
    );
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
         ('kiosk_printer', '192.168.1.50'), ('wa_template_Baru', 'rahasia'), ('holidays', ''), \
         ('office_province', '16') \
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
            "office_province",
            "office_zone"
        ]
    );
    let settings = sinkron_core::store::office::settings_from(&rows);
    assert_eq!(settings.office_name, "Disdukcapil Kab. Contoh");
    // The kiosk names the province of a NIK from elsewhere, as the desk does.
    assert_eq!(settings.office_province.as_deref(), Some("16"));
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
    let desk = db.pc_login("meja").await;
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

/// What a kiosk's login sends to `kiosk_submit`, good in every field until a test spoils one.
#[derive(Clone)]
struct Sent {
    name: String,
    nik: String,
    kk: String,
    problem: String,
    wa: String,
    code: String,
    niks: Vec<String>,
    mime: String,
    width: i64,
    sha256: String,
    original: Vec<u8>,
}

impl Sent {
    fn good() -> Sent {
        let (kk, _) = photos();
        Sent {
            name: "Siti Aminah".into(),
            nik: "1610014107950001".into(),
            kk: "1610010203150003".into(),
            problem: "NIK tidak bisa daftar BPJS".into(),
            wa: "+6281234567890".into(),
            code: "K7MQ3X".into(),
            niks: vec!["1610014107950001".into()],
            mime: kk.mime.into(),
            width: i64::from(kk.width),
            sha256: kk.sha256.clone(),
            original: kk.original.clone(),
        }
    }

    /// Sends it as the kiosk's login; the KTP-el photo is always the good one.
    async fn send(&self, kiosk: &PgStore) -> Result<(), sqlx::Error> {
        let (kk, ktp) = photos();
        sqlx::query(
            "SELECT * FROM kiosk_submit($1, $2, $3, $4, $5, $6, $7, \
             $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(&self.name)
        .bind(&self.nik)
        .bind(&self.kk)
        .bind(&self.problem)
        .bind(&self.wa)
        .bind(&self.code)
        .bind(&self.niks)
        .bind(&self.sha256)
        .bind(&self.mime)
        .bind(self.width)
        .bind(i64::from(kk.height))
        .bind(&self.original)
        .bind(&kk.preview.jpeg)
        .bind(&kk.thumbnail.jpeg)
        .bind(&ktp.sha256)
        .bind(ktp.mime)
        .bind(i64::from(ktp.width))
        .bind(i64::from(ktp.height))
        .bind(&ktp.original)
        .bind(&ktp.preview.jpeg)
        .bind(&ktp.thumbnail.jpeg)
        .fetch_all(kiosk.pool())
        .await
        .map(|_| ())
    }
}

/// Sends `spoiled` and expects the server's own refusal (SK010) naming `field`, with nothing
/// saved.
async fn refused(spoiled: Sent, field: &str) {
    let Some((owner, kiosk)) = fresh().await else {
        return;
    };
    let error = spoiled.send(&kiosk).await.expect_err(field);
    let sqlx::Error::Database(db) = &error else {
        panic!("{field}: {error}");
    };
    assert_eq!(db.code().as_deref(), Some("SK010"), "{field}: {error}");
    assert!(
        db.message().contains(field),
        "{field}: the message names the field: {}",
        db.message()
    );
    let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
        .fetch_one(owner.pool())
        .await
        .unwrap();
    assert_eq!(saved, 0, "{field}: nothing saved");
}

#[tokio::test]
async fn kiosk_submit_accepts_what_the_kiosk_sends() {
    let Some((owner, kiosk)) = fresh().await else {
        return;
    };
    Sent::good()
        .send(&kiosk)
        .await
        .expect("a good request is saved");
    let saved: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
        .fetch_one(owner.pool())
        .await
        .unwrap();
    assert_eq!(saved, 1);
}

#[tokio::test]
async fn kiosk_submit_refuses_a_nik_that_is_not_a_nik() {
    refused(
        Sent {
            nik: "ABCDEFGHIJKLMNOP".into(),
            ..Sent::good()
        },
        "NIK",
    )
    .await;
    refused(
        Sent {
            nik: "1610013207950001".into(),
            ..Sent::good()
        },
        "NIK",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_kk_number_that_is_not_one() {
    refused(
        Sent {
            kk: "1610000203150003".into(),
            ..Sent::good()
        },
        "KK",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_name_with_digits_or_too_long() {
    refused(
        Sent {
            name: "Siti 123".into(),
            ..Sent::good()
        },
        "Nama",
    )
    .await;
    refused(
        Sent {
            name: "a".repeat(101),
            ..Sent::good()
        },
        "Nama",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_huge_or_empty_problem() {
    refused(
        Sent {
            problem: "x".repeat(5_000_000),
            ..Sent::good()
        },
        "Uraian",
    )
    .await;
    refused(
        Sent {
            problem: "  ".into(),
            ..Sent::good()
        },
        "Uraian",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_wa_number_that_is_not_a_mobile_number() {
    refused(
        Sent {
            wa: "not a number".into(),
            ..Sent::good()
        },
        "WhatsApp",
    )
    .await;
    refused(
        Sent {
            wa: "+62215551234".into(),
            ..Sent::good()
        },
        "WhatsApp",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_check_code_outside_the_alphabet() {
    refused(
        Sent {
            code: "abc".into(),
            ..Sent::good()
        },
        "Kode cek",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_bad_nik_in_the_sync_list() {
    refused(
        Sent {
            niks: vec!["123".into()],
            ..Sent::good()
        },
        "NIK untuk sinkronisasi",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_photo_that_is_not_an_image() {
    refused(
        Sent {
            mime: "text/html".into(),
            ..Sent::good()
        },
        "Foto Kartu Keluarga",
    )
    .await;
    let html = b"<html>not a photo</html>".to_vec();
    let sha = sha256_hex(&html);
    refused(
        Sent {
            original: html,
            sha256: sha,
            ..Sent::good()
        },
        "Foto Kartu Keluarga",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_implausible_dimensions() {
    refused(
        Sent {
            width: -1,
            ..Sent::good()
        },
        "Foto Kartu Keluarga",
    )
    .await;
    refused(
        Sent {
            width: 100_000,
            ..Sent::good()
        },
        "Foto Kartu Keluarga",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_fake_sha256() {
    refused(
        Sent {
            sha256: "0".repeat(64),
            ..Sent::good()
        },
        "SHA-256",
    )
    .await;
}

#[tokio::test]
async fn kiosk_submit_refuses_a_photo_over_the_size_cap() {
    let mut big = photos().0.original;
    big.resize(15_000_001, 0);
    let sha = sha256_hex(&big);
    refused(
        Sent {
            original: big,
            sha256: sha,
            ..Sent::good()
        },
        "15 MB",
    )
    .await;
}

fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::Digest;
    sha2::Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// pgcrypto's and pg_trgm's functions belong to the superuser who installed them, so the schema
/// owner cannot revoke them in `public`: they live in `sinkron_ext`, which no login may use.
#[tokio::test]
async fn no_login_reaches_the_extensions_functions() {
    let Some(db) = common::TestDb::new().await else {
        return;
    };
    for (group, tag) in [(GroupRole::Kiosk, "ext_k"), (GroupRole::Operator, "ext_o")] {
        let login = db.login(group, tag).await;
        for sql in [
            "SELECT sinkron_ext.crypt('a', sinkron_ext.gen_salt('bf'))",
            "SELECT sinkron_ext.digest('a', 'sha256')",
            "SELECT sinkron_ext.similarity('siti', 'sita')",
        ] {
            let refused = sqlx::query(sql).fetch_all(login.pool()).await.unwrap_err();
            assert!(is_permission_denied(&refused), "{group:?} {sql}: {refused}");
        }
        for sql in [
            "SELECT crypt('a', 'b')",
            "SELECT similarity('siti', 'sita')",
        ] {
            let refused = sqlx::query(sql).fetch_all(login.pool()).await.unwrap_err();
            assert!(
                matches!(&refused, sqlx::Error::Database(d) if d.code().as_deref() == Some("42883")),
                "{group:?} {sql}: not in public any more: {refused}"
            );
        }
    }
}

/// Ending kiosk mode on a kiosk's own login is throttled by the server: after five wrong
/// passwords even the right one waits, and the kiosk's leave dialog says for how long.
#[tokio::test]
async fn the_server_throttles_wrong_passwords_for_leaving_kiosk_mode() {
    use sinkron_core::kiosk_store::{authorize_leave, LeaveError, LeaveWith};
    let Some((_owner, kiosk)) = fresh().await else {
        return;
    };
    assert_eq!(kiosk.leave_with().await.unwrap(), LeaveWith::OwnLogin);
    let login: String = sqlx::query_scalar("SELECT session_user::TEXT")
        .fetch_one(kiosk.pool())
        .await
        .unwrap();
    let now = chrono::Utc::now();
    let leave = |password: &'static str| {
        let (kiosk, login) = (&kiosk, login.clone());
        async move { authorize_leave(kiosk, kiosk, &login, password, "anjungan", now).await }
    };
    for _ in 0..5 {
        assert!(matches!(
            leave("salah-salah").await,
            Err(LeaveError::WrongLogin)
        ));
    }
    let locked = leave(common::PASSWORD).await.unwrap_err();
    assert!(matches!(locked, LeaveError::LockedOut(_)), "{locked}");
    assert_eq!(locked.payload().code, "auth_locked_out");
    assert!(locked.to_string().contains("coba lagi dalam"), "{locked}");
}

#[tokio::test]
async fn the_right_password_ends_kiosk_mode_on_a_kiosk_login() {
    use sinkron_core::kiosk_store::authorize_leave;
    let Some((_owner, kiosk)) = fresh().await else {
        return;
    };
    let login: String = sqlx::query_scalar("SELECT session_user::TEXT")
        .fetch_one(kiosk.pool())
        .await
        .unwrap();
    let done = authorize_leave(
        &kiosk,
        &kiosk,
        &login,
        common::PASSWORD,
        "anjungan",
        chrono::Utc::now(),
    )
    .await
    .expect("the kiosk's own login ends kiosk mode");
    assert!(done.is_none(), "no operator signs in on a kiosk login");
}

#[tokio::test]
async fn a_desk_s_reprint_gives_the_kiosk_a_new_code_and_refuses_the_old() {
    use sinkron_core::RequestChanges as _;
    use sinkron_core::RequestStore as _;
    let Some(db) = TestDb::new().await else {
        return;
    };
    let kiosk = db.login(GroupRole::Kiosk, "kiosk").await;
    let desk = db.login(GroupRole::Operator, "desk").await;
    let (kk, ktp) = photos();
    let receipt =
        sinkron_core::kiosk_store::submit(&kiosk, &request(), chrono::Utc::now(), &kk, &ktp)
            .await
            .expect("submitted");
    let id = desk
        .find_by_reg_number(&receipt.reg_number)
        .await
        .unwrap()
        .expect("the desk finds it")
        .id;
    let again = desk
        .reprint_receipt(id, &sinkron_core::Actor::named("Ani"), chrono::Utc::now())
        .await
        .expect("reprinted by an operator login");
    assert_ne!(again.check_code, receipt.check_code);
    let old = kiosk
        .lookup_status(&receipt.reg_number, &receipt.check_code, chrono::Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(old, LookupError::NoMatch), "{old:?}");
    kiosk
        .lookup_status(&again.reg_number, &again.check_code, chrono::Utc::now())
        .await
        .expect("the new code opens the status");
}
