//! Moving an office from its SQLite file onto the server: everything arrives (requests,
//! photos, histories, steps, operators, audit rows, settings), the counts match, the office
//! goes on where it stopped, the SQLite file is untouched, and a move that cannot be made
//! leaves the server as it was.
//!
//! The server: see `common/mod.rs`.

mod common;

use chrono::Utc;
use common::{photos, request, TestDb};
use sinkron_core::KioskStore as _;
use sinkron_core::RequestChanges as _;
use sinkron_core::{AccountStore, Action, QueueQuery, RequestStore, Settings, Status, Step};
use sinkron_pg::{GroupRole, ImportError};
use sinkron_sqlite::Store;

/// An office that has worked for a while on SQLite: an admin, three desk requests in several
/// states, one kiosk request with a lookup, its own name.
async fn office(path: &std::path::Path) -> (Store, sinkron_core::receipt::Receipt) {
    let store = Store::open(path).await.unwrap();
    let now = Utc::now();
    let admin = store
        .create_first_admin(
            "admin",
            "Dewi Admin",
            "sandi-rahasia-1",
            "sandi-rahasia-1",
            "PC-1",
            now,
        )
        .await
        .unwrap();
    let by = admin.actor("PC-1");
    let mut settings: Settings = store.settings().await.unwrap();
    settings.office_name = "Disdukcapil Kabupaten Contoh".into();
    store.save_settings(&settings).await.unwrap();
    let (kk, ktp) = photos();
    let mut ids = Vec::new();
    for _ in 0..3 {
        let created = store
            .create_desk_request(&request(), &by, now, &kk, &ktp)
            .await
            .unwrap();
        ids.push(created.id);
    }
    store
        .act(ids[0], 1, Action::Approve, None, &by, now)
        .await
        .unwrap();
    store
        .act(
            ids[0],
            2,
            Action::RecordStep(Step::KonsolidasiManual),
            Some("cek KK"),
            &by,
            now,
        )
        .await
        .unwrap();
    store
        .act(
            ids[1],
            1,
            Action::Cancel,
            Some("Foto KTP-el tidak terbaca"),
            &by,
            now,
        )
        .await
        .unwrap();
    let receipt = sinkron_core::kiosk_store::submit(&store, &request(), now, &kk, &ktp)
        .await
        .unwrap();
    store
        .lookup_status(&receipt.reg_number, &receipt.check_code, now)
        .await
        .unwrap();
    (store, receipt)
}

/// The file's bytes and its WAL's, once everything is written into the file itself.
async fn settled_bytes(path: &std::path::Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
        .execute(&raw)
        .await
        .unwrap();
    raw.close().await;
    file_bytes(path)
}

fn file_bytes(path: &std::path::Path) -> (Vec<u8>, Option<Vec<u8>>) {
    let wal = std::fs::read(path.with_extension("db-wal")).ok();
    (std::fs::read(path).unwrap(), wal.filter(|w| !w.is_empty()))
}

