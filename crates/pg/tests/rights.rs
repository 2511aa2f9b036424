//! The server holds operators' rights itself (schema 7): each test signs in as an operator's own
//! login, or the kiosk's, and tries what a forged client could send. Every refusal is the
//! server's (SQLSTATE 42501, or a clear raise), and a refused forgery leaves the audit log as it
//! was.

mod common;

use chrono::Utc;
use common::{TestDb, PASSWORD};
use sinkron_core::auth::Role;
use sinkron_core::store::Actor;
use sinkron_core::RequestChanges as _;
use sinkron_core::{AccountPort as _, AccountStore as _, AuditFilter, AuthError};
use sinkron_pg::{GroupRole, PgStore};
use sqlx::postgres::PgPool;

/// The SQLSTATE a statement fails with (`None`: it succeeded).
async fn refusal(pool: &PgPool, sql: &str) -> Option<String> {
    match sqlx::raw_sql(sql).execute(pool).await {
        Ok(_) => None,
        Err(sqlx::Error::Database(e)) => e.code().map(|c| c.into_owned()),
        Err(e) => panic!("not a database error: {e}"),
    }
}

async fn audit_rows(db: &TestDb) -> i64 {
    sqlx::query_scalar("SELECT COUNT(*) FROM audit_log")
        .fetch_one(db.owner.pool())
        .await
        .unwrap()
}

/// A fresh database with an admin "adi" and a petugas "rina", each with a server login.
async fn office() -> Option<(TestDb, i64, i64)> {
    let db = TestDb::new().await?;
    let admin = db.account("adi", "admin").await;
    let petugas = db.account("rina", "petugas").await;
    Some((db, admin, petugas))
}

#[tokio::test]
async fn a_petugas_cannot_read_password_hashes() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let rina = db.operator("rina").await;
    let refused = refusal(rina.pool(), "SELECT password_hash FROM operators").await;
    assert_eq!(refused.as_deref(), Some("42501"));
    // The account list itself stays readable.
    let names: Vec<String> = sqlx::query_scalar("SELECT username FROM operators ORDER BY 1")
        .fetch_all(rina.pool())
        .await
        .unwrap();
    assert_eq!(names, ["adi", "rina"]);
}

#[tokio::test]
async fn a_petugas_cannot_make_itself_an_admin() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let rina = db.operator("rina").await;
    let refused = refusal(
        rina.pool(),
        "UPDATE operators SET role = 'admin' WHERE username = 'rina'",
    )
    .await;
    assert_eq!(refused.as_deref(), Some("42501"));
    let refused = refusal(rina.pool(), "SELECT sinkron_account_set(2, 'admin', TRUE)").await;
    assert_eq!(refused.as_deref(), Some("42501"));
    let role: String = sqlx::query_scalar("SELECT role FROM operators WHERE username = 'rina'")
        .fetch_one(db.owner.pool())
        .await
        .unwrap();
    assert_eq!(role, "petugas");
}

#[tokio::test]
async fn a_petugas_cannot_create_accounts_or_server_roles() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let rina = db.operator("rina").await;
    let verifier = sinkron_core::auth::scram_verifier(PASSWORD);
    let sql = format!("SELECT sinkron_account_create('budi', 'Budi', 'admin', '{verifier}')");
    assert_eq!(refusal(rina.pool(), &sql).await.as_deref(), Some("42501"));
    let refused = refusal(rina.pool(), "CREATE ROLE budi LOGIN PASSWORD 'x'").await;
    assert_eq!(refused.as_deref(), Some("42501"));
    let refused = refusal(rina.pool(), "INSERT INTO operators (username, display_name, role, created_at) VALUES ('budi', 'Budi', 'admin', 'x')").await;
    assert_eq!(refused.as_deref(), Some("42501"));
}

