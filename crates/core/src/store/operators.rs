//! Operator accounts, sign-in and the audit log as stored. Accounts change
//! only through these calls, each of which writes its audit row in the same
//! transaction; sign-in records every attempt so the lockout can be enforced.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};
use thiserror::Error;

use super::workflow::Actor;
use super::{parse_stamp, rows, stamp, Store, StoreError};
use crate::auth::{
    self, check_new_password, lockout_wait, parse_display_name, parse_username, wait_text,
    AccountError, Role,
};
use crate::error::ErrorPayload;

/// An operator account as the app sees it (never with its hash).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Operator {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
}

impl Operator {
    /// The actor for history and audit rows written by this operator.
    pub fn actor(&self, workstation: &str) -> Actor {
        Actor {
            operator_id: Some(self.id),
            name: self.display_name.clone(),
            role: Some(self.role),
            workstation: workstation.to_string(),
        }
    }
}

/// Why a sign-in or an account change did not happen.
#[derive(Debug, Error)]
pub enum AuthError {
    #[error("Nama pengguna atau kata sandi salah")]
    BadCredentials,
    #[error("Terlalu banyak percobaan yang salah — coba lagi dalam {0}")]
    LockedOut(String),
    #[error("Sinkron sudah punya administrator — masuk dengan akun yang ada")]
    AlreadySetUp,
    #[error("Harus ada paling sedikit satu administrator aktif")]
    LastAdmin,
    #[error("Nama pengguna itu sudah dipakai — pilih yang lain")]
    UsernameTaken,
    #[error("Akun tidak ditemukan")]
    NoSuchOperator,
    #[error(transparent)]
    Account(#[from] AccountError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for AuthError {
    fn from(e: sqlx::Error) -> Self {
        AuthError::Store(StoreError::Database(e))
    }
}

impl AuthError {
    pub fn code(&self) -> &'static str {
        match self {
            AuthError::BadCredentials => "auth_bad_credentials",
            AuthError::LockedOut(_) => "auth_locked_out",
            AuthError::AlreadySetUp => "auth_already_set_up",
            AuthError::LastAdmin => "auth_last_admin",
            AuthError::UsernameTaken => "auth_username_taken",
            AuthError::NoSuchOperator => "auth_no_such_operator",
            AuthError::Account(e) => e.code(),
            AuthError::Store(e) => e.code(),
        }
    }

    pub fn payload(&self) -> ErrorPayload {
        match self {
            AuthError::Store(e) => e.payload(),
            other => ErrorPayload::new(other.code(), other.to_string()),
        }
    }
}

/// One audit row as the audit screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    pub at_display: String,
    pub operator_id: Option<i64>,
    pub operator_name: Option<String>,
    pub role: Option<String>,
    pub workstation: Option<String>,
    pub action: String,
    pub request_id: Option<i64>,
    pub reg_number: Option<String>,
    pub detail: Option<String>,
}

/// Filters of the audit screen; every field optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AuditFilter {
    pub operator_id: Option<i64>,
    pub action: Option<String>,
    pub request_id: Option<i64>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Rows older than this id (keyset paging, newest first).
    pub before_id: Option<i64>,
    pub limit: u32,
}

