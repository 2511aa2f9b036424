//! The one store the app talks to, whichever backend this PC uses: the embedded SQLite file or
//! the office's PostgreSQL server. `Db` derefs to the core's `dyn DeskStore` (requests, their
//! changes, accounts), so every desk command is written once and nothing is forwarded by hand. The kiosk's four operations
//! (its settings, sending a request, Cek Status, and the check that ends kiosk mode) have their
//! own methods here, because on the server a kiosk's login reaches only its functions.

use chrono::{DateTime, Utc};
use sinkron_core::auth::Role;
use sinkron_core::kiosk::KioskSettings;
use sinkron_core::receipt::Receipt;
use sinkron_core::store::office::{kiosk_from_settings, settings_from};
use sinkron_core::store::PublicStatus;
use sinkron_core::RequestStore as _;
use sinkron_core::{
    AccountStore, Actor, DeskStore, ErrorPayload, LookupError, ProcessedPhoto, Settings,
    ValidRequest,
};
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
            "db_not_installed",
            "Database kantor belum disiapkan untuk Sinkron — minta pengelola server menjalankan \
             \"sinkron-pg-admin install\" lebih dulu",
        )),
        SchemaCheck::DeskTooOld { server_app } => Some(ErrorPayload::new(
            DESK_TOO_OLD,
            format!(
                "Sinkron di komputer ini versi {ours}, server kantor memakai versi {server_app} \
                 — perbarui Sinkron di komputer ini"
            ),
        )),
        SchemaCheck::ServerTooOld { server_app } => Some(ErrorPayload::new(
            SERVER_TOO_OLD,
            format!(
                "Server kantor masih memakai skema Sinkron versi {server_app}, Sinkron di \
                 komputer ini versi {ours} — admin perlu memperbarui skema server: Atur koneksi \
                 database → Perbarui skema server, dengan login pemilik database"
            ),
        )),
    }
}

/// The code of the refusal on a server newer than this desk.
pub const DESK_TOO_OLD: &str = "db_desk_too_old";
/// The code of the refusal on a server older than this desk, which an admin can upgrade.
pub const SERVER_TOO_OLD: &str = "db_server_too_old";

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

    /// What the kiosk's screens need: the office's name and zone, and the kiosk's own settings,
    /// read from the setting rows once (on the server, only the rows a kiosk may see).
    pub async fn kiosk_office(&self) -> Result<(Settings, KioskSettings), ErrorPayload> {
        let rows = match self {
            Db::Sqlite(store) => store.all_settings().await.map_err(|e| e.payload())?,
            Db::Pg { store, .. } => store.kiosk_rows().await.map_err(pg_payload)?,
        };
        Ok((settings_from(&rows), kiosk_from_settings(&rows)))
    }

    /// A request sent at the kiosk, saved whole, with its receipt.
    pub async fn create_kiosk_request(
        &self,
        req: &ValidRequest,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<Receipt, ErrorPayload> {
        match self {
            Db::Sqlite(store) => store
                .create_kiosk_request(req, now, kk, ktp)
                .await
                .map_err(|e| e.payload()),
            // The server stamps the time itself, in the same transaction as the number.
            Db::Pg { store, .. } => store
                .create_kiosk_request(req, kk, ktp)
                .await
                .map_err(pg_payload),
        }
    }

    /// Cek Status by registration number and check code.
    pub async fn lookup_status(
        &self,
        reg_number: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<PublicStatus, LookupError> {
        match self {
            Db::Sqlite(store) => store.lookup_status(reg_number, code, now).await,
            Db::Pg { store, .. } => store.lookup_status(reg_number, code).await,
        }
    }

    /// Who may end kiosk mode. With accounts readable, an admin's user name and password
    /// (throttled as sign-in is); on a kiosk's own server login, which reads no account, the
    /// login's name and its password, checked by the server itself on a fresh connection.
    pub async fn check_kiosk_leave(
        &self,
        username: &str,
        password: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Option<Actor>, ErrorPayload> {
        if let Db::Pg {
            group: Some(GroupRole::Kiosk),
            options,
            ..
        } = self
        {
            let wrong = || {
                ErrorPayload::new(
                    "sign_in_failed",
                    "Login database atau kata sandi salah — pakai login database anjungan ini",
                )
            };
            if username.trim() != options.get_username() || password.is_empty() {
                return Err(wrong());
            }
            let typed = (**options).clone().password(password);
            return match PgStore::connect_with(typed).await {
                Ok(check) => {
                    check.pool().close().await;
                    Ok(None)
                }
                Err(PgError::Connect(sqlx::Error::Database(_))) => Err(wrong()),
                Err(other) => Err(pg_payload(other)),
            };
        }
        let op = self
            .sign_in(username, password, workstation, now)
            .await
            .map_err(|e| e.payload())?;
        let actor = op.actor(workstation);
        if op.role != Role::Admin {
            let _ = self.sign_out(&actor, "kiosk", now).await;
            return Err(ErrorPayload::new(
                "forbidden",
                "Hanya admin yang dapat menutup mode anjungan",
            ));
        }
        Ok(Some(actor))
    }

    /// How the kiosk's leave dialog asks: an admin's account, or this kiosk's server login.
    pub fn leave_with(&self) -> &'static str {
        if self.is_kiosk_login() {
            "dbLogin"
        } else {
            "admin"
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
            DESK_TOO_OLD
        );
        assert_eq!(
            pg_payload(PgError::Connect(sqlx::Error::PoolTimedOut)).code,
            "db_unreachable"
        );
    }
}
