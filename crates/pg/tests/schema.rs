//! The server's schema version on a real PostgreSQL server: an install records it, every login
//! (the kiosk's too) can read it, a server left by Sinkron 0.1.0 (no version recorded) is
//! upgraded in one transaction and safely again, and a server newer than this build is
//! refused by the install and reported to a desk. The server's tables and columns match the
//! SQLite migrations' (the two schemas are written separately and must not drift).
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
    // A desk PC's own login, which may act as a kiosk.
    let desk = db.pc_login("meja").await;
    let (kk, ktp) = photos();
    sinkron_core::kiosk_store::submit(&desk, &request(), chrono::Utc::now(), &kk, &ktp)
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
    sinkron_core::kiosk_store::submit(&desk, &request(), chrono::Utc::now(), &kk, &ktp)
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

/// The tables and columns of a database, as `table.column`.
type Columns = std::collections::BTreeSet<String>;

/// Tables only one backend has, by design: SQLite's migration log and full-text index (with
/// FTS5's shadow tables); the server's schema version row and its own migration-free install.
fn backend_only(table: &str) -> bool {
    table == "_sqlx_migrations"
        || table == "sqlite_sequence"
        || table.starts_with("requests_name_fts")
        || table == "sinkron_schema"
        // SQLite's record of the zone its Rekap summary was counted under; the server counts
        // it again from a trigger on the zone setting instead.
        || table == "rekap_built"
}

/// Columns only the server has, by design: an operator's server login, and a photo's size kept
/// beside its bytes for the logins that may not read them.
fn server_only_column(table: &str, column: &str) -> bool {
    matches!(
        (table, column),
        ("operators", "db_role") | ("documents", "byte_size")
    )
}

async fn sqlite_columns(store_dir: &std::path::Path) -> Columns {
    let path = store_dir.join("sinkron.db");
    let store = sinkron_sqlite::Store::open(&path).await.expect("SQLite");
    store.close().await;
    let pool = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .expect("plain connection");
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT m.name, p.name FROM sqlite_master m, pragma_table_info(m.name) p \
         WHERE m.type = 'table'",
    )
    .fetch_all(&pool)
    .await
    .expect("SQLite's columns");
    pool.close().await;
    rows.into_iter()
        .filter(|(t, _)| !backend_only(t))
        .map(|(t, c)| format!("{t}.{c}"))
        .collect()
}

async fn pg_columns(db: &TestDb) -> Columns {
    let rows: Vec<(String, String)> = sqlx::query_as(
        "SELECT c.table_name::TEXT, c.column_name::TEXT FROM information_schema.columns c \
         JOIN information_schema.tables t \
           ON t.table_schema = c.table_schema AND t.table_name = c.table_name \
         WHERE c.table_schema = 'public' AND t.table_type = 'BASE TABLE'",
    )
    .fetch_all(db.owner.pool())
    .await
    .expect("the server's columns");
    rows.into_iter()
        .filter(|(t, c)| !backend_only(t) && !server_only_column(t, c))
        .map(|(t, c)| format!("{t}.{c}"))
        .collect()
}

/// The two schemas are written separately (SQLite migrations, PostgreSQL's install and
/// upgrade steps); this keeps them from drifting: every table and column of one is in the
/// other, but for the few tables only one backend has by design.
#[tokio::test]
async fn sqlite_and_the_server_have_the_same_tables_and_columns() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let sqlite = sqlite_columns(dir.path()).await;
    let server = pg_columns(&db).await;
    assert!(
        sqlite.len() > 40,
        "the SQLite schema was read: {}",
        sqlite.len()
    );
    let only_sqlite: Vec<_> = sqlite.difference(&server).collect();
    let only_server: Vec<_> = server.difference(&sqlite).collect();
    assert!(
        only_sqlite.is_empty() && only_server.is_empty(),
        "only on SQLite: {only_sqlite:?}\nonly on the server: {only_server:?}"
    );
}