#[tokio::test]
async fn a_petugas_cannot_change_the_settings() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let rina = db.operator("rina").await;
    for sql in [
        "UPDATE settings SET value = '10.0.0.99:9100' WHERE key = 'kiosk_printer'",
        "INSERT INTO settings (key, value) VALUES ('kiosk_printer', '10.0.0.99:9100')",
        "DELETE FROM settings",
    ] {
        assert_eq!(
            refusal(rina.pool(), sql).await.as_deref(),
            Some("42501"),
            "{sql}"
        );
    }
    // An admin may: the settings page is theirs.
    let adi = db.operator("adi").await;
    let changed = refusal(
        adi.pool(),
        "INSERT INTO settings (key, value) VALUES ('office_name', 'Disdukcapil Uji') \
         ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
    )
    .await;
    assert_eq!(changed, None);
}

#[tokio::test]
async fn nobody_lifts_a_lockout_by_clearing_the_attempts() {
    let Some((db, ..)) = office().await else {
        return;
    };
    for who in ["rina", "adi"] {
        let login = db.operator(who).await;
        for sql in [
            "DELETE FROM login_attempts",
            "INSERT INTO login_attempts (username, success, at) VALUES ('rina', 1, 'x')",
        ] {
            assert_eq!(
                refusal(login.pool(), sql).await.as_deref(),
                Some("42501"),
                "{who}: {sql}"
            );
        }
    }
}

#[tokio::test]
async fn nobody_forges_an_audit_row() {
    let Some((db, admin, petugas)) = office().await else {
        return;
    };
    let before = audit_rows(&db).await;
    for (who, other) in [("rina", admin), ("adi", petugas)] {
        let login = db.operator(who).await;
        let forged = format!(
            "INSERT INTO audit_log (at, operator_id, role, workstation, action) \
             VALUES ('2020-01-01T00:00:00Z', {other}, 'admin', 'MEJA-1', 'sign_in')"
        );
        assert_eq!(
            refusal(login.pool(), &forged).await.as_deref(),
            Some("42501"),
            "{who}"
        );
        for sql in ["UPDATE audit_log SET detail = 'x'", "DELETE FROM audit_log"] {
            assert_eq!(
                refusal(login.pool(), sql).await.as_deref(),
                Some("42501"),
                "{who}: {sql}"
            );
        }
    }
    assert_eq!(audit_rows(&db).await, before);
}

