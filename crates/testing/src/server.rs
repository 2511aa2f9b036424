//! The test server, for every crate's tests that need a real one (`sinkron-pg`'s, the app's IPC
//! tests, the end-to-end tests): the server named by [`URL_ENV`], which `cargo xtask test`
//! starts and sets, and fresh databases on it. Without the variable a test says so loudly and
//! passes only outside CI; in CI it fails.

use std::sync::atomic::{AtomicU32, Ordering};

use sinkron_pg::PgStore;

/// The test server's superuser URL (`postgres://user:password@host:port/postgres`).
pub const URL_ENV: &str = "SINKRON_TEST_PG_URL";

/// The test server's URL, or `None` after a loud message when there is none outside CI.
/// Panics in CI without one: a test that cannot run must not look green.
pub fn server_url() -> Option<String> {
    match std::env::var(URL_ENV) {
        Ok(url) => Some(url),
        Err(_) => {
            assert!(
                std::env::var_os("CI").is_none(),
                "{URL_ENV} is not set in CI: `cargo xtask test` starts PostgreSQL and sets it"
            );
            eprintln!(
                "\n*** SKIPPED: {URL_ENV} is not set; no PostgreSQL server to test against ***\n"
            );
            None
        }
    }
}

/// A new, empty database on the server `admin_url` names, called `{prefix}_{unique}`: the
/// server's URL without a database (`postgres://user:password@host:port`) and the name.
pub async fn fresh_database(admin_url: &str, prefix: &str) -> (String, String) {
    static N: AtomicU32 = AtomicU32::new(0);
    let name = format!(
        "{prefix}_{}_{}_{}",
        std::process::id(),
        N.fetch_add(1, Ordering::SeqCst),
        chrono::Utc::now().timestamp_subsec_nanos()
    );
    let server = PgStore::connect(admin_url)
        .await
        .expect("the test server's superuser connects");
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(server.pool())
        .await
        .expect("create database");
    server.pool().close().await;
    let (base, _) = admin_url
        .rsplit_once('/')
        .expect("the test server's URL names a database");
    (base.to_string(), name)
}