/// Writes one audit row inside the caller's transaction.
pub(crate) async fn audit_tx(
    tx: &mut Transaction<'static, Sqlite>,
    actor: &Actor,
    action: &str,
    request_id: Option<i64>,
    detail: Option<&str>,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, operator_id, role, workstation, action, request_id, detail) \
         VALUES (?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(at)
    .bind(actor.operator_id)
    .bind(actor.role.map(Role::code))
    .bind(&actor.workstation)
    .bind(action)
    .bind(request_id)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Checks a new account's username, display name and password (typed twice)
/// and hashes the password: what creating any account starts with, on every backend.
pub async fn prepare_account(
    username: &str,
    display_name: &str,
    password: &str,
    again: &str,
) -> Result<(String, String, String), AuthError> {
    let username = parse_username(username)?;
    let display_name = parse_display_name(display_name)?;
    check_new_password(&username, password, again)?;
    let hash = hash_blocking(password.to_string()).await?;
    Ok((username, display_name, hash))
}

/// Who a sign-in attempt's audit row names: the operator when the password was right, only their
/// id and name when it was not, nobody when the username is unknown; always the workstation.
pub fn sign_in_actor(op: Option<&Operator>, ok: bool, workstation: &str) -> Actor {
    let actor = match (op, ok) {
        (Some(o), true) => o.actor(workstation),
        (Some(o), false) => Actor {
            operator_id: Some(o.id),
            ..Actor::named(&o.display_name)
        },
        (None, _) => Actor::named(""),
    };
    Actor {
        workstation: workstation.to_string(),
        ..actor
    }
}

/// Verifies a typed password against a stored hash (or a decoy when there is none, so an
/// unknown username costs the same time) on a blocking thread.
pub async fn verify_blocking(password: &str, hash: Option<String>) -> bool {
    let hash = hash.unwrap_or_else(|| auth::decoy_hash().to_string());
    let typed = password.to_string();
    tokio::task::spawn_blocking(move || auth::verify_password(&typed, &hash))
        .await
        .unwrap_or(false)
}

/// Inserts an active account inside the caller's transaction.
async fn insert_operator(
    tx: &mut Transaction<'static, Sqlite>,
    username: &str,
    display_name: &str,
    role: Role,
    hash: &str,
    at: &str,
) -> Result<i64, sqlx::Error> {
    sqlx::query_scalar(
        "INSERT INTO operators (username, display_name, role, password_hash, active, created_at) \
         VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(role.code())
    .bind(hash)
    .bind(at)
    .fetch_one(&mut **tx)
    .await
}

/// Hashes a password on a blocking thread.
pub async fn hash_blocking(password: String) -> Result<String, StoreError> {
    tokio::task::spawn_blocking(move || auth::hash_password(&password))
        .await
        .map_err(|_| StoreError::Corrupt("password hashing stopped".into()))
}

/// The two kinds of guarded attempts: sign-in (by username) and the
/// applicant's status lookup (by registration number).
#[derive(Debug, Clone, Copy)]
pub(crate) enum Attempts {
    SignIn,
    StatusLookup,
}

impl Store {
    /// Failed attempts since the last success, oldest first, for the lockout.
    pub(crate) async fn failures_since_success(
        &self,
        kind: Attempts,
        key: &str,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let sql = match kind {
            Attempts::SignIn => {
                "SELECT at FROM login_attempts WHERE username = ? AND success = 0 AND id > \
                 COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = ? AND success = 1), 0) \
                 ORDER BY id"
            }
            Attempts::StatusLookup => {
                "SELECT at FROM status_lookups WHERE reg_number = ? AND success = 0 AND id > \
                 COALESCE((SELECT MAX(id) FROM status_lookups WHERE reg_number = ? AND success = 1), 0) \
                 ORDER BY id"
            }
        };
        let stamps: Vec<String> = sqlx::query_scalar(sql)
            .bind(key)
            .bind(key)
            .fetch_all(&self.pool)
            .await?;
        Ok(stamps.iter().filter_map(|t| parse_stamp(t).ok()).collect())
    }

    /// How many operator accounts exist (0: first-run setup is due).
    pub async fn operator_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM operators")
            .fetch_one(&self.pool)
            .await?)
    }

    /// One account by id.
    pub async fn operator(&self, id: i64) -> Result<Option<Operator>, StoreError> {
        let row = sqlx::query(
            "SELECT id, username, display_name, role, active FROM operators WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(rows::operator).transpose()
    }

    /// Every account, by username.
    pub async fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        let rows = sqlx::query(
            "SELECT id, username, display_name, role, active FROM operators ORDER BY username",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(rows::operator).collect()
    }

    /// First-run setup: the first administrator. Refused once any account exists.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_first_admin(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        again: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let (username, display_name, hash) =
            prepare_account(username, display_name, password, again).await?;
        let mut tx = self.write().await?;
        let existing: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operators")
            .fetch_one(&mut *tx)
            .await?;
        if existing > 0 {
            return Err(AuthError::AlreadySetUp);
        }
        let at = stamp(now);
        let id =
            insert_operator(&mut tx, &username, &display_name, Role::Admin, &hash, &at).await?;
        let op = Operator {
            id,
            username,
            display_name,
            role: Role::Admin,
            active: true,
        };
        audit_tx(
            &mut tx,
            &op.actor(workstation),
            "account_first_admin",
            None,
            Some(&op.username),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(op)
    }

    /// An admin creates an account.
    #[allow(clippy::too_many_arguments)]
    pub async fn create_operator(
        &self,
        by: &Actor,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let (username, display_name, hash) =
            prepare_account(username, display_name, password, again).await?;
        let mut tx = self.write().await?;
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE username = ?")
            .bind(&username)
            .fetch_one(&mut *tx)
            .await?;
        if taken > 0 {
            return Err(AuthError::UsernameTaken);
        }
        let at = stamp(now);
        let id = insert_operator(&mut tx, &username, &display_name, role, &hash, &at).await?;
        let detail = format!("{username} ({})", role.code());
        audit_tx(&mut tx, by, "account_create", None, Some(&detail), &at).await?;
        tx.commit().await?;
        Ok(Operator {
            id,
            username,
            display_name,
            role,
            active: true,
        })
    }

    /// Signs in: the lockout is checked first (an attempt during the wait is
    /// audited as `sign_in_locked`), the password verified on a blocking
    /// thread, and the attempt recorded with its audit row.
    pub async fn sign_in(
        &self,
        username: &str,
        password: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let username = username.trim().to_lowercase();
        let failures = self
            .failures_since_success(Attempts::SignIn, &username)
            .await?;
        if let Some(wait) = lockout_wait(&failures, now) {
            // Not counted as a failure (the wait would never end), but the admin sees it.
            let actor = Actor {
                workstation: workstation.to_string(),
                ..Actor::named("")
            };
            let mut tx = self.write().await?;
            audit_tx(
                &mut tx,
                &actor,
                "sign_in_locked",
                None,
                Some(&username),
                &stamp(now),
            )
            .await?;
            tx.commit().await?;
            return Err(AuthError::LockedOut(wait_text(wait)));
        }
        let row = sqlx::query(
            "SELECT id, username, display_name, role, active, password_hash FROM operators \
             WHERE username = ?",
        )
        .bind(&username)
        .fetch_optional(&self.pool)
        .await?;
        let (op, hash) = match &row {
            Some(r) => (
                Some(rows::operator(r)?),
                r.try_get::<Option<String>, _>("password_hash")?,
            ),
            None => (None, None),
        };
        let matches = verify_blocking(password, hash).await;
        let ok = matches && op.as_ref().is_some_and(|o| o.active);
        let at = stamp(now);
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO login_attempts (username, success, at) VALUES (?, ?, ?)")
            .bind(&username)
            .bind(i64::from(ok))
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let actor = sign_in_actor(op.as_ref(), ok, workstation);
        let (action, detail) = if ok {
            ("sign_in", None)
        } else {
            ("sign_in_failed", Some(username.as_str()))
        };
        audit_tx(&mut tx, &actor, action, None, detail, &at).await?;
        tx.commit().await?;
        match (op, ok) {
            (Some(o), true) => Ok(o),
            _ => Err(AuthError::BadCredentials),
        }
    }

    /// Records a sign-out (or the end of a session by idle or disabling).
    pub async fn sign_out(
        &self,
        actor: &Actor,
        reason: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Store::audit(self, actor, "sign_out", None, Some(reason), now).await
    }

    /// Disables or enables an account. The last active admin cannot be disabled.
    pub async fn set_operator_active(
        &self,
        by: &Actor,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        self.change_operator(by, id, now, |op| {
            op.active = active;
            (if active {
                "account_enable"
            } else {
                "account_disable"
            })
            .to_string()
        })
        .await
    }

    /// Changes an account's role. The last active admin keeps theirs.
    pub async fn set_operator_role(
        &self,
        by: &Actor,
        id: i64,
        role: Role,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        self.change_operator(by, id, now, |op| {
            op.role = role;
            format!("account_role_{}", role.code())
        })
        .await
    }

    async fn change_operator(
        &self,
        by: &Actor,
        id: i64,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut Operator) -> String,
    ) -> Result<Operator, AuthError> {
        let mut tx = self.write().await?;
        let row = sqlx::query(
            "SELECT id, username, display_name, role, active FROM operators WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?
        .ok_or(AuthError::NoSuchOperator)?;
        let mut op = rows::operator(&row)?;
        let action = change(&mut op);
        if !(op.active && op.role == Role::Admin) {
            let other_admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM operators WHERE role = 'admin' AND active = 1 AND id <> ?",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if other_admins == 0 {
                return Err(AuthError::LastAdmin);
            }
        }
        sqlx::query("UPDATE operators SET role = ?, active = ? WHERE id = ?")
            .bind(op.role.code())
            .bind(i64::from(op.active))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit_tx(&mut tx, by, &action, None, Some(&op.username), &stamp(now)).await?;
        tx.commit().await?;
        Ok(op)
    }

    /// An admin sets a new password for an account.
    pub async fn reset_password(
        &self,
        by: &Actor,
        id: i64,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let op = self.operator(id).await?.ok_or(AuthError::NoSuchOperator)?;
        check_new_password(&op.username, password, again)?;
        let hash = hash_blocking(password.to_string()).await?;
        let mut tx = self.write().await?;
        sqlx::query("UPDATE operators SET password_hash = ? WHERE id = ?")
            .bind(&hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit_tx(
            &mut tx,
            by,
            "account_reset_password",
            None,
            Some(&op.username),
            &stamp(now),
        )
        .await?;
        tx.commit().await?;
        Ok(())
    }

    /// Writes one audit row on its own (for reads: opening a request, a photo, an export).
    pub async fn audit(
        &self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        audit_tx(&mut tx, actor, action, request_id, detail, &stamp(now)).await?;
        tx.commit().await?;
        Ok(())
    }

    /// Audit rows, newest first, filtered.
    pub async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let limit = if f.limit == 0 { 100 } else { f.limit.min(500) };
        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT a.id, a.at, a.operator_id, o.display_name, a.role, a.workstation, a.action, \
             a.request_id, r.reg_number, a.detail FROM audit_log a \
             LEFT JOIN operators o ON o.id = a.operator_id \
             LEFT JOIN requests r ON r.id = a.request_id WHERE 1 = 1",
        );
        if let Some(id) = f.operator_id {
            sql.push(" AND a.operator_id = ").push_bind(id);
        }
        if let Some(action) = &f.action {
            sql.push(" AND a.action = ").push_bind(action.clone());
        }
        if let Some(id) = f.request_id {
            sql.push(" AND a.request_id = ").push_bind(id);
        }
        if let Some(from) = f.from {
            sql.push(" AND a.at >= ").push_bind(stamp(from));
        }
        if let Some(to) = f.to {
            sql.push(" AND a.at < ").push_bind(stamp(to));
        }
        if let Some(before) = f.before_id {
            sql.push(" AND a.id < ").push_bind(before);
        }
        sql.push(" ORDER BY a.id DESC LIMIT ")
            .push_bind(i64::from(limit));
        let rows = sql.build().fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| rows::audit_entry(row, zone))
            .collect()
    }
}
