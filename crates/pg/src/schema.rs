//! Which schema an office's server has, and how it moves to the one this build needs. Desks are
//! updated one PC at a time, so a server meets desks older and newer than itself: the server
//! records its schema number and the Sinkron version that installed or last upgraded it
//! (`sinkron_schema`, readable by every login through `sinkron_schema_version()`). A desk older
//! than the server refuses to write ([`SchemaCheck::DeskTooOld`]); a desk newer than the server
//! offers the admin the upgrade ([`PgStore::install`] as the database's owner), which applies
//! the numbered steps in `sql/upgrade/` and re-runs the idempotent parts, all in one transaction.

use chrono::Utc;
use sinkron_core::store::stamp;
use sqlx::{Executor, PgConnection};

use crate::{PgError, PgStore};

/// The schema this build of Sinkron reads and writes.
pub const SCHEMA_VERSION: i32 = 14;

/// Schema 1 is the first install (`0001_schema.sql`, Sinkron 0.1.0, before the server recorded
/// its version); each later number is one step here, applied in order.
const UPGRADES: &[(i32, &str)] = &[
    (2, include_str!("../sql/upgrade/0002_schema_version.sql")),
    (3, include_str!("../sql/upgrade/0003_kiosk_checks.sql")),
    (4, include_str!("../sql/upgrade/0004_extensions_apart.sql")),
    (5, include_str!("../sql/upgrade/0005_audit_stamped.sql")),
    (
        6,
        include_str!("../sql/upgrade/0006_kiosk_leave_attempts.sql"),
    ),
    (7, include_str!("../sql/upgrade/0007_operator_logins.sql")),
    (8, include_str!("../sql/upgrade/0008_photo_retention.sql")),
    (9, include_str!("../sql/upgrade/0009_replaced_photos.sql")),
    (10, include_str!("../sql/upgrade/0010_rekap_summary.sql")),
    (11, include_str!("../sql/upgrade/0011_cancel_reasons.sql")),
    (12, include_str!("../sql/upgrade/0012_photo_problems.sql")),
    (13, include_str!("../sql/upgrade/0013_settings_version.sql")),
    (14, include_str!("../sql/upgrade/0014_photo_outline.sql")),
];

/// The Sinkron version that made schema 1, for servers installed before versions were recorded.
const FIRST_APP_VERSION: &str = "0.1.0";

/// The tables, indexes and helper functions of schema 1.
const SCHEMA_SQL: &str = include_str!("../sql/0001_schema.sql");
/// The group roles, their grants and the kiosk's functions; safe to run again.
const ROLES_SQL: &str = include_str!("../sql/roles.sql");
/// The trigger that announces every new or changed request; safe to run again.
const NOTIFY_SQL: &str = include_str!("../sql/notify.sql");
/// The counts per status, kept by a trigger; safe to run again.
const COUNTS_SQL: &str = include_str!("../sql/counts.sql");
/// The search indexes (pg_trgm for names, pattern indexes for numbers); safe to run again.
const SEARCH_SQL: &str = include_str!("../sql/search.sql");
/// `sinkron_schema_version()`, for every login; safe to run again (after the roles).
const VERSION_FN_SQL: &str = include_str!("../sql/schema_version.sql");
/// The operators' logins: a group per right, the admin-only account functions, the photo
/// function that records a view, audit rows in the caller's own name; safe to run again.
const LOGINS_SQL: &str = include_str!("../sql/logins.sql");
/// Masa simpan: the one way photos are deleted, by the server's clock; safe to run again.
const RETENTION_SQL: &str = include_str!("../sql/retention.sql");
/// A photo replaced after saving, the request still open, by the server's checks; safe to run
/// again.
const REPLACE_SQL: &str = include_str!("../sql/replace.sql");

/// Rekap's summary tables per office day, kept by triggers; safe to run again.
const REKAP_SQL: &str = include_str!("../sql/rekap.sql");

/// The parts that are safe to run again, in the order they must run.
const IDEMPOTENT: &[&str] = &[
    NOTIFY_SQL,
    SEARCH_SQL,
    REKAP_SQL,
    COUNTS_SQL,
    ROLES_SQL,
    VERSION_FN_SQL,
    LOGINS_SQL,
    RETENTION_SQL,
    REPLACE_SQL,
];