#[tokio::test]
async fn an_operators_own_audit_row_gets_the_servers_time_and_its_accounts_role() {
    let Some((db, _, petugas)) = office().await else {
        return;
    };
    let rina = db.operator("rina").await;
    let sql = format!(
        "INSERT INTO audit_log (at, operator_id, role, workstation, action) \
         VALUES ('2020-01-01T00:00:00Z', {petugas}, 'admin', 'MEJA-1', 'export')"
    );
    assert_eq!(refusal(rina.pool(), &sql).await, None);
    let (at, role, login): (String, String, String) =
        sqlx::query_as("SELECT at, role, db_login FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_one(db.owner.pool())
            .await
            .unwrap();
    assert!(!at.starts_with("2020"), "the server's clock: {at}");
    assert_eq!(role, "petugas");
    assert_eq!(login, format!("rina@{}", db.name));
    // A row naming nobody is written in the login's own name.
    let nameless = "INSERT INTO audit_log (at, workstation, action) VALUES ('x', 'MEJA-1', 'x')";
    assert_eq!(refusal(rina.pool(), nameless).await, None);
    let named: Option<i64> =
        sqlx::query_scalar("SELECT operator_id FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_one(db.owner.pool())
            .await
            .unwrap();
    assert_eq!(named, Some(petugas));
    // Reading the log is the admin's.
    let refused = refusal(rina.pool(), "SELECT * FROM audit_log").await;
    assert_eq!(refused.as_deref(), Some("42501"));
}

/// A desk request with both photos, saved by the database's owner: its KK photo and its id.
async fn saved_by_owner(db: &TestDb) -> (sinkron_core::ProcessedPhoto, i64) {
    let (kk, ktp) = common::photos();
    let saved = db
        .owner
        .create_desk_request(
            &common::request(),
            &Actor::named("Ani"),
            Utc::now(),
            &kk,
            &ktp,
        )
        .await
        .expect("saved by the owner")
        .id;
    (kk, saved)
}

#[tokio::test]
async fn a_photo_is_read_only_through_the_function_that_records_the_view() {
    let Some((db, _, petugas)) = office().await else {
        return;
    };
    let (kk, saved) = saved_by_owner(&db).await;
    let rina = db.operator("rina").await;
    for sql in [
        "SELECT preview FROM documents",
        "SELECT original FROM documents",
        "SELECT * FROM documents",
    ] {
        assert_eq!(
            refusal(rina.pool(), sql).await.as_deref(),
            Some("42501"),
            "{sql}"
        );
    }
    // What a list needs stays readable.
    let (size, thumb): (i64, Vec<u8>) =
        sqlx::query_as("SELECT byte_size, thumbnail FROM documents WHERE kind = 'kk'")
            .fetch_one(rina.pool())
            .await
            .unwrap();
    assert_eq!(size, kk.original.len() as i64);
    assert!(!thumb.is_empty());
    let document: i64 = sqlx::query_scalar("SELECT id FROM documents WHERE kind = 'kk'")
        .fetch_one(rina.pool())
        .await
        .unwrap();
    let before = audit_rows(&db).await;
    let (mime, bytes): (String, Vec<u8>) =
        sqlx::query_as("SELECT mime, bytes FROM sinkron_photo($1, 'original', 'MEJA-2')")
            .bind(document)
            .fetch_one(rina.pool())
            .await
            .unwrap();
    assert_eq!(
        (mime.as_str(), bytes.len()),
        ("image/jpeg", kk.original.len())
    );
    assert_eq!(audit_rows(&db).await, before + 1);
    let (who, action, request, detail): (i64, String, i64, String) = sqlx::query_as(
        "SELECT operator_id, action, request_id, detail FROM audit_log ORDER BY id DESC LIMIT 1",
    )
    .fetch_one(db.owner.pool())
    .await
    .unwrap();
    assert_eq!(
        (who, action.as_str(), request, detail.as_str()),
        (petugas, "photo_view", saved, "kk original")
    );
}

/// `sinkron_photo_replace` called as a forged client would, with the KK's `problems` and
/// `corners` as given.
fn replace_kk<'a>(
    kk: &'a sinkron_core::ProcessedPhoto,
    request: i64,
    problems: &'static str,
    corners: Option<&'static str>,
) -> sqlx::query::Query<'a, sqlx::Postgres, sqlx::postgres::PgArguments> {
    sqlx::query(
        "SELECT sinkron_photo_replace($1, 'kk', $2, $3, $4, $5, $6, $7, $8, \
         'Foto KK buram', $9, $10)",
    )
    .bind(request)
    .bind(&kk.sha256)
    .bind(kk.mime)
    .bind(i64::from(kk.width))
    .bind(i64::from(kk.height))
    .bind(&kk.original)
    .bind(&kk.preview.jpeg)
    .bind(&kk.thumbnail.jpeg)
    .bind(problems)
    .bind(corners)
}

#[tokio::test]
async fn only_known_photo_problems_are_stored_and_a_desk_cannot_clear_them() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let (kk, saved) = saved_by_owner(&db).await;
    let rina = db.operator("rina").await;
    // The mark is the photo's: a desk cannot wipe it from a stored row.
    assert_eq!(
        refusal(rina.pool(), "UPDATE documents SET problems = ''")
            .await
            .as_deref(),
        Some("42501")
    );
    // A forged client sending a code the app never makes is refused whole.
    let replace = |problems: &'static str| replace_kk(&kk, saved, problems, None);
    let refused = replace("blurry,<script>").execute(rina.pool()).await;
    match refused {
        Err(sqlx::Error::Database(e)) => assert_eq!(e.code().as_deref(), Some("23514")),
        other => panic!("an unknown problem code was stored: {other:?}"),
    }
    replace("blurry,glare")
        .execute(rina.pool())
        .await
        .expect("known codes are stored");
    let stored: String =
        sqlx::query_scalar("SELECT problems FROM documents WHERE request_id = $1 AND kind = 'kk'")
            .bind(saved)
            .fetch_one(rina.pool())
            .await
            .unwrap();
    assert_eq!(stored, "blurry,glare");
}

