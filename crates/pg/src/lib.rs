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
pub mod backup;
mod desk;
mod edits;
mod import;
mod kiosk;
mod retention;
mod schema;
mod server;
mod tx;

pub use import::{ImportError, ImportReport};
pub use schema::{install_script, Installed, SchemaCheck, ServerSchema, SCHEMA_VERSION};
pub use server::{
    connection_label, FieldRefusal, OfficeCa, ServerInput, ServerSettings, TlsChoice, DEFAULT_PORT,
};

use sinkron_core::Code;
use sinkron_core::ErrorPayload;
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use thiserror::Error;

/// What every connection of the app sets on the server, so that one desk cannot stall the
/// others: a statement or a wait for a lock ends with an error the operator reads as "busy,
/// try again" (nothing typed is lost: the form stays), a transaction left open by a desk that
/// stopped talking ends after two minutes (a slow upload of two photos is well inside that),
/// and the server probes a silent connection after 10 s and drops it after three unanswered
/// probes 5 s apart, releasing whatever it held, instead of after the OS's two hours.
pub const SESSION_LIMITS: &[(&str, &str)] = &[
    ("statement_timeout", "60s"),
    ("lock_timeout", "15s"),
    ("idle_in_transaction_session_timeout", "120s"),
    ("tcp_keepalives_idle", "10"),
    ("tcp_keepalives_interval", "5"),
    ("tcp_keepalives_count", "3"),
];

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
            PgError::Connect(_) => Code::DbUnreachable,
            PgError::BadLogin => Code::DbBadLogin,
            PgError::Corrupt(_) => Code::StorageCorrupt,
            PgError::SchemaNewer { .. } => Code::DbDeskTooOld,
        };
        ErrorPayload::new(code, message)
    }
}

impl PgError {
    /// Whether the server refused this login or its password (an operator's sign-in: "wrong
    /// name or password", not a connection to fix).
    pub fn refused_login(&self) -> bool {
        let PgError::Connect(sqlx::Error::Database(db)) = self else {
            return false;
        };
        match db.code().as_deref() {
            Some("28P01") => true,
            Some("28000") => !db.message().contains("no encryption"),
            _ => false,
        }
    }
}

/// Why a connection failed, in words an admin can act on.
fn connect_text(error: &sqlx::Error) -> String {
    let code = match error {
        sqlx::Error::Database(db) => db.code().map(|c| c.to_string()),
        _ => None,
    };
    match (code.as_deref(), error) {
        // pg_hba.conf has a `hostssl` line for this PC and no `host` one.
        (Some("28000"), sqlx::Error::Database(db)) if db.message().contains("no encryption") => {
            "Server kantor hanya menerima koneksi terenkripsi — pilih Keamanan koneksi \
             \"Wajib TLS\" di kartu Database kantor"
                .to_string()
        }
        (_, sqlx::Error::Tls(why)) if why.to_string().contains("does not support TLS") => {
            "Server kantor tidak memakai TLS (koneksi terenkripsi) — minta pengelola server \
             menyalakan ssl; hanya bila terpaksa, pilih Keamanan koneksi \"Tanpa enkripsi\""
                .to_string()
        }
        (_, sqlx::Error::Tls(why)) => format!(
            "Koneksi terenkripsi ke server kantor gagal ({why}) — periksa sertifikat CA kantor \
             yang dipilih"
        ),
        // rustls reports a refused certificate as invalid data on the socket.
        (_, sqlx::Error::Io(io))
            if io.kind() == std::io::ErrorKind::InvalidData
                && io.to_string().contains("certificate") =>
        {
            format!(
                "Sertifikat server kantor tidak dapat dipercaya ({io}) — pilih berkas sertifikat \
                 CA kantor dari pengelola server, dan tulis alamat server persis seperti di \
                 sertifikatnya"
            )
        }
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

/// An operator's own server login (schema 7, `sql/logins.sql`): `<username>@<database>`, so
/// that two offices' databases on one server never share a login.
pub fn operator_login(username: &str, database: &str) -> String {
    format!("{username}@{database}")
}

/// A connection pool to the office's server, as whichever login the URL names.
#[derive(Debug, Clone)]
pub struct PgStore {
    pool: PgPool,
    /// The zone and calendar read at the last settings version (`settings_version` row).
    settings: std::sync::Arc<sinkron_core::store::SettingsCache>,
}

impl PgStore {
    /// Connects (`postgres://user:password@host:port/database`).
    pub async fn connect(url: &str) -> Result<PgStore, PgError> {
        let options: PgConnectOptions = url.parse().map_err(PgError::Connect)?;
        PgStore::connect_with(options).await
    }

    /// Connects with options built from a PC's [`ServerSettings`]. A server that does not
    /// answer is reported after a few seconds, not after the OS's long TCP timeout; and no
    /// desk can stall the others for long ([`SESSION_LIMITS`]).
    pub async fn connect_with(options: PgConnectOptions) -> Result<PgStore, PgError> {
        let pool = PgPoolOptions::new()
            .max_connections(4)
            .acquire_timeout(std::time::Duration::from_secs(8))
            .connect_with(options.options(SESSION_LIMITS.iter().copied()))
            .await
            .map_err(PgError::Connect)?;
        Ok(PgStore {
            pool,
            settings: Default::default(),
        })
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
}
