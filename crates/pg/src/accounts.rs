//! Operator accounts, sign-in and the audit log on the server, as `AccountStore`. The rules come
//! from the core (`prepare_account`, `check_new_password`, `lockout_wait`, `sign_in_actor`); the
//! password hashes are the core's argon2id, verified by the desk in Rust like on SQLite.
//!
//! Where SQLite's single writer serialises account changes by itself, several desks here could
//! race: first-run setup locks the accounts table, and a change that could remove the last
//! active admin locks every active admin's row before it counts them, so two admins disabling
//! each other at once leave one of them.

use std::future::Future;

use chrono::{DateTime, Utc};
use sinkron_core::auth::{check_new_password, lockout_wait, wait_text, Role};
use sinkron_core::store::rows;
use sinkron_core::store::{
    hash_blocking, parse_stamp, prepare_account, sign_in_actor, stamp, verify_blocking,
};
use sinkron_core::{
    AccountStore, Actor, AuditEntry, AuditFilter, AuthError, Operator, RequestStore, StoreError,
};
use sqlx::{Postgres, QueryBuilder, Row, Transaction};

use crate::desk::audit;
use crate::PgStore;

const OPERATOR_COLUMNS: &str =
    "SELECT id, username, display_name, role, active::BIGINT AS active FROM operators";

async fn insert_operator(
    tx: &mut Transaction<'static, Postgres>,
    username: &str,
    display_name: &str,
    role: Role,
    hash: &str,
    at: &str,
) -> Result<i64, AuthError> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO operators (username, display_name, role, password_hash, active, created_at) \
         VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
    )
    .bind(username)
    .bind(display_name)
    .bind(role.code())
    .bind(hash)
    .bind(at)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(id),
        // Another desk took the name between the check and the insert.
        Err(sqlx::Error::Database(db)) if db.code().as_deref() == Some("23505") => {
            Err(AuthError::UsernameTaken)
        }
        Err(e) => Err(e.into()),
    }
}