#[tokio::test]
async fn only_corners_in_their_shape_are_stored_and_a_desk_cannot_move_them() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let (kk, saved) = saved_by_owner(&db).await;
    let rina = db.operator("rina").await;
    assert_eq!(
        refusal(rina.pool(), "UPDATE documents SET corners = ''")
            .await
            .as_deref(),
        Some("42501")
    );
    let replace = |corners: &'static str| replace_kk(&kk, saved, "", Some(corners));
    for forged in [
        "1000,1000 9000,1000 9000,9000",
        "1000,1000 9000,1000 9000,9000 1000,20000",
        "1000,1000 9000,1000 9000,9000 1000,9000'); DROP TABLE documents; --",
    ] {
        match replace(forged).execute(rina.pool()).await {
            Err(sqlx::Error::Database(e)) => {
                assert_eq!(e.code().as_deref(), Some("23514"), "{forged}")
            }
            other => panic!("corners {forged:?} were stored: {other:?}"),
        }
    }
    let corners = "1000,1000 9000,833 8750,8333 1250,8500";
    replace(corners)
        .execute(rina.pool())
        .await
        .expect("corners in their shape are stored");
    let stored: Option<String> =
        sqlx::query_scalar("SELECT corners FROM documents WHERE request_id = $1 AND kind = 'kk'")
            .bind(saved)
            .fetch_one(rina.pool())
            .await
            .unwrap();
    assert_eq!(stored.as_deref(), Some(corners));
}

/// What the server's masa simpan function deletes of one request's photos for this login.
async fn expire(login: &PgStore, request: i64) -> i32 {
    sqlx::query_scalar("SELECT sinkron_photos_expire($1)")
        .bind(request)
        .fetch_one(login.pool())
        .await
        .unwrap()
}

#[tokio::test]
async fn photos_are_deleted_only_when_the_server_finds_them_due() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let (kk, ktp) = common::photos();
    let now = Utc::now();
    let request = db
        .owner
        .create_desk_request(&common::request(), &Actor::named("Ani"), now, &kk, &ktp)
        .await
        .expect("saved by the owner")
        .id;
    let rina = db.operator("rina").await;
    let photos = || async {
        sqlx::query_scalar::<_, i64>("SELECT count(*) FROM documents")
            .fetch_one(db.owner.pool())
            .await
            .unwrap()
    };
    assert_eq!(
        refusal(rina.pool(), "DELETE FROM documents")
            .await
            .as_deref(),
        Some("42501")
    );
    // No rule saved yet, then a request still open, then one cancelled today: nothing goes,
    // whatever clock the desk believes.
    assert_eq!(expire(&rina, request).await, 0);
    sqlx::query("INSERT INTO settings (key, value) VALUES ('retention_photo_days', '30')")
        .execute(db.owner.pool())
        .await
        .unwrap();
    assert_eq!(expire(&rina, request).await, 0);
    db.owner
        .act(
            request,
            1,
            sinkron_core::Action::Cancel,
            Some("Data sudah sesuai di SIAK"),
            &Actor::named("Ani"),
            now,
        )
        .await
        .unwrap();
    assert_eq!(expire(&rina, request).await, 0);
    assert_eq!(photos().await, 2);
    // Once the request is older than the rule by the server's clock, they go.
    sqlx::query("UPDATE status_history SET at = utc_stamp(now() - interval '31 days')")
        .execute(db.owner.pool())
        .await
        .unwrap();
    assert_eq!(expire(&rina, request).await, 2);
    assert_eq!(photos().await, 0);
    let kept: i32 =
        sqlx::query_scalar("SELECT rule_days FROM photo_deletions WHERE request_id = $1")
            .bind(request)
            .fetch_one(rina.pool())
            .await
            .unwrap();
    assert_eq!(kept, 30);
}

#[tokio::test]
async fn the_kiosk_login_reaches_no_account_or_photo_function() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let kiosk: PgStore = db.login(GroupRole::Kiosk, "anjungan").await;
    for sql in [
        "SELECT sinkron_account_password(1, 'x')",
        "SELECT * FROM sinkron_photo(1, 'original', 'x')",
        "SELECT sinkron_accounts_lock()",
        "SELECT username FROM operators",
    ] {
        assert_eq!(
            refusal(kiosk.pool(), sql).await.as_deref(),
            Some("42501"),
            "{sql}"
        );
    }
}

