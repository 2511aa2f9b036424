//! The SQLite file's write transaction as the core's ports see it: one type, [`SqliteTx`],
//! on which each use case's statements are implemented (`operators.rs` for the accounts,
//! `workflow.rs` for the request changes). It starts with `BEGIN IMMEDIATE`, so it holds the
//! file's write lock from its first statement.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::store::{stamp, Actor, StoreError};
use sinkron_core::tx::WriteTx;
use sinkron_sql::Db;
use sqlx::{Sqlite, Transaction};

use crate::accounts::audit_tx;

/// One write transaction on the SQLite file.
pub(crate) struct SqliteTx(pub(crate) Transaction<'static, Sqlite>);

#[async_trait]
impl WriteTx for SqliteTx {
    async fn audit(
        &mut self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Ok(
            audit_tx(&mut self.0, actor, action, request_id, detail, &stamp(now))
                .await
                .db()?,
        )
    }

    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        Ok(self.0.commit().await.db()?)
    }
}