impl PgStore {
    async fn sign_in_failures(&self, username: &str) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let stamps: Vec<String> = sqlx::query_scalar(
            "SELECT at FROM login_attempts WHERE username = $1 AND success = 0 AND id > \
             COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = $1 AND success = 1), 0) \
             ORDER BY id",
        )
        .bind(username)
        .fetch_all(&self.pool)
        .await?;
        Ok(stamps.iter().filter_map(|t| parse_stamp(t).ok()).collect())
    }

    async fn operator_by_id(&self, id: i64) -> Result<Option<Operator>, StoreError> {
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(rows::operator).transpose()
    }

    async fn first_admin(
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
        let mut tx = self.pool.begin().await?;
        // Two desks running first-run setup at once: the second waits, then finds the first.
        sqlx::query("LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await?;
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
        audit(
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

    #[allow(clippy::too_many_arguments)]
    async fn new_operator(
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
        let mut tx = self.pool.begin().await?;
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE username = $1")
            .bind(&username)
            .fetch_one(&mut *tx)
            .await?;
        if taken > 0 {
            return Err(AuthError::UsernameTaken);
        }
        let at = stamp(now);
        let id = insert_operator(&mut tx, &username, &display_name, role, &hash, &at).await?;
        let detail = format!("{username} ({})", role.code());
        audit(&mut tx, by, "account_create", None, Some(&detail), &at).await?;
        tx.commit().await?;
        Ok(Operator {
            id,
            username,
            display_name,
            role,
            active: true,
        })
    }

    async fn sign_in_tx(
        &self,
        username: &str,
        password: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> Result<Operator, AuthError> {
        let username = username.trim().to_lowercase();
        let failures = self.sign_in_failures(&username).await?;
        if let Some(wait) = lockout_wait(&failures, now) {
            let actor = Actor {
                workstation: workstation.to_string(),
                ..Actor::named("")
            };
            let mut tx = self.pool.begin().await?;
            audit(
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
            "SELECT id, username, display_name, role, active::BIGINT AS active, password_hash \
             FROM operators WHERE username = $1",
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
        let ok = verify_blocking(password, hash).await && op.as_ref().is_some_and(|o| o.active);
        let at = stamp(now);
        let mut tx = self.pool.begin().await?;
        sqlx::query("INSERT INTO login_attempts (username, success, at) VALUES ($1, $2, $3)")
            .bind(&username)
            .bind(i16::from(ok))
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        let actor = sign_in_actor(op.as_ref(), ok, workstation);
        let (action, detail) = if ok {
            ("sign_in", None)
        } else {
            ("sign_in_failed", Some(username.as_str()))
        };
        audit(&mut tx, &actor, action, None, detail, &at).await?;
        tx.commit().await?;
        match (op, ok) {
            (Some(o), true) => Ok(o),
            _ => Err(AuthError::BadCredentials),
        }
    }

    async fn change_operator(
        &self,
        by: &Actor,
        id: i64,
        now: DateTime<Utc>,
        change: impl FnOnce(&mut Operator) -> String + Send,
    ) -> Result<Operator, AuthError> {
        let mut tx = self.pool.begin().await?;
        // Every active admin's row, locked in id order before anything is counted: a concurrent
        // change that could leave no admin waits here and then counts what this one left.
        sqlx::query(
            "SELECT id FROM operators WHERE role = 'admin' AND active = 1 ORDER BY id FOR UPDATE",
        )
        .execute(&mut *tx)
        .await?;
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE id = $1 FOR UPDATE"))
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AuthError::NoSuchOperator)?;
        let mut op = rows::operator(&row)?;
        let action = change(&mut op);
        if !(op.active && op.role == Role::Admin) {
            let other_admins: i64 = sqlx::query_scalar(
                "SELECT COUNT(*) FROM operators WHERE role = 'admin' AND active = 1 AND id <> $1",
            )
            .bind(id)
            .fetch_one(&mut *tx)
            .await?;
            if other_admins == 0 {
                return Err(AuthError::LastAdmin);
            }
        }
        sqlx::query("UPDATE operators SET role = $1, active = $2 WHERE id = $3")
            .bind(op.role.code())
            .bind(i16::from(op.active))
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit(&mut tx, by, &action, None, Some(&op.username), &stamp(now)).await?;
        tx.commit().await?;
        Ok(op)
    }

    async fn new_password(
        &self,
        by: &Actor,
        id: i64,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> Result<(), AuthError> {
        let op = self
            .operator_by_id(id)
            .await?
            .ok_or(AuthError::NoSuchOperator)?;
        check_new_password(&op.username, password, again)?;
        let hash = hash_blocking(password.to_string()).await?;
        let mut tx = self.pool.begin().await?;
        sqlx::query("UPDATE operators SET password_hash = $1 WHERE id = $2")
            .bind(&hash)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        audit(
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

    async fn audit_one(
        &self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.pool.begin().await?;
        audit(&mut tx, actor, action, request_id, detail, &stamp(now)).await?;
        tx.commit().await?;
        Ok(())
    }

    async fn audit_page(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let zone = RequestStore::settings(self).await?.zone;
        let limit = if f.limit == 0 { 100 } else { f.limit.min(500) };
        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
            "SELECT a.id, a.at, a.operator_id, o.display_name, a.role, a.workstation, a.action, \
             a.request_id, r.reg_number, a.detail FROM audit_log a \
             LEFT JOIN operators o ON o.id = a.operator_id \
             LEFT JOIN requests r ON r.id = a.request_id WHERE TRUE",
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

impl AccountStore for PgStore {
    async fn operator_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM operators")
            .fetch_one(&self.pool)
            .await?)
    }

    fn operator(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Option<Operator>, StoreError>> + Send {
        self.operator_by_id(id)
    }

    async fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        let rows = sqlx::query(&format!("{OPERATOR_COLUMNS} ORDER BY username"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(rows::operator).collect()
    }

    fn create_first_admin(
        &self,
        username: &str,
        display_name: &str,
        password: &str,
        again: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Operator, AuthError>> + Send {
        self.first_admin(username, display_name, password, again, workstation, now)
    }

    fn create_operator(
        &self,
        by: &Actor,
        username: &str,
        display_name: &str,
        role: Role,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Operator, AuthError>> + Send {
        self.new_operator(by, username, display_name, role, password, again, now)
    }

    fn sign_in(
        &self,
        username: &str,
        password: &str,
        workstation: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Operator, AuthError>> + Send {
        self.sign_in_tx(username, password, workstation, now)
    }

    fn set_operator_active(
        &self,
        by: &Actor,
        id: i64,
        active: bool,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Operator, AuthError>> + Send {
        self.change_operator(by, id, now, move |op| {
            op.active = active;
            (if active {
                "account_enable"
            } else {
                "account_disable"
            })
            .to_string()
        })
    }

    fn set_operator_role(
        &self,
        by: &Actor,
        id: i64,
        role: Role,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Operator, AuthError>> + Send {
        self.change_operator(by, id, now, move |op| {
            op.role = role;
            format!("account_role_{}", role.code())
        })
    }

    fn reset_password(
        &self,
        by: &Actor,
        id: i64,
        password: &str,
        again: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), AuthError>> + Send {
        self.new_password(by, id, password, again, now)
    }

    fn audit(
        &self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        self.audit_one(actor, action, request_id, detail, now)
    }

    fn audit_entries(
        &self,
        f: &AuditFilter,
    ) -> impl Future<Output = Result<Vec<AuditEntry>, StoreError>> + Send {
        self.audit_page(f)
    }
}