#[tokio::test]
async fn an_admin_makes_an_account_that_signs_in_with_its_own_password() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let adi = db.operator("adi").await;
    let id: i64 =
        sqlx::query_scalar("SELECT sinkron_account_create('budi', 'Budi', 'petugas', $1)")
            .bind(sinkron_core::auth::scram_verifier("kata-sandi-budi"))
            .fetch_one(adi.pool())
            .await
            .expect("an admin creates an account");
    let budi = PgStore::connect_with(db.operator_options("budi", "kata-sandi-budi"))
        .await
        .expect("budi signs in");
    let me: String =
        sqlx::query_scalar("SELECT username FROM operators WHERE db_role = session_user")
            .fetch_one(budi.pool())
            .await
            .unwrap();
    assert_eq!(me, "budi");
    budi.pool().close().await;
    let wrong = PgStore::connect_with(db.operator_options("budi", "salah-sandi-budi")).await;
    assert!(wrong.is_err(), "a wrong password is refused by the server");
    // Disabled: the server refuses the login itself.
    sqlx::query("SELECT sinkron_account_set($1, 'petugas', FALSE)")
        .bind(id)
        .execute(adi.pool())
        .await
        .unwrap();
    let disabled = PgStore::connect_with(db.operator_options("budi", "kata-sandi-budi")).await;
    assert!(disabled.is_err(), "a disabled account cannot connect");
}

#[tokio::test]
async fn a_password_reaches_the_server_only_as_a_scram_verifier() {
    let Some((db, admin, _)) = office().await else {
        return;
    };
    let adi = db.operator("adi").await;
    let sql = format!("SELECT sinkron_account_password({admin}, 'kata-sandi-polos')");
    assert_eq!(refusal(adi.pool(), &sql).await.as_deref(), Some("22023"));
}

#[tokio::test]
async fn an_account_from_before_schema_7_gets_its_login_when_its_password_is_set() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    // As an upgraded server has it: an account with a desk-made hash and no server login.
    let old: i64 = sqlx::query_scalar(
        "INSERT INTO operators (username, display_name, role, password_hash, active, created_at) \
         VALUES ('lama', 'Petugas Lama', 'admin', '$argon2id$v=19$m=19456,t=2,p=1$x$y', 1, 'x') \
         RETURNING id",
    )
    .fetch_one(db.owner.pool())
    .await
    .unwrap();
    sqlx::query("SELECT sinkron_account_password($1, $2)")
        .bind(old)
        .bind(sinkron_core::auth::scram_verifier(PASSWORD))
        .execute(db.owner.pool())
        .await
        .expect("the owner sets the password (sinkron-pg-admin password)");
    let lama = db.operator("lama").await;
    let hash: Option<String> =
        sqlx::query_scalar("SELECT password_hash FROM operators WHERE id = $1")
            .bind(old)
            .fetch_one(db.owner.pool())
            .await
            .unwrap();
    assert_eq!(hash, None, "the desk-made hash is gone");
    // An admin: the settings are theirs.
    let changed = refusal(
        lama.pool(),
        "UPDATE settings SET value = value WHERE key = 'office_name'",
    )
    .await;
    assert_eq!(changed, None);
}