/// What a server says of its schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ServerSchema {
    /// `0`: Sinkron is not installed in this database.
    pub version: i32,
    /// The Sinkron version that installed or last upgraded it.
    pub app_version: String,
}

/// How this build and the server's schema meet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SchemaCheck {
    /// Same schema: go ahead.
    Current,
    /// Sinkron is not installed in this database.
    NotInstalled,
    /// The server is newer than this desk: it must not write.
    DeskTooOld { server_app: String },
    /// The server is older than this desk: its admin may upgrade it.
    ServerTooOld { server_app: String },
}

impl SchemaCheck {
    /// Compares the server's schema with [`SCHEMA_VERSION`].
    pub fn of(server: &ServerSchema) -> SchemaCheck {
        let server_app = server.app_version.clone();
        match server.version {
            0 => SchemaCheck::NotInstalled,
            v if v > SCHEMA_VERSION => SchemaCheck::DeskTooOld { server_app },
            v if v < SCHEMA_VERSION => SchemaCheck::ServerTooOld { server_app },
            _ => SchemaCheck::Current,
        }
    }
}

/// What an install or upgrade did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Installed {
    pub from: i32,
    pub to: i32,
}

impl PgStore {
    /// The server's schema, as any login may read it.
    pub async fn schema(&self) -> Result<ServerSchema, PgError> {
        let (recorded, installed): (Option<String>, Option<String>) = sqlx::query_as(
            "SELECT to_regprocedure('sinkron_schema_version()')::TEXT, \
                    to_regprocedure('kiosk_settings()')::TEXT",
        )
        .fetch_one(&self.pool)
        .await?;
        if recorded.is_some() {
            let (version, app_version): (Option<i32>, Option<String>) =
                sqlx::query_as("SELECT version, app_version FROM sinkron_schema_version()")
                    .fetch_one(&self.pool)
                    .await?;
            return Ok(ServerSchema {
                version: version.unwrap_or(1),
                app_version: app_version.unwrap_or_else(|| FIRST_APP_VERSION.into()),
            });
        }
        Ok(ServerSchema {
            version: if installed.is_some() { 1 } else { 0 },
            app_version: FIRST_APP_VERSION.into(),
        })
    }