#[tokio::test]
async fn an_office_moves_whole_and_goes_on_there() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let (sqlite, receipt) = office(&path).await;
    let before_list = sqlite.list_requests(1, 50).await.unwrap();
    let seen_at = Utc::now();
    let mut before = Vec::new();
    for item in &before_list.items {
        before.push((
            sqlite.get_request(item.id).await.unwrap(),
            sqlite.request_detail(item.id, seen_at).await.unwrap(),
            sqlite.queue(&QueueQuery::default(), seen_at).await.unwrap(),
        ));
    }
    let counts_before = sqlite.status_counts().await.unwrap();
    sqlite.close().await;
    let file_before = settled_bytes(&path).await;

    let report = db.owner.import_sqlite(&path).await.expect("moved");
    assert_eq!(report.count("requests"), 4);
    assert_eq!(report.count("documents"), 8);
    assert_eq!(report.count("operators"), 1);
    assert_eq!(report.count("process_steps"), 1);
    assert_eq!(report.count("status_lookups"), 1);
    assert!(report.count("audit_log") >= 5, "{report:?}");
    let untouched = file_bytes(&path) == file_before;
    assert!(untouched, "the SQLite file is untouched");

    // A desk on the server sees the same office.
    let desk = db.login(GroupRole::Operator, "desk").await;
    assert_eq!(desk.status_counts().await.unwrap(), counts_before);
    let after_list = desk.list_requests(1, 50).await.unwrap();
    assert_eq!(after_list, before_list, "same rows, same order, same times");
    for (record, detail, queue) in &before {
        assert_eq!(&desk.get_request(record.id).await.unwrap(), record);
        assert_eq!(
            &desk.request_detail(record.id, seen_at).await.unwrap(),
            detail,
            "the detail view of {} is the same on the server",
            record.reg_number
        );
        assert_eq!(
            &desk.queue(&QueueQuery::default(), seen_at).await.unwrap(),
            queue
        );
    }
    let photos_equal: bool = sqlx::query_scalar(
        "SELECT bool_and(sha256 = encode(sha256(original), 'hex')) FROM documents",
    )
    .fetch_one(db.owner.pool())
    .await
    .unwrap();
    assert!(photos_equal, "every photo arrives byte for byte");
    // The receipt printed before the move still opens its status at a kiosk on the server.
    let kiosk = db.login(GroupRole::Kiosk, "kiosk").await;
    let status = kiosk
        .lookup_status(&receipt.reg_number, &receipt.check_code, chrono::Utc::now())
        .await
        .expect("the old receipt's code is checked by the server");
    assert_eq!(status.status, Status::Baru);
    let (name, _) = desk.office().await.unwrap();
    assert_eq!(name, "Disdukcapil Kabupaten Contoh");

    // And goes on: the next number follows the day's last, an old request moves on.
    let (kk, ktp) = photos();
    let by = sinkron_core::Actor::named("Ani");
    let next = desk
        .create_desk_request(&request(), &by, Utc::now(), &kk, &ktp)
        .await
        .unwrap();
    assert!(next.reg_number.ends_with("-0005"), "{}", next.reg_number);
    assert!(next.id > 4, "ids continue after the copied ones");
    let kiosk_request = before
        .iter()
        .map(|(record, _, _)| record)
        .find(|r| r.channel == sinkron_core::Channel::Kiosk)
        .expect("the kiosk's request moved");
    let acted = desk
        .act(kiosk_request.id, 1, Action::Approve, None, &by, Utc::now())
        .await
        .unwrap();
    assert_eq!(acted.status, Status::Disetujui);
    // The file's audit chain came along, and the server's own rows go on from its last link.
    use sinkron_core::AccountPort as _;
    match desk.audit_chain().await.unwrap() {
        Some(sinkron_core::audit_chain::ChainCheck::Intact { chained, .. }) => {
            assert!(chained as i64 >= report.count("audit_log") + 2, "{chained}")
        }
        other => panic!("the chain after the move: {other:?}"),
    }
}

#[tokio::test]
async fn a_server_that_already_holds_requests_is_refused_and_left_as_it_was() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let (kk, ktp) = photos();
    db.owner
        .create_desk_request(
            &request(),
            &sinkron_core::Actor::named("Ani"),
            Utc::now(),
            &kk,
            &ktp,
        )
        .await
        .unwrap();
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    office(&path).await.0.close().await;
    let refused = db.owner.import_sqlite(&path).await.unwrap_err();
    assert!(matches!(refused, ImportError::NotEmpty(1)), "{refused}");
    assert!(refused.to_string().contains("kosong"));
    assert_eq!(db.owner.status_counts().await.unwrap().all, 1);
}

#[tokio::test]
async fn a_column_the_server_does_not_know_stops_the_move_and_keeps_nothing() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let (sqlite, _) = office(&path).await;
    // A newer Sinkron's column the server has not been updated for (requests come after
    // settings, operators and reg_sequences, so those were already copied in the transaction).
    sqlx::raw_sql("ALTER TABLE requests ADD COLUMN priority INTEGER")
        .execute(
            &sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
                .await
                .unwrap(),
        )
        .await
        .unwrap();
    sqlite.close().await;
    let refused = db.owner.import_sqlite(&path).await.unwrap_err();
    assert!(
        matches!(&refused, ImportError::UnknownColumn { table, column } if table == "requests" && column == "priority"),
        "{refused}"
    );
    let left: (i64, i64, String) = sqlx::query_as(
        "SELECT (SELECT count(*) FROM operators), (SELECT count(*) FROM reg_sequences), \
         (SELECT value FROM settings WHERE key = 'office_name')",
    )
    .fetch_one(db.owner.pool())
    .await
    .unwrap();
    assert_eq!(
        left,
        (0, 0, "Dinas Kependudukan dan Pencatatan Sipil".to_string()),
        "the server is as it was"
    );
}

#[tokio::test]
async fn a_missing_file_is_said_plainly() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let refused = db
        .owner
        .import_sqlite(std::path::Path::new("/nonexistent/sinkron.db"))
        .await
        .unwrap_err();
    assert!(matches!(refused, ImportError::Source(_)), "{refused}");
    assert!(refused
        .to_string()
        .starts_with("Berkas data SQLite tidak dapat dibuka"));
}

