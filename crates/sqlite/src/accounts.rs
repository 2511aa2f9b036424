//! Operator accounts, sign-in attempts and the audit log in the SQLite file: the SQL behind
//! the core's [`AccountPort`]. The use cases themselves (the lockout, the last-admin rule, what
//! is audited) are the core's (`crate::accounts`); here are only the statements. SQLite's single
//! writer (`BEGIN IMMEDIATE`) already serialises account changes, so the locks the port asks
//! for cost nothing here.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::accounts::{
    AccountPort, AccountTx, AuditEntry, AuditFilter, AuthError, NewOperator, Operator,
};
use sinkron_core::audit_chain::{self, AuditFields, ChainCheck};
use sinkron_core::store::{parse_stamp, stamp, Actor, StoreError};
use sinkron_core::RequestStore as _;
use sinkron_sql::{rows, Db};
use sqlx::{QueryBuilder, Row, Sqlite, Transaction};

use crate::{SqliteTx, Store};

/// Writes one audit row inside the caller's write transaction, chained to the row before it
/// (`sinkron_core::audit_chain`): the transaction holds the write lock, so no other row can come
/// between the read of the last chain and this insert.
pub(crate) async fn audit_tx(
    tx: &mut Transaction<'static, Sqlite>,
    actor: &Actor,
    action: &str,
    request_id: Option<i64>,
    detail: Option<&str>,
    at: &str,
) -> Result<(), sqlx::Error> {
    let last: Option<(i64, Option<String>)> =
        sqlx::query_as("SELECT id, chain FROM audit_log ORDER BY id DESC LIMIT 1")
            .fetch_optional(&mut **tx)
            .await?;
    let (last_id, previous) = last.unwrap_or((0, None));
    let row = AuditFields {
        id: last_id + 1,
        at: at.to_string(),
        operator_id: actor.operator_id,
        role: actor.role.map(|r| r.code().to_string()),
        workstation: Some(actor.workstation.clone()),
        action: action.to_string(),
        request_id,
        detail: detail.map(str::to_string),
    };
    let chain = audit_chain::link(previous.as_deref().unwrap_or(""), &row);
    sqlx::query(
        "INSERT INTO audit_log (id, at, operator_id, role, workstation, action, request_id, \
         detail, chain) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(row.id)
    .bind(&row.at)
    .bind(row.operator_id)
    .bind(&row.role)
    .bind(&row.workstation)
    .bind(&row.action)
    .bind(row.request_id)
    .bind(&row.detail)
    .bind(chain)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

impl Store {
    /// Checks the audit log's chain from its first row to its last (on a read connection: a
    /// snapshot, while desks go on writing).
    pub async fn check_audit_chain(&self) -> Result<ChainCheck, StoreError> {
        let from: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'audit_chain_from'")
                .fetch_optional(&self.pool)
                .await
                .db()?;
        let all = sqlx::query(rows::AUDIT_CHAIN_ROWS).fetch(&self.pool);
        rows::audit_chain_check(all, from.as_deref()).await
    }
}

/// Inserts an active account inside the caller's transaction; a username taken meanwhile is
/// [`AuthError::UsernameTaken`].
async fn insert_operator(
    tx: &mut Transaction<'static, Sqlite>,
    new: &NewOperator,
    at: &str,
) -> Result<i64, AuthError> {
    let inserted = sqlx::query_scalar(
        "INSERT INTO operators (username, display_name, role, password_hash, active, created_at) \
         VALUES (?, ?, ?, ?, 1, ?) RETURNING id",
    )
    .bind(&new.username)
    .bind(&new.display_name)
    .bind(new.role.code())
    .bind(&new.hash)
    .bind(at)
    .fetch_one(&mut **tx)
    .await;
    match inserted {
        Ok(id) => Ok(id),
        Err(sqlx::Error::Database(db)) if db.is_unique_violation() => Err(AuthError::UsernameTaken),
        Err(e) => Err(sinkron_sql::store_error(e).into()),
    }
}

impl Store {
    /// A registration number's failed status lookups since its last success, oldest first, for
    /// Cek Status's lockout.
    pub(crate) async fn lookup_failures(
        &self,
        reg: &str,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let stamps: Vec<String> = sqlx::query_scalar(
            "SELECT at FROM status_lookups WHERE reg_number = ? AND success = 0 AND id > \
             COALESCE((SELECT MAX(id) FROM status_lookups WHERE reg_number = ? AND success = 1), 0) \
             ORDER BY id",
        )
        .bind(reg)
        .bind(reg)
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(stamps.iter().filter_map(|t| parse_stamp(t).ok()).collect())
    }
}

const OPERATOR_COLUMNS: &str = "SELECT id, username, display_name, role, active FROM operators";

/// A name's failed sign-ins since its last successful one (both `?` are the name).
const SIGN_IN_FAILURES: &str = "SELECT at FROM login_attempts WHERE username = ? AND success = 0 \
     AND id > COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = ? AND success = 1), 0) \
     ORDER BY id";

#[async_trait]
impl AccountPort for Store {
    async fn audit_chain(&self) -> Result<Option<ChainCheck>, StoreError> {
        self.check_audit_chain().await.map(Some)
    }

    async fn operator_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM operators")
            .fetch_one(&self.pool)
            .await
            .db()?)
    }

    async fn operator(&self, id: i64) -> Result<Option<Operator>, StoreError> {
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .db()?;
        row.as_ref().map(rows::operator).transpose()
    }

    async fn operators(&self) -> Result<Vec<Operator>, StoreError> {
        let rows = sqlx::query(&format!("{OPERATOR_COLUMNS} ORDER BY username"))
            .fetch_all(&self.pool)
            .await
            .db()?;
        rows.iter().map(rows::operator).collect()
    }

    async fn audit_entries(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        self.audit_page(f).await
    }

    async fn operator_with_hash(
        &self,
        username: &str,
    ) -> Result<Option<(Operator, Option<String>)>, StoreError> {
        let row = sqlx::query(
            "SELECT id, username, display_name, role, active, password_hash FROM operators \
             WHERE username = ?",
        )
        .bind(username)
        .fetch_optional(&self.pool)
        .await
        .db()?;
        match row {
            Some(r) => Ok(Some((
                rows::operator(&r)?,
                r.try_get::<Option<String>, _>("password_hash").db()?,
            ))),
            None => Ok(None),
        }
    }

    async fn begin_accounts(&self) -> Result<Box<dyn AccountTx>, StoreError> {
        Ok(Box::new(SqliteTx(self.write().await?)))
    }
}