    /// Installs Sinkron in an empty database, or upgrades an older schema to
    /// [`SCHEMA_VERSION`], then (again) the roles, grants, functions and indexes: in one
    /// transaction, so a failure leaves the server as it was, and safe to run again. Run as the
    /// database's owner. Refuses a server newer than this build.
    pub async fn install(&self) -> Result<Installed, PgError> {
        let mut tx = self.pool.begin().await?;
        // An owner's long job (an install, an upgrade, an office's whole file) is not a desk's
        // statement: the session limits do not apply inside it.
        tx.execute(
            "SET LOCAL statement_timeout = 0; SET LOCAL idle_in_transaction_session_timeout = 0",
        )
        .await?;
        // Two admins upgrading at once: the second waits, then finds nothing to do.
        sqlx::query("SELECT pg_advisory_xact_lock(hashtext('sinkron_schema'))")
            .execute(&mut *tx)
            .await?;
        let from = version_in(&mut tx).await?;
        if from > SCHEMA_VERSION {
            return Err(PgError::SchemaNewer {
                server: from,
                ours: SCHEMA_VERSION,
            });
        }
        if from == 0 {
            script(&mut tx, SCHEMA_SQL).await?;
        }
        for &(version, sql) in UPGRADES {
            if version > from.max(1) {
                script(&mut tx, sql).await?;
            }
        }
        for &sql in IDEMPOTENT {
            script(&mut tx, sql).await?;
        }
        if from != SCHEMA_VERSION {
            let now = stamp(Utc::now());
            sqlx::query(
                "INSERT INTO sinkron_schema (id, version, app_version, installed_at, upgraded_at) \
                 VALUES (TRUE, $1, $2, $3, $3) \
                 ON CONFLICT (id) DO UPDATE SET version = EXCLUDED.version, \
                 app_version = EXCLUDED.app_version, upgraded_at = EXCLUDED.upgraded_at",
            )
            .bind(SCHEMA_VERSION)
            .bind(sinkron_core::VERSION)
            .bind(&now)
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await?;
        Ok(Installed {
            from,
            to: SCHEMA_VERSION,
        })
    }
}

/// Runs a script of several statements (the simple query protocol) on the transaction.
/// (`sqlx::raw_sql(…).execute(&mut *tx)` here makes the future impossible to prove `Send`
/// where a Tauri command awaits it.)
async fn script(conn: &mut PgConnection, sql: &'static str) -> Result<(), PgError> {
    conn.execute(sql).await?;
    Ok(())
}

/// The schema number inside the installing transaction (as the owner, from the table itself).
async fn version_in(conn: &mut PgConnection) -> Result<i32, PgError> {
    let (table, requests): (Option<String>, Option<String>) = sqlx::query_as(
        "SELECT to_regclass('public.sinkron_schema')::TEXT, to_regclass('public.requests')::TEXT",
    )
    .fetch_one(&mut *conn)
    .await?;
    if table.is_some() {
        let version: Option<i32> =
            sqlx::query_scalar("SELECT version FROM sinkron_schema WHERE id")
                .fetch_optional(&mut *conn)
                .await?;
        if let Some(version) = version {
            return Ok(version);
        }
    }
    Ok(if requests.is_some() { 1 } else { 0 })
}

/// The whole install of a fresh database as one script, for an admin who prefers psql
/// (`sinkron-pg-admin sql | psql -d sinkron -f -`).
pub fn install_script() -> String {
    let mut out = String::from(
        "-- Sinkron on PostgreSQL: a fresh install, run as the database's owner, e.g.\n\
         --   sinkron-pg-admin sql > sinkron.sql && psql -d sinkron -v ON_ERROR_STOP=1 -f sinkron.sql\n\
         -- Then one login per PC, in the group it needs:\n\
         --   CREATE ROLE meja_1 LOGIN PASSWORD '…' IN ROLE sinkron_operator;\n\
         --   CREATE ROLE anjungan_1 LOGIN PASSWORD '…' IN ROLE sinkron_kiosk;\n\
         -- An existing server is upgraded by `sinkron-pg-admin install`, not by this script.\n\n\
         BEGIN;\n",
    );
    out.push_str(SCHEMA_SQL);
    for (_, sql) in UPGRADES {
        out.push('\n');
        out.push_str(sql);
    }
    for sql in IDEMPOTENT {
        out.push('\n');
        out.push_str(sql);
    }
    out.push_str(&format!(
        "\nINSERT INTO sinkron_schema (id, version, app_version, installed_at, upgraded_at)\n\
         VALUES (TRUE, {SCHEMA_VERSION}, '{}', utc_stamp(now()), utc_stamp(now()));\n\
         COMMIT;\n",
        sinkron_core::VERSION
    ));
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn server(version: i32) -> ServerSchema {
        ServerSchema {
            version,
            app_version: "x".into(),
        }
    }

    #[test]
    fn a_newer_server_makes_the_desk_too_old() {
        assert_eq!(
            SchemaCheck::of(&server(SCHEMA_VERSION + 1)),
            SchemaCheck::DeskTooOld {
                server_app: "x".into()
            }
        );
    }

    #[test]
    fn an_older_server_can_be_upgraded() {
        assert!(matches!(
            SchemaCheck::of(&server(1)),
            SchemaCheck::ServerTooOld { .. }
        ));
    }

    #[test]
    fn the_same_schema_is_current_and_none_is_not_installed() {
        assert_eq!(
            SchemaCheck::of(&server(SCHEMA_VERSION)),
            SchemaCheck::Current
        );
        assert_eq!(SchemaCheck::of(&server(0)), SchemaCheck::NotInstalled);
    }

    #[test]
    fn upgrade_steps_are_numbered_in_order_up_to_the_current_schema() {
        let numbers: Vec<i32> = UPGRADES.iter().map(|(v, _)| *v).collect();
        let expected: Vec<i32> = (2..=SCHEMA_VERSION).collect();
        assert_eq!(numbers, expected);
    }

    #[test]
    fn install_script_is_one_transaction_recording_the_schema() {
        let script = install_script();
        assert!(script.contains("\nBEGIN;\n") && script.trim_end().ends_with("COMMIT;"));
        assert!(script.contains(&format!("VALUES (TRUE, {SCHEMA_VERSION}, ")));
        // Only the outer transaction: a part that commits on its own would end it early.
        assert_eq!(script.matches("COMMIT;").count(), 1);
    }
}
