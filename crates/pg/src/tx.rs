//! A write transaction on the server as the core's ports see it: one type, [`PgTx`], on which
//! each use case's statements are implemented (`accounts.rs` for the accounts, `edits.rs` for
//! the request changes), with its audit row and its commit written once here.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::store::stamp;
use sinkron_core::{Actor, StoreError, WriteTx};
use sinkron_sql::Db;
use sqlx::{Postgres, Transaction};

use crate::desk::audit;

/// One transaction on the server.
pub(crate) struct PgTx(pub(crate) Transaction<'static, Postgres>);

#[async_trait]
impl WriteTx for PgTx {
    async fn audit(
        &mut self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Ok(
            audit(&mut self.0, actor, action, request_id, detail, &stamp(now))
                .await
                .db()?,
        )
    }

    async fn commit(self: Box<Self>) -> Result<(), StoreError> {
        Ok(self.0.commit().await.db()?)
    }
}