#[async_trait]
impl AccountTx for SqliteTx {
    async fn lock_accounts(&mut self) -> Result<(), StoreError> {
        Ok(())
    }

    async fn count_operators(&mut self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM operators")
            .fetch_one(&mut *self.0)
            .await
            .db()?)
    }

    async fn username_taken(&mut self, username: &str) -> Result<bool, StoreError> {
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE username = ?")
            .bind(username)
            .fetch_one(&mut *self.0)
            .await
            .db()?;
        Ok(taken > 0)
    }

    async fn insert_operator(
        &mut self,
        new: &NewOperator,
        now: DateTime<Utc>,
    ) -> Result<i64, AuthError> {
        insert_operator(&mut self.0, new, &stamp(now)).await
    }

    async fn operator_for_change(&mut self, id: i64) -> Result<Option<Operator>, StoreError> {
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await
            .db()?;
        row.as_ref().map(rows::operator).transpose()
    }

    async fn other_active_admins(&mut self, id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM operators WHERE role = 'admin' AND active = 1 AND id <> ?",
        )
        .bind(id)
        .fetch_one(&mut *self.0)
        .await
        .db()?)
    }

    async fn update_operator(&mut self, op: &Operator) -> Result<(), StoreError> {
        sqlx::query("UPDATE operators SET role = ?, active = ? WHERE id = ?")
            .bind(op.role.code())
            .bind(i64::from(op.active))
            .bind(op.id)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn set_password_hash(&mut self, id: i64, hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE operators SET password_hash = ? WHERE id = ?")
            .bind(hash)
            .bind(id)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn sign_in_failures(&mut self, username: &str) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let stamps: Vec<String> = sqlx::query_scalar(SIGN_IN_FAILURES)
            .bind(username)
            .bind(username)
            .fetch_all(&mut *self.0)
            .await
            .db()?;
        Ok(stamps.iter().filter_map(|t| parse_stamp(t).ok()).collect())
    }

    async fn record_sign_in(
        &mut self,
        username: &str,
        ok: bool,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let id = sqlx::query("INSERT INTO login_attempts (username, success, at) VALUES (?, ?, ?)")
            .bind(username)
            .bind(i64::from(ok))
            .bind(stamp(now))
            .execute(&mut *self.0)
            .await
            .db()?
            .last_insert_rowid();
        Ok(id)
    }

    async fn sign_in_succeeded(&mut self, attempt: i64) -> Result<(), StoreError> {
        sqlx::query("UPDATE login_attempts SET success = 1 WHERE id = ?")
            .bind(attempt)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }
}

impl Store {
    /// Audit rows, newest first, filtered.
    async fn audit_page(&self, f: &AuditFilter) -> Result<Vec<AuditEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let limit = f.page_size();
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
        let rows = sql.build().fetch_all(&self.pool).await.db()?;
        rows.iter()
            .map(|row| rows::audit_entry(row, zone))
            .collect()
    }
}