/// Runs the admin tool with `stdin`; its exit status and what it printed.
fn admin(args: &[&str], stdin: &str) -> (bool, String) {
    use std::io::Write;
    use std::process::{Command, Stdio};
    let mut child = Command::new(env!("CARGO_BIN_EXE_sinkron-pg-admin"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(stdin.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    let text =
        String::from_utf8_lossy(&out.stdout).to_string() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

#[tokio::test]
async fn the_admin_tool_moves_an_office_and_makes_a_desk_login() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    office(&path).await.0.close().await;
    let url = db.owner_url();
    let db_path = path.to_str().unwrap();

    let (ok, said) = admin(&["import", "--url", &url, "--db", db_path], "");
    assert!(ok, "{said}");
    assert!(
        said.contains("requests") && said.contains("        4"),
        "{said}"
    );
    let (ok, said) = admin(&["import", "--url", &url, "--db", db_path], "");
    assert!(!ok, "a second move is refused");
    assert!(said.contains("sudah berisi 4 pengajuan"), "{said}");

    let login = format!("meja_{}", std::process::id());
    let (ok, said) = admin(
        &[
            "login", "--url", &url, "--name", &login, "--role", "operator",
        ],
        "pendek\n",
    );
    assert!(!ok && said.contains("terlalu pendek"), "{said}");
    let (ok, said) = admin(
        &[
            "login", "--url", &url, "--name", &login, "--role", "operator",
        ],
        "sandi-meja-satu-panjang\n",
    );
    assert!(ok, "{said}");
    let host_and_db = url.rsplit_once('@').unwrap().1;
    let desk = sinkron_pg::PgStore::connect(&format!(
        "postgres://{login}:sandi-meja-satu-panjang@{host_and_db}"
    ))
    .await
    .expect("the new login connects");
    // A PC's login learns the schema and nothing more: the operators sign in as themselves.
    assert!(desk.schema().await.is_ok());
    assert!(desk.list_requests(1, 10).await.is_err());
}

/// A desk's file is encrypted under its Windows account's key, which the server never sees: the
/// office moves from a passphrase backup of it, which carries the key. A wrong passphrase moves
/// nothing.
#[tokio::test]
async fn the_admin_tool_moves_an_office_from_a_passphrase_backup_of_its_encrypted_file() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    office(&path).await.0.close().await;
    let key = sinkron_sqlite::DbKey::generate().unwrap();
    let encrypted = Store::open_keyed(&path, Some(&key)).await.unwrap();
    let passphrase = sinkron_core::backup::Passphrase::parse("kantor pindah ke server").unwrap();
    let report = encrypted
        .backup_into(
            &dir.path().join("usb"),
            Utc::now(),
            &Default::default(),
            Some(&passphrase),
        )
        .await
        .unwrap();
    encrypted.close().await;
    let url = db.owner_url();
    let copy = report.copy.path.to_str().unwrap();

    let (ok, said) = admin(
        &["import", "--url", &url, "--db", copy],
        "bukan frasanya sama sekali\n",
    );
    assert!(!ok, "{said}");
    assert!(said.contains("Frasa sandi cadangan salah"), "{said}");
    assert_eq!(db.owner.list_requests(1, 10).await.unwrap().total, 0);

    let (ok, said) = admin(
        &["import", "--url", &url, "--db", copy],
        "kantor pindah ke server\n",
    );
    assert!(ok, "{said}");
    assert!(
        said.contains("requests") && said.contains("        4"),
        "{said}"
    );
    assert_eq!(db.owner.list_requests(1, 10).await.unwrap().total, 4);
}

/// On the server the first admin is made by the owner's tool, and a password can be set there
/// too (an office locked out, or an account from before schema 7): both as the account's own
/// server login, the password read from standard input.
#[tokio::test]
async fn the_admin_tool_makes_the_first_admin_and_sets_a_password() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let url = db.owner_url();
    let first = [
        "admin",
        "--url",
        &url,
        "--name",
        "dewi",
        "--display",
        "Dewi Admin",
    ];
    let (ok, said) = admin(&first, "sandi-dewi-admin-1\n");
    assert!(ok && said.contains("Akun admin dewi dibuat"), "{said}");
    sinkron_pg::PgStore::connect_with(db.operator_options("dewi", "sandi-dewi-admin-1"))
        .await
        .expect("dewi signs in as her own login");
    let second = ["admin", "--url", &url, "--name", "eka", "--display", "Eka"];
    let (ok, said) = admin(&second, "sandi-eka-admin-12\n");
    assert!(!ok && said.contains("sudah punya administrator"), "{said}");

    let (ok, said) = admin(
        &["password", "--url", &url, "--name", "Dewi"],
        "sandi-dewi-baru-22\n",
    );
    assert!(ok, "{said}");
    assert!(said.contains(&format!("dewi@{}", db.name)), "{said}");
    assert!(
        sinkron_pg::PgStore::connect_with(db.operator_options("dewi", "sandi-dewi-admin-1"))
            .await
            .is_err()
    );
    sinkron_pg::PgStore::connect_with(db.operator_options("dewi", "sandi-dewi-baru-22"))
        .await
        .expect("the new password");
    let (ok, said) = admin(&["password", "--url", &url, "--name", "siapa"], "x\n");
    assert!(
        !ok && said.contains("Tidak ada akun bernama siapa"),
        "{said}"
    );
}
