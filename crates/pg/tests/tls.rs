//! The wire to the office's server: the test server (`cargo xtask test`) takes TLS connections
//! only, like an office's should, and a PC's "Keamanan koneksi" decides what it accepts.

mod common;

use common::{TestDb, PASSWORD};
use sinkron_pg::{GroupRole, OfficeCa, PgError, PgStore, ServerInput, ServerSettings};
use sqlx::postgres::{PgConnectOptions, PgSslMode};

/// A certificate authority that signed nothing on the test server.
const OTHER_CA: &[u8] = include_bytes!("fixtures/other-ca.crt");

/// The test server's CA, as `cargo xtask test` hands it to every test.
fn server_ca() -> OfficeCa {
    let path = std::env::var("PGSSLROOTCERT")
        .expect("PGSSLROOTCERT names the test server's CA (`cargo xtask test` sets it)");
    let bytes = std::fs::read(&path).expect("the test server's CA");
    OfficeCa::parse("ca-kantor.crt", &bytes).expect("a CA the card takes")
}

/// A desk login's settings as an admin would type them, with `tls` and `ca`.
fn typed(url: &str, tls: &str, ca: Option<&OfficeCa>) -> ServerSettings {
    let options: PgConnectOptions = url.parse().expect("login url");
    ServerSettings::parse(&ServerInput {
        host: options.get_host().to_string(),
        port: options.get_port().to_string(),
        database: options.get_database().expect("database").to_string(),
        user: options.get_username().to_string(),
        tls: tls.to_string(),
        ca_pem: ca.map(|c| c.pem.clone()).unwrap_or_default(),
        ca_name: ca.map(|c| c.name.clone()).unwrap_or_default(),
    })
    .expect("settings")
}

async fn encrypted(store: &PgStore) -> bool {
    sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
        .fetch_one(store.pool())
        .await
        .expect("pg_stat_ssl")
}

fn refusal(result: Result<PgStore, PgError>) -> String {
    match result {
        Ok(_) => panic!("connected"),
        Err(e) => e.to_string(),
    }
}

#[tokio::test]
async fn a_plain_connection_is_refused_by_the_server() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let url = db.login_url(GroupRole::Operator, "meja").await;
    let plain = typed(&url, "off", None).connect_options(PASSWORD);
    assert!(matches!(plain.get_ssl_mode(), PgSslMode::Disable));
    let said = refusal(PgStore::connect_with(plain).await);
    assert!(
        said.contains("hanya menerima koneksi terenkripsi"),
        "{said}"
    );
}

#[tokio::test]
async fn the_office_ca_verifies_the_server_and_the_wire_is_encrypted() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let url = db.login_url(GroupRole::Operator, "meja").await;
    let ca = server_ca();
    let desk = PgStore::connect_with(typed(&url, "verify", Some(&ca)).connect_options(PASSWORD))
        .await
        .expect("verified against the office CA");
    assert!(encrypted(&desk).await);
    let unverified = PgStore::connect_with(typed(&url, "require", None).connect_options(PASSWORD))
        .await
        .expect("encrypted without checking");
    assert!(encrypted(&unverified).await);
}

#[tokio::test]
async fn a_certificate_from_another_ca_is_refused() {
    let Some(db) = TestDb::new().await else {
        return;
    };
    let url = db.login_url(GroupRole::Operator, "meja").await;
    let other = OfficeCa::parse("ca-lain.crt", OTHER_CA).expect("a well-formed CA");
    let said = refusal(
        PgStore::connect_with(typed(&url, "verify", Some(&other)).connect_options(PASSWORD)).await,
    );
    assert!(said.contains("tidak dapat dipercaya"), "{said}");
}
