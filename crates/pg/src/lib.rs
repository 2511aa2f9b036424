//! Sinkron on an office's PostgreSQL server, where several desks and a kiosk share one set of
//! requests. This crate holds the PostgreSQL side: the schema (the SQLite migrations' tables in
//! PostgreSQL's words), the least-privilege roles, and the kiosk's path through them — the
//! kiosk connects as a login in `sinkron_kiosk` and reaches no table, only `kiosk_submit`,
//! `kiosk_status`, `kiosk_office` and `kiosk_settings`. Every rule about the data stays in `sinkron-core`: what
//! is sent here has been checked there.
//!
//! The desks' operations are the core's [`RequestStore`](sinkron_core::RequestStore) trait
//! (`desk.rs`, `queue.rs`, `detail.rs`, `edits.rs`) and the statements of its
//! [`AccountPort`](sinkron_core::AccountPort) (`accounts.rs`), whose use cases the core writes
//! once; one behaviour suite (`tests/shared.rs`) runs against both backends. Every change to a request is announced on the channel [`CHANGES_CHANNEL`]
//! (`notify.sql`); [`PgStore::watch`] listens.
//!
//! An office moves from its SQLite file with [`PgStore::import_sqlite`] (`import.rs`). The
//! server records its schema version; [`PgStore::install`] installs or upgrades it in one
//! transaction, and a desk compares it with its own before it writes (`schema.rs`).
//!
//! A PC finds the server through [`ServerSettings`] (`server.rs`), checked before they are saved;
//! the app keeps the password in the OS credential store.

mod accounts;
mod desk;
mod edits;
mod import;
mod schema;
mod server;
pub mod testing;
mod tx;

pub use import::{ImportError, ImportReport};
pub use schema::{install_script, Installed, SchemaCheck, ServerSchema, SCHEMA_VERSION};
pub use server::{connection_label, FieldRefusal, ServerInput, ServerSettings, DEFAULT_PORT};

use chrono::{Duration, Utc};
use sinkron_core::auth::wait_text;
use sinkron_core::checkcode;
use sinkron_core::receipt::Receipt;
use sinkron_core::store::{parse_stamp, status_explanation};
use sinkron_core::{
    ErrorPayload, LookupError, OfficeZone, ProcessedPhoto, PublicStatus, Status, Step, StoreError,
    ValidRequest,
};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::Row;
use thiserror::Error;

/// The channel a desk `LISTEN`s on; the payload is the request's id.
pub const CHANGES_CHANNEL: &str = "sinkron_requests";

/// What can go wrong talking to the office's server.
#[derive(Debug, Error)]
pub enum PgError {
    #[error("{}", connect_text(.0))]
    Connect(sqlx::Error),
    #[error("Nama login tidak sah — pakai huruf kecil, angka dan garis bawah, paling banyak 48")]
    BadLogin,
    #[error(transparent)]
    Database(#[from] sqlx::Error),
    #[error("Isi database kantor tidak terbaca ({0}) — hubungi admin")]
    Corrupt(String),
    #[error(
        "Skema server kantor ({server}) lebih baru dari Sinkron ini (skema {ours}) — \
         perbarui Sinkron lebih dulu"
    )]
    SchemaNewer { server: i32, ours: i32 },
}

impl PgError {
    /// The error as the window shows it, each kind with its own code: a database error as the
    /// core words it (busy, failed), a damaged row `storage_corrupt` as on SQLite, not an
    /// unreachable server.
    pub fn payload(self) -> ErrorPayload {
        let message = self.to_string();
        let code = match self {
            PgError::Database(e) => return sinkron_sql::store_error(e).payload(),
            PgError::Connect(_) => "db_unreachable",
            PgError::BadLogin => "db_bad_login",
            PgError::Corrupt(_) => "storage_corrupt",
            PgError::SchemaNewer { .. } => "db_desk_too_old",
        };
        ErrorPayload::new(code, message)
    }
}

/// Why a connection failed, in words an admin can act on.
fn connect_text(error: &sqlx::Error) -> String {
    let code = match error {
        sqlx::Error::Database(db) => db.code().map(|c| c.to_string()),
        _ => None,
    };
    match (code.as_deref(), error) {
        (Some("28P01" | "28000"), _) => "Database kantor menolak login ini — periksa login \
             database komputer ini dan kata sandinya"
            .to_string(),
        (Some("3D000"), _) => {
            "Database itu tidak ada di server — periksa nama database".to_string()
        }
        (_, sqlx::Error::PoolTimedOut | sqlx::Error::Io(_)) => "Database kantor tidak dapat \
             dihubungi — server tidak menjawab; periksa alamat server, port dan jaringan"
            .to_string(),
        _ => format!(
            "Database kantor tidak dapat dihubungi — periksa alamat server, jaringan dan kata \
             sandi ({error})"
        ),
    }
}