/// The core's account use cases, over operators' own logins: an admin makes, disables and
/// re-passwords an account, and each sign-in is the server accepting that account's login.
#[tokio::test]
async fn the_core_manages_accounts_that_sign_in_as_their_own_logins() {
    let Some((db, admin, _)) = office().await else {
        return;
    };
    let adi = db.operator("adi").await;
    let by = adi.operator(admin).await.unwrap().unwrap().actor("MEJA-1");
    let now = Utc::now();
    let budi = adi
        .create_operator(&by, "budi", "Budi", Role::Petugas, PASSWORD, PASSWORD, now)
        .await
        .expect("made through the server's function");
    let taken = adi
        .create_operator(
            &by,
            "BUDI",
            "Budi Lain",
            Role::Petugas,
            PASSWORD,
            PASSWORD,
            now,
        )
        .await
        .unwrap_err();
    assert!(matches!(taken, AuthError::UsernameTaken), "{taken}");

    let login = db.operator("budi").await;
    let signed = login.sign_in_by_login("MEJA-2", now).await.unwrap();
    assert_eq!(signed, budi);
    login.pool().close().await;
    // The owner's connection is nobody's account: no sign-in there.
    let owner = db.owner.sign_in_by_login("MEJA-2", now).await.unwrap_err();
    assert!(matches!(owner, AuthError::BadCredentials), "{owner}");

    adi.set_operator_active(&by, budi.id, false, now)
        .await
        .unwrap();
    assert!(PgStore::connect_with(db.operator_options("budi", PASSWORD))
        .await
        .is_err());
    adi.set_operator_active(&by, budi.id, true, now)
        .await
        .unwrap();
    adi.reset_password(&by, budi.id, "sandi-baru-budi-2", "sandi-baru-budi-2", now)
        .await
        .unwrap();
    assert!(PgStore::connect_with(db.operator_options("budi", PASSWORD))
        .await
        .is_err());
    PgStore::connect_with(db.operator_options("budi", "sandi-baru-budi-2"))
        .await
        .expect("the new password");
    // Made an admin by the core, the login gets the admin's rights on the server.
    adi.set_operator_role(&by, budi.id, Role::Admin, now)
        .await
        .unwrap();
    let budi_admin = PgStore::connect_with(db.operator_options("budi", "sandi-baru-budi-2"))
        .await
        .unwrap();
    let changed = refusal(
        budi_admin.pool(),
        "UPDATE settings SET value = value WHERE key = 'office_name'",
    )
    .await;
    assert_eq!(changed, None);
    let made = adi
        .audit_entries(&AuditFilter {
            action: Some("account_create".into()),
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(made[0].operator_name.as_deref(), Some("Petugas adi"));
}

#[tokio::test]
async fn two_admins_disabling_each_other_at_once_leave_one() {
    let Some((db, adi_id, _)) = office().await else {
        return;
    };
    let agus_id = db.account("agus", "admin").await;
    let (adi, agus) = (db.operator("adi").await, db.operator("agus").await);
    let adi_op = adi.operator(adi_id).await.unwrap().unwrap();
    let agus_op = agus.operator(agus_id).await.unwrap().unwrap();
    let start = std::sync::Arc::new(tokio::sync::Barrier::new(2));
    let disable = |s: PgStore, by: sinkron_core::Operator, target: i64| {
        let start = start.clone();
        tokio::spawn(async move {
            start.wait().await;
            s.set_operator_active(&by.actor("PC"), target, false, Utc::now())
                .await
        })
    };
    let a = disable(adi.clone(), adi_op, agus_id);
    let b = disable(agus.clone(), agus_op, adi_id);
    let results = [a.await.unwrap(), b.await.unwrap()];
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    // The other is refused by the last-admin rule, or, disabled by the winner while it waited
    // for the accounts' lock, its session is ended by the server.
    let loser = results.iter().find_map(|r| r.as_ref().err()).unwrap();
    assert!(
        matches!(loser, AuthError::LastAdmin | AuthError::Store(_)),
        "{loser}"
    );
    let admins: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE role = 'admin' AND active = 1")
            .fetch_one(db.owner.pool())
            .await
            .unwrap();
    assert_eq!(admins, 1);
}

/// The office's first admin is made on the server by its owner (`sinkron-pg-admin admin`), once.
#[tokio::test]
async fn the_owner_makes_the_first_admin_once() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let first = db
        .owner
        .create_first_admin(
            "dewi",
            "Dewi Admin",
            PASSWORD,
            PASSWORD,
            "SERVER",
            Utc::now(),
        )
        .await
        .expect("the first admin");
    let again = db
        .owner
        .create_first_admin("eka", "Eka Admin", PASSWORD, PASSWORD, "SERVER", Utc::now())
        .await
        .unwrap_err();
    assert!(matches!(again, AuthError::AlreadySetUp), "{again}");
    let dewi = db.operator("dewi").await;
    assert_eq!(
        dewi.sign_in_by_login("MEJA-1", Utc::now()).await.unwrap(),
        first
    );
}

/// What a desk PC keeps in its credential store (a login in `sinkron_operator`) opens no
/// table and no account function: the operators sign in as themselves.
#[tokio::test]
async fn a_desk_pcs_stored_login_reaches_no_table() {
    let Some((db, ..)) = office().await else {
        return;
    };
    let pc = db.pc_login("meja").await;
    let before = audit_rows(&db).await;
    for sql in [
        "SELECT * FROM requests",
        "SELECT username FROM operators",
        "SELECT password_hash FROM operators",
        "SELECT * FROM settings",
        "UPDATE settings SET value = 'x'",
        "SELECT * FROM audit_log",
        "INSERT INTO audit_log (at, action) VALUES ('x', 'sign_in')",
        "DELETE FROM login_attempts",
        "SELECT thumbnail FROM documents",
        "SELECT * FROM sinkron_photo(1, 'original', 'x')",
        "SELECT sinkron_account_password(1, 'x')",
        "SELECT next_reg_number(now())",
    ] {
        assert_eq!(
            refusal(pc.pool(), sql).await.as_deref(),
            Some("42501"),
            "{sql}"
        );
    }
    assert_eq!(audit_rows(&db).await, before);
    assert!(pc.schema().await.is_ok(), "it still learns the schema");
}

/// Sign-in attempts are slowed by the server itself (`auth_delay`, as README asks of an
/// office's server): a client that skips the desk's own check still waits after every wrong
/// password. The test server is set up so (`cargo xtask test`).
#[tokio::test]
async fn the_server_slows_every_refused_password() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let delay: Result<String, _> = sqlx::query_scalar("SHOW auth_delay.milliseconds")
        .fetch_one(db.owner.pool())
        .await;
    match delay {
        Ok(ms) => {
            let ms = ms.trim_end_matches("ms").parse::<u32>();
            assert!(ms.as_ref().is_ok_and(|ms| *ms >= 500), "{ms:?}");
        }
        Err(e) if std::env::var_os("CI").is_none() => {
            eprintln!("this PostgreSQL server has no auth_delay ({e}); an office's must")
        }
        Err(e) => panic!("the test server has no auth_delay: {e}"),
    }
}

