//! The server's schema version on a real PostgreSQL server: an install records it, every login
//! (the kiosk's too) can read it, a server left by Sinkron 0.1.0 (no version recorded) is
//! upgraded in one transaction and safely again, and a server newer than this build is
//! refused by the install and reported to a desk.
//!
//! The server: see `common/mod.rs`.

mod common;

use common::{photos, request, TestDb};
use sinkron_pg::{GroupRole, PgError, SchemaCheck, ServerSchema, SCHEMA_VERSION};

/// Makes a freshly installed database look like one installed by Sinkron 0.1.0, which had no
/// version table: what an office's server is before its first upgrade.
async fn as_left_by_0_1_0(db: &TestDb) {
    sqlx::raw_sql("DROP FUNCTION sinkron_schema_version(); DROP TABLE sinkron_schema;")
        .execute(db.owner.pool())
        .await
        .expect("back to schema 1");
}

#[tokio::test]
async fn install_records_the_schema_and_the_version_that_installed_it() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let schema = db.owner.schema().await.expect("schema");
    assert_eq!(
        schema,
        ServerSchema {
            version: SCHEMA_VERSION,
            app_version: sinkron_core::VERSION.into()
        }
    );
    assert_eq!(SchemaCheck::of(&schema), SchemaCheck::Current);
}

#[tokio::test]
async fn every_login_reads_the_schema_version_and_nothing_more() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    for (group, tag) in [
        (GroupRole::Operator, "meja"),
        (GroupRole::Kiosk, "anjungan"),
    ] {
        let pc = db.login(group, tag).await;
        let schema = pc.schema().await.expect("a PC reads the version");
        assert_eq!(schema.version, SCHEMA_VERSION, "{group:?}");
        let table = sqlx::query("SELECT * FROM sinkron_schema")
            .fetch_all(pc.pool())
            .await;
        assert!(table.is_err(), "{group:?} reads the table itself");
        pc.pool().close().await;
    }
}

#[tokio::test]
async fn a_server_left_by_0_1_0_is_older_and_upgrades_in_place() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let desk = db.login(GroupRole::Operator, "meja").await;
    let (kk, ktp) = photos();
    desk.create_kiosk_request(&request(), &kk, &ktp)
        .await
        .expect("a request before the upgrade");
    as_left_by_0_1_0(&db).await;
    let old = desk.schema().await.expect("schema 1");
    assert_eq!(old.version, 1);
    assert_eq!(
        SchemaCheck::of(&old),
        SchemaCheck::ServerTooOld {
            server_app: "0.1.0".into()
        }
    );

    let done = db.owner.install().await.expect("upgrade");
    assert_eq!((done.from, done.to), (1, SCHEMA_VERSION));
    let now = desk.schema().await.expect("schema after");
    assert_eq!(SchemaCheck::of(&now), SchemaCheck::Current);
    assert_eq!(now.app_version, sinkron_core::VERSION);
    // The office's data came through, and the desk goes on working.
    let n: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
        .fetch_one(db.owner.pool())
        .await
        .unwrap();
    assert_eq!(n, 1);
    desk.create_kiosk_request(&request(), &kk, &ktp)
        .await
        .expect("a request after the upgrade");

    // Again: nothing to do, nothing changed.
    let again = db.owner.install().await.expect("again");
    assert_eq!((again.from, again.to), (SCHEMA_VERSION, SCHEMA_VERSION));
}

#[tokio::test]
async fn a_failed_upgrade_leaves_the_server_as_it_was() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    as_left_by_0_1_0(&db).await;
    // A desk's login may not change the schema: its attempt fails part-way and rolls back.
    let desk = db.login(GroupRole::Operator, "meja").await;
    assert!(desk.install().await.is_err());
    assert_eq!(db.owner.schema().await.unwrap().version, 1);
    let table: Option<String> =
        sqlx::query_scalar("SELECT to_regclass('public.sinkron_schema')::TEXT")
            .fetch_one(db.owner.pool())
            .await
            .unwrap();
    assert_eq!(table, None, "nothing of the upgrade is left");
}

#[tokio::test]
async fn a_newer_server_is_refused_by_install_and_reported_to_a_desk() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    sqlx::query("UPDATE sinkron_schema SET version = $1, app_version = '9.9.0'")
        .bind(SCHEMA_VERSION + 1)
        .execute(db.owner.pool())
        .await
        .unwrap();
    let refused = db.owner.install().await.unwrap_err();
    assert!(
        matches!(refused, PgError::SchemaNewer { server, ours }
            if server == SCHEMA_VERSION + 1 && ours == SCHEMA_VERSION),
        "{refused}"
    );
    let kiosk = db.login(GroupRole::Kiosk, "anjungan").await;
    assert_eq!(
        SchemaCheck::of(&kiosk.schema().await.unwrap()),
        SchemaCheck::DeskTooOld {
            server_app: "9.9.0".into()
        }
    );
}