/// Which group a PC's login joins.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GroupRole {
    /// A desk: reads and writes requests.
    Operator,
    /// The Anjungan: the kiosk's three functions and nothing else.
    Kiosk,
}

impl GroupRole {
    pub fn name(self) -> &'static str {
        match self {
            GroupRole::Operator => "sinkron_operator",
            GroupRole::Kiosk => "sinkron_kiosk",
        }
    }
}

/// A connection pool to the office's server, as whichever login the URL names.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
}

impl PgStore {
    /// Connects (`postgres://user:password@host:port/database`).
    pub async fn connect(url: &str) -> Result<PgStore, PgError> {
        let options: PgConnectOptions = url.parse().map_err(PgError::Connect)?;
        PgStore::connect_with(options).await
    }

    /// Connects with options built from a PC's [`ServerSettings`]. A server that does not
    /// answer is reported after a few seconds, not after the OS's long TCP timeout.
    pub async fn connect_with(options: PgConnectOptions) -> Result<PgStore, PgError> {
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(std::time::Duration::from_secs(8))
            .connect_with(options)
            .await
            .map_err(PgError::Connect)?;
        Ok(PgStore { pool })
    }

    /// Which group this connection's login is in: a desk's login, a kiosk's, or neither (the
    /// schema owner or a login made by hand without a group).
    pub async fn login_group(&self) -> Result<Option<GroupRole>, PgError> {
        // Direct membership, as `create_login` makes it: `pg_has_role` would say yes to
        // everything for a superuser.
        let (operator, kiosk): (bool, bool) = sqlx::query_as(
            "SELECT coalesce(bool_or(g.rolname = 'sinkron_operator'), false), \
                    coalesce(bool_or(g.rolname = 'sinkron_kiosk'), false) \
             FROM pg_auth_members m JOIN pg_roles g ON g.oid = m.roleid \
             WHERE m.member = (SELECT oid FROM pg_roles WHERE rolname = current_user)",
        )
        .fetch_one(&self.pool)
        .await?;
        Ok(if operator {
            Some(GroupRole::Operator)
        } else if kiosk {
            Some(GroupRole::Kiosk)
        } else {
            None
        })
    }

    /// The server's version, as `SHOW server_version` says it.
    pub async fn server_version(&self) -> Result<String, PgError> {
        Ok(sqlx::query_scalar("SHOW server_version")
            .fetch_one(&self.pool)
            .await?)
    }

