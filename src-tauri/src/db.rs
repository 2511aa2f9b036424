//! The one store the app talks to, whichever backend this PC uses: the embedded SQLite file or
//! the office's PostgreSQL server. `Db` derefs to the core's `dyn DeskStore` (requests, their
//! changes, accounts), so every desk command is written once and nothing is forwarded by hand. The kiosk's operations
//! are the core's `KioskStore` ([`Db::kiosk`]), because on the server a kiosk's login reaches
//! only its functions.

use sinkron_core::Code;
use sinkron_core::KioskStore;
use sinkron_core::{AuthError, DeskStore, ErrorPayload};
use sinkron_pg::{GroupRole, PgError, PgStore, SchemaCheck};
use sinkron_sqlite::Store;
use sqlx::postgres::PgConnectOptions;

/// The backend this app opened at start.
#[derive(Debug)]
pub enum Db {
    Sqlite(Store),
    /// The office's server, and which group the login is in (`None`: the schema owner or a
    /// login outside both groups, which may do whatever its grants allow).
    Pg {
        store: PgStore,
        group: Option<GroupRole>,
        /// How this PC connected, to check a typed password against the server.
        options: Box<PgConnectOptions>,
    },
}

/// A server error as the window shows it (`PgError::payload`).
pub fn pg_payload(error: PgError) -> ErrorPayload {
    error.payload()
}

/// Connects to the server, refuses a database without Sinkron's schema (saying what to run) or
/// with another schema than this build's (saying who must update what), and says which group
/// the login is in.
pub async fn open_server(
    options: PgConnectOptions,
) -> Result<(PgStore, Option<GroupRole>), ErrorPayload> {
    let store = PgStore::connect_with(options).await.map_err(pg_payload)?;
    checked(store).await
}

/// The schema check and the login's group, on a fresh connection.
async fn checked(store: PgStore) -> Result<(PgStore, Option<GroupRole>), ErrorPayload> {
    let schema = store.schema().await.map_err(pg_payload)?;
    if let Some(refusal) = schema_refusal(&SchemaCheck::of(&schema)) {
        store.pool().close().await;
        return Err(refusal);
    }
    let group = store.login_group().await.map_err(pg_payload)?;
    Ok((store, group))
}

/// Why this build must not work on a server with this schema, in words for the person at the
/// PC: a desk older than the server must be updated; a server older than the desk must be
/// upgraded by an admin (Pengaturan → Database kantor, as the database's owner).
pub fn schema_refusal(check: &SchemaCheck) -> Option<ErrorPayload> {
    let ours = sinkron_core::VERSION;
    match check {
        SchemaCheck::Current => None,
        SchemaCheck::NotInstalled => Some(ErrorPayload::new(
            Code::DbNotInstalled,
            "Database kantor belum disiapkan untuk Sinkron — minta pengelola server menjalankan \
             \"sinkron-pg-admin install\" lebih dulu",
        )),
        SchemaCheck::DeskTooOld { server_app } => Some(ErrorPayload::new(
            Code::DbDeskTooOld,
            format!(
                "Sinkron di komputer ini versi {ours}, server kantor memakai versi {server_app} \
                 — perbarui Sinkron di komputer ini"
            ),
        )),
        SchemaCheck::ServerTooOld { server_app } => Some(ErrorPayload::new(
            Code::DbServerTooOld,
            format!(
                "Server kantor masih memakai skema Sinkron versi {server_app}, Sinkron di \
                 komputer ini versi {ours} — admin perlu memperbarui skema server: Atur koneksi \
                 database → Perbarui skema server, dengan login pemilik database"
            ),
        )),
    }
}

/// The desk's store, whichever backend is open: its reads and writes, the core's use cases
/// (`RequestChanges`, `AccountStore`) over it. Nothing is forwarded by hand.
impl std::ops::Deref for Db {
    type Target = dyn DeskStore;

    fn deref(&self) -> &Self::Target {
        match self {
            Db::Sqlite(s) => s,
            Db::Pg { store, .. } => store,
        }
    }
}

impl Db {
    /// Connects to the server and learns which group the login is in.
    pub async fn connect(options: PgConnectOptions) -> Result<Db, ErrorPayload> {
        let (store, group) = open_server(options.clone()).await?;
        Ok(Db::Pg {
            store,
            group,
            options: Box::new(options),
        })
    }

    /// Connects as an operator's own server login (`<username>@<database>`) through the gate
    /// (the server, its database and TLS as this PC has them). A password the server refuses,
    /// or a name that cannot be an account, is the sign-in's own "wrong name or password".
    pub async fn connect_operator(
        gate: &PgConnectOptions,
        username: &str,
        password: &str,
    ) -> Result<Db, ErrorPayload> {
        let bad = || AuthError::BadCredentials.payload();
        let username = sinkron_core::auth::parse_username(username).map_err(|_| bad())?;
        let database = gate.get_database().unwrap_or_default().to_string();
        let options = gate
            .clone()
            .username(&sinkron_pg::operator_login(&username, &database))
            .password(password);
        let store = match PgStore::connect_with(options.clone()).await {
            Ok(store) => store,
            Err(e) if e.refused_login() => return Err(bad()),
            Err(e) => return Err(pg_payload(e)),
        };
        let (store, group) = checked(store).await?;
        Ok(Db::Pg {
            store,
            group,
            options: Box::new(options),
        })
    }

    /// Whether this is a desk PC's own login on the server (in `sinkron_operator`): it reaches
    /// no table, and the operators sign in as their own logins.
    pub fn is_desk_pc_login(&self) -> bool {
        matches!(
            self,
            Db::Pg {
                group: Some(GroupRole::Operator),
                ..
            }
        )
    }

    /// The server as this PC reaches it (host, database, TLS), for the operators' own logins.
    pub fn gate_options(&self) -> Option<Box<PgConnectOptions>> {
        match self {
            Db::Pg { options, .. } => Some(options.clone()),
            Db::Sqlite(_) => None,
        }
    }

    /// Whether this is a kiosk's login on the server, which the desks cannot use.
    pub fn is_kiosk_login(&self) -> bool {
        matches!(
            self,
            Db::Pg {
                group: Some(GroupRole::Kiosk),
                ..
            }
        )
    }

    /// The kiosk's store (the core's `KioskStore`), whichever backend is open.
    pub fn kiosk(&self) -> &dyn KioskStore {
        match self {
            Db::Sqlite(s) => s,
            Db::Pg { store, .. } => store,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_server_error_keeps_its_own_code() {
        assert_eq!(
            pg_payload(PgError::Corrupt("status \"X\"".into())).code,
            "storage_corrupt"
        );
        assert_eq!(pg_payload(PgError::BadLogin).code, "db_bad_login");
        assert_eq!(
            pg_payload(PgError::SchemaNewer { server: 3, ours: 2 }).code,
            Code::DbDeskTooOld
        );
        assert_eq!(
            pg_payload(PgError::Connect(sqlx::Error::PoolTimedOut)).code,
            "db_unreachable"
        );
    }
}
