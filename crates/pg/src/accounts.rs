//! Operator accounts, sign-in attempts and the audit log on the server: the SQL behind the
//! core's `AccountPort`. The use cases (the lockout, the last-admin rule, what is audited) are
//! the core's (`sinkron_core::accounts`), the same as on SQLite; here are only the statements.
//!
//! Where SQLite's single writer serialises account changes by itself, several desks here could
//! race: first-run setup locks the accounts table, and a change that could remove the last
//! active admin locks every active admin's row before it counts them, so two admins disabling
//! each other at once leave one of them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::store::{parse_stamp, stamp};
use sinkron_core::{
    AccountPort, AccountTx, AuditEntry, AuditFilter, AuthError, NewOperator, Operator,
    RequestStore, StoreError,
};
use sinkron_sql::rows;
use sinkron_sql::Db;
use sqlx::{Postgres, QueryBuilder, Row};

use crate::tx::PgTx;
use crate::PgStore;

const OPERATOR_COLUMNS: &str =
    "SELECT id, username, display_name, role, active::BIGINT AS active FROM operators";

#[async_trait]
impl AccountPort for PgStore {
    async fn operator_count(&self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM operators")
            .fetch_one(&self.pool)
            .await
            .db()?)
    }

    async fn operator(&self, id: i64) -> Result<Option<Operator>, StoreError> {
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE id = $1"))
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
        let zone = RequestStore::settings(self).await?.zone;
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
            .push_bind(i64::from(f.page_size()));
        let rows = sql.build().fetch_all(&self.pool).await.db()?;
        rows.iter()
            .map(|row| rows::audit_entry(row, zone))
            .collect()
    }

    async fn sign_in_failures(&self, username: &str) -> Result<Vec<DateTime<Utc>>, StoreError> {
        let stamps: Vec<String> = sqlx::query_scalar(
            "SELECT at FROM login_attempts WHERE username = $1 AND success = 0 AND id > \
             COALESCE((SELECT MAX(id) FROM login_attempts WHERE username = $1 AND success = 1), 0) \
             ORDER BY id",
        )
        .bind(username)
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(stamps.iter().filter_map(|t| parse_stamp(t).ok()).collect())
    }

    async fn operator_with_hash(
        &self,
        username: &str,
    ) -> Result<Option<(Operator, Option<String>)>, StoreError> {
        let row = sqlx::query(
            "SELECT id, username, display_name, role, active::BIGINT AS active, password_hash \
             FROM operators WHERE username = $1",
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
        Ok(Box::new(PgTx(self.pool.begin().await.db()?)))
    }
}

#[async_trait]
impl AccountTx for PgTx {
    async fn lock_accounts(&mut self) -> Result<(), StoreError> {
        sqlx::query("LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE")
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn count_operators(&mut self) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM operators")
            .fetch_one(&mut *self.0)
            .await
            .db()?)
    }

    async fn username_taken(&mut self, username: &str) -> Result<bool, StoreError> {
        let taken: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM operators WHERE username = $1")
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
        let inserted = sqlx::query_scalar(
            "INSERT INTO operators (username, display_name, role, password_hash, active, \
             created_at) VALUES ($1, $2, $3, $4, 1, $5) RETURNING id",
        )
        .bind(&new.username)
        .bind(&new.display_name)
        .bind(new.role.code())
        .bind(&new.hash)
        .bind(stamp(now))
        .fetch_one(&mut *self.0)
        .await;
        match inserted {
            Ok(id) => Ok(id),
            // Another desk took the name between the check and the insert.
            Err(sqlx::Error::Database(db)) if db.is_unique_violation() => {
                Err(AuthError::UsernameTaken)
            }
            Err(e) => Err(sinkron_sql::store_error(e).into()),
        }
    }

    async fn operator_for_change(&mut self, id: i64) -> Result<Option<Operator>, StoreError> {
        // Every active admin's row, locked in id order before anything is counted: a concurrent
        // change that could leave no admin waits here and then counts what this one left.
        sqlx::query(
            "SELECT id FROM operators WHERE role = 'admin' AND active = 1 ORDER BY id FOR UPDATE",
        )
        .execute(&mut *self.0)
        .await
        .db()?;
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE id = $1 FOR UPDATE"))
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await
            .db()?;
        row.as_ref().map(rows::operator).transpose()
    }

    async fn other_active_admins(&mut self, id: i64) -> Result<i64, StoreError> {
        Ok(sqlx::query_scalar(
            "SELECT COUNT(*) FROM operators WHERE role = 'admin' AND active = 1 AND id <> $1",
        )
        .bind(id)
        .fetch_one(&mut *self.0)
        .await
        .db()?)
    }

    async fn update_operator(&mut self, op: &Operator) -> Result<(), StoreError> {
        sqlx::query("UPDATE operators SET role = $1, active = $2 WHERE id = $3")
            .bind(op.role.code())
            .bind(i16::from(op.active))
            .bind(op.id)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn set_password_hash(&mut self, id: i64, hash: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE operators SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(id)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn record_sign_in(
        &mut self,
        username: &str,
        ok: bool,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query("INSERT INTO login_attempts (username, success, at) VALUES ($1, $2, $3)")
            .bind(username)
            .bind(i16::from(ok))
            .bind(stamp(now))
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }
}