    /// The setting rows the kiosk's screens need (office name and zone, idle time, keyboard,
    /// printer), through `kiosk_settings()`: readable by the kiosk's login too. Read them with
    /// the core's `settings_from` and `kiosk_from_settings`.
    pub async fn kiosk_rows(&self) -> Result<Vec<(String, String)>, PgError> {
        Ok(
            sqlx::query_as("SELECT key, value FROM kiosk_settings() ORDER BY key")
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Listens for other desks' and the kiosk's changes: each notification's payload is the id
    /// of a request that was created or changed (after its transaction committed). A desk
    /// refreshes its list on one, and keeps a short poll for when the connection drops.
    pub async fn watch(&self) -> Result<sqlx::postgres::PgListener, PgError> {
        let mut listener = sqlx::postgres::PgListener::connect_with(&self.pool).await?;
        listener.listen(CHANGES_CHANNEL).await?;
        Ok(listener)
    }

    /// The pool, for tests and tools.
    pub fn pool(&self) -> &PgPool {
        &self.pool
    }

    /// Creates a PC's login in `group` (run as a role that may create roles). The statement is
    /// built by the server's own `format` with `%I` / `%L`, so neither value can break out.
    pub async fn create_login(
        &self,
        login: &str,
        password: &str,
        group: GroupRole,
    ) -> Result<(), PgError> {
        let valid = !login.is_empty()
            && login.len() <= 48
            && login
                .chars()
                .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
        if !valid {
            return Err(PgError::BadLogin);
        }
        let statement: String = sqlx::query_scalar(
            "SELECT format('CREATE ROLE %I LOGIN PASSWORD %L IN ROLE %I', $1, $2, $3)",
        )
        .bind(login)
        .bind(password)
        .bind(group.name())
        .fetch_one(&self.pool)
        .await?;
        sqlx::raw_sql(&statement).execute(&self.pool).await?;
        Ok(())
    }

    /// The office's name and time zone, as the kiosk may read them.
    pub async fn office(&self) -> Result<(String, OfficeZone), PgError> {
        let row = sqlx::query("SELECT office_name, office_zone FROM kiosk_office()")
            .fetch_one(&self.pool)
            .await?;
        let name: Option<String> = row.try_get("office_name")?;
        let zone: Option<String> = row.try_get("office_zone")?;
        let zone = OfficeZone::from_code(zone.as_deref().unwrap_or("WIB"))
            .ok_or_else(|| PgError::Corrupt("office_zone".into()))?;
        Ok((name.unwrap_or_default(), zone))
    }

    /// A request sent at the kiosk with its two photos, saved in one transaction on the server
    /// (`kiosk_submit`), and its receipt — the only place the check code is shown.
    pub async fn create_kiosk_request(
        &self,
        req: &ValidRequest,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<Receipt, PgError> {
        let (office_name, zone) = self.office().await?;
        let code = checkcode::generate();
        let niks = req.initial_sync_niks(zone.today(Utc::now()));
        let row = sqlx::query(
            "SELECT reg_number, at FROM kiosk_submit($1, $2, $3, $4, $5, $6, $7, \
             $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21)",
        )
        .bind(req.name.as_str())
        .bind(req.nik.as_str())
        .bind(req.kk.as_str())
        .bind(req.problem.as_str())
        .bind(req.wa.e164())
        .bind(&code)
        .bind(&niks)
        .bind(&kk.sha256)
        .bind(kk.mime)
        .bind(i64::from(kk.width))
        .bind(i64::from(kk.height))
        .bind(&kk.original)
        .bind(&kk.preview.jpeg)
        .bind(&kk.thumbnail.jpeg)
        .bind(&ktp.sha256)
        .bind(ktp.mime)
        .bind(i64::from(ktp.width))
        .bind(i64::from(ktp.height))
        .bind(&ktp.original)
        .bind(&ktp.preview.jpeg)
        .bind(&ktp.thumbnail.jpeg)
        .fetch_one(&self.pool)
        .await?;
        let reg: String = row.try_get("reg_number")?;
        let at: String = row.try_get("at")?;
        let at = parse_stamp(&at).map_err(|e| PgError::Corrupt(e.to_string()))?;
        Ok(Receipt::new(
            &office_name,
            &reg,
            &code,
            &req.nik.masked(),
            &zone.format(at),
        ))
    }

    /// Cek Status through `kiosk_status`: the server checks the code and the lockout.
    pub async fn lookup_status(
        &self,
        reg_number: &str,
        code: &str,
    ) -> Result<PublicStatus, LookupError> {
        let store = |e: sqlx::Error| LookupError::Store(sinkron_sql::store_error(e));
        let corrupt = |what: String| LookupError::Store(StoreError::Corrupt(what));
        let (_, zone) = self.office().await.map_err(|e| match e {
            PgError::Database(e) | PgError::Connect(e) => store(e),
            other => corrupt(other.to_string()),
        })?;
        let row = sqlx::query(
            "SELECT reg_number, status, created_at, last_change, note, step_names, step_times \
             FROM kiosk_status($1, $2)",
        )
        .bind(reg_number)
        .bind(code)
        .fetch_optional(&self.pool)
        .await;
        let row = match row {
            Ok(Some(row)) => row,
            Ok(None) => return Err(LookupError::NoMatch),
            Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("SK002") => {
                let seconds = db.message().parse::<i64>().unwrap_or(60);
                return Err(LookupError::LockedOut(wait_text(Duration::seconds(
                    seconds,
                ))));
            }
            Err(e) => return Err(store(e)),
        };
        let word: String = row.try_get("status").map_err(store)?;
        let status = Status::parse(&word).ok_or_else(|| corrupt(format!("status {word:?}")))?;
        let shown = |text: Option<String>| -> Result<String, LookupError> {
            match text {
                Some(t) => Ok(zone.format(parse_stamp(&t).map_err(LookupError::Store)?)),
                None => Ok(String::new()),
            }
        };
        let names: Vec<String> = row.try_get("step_names").map_err(store)?;
        let times: Vec<String> = row.try_get("step_times").map_err(store)?;
        let mut steps = Vec::with_capacity(names.len());
        for (name, at) in names.iter().zip(times) {
            let step = Step::from_code(name).ok_or_else(|| corrupt(format!("step {name:?}")))?;
            steps.push((step.label().to_string(), shown(Some(at))?));
        }
        Ok(PublicStatus {
            reg_number: row.try_get("reg_number").map_err(store)?,
            status,
            explanation: status_explanation(status).to_string(),
            submitted: shown(row.try_get("created_at").map_err(store)?)?,
            last_change: shown(row.try_get("last_change").map_err(store)?)?,
            note: row.try_get("note").map_err(store)?,
            steps,
        })
    }
}
