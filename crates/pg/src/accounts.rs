//! Operator accounts and the audit log on the server: the SQL behind the core's `AccountPort`.
//! The use cases (the last-admin rule, what is audited) are the core's
//! (`sinkron_core::accounts`), the same as on SQLite; here are only the statements.
//!
//! Each account is the server's own login (schema 7): its password is a SCRAM verifier the
//! server checks when the desk connects, and every change to an account goes through the
//! server's admin-only functions (`sql/logins.sql`), which also change the login. Where SQLite's
//! single writer serialises account changes by itself, several desks here could race: a change
//! that could remove the last active admin first takes the accounts' lock
//! (`sinkron_accounts_lock`), so two admins disabling each other at once leave one of them.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::store::stamp;
use sinkron_core::{
    AccountPort, AccountTx, AuditEntry, AuditFilter, AuthError, NewOperator, Operator,
    PasswordKeeping, RequestStore, StoreError,
};
use sinkron_sql::rows;
use sinkron_sql::Db;
use sqlx::{Postgres, QueryBuilder};

use crate::tx::PgTx;
use crate::PgStore;

const OPERATOR_COLUMNS: &str =
    "SELECT id, username, display_name, role, active::BIGINT AS active FROM operators";

#[async_trait]
impl AccountPort for PgStore {
    fn password_keeping(&self) -> PasswordKeeping {
        PasswordKeeping::ServerLogin
    }

    /// The chain the server writes (`audit_chain_next` in `sql/logins.sql`), checked here as on
    /// a desk's file; the rows are readable by admins only.
    async fn audit_chain(
        &self,
    ) -> Result<Option<sinkron_core::audit_chain::ChainCheck>, StoreError> {
        let from: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'audit_chain_from'")
                .fetch_optional(&self.pool)
                .await
                .db()?;
        let all = sqlx::query(rows::AUDIT_CHAIN_ROWS).fetch(&self.pool);
        rows::audit_chain_check(all, from.as_deref())
            .await
            .map(Some)
    }

    async fn own_operator(&self) -> Result<Option<Operator>, StoreError> {
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE db_role = session_user"))
            .fetch_optional(&self.pool)
            .await
            .db()?;
        row.as_ref().map(rows::operator).transpose()
    }

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

    // On the server a password is checked by the server itself, when the operator's own login
    // connects (`AccountStore::sign_in_by_login`, with the server's `auth_delay` slowing
    // guesses): no login reads a hash or the attempts, so the desk's own check finds no
    // account (and no failures: `AccountTx::sign_in_failures`).
    async fn operator_with_hash(
        &self,
        _username: &str,
    ) -> Result<Option<(Operator, Option<String>)>, StoreError> {
        Ok(None)
    }

    async fn begin_accounts(&self) -> Result<Box<dyn AccountTx>, StoreError> {
        Ok(Box::new(PgTx(self.pool.begin().await.db()?)))
    }
}

#[async_trait]
impl AccountTx for PgTx {
    async fn lock_accounts(&mut self) -> Result<(), StoreError> {
        sqlx::query("SELECT sinkron_accounts_lock()")
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
        _now: DateTime<Utc>,
    ) -> Result<i64, AuthError> {
        // The account and its login, made by the server's admin-only function (the creation
        // time is the server's).
        let inserted = sqlx::query_scalar("SELECT sinkron_account_create($1, $2, $3, $4)")
            .bind(&new.username)
            .bind(&new.display_name)
            .bind(new.role.code())
            .bind(&new.hash)
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
        // Every account change waits for this one (the logins may read the accounts but not
        // lock their rows).
        sqlx::query("SELECT sinkron_accounts_lock()")
            .execute(&mut *self.0)
            .await
            .db()?;
        let row = sqlx::query(&format!("{OPERATOR_COLUMNS} WHERE id = $1"))
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
        sqlx::query("SELECT sinkron_account_set($1, $2, $3)")
            .bind(op.id)
            .bind(op.role.code())
            .bind(op.active)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn set_password_hash(&mut self, id: i64, hash: &str) -> Result<(), StoreError> {
        sqlx::query("SELECT sinkron_account_password($1, $2)")
            .bind(id)
            .bind(hash)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn sign_in_failures(
        &mut self,
        _username: &str,
    ) -> Result<Vec<DateTime<Utc>>, StoreError> {
        Ok(Vec::new())
    }

    async fn record_sign_in(
        &mut self,
        _username: &str,
        _ok: bool,
        _now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        // The server counts nothing a client says of a sign-in (see `operator_with_hash`).
        Ok(0)
    }

    async fn sign_in_succeeded(&mut self, _attempt: i64) -> Result<(), StoreError> {
        Ok(())
    }
}