/// The owner, tampering as only the owner can: with the refusing trigger off.
async fn tamper(db: &TestDb, sql: &str) {
    sqlx::raw_sql(&format!(
        "ALTER TABLE audit_log DISABLE TRIGGER audit_log_no_change; {sql}; \
         ALTER TABLE audit_log ENABLE TRIGGER audit_log_no_change;"
    ))
    .execute(db.owner.pool())
    .await
    .unwrap();
}

#[tokio::test]
async fn the_server_chains_every_audit_row_and_a_changed_or_missing_row_is_found() {
    use sinkron_core::audit_chain::ChainCheck;
    let Some((db, ..)) = office().await else {
        return;
    };
    // Eight desks writing at once: ids are taken under the chain's lock, so id order is chain
    // order.
    let mut writers = Vec::new();
    for i in 0..8 {
        let rina = db.operator("rina").await;
        writers.push(tokio::spawn(async move {
            for j in 0..5 {
                rina.audit(
                    &Actor::named("Rina"),
                    "photo_view",
                    None,
                    Some(&format!("kk {i}-{j}")),
                    Utc::now(),
                )
                .await
                .unwrap();
            }
        }));
    }
    for w in writers {
        w.await.unwrap();
    }
    let adi = db.operator("adi").await;
    let rows = audit_rows(&db).await;
    assert_eq!(
        adi.audit_chain().await.unwrap(),
        Some(ChainCheck::Intact {
            chained: rows as u64,
            before_chain: 0
        })
    );
    // A petugas may not read the log, so may not check it either.
    let rina = db.operator("rina").await;
    assert!(rina.audit_chain().await.is_err());

    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM audit_log ORDER BY id")
        .fetch_all(db.owner.pool())
        .await
        .unwrap();
    tamper(
        &db,
        &format!(
            "UPDATE audit_log SET detail = 'kk lain' WHERE id = {}",
            ids[10]
        ),
    )
    .await;
    assert!(matches!(
        adi.audit_chain().await.unwrap(),
        Some(ChainCheck::Broken { row, .. }) if row == ids[10]
    ));
    tamper(
        &db,
        &format!("DELETE FROM audit_log WHERE id = {}", ids[10]),
    )
    .await;
    assert!(matches!(
        adi.audit_chain().await.unwrap(),
        Some(ChainCheck::Broken { row, .. }) if row == ids[11]
    ));
}

/// `sinkron_photo_replace` as a forged desk would call it, with `kk`'s photo and `reason`.
async fn replace_directly(
    login: &PgStore,
    request: i64,
    photo: &sinkron_core::ProcessedPhoto,
    reason: &str,
) -> Result<i64, String> {
    sqlx::query_scalar("SELECT sinkron_photo_replace($1, 'kk', $2, $3, $4, $5, $6, $7, $8, $9)")
        .bind(request)
        .bind(&photo.sha256)
        .bind(photo.mime)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .bind(&photo.original)
        .bind(&photo.preview.jpeg)
        .bind(&photo.thumbnail.jpeg)
        .bind(reason)
        .fetch_one(login.pool())
        .await
        .map_err(|e| match e {
            sqlx::Error::Database(d) => d.message().to_string(),
            other => panic!("not a database error: {other}"),
        })
}

#[tokio::test]
async fn a_photo_is_replaced_only_on_an_open_request_with_a_reason_and_the_old_one_kept() {
    let Some((db, _, petugas)) = office().await else {
        return;
    };
    let (kk, ktp) = common::photos();
    let now = Utc::now();
    let request = db
        .owner
        .create_desk_request(&common::request(), &Actor::named("Ani"), now, &kk, &ktp)
        .await
        .expect("saved by the owner")
        .id;
    let rina = db.operator("rina").await;
    for sql in [
        "UPDATE documents SET thumbnail = ''::BYTEA",
        "DELETE FROM documents",
        "DELETE FROM replaced_documents",
        "INSERT INTO replaced_documents SELECT * FROM replaced_documents",
        "SELECT preview FROM replaced_documents",
        "SELECT original FROM replaced_documents",
    ] {
        assert_eq!(
            refusal(rina.pool(), sql).await.as_deref(),
            Some("42501"),
            "{sql}"
        );
    }
    let fresh =
        sinkron_core::photo::process(&sinkron_core::photo::sample::phone_photo(520, 400, 1))
            .unwrap();
    let short = replace_directly(&rina, request, &fresh, " abc ").await;
    assert!(short.unwrap_err().contains("Alasan"));
    let mut forged = fresh.clone();
    forged.sha256 = kk.sha256.clone();
    let forged = replace_directly(&rina, request, &forged, "foto buram").await;
    assert!(forged.unwrap_err().contains("SHA-256"));
    replace_directly(&rina, request, &fresh, "foto buram")
        .await
        .expect("an open request's photo is replaced");
    let (who, name, reason, sha): (i64, String, String, String) =
        sqlx::query_as("SELECT operator_id, operator_name, reason, sha256 FROM replaced_documents")
            .fetch_one(db.owner.pool())
            .await
            .unwrap();
    assert_eq!(
        (who, name.as_str(), reason.as_str(), sha.as_str()),
        (petugas, "Petugas rina", "foto buram", kk.sha256.as_str())
    );
    db.owner
        .act(
            request,
            1,
            sinkron_core::Action::Cancel,
            Some("Bukan layanan ini"),
            &Actor::named("Ani"),
            now,
        )
        .await
        .unwrap();
    let closed = replace_directly(&rina, request, &kk, "foto buram lagi").await;
    assert!(
        closed.as_ref().unwrap_err().contains("Dibatalkan"),
        "{closed:?}"
    );
    let kept: i64 = sqlx::query_scalar("SELECT count(*) FROM replaced_documents")
        .fetch_one(db.owner.pool())
        .await
        .unwrap();
    assert_eq!(kept, 1);
}
