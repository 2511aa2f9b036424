//! What every write transaction of a backend can do, whichever use case opened it: write an
//! audit row (every change writes its own in the same transaction) and commit. The ports of
//! the use cases (`accounts::AccountTx`, `changes::ChangeTx`) build on it, so a backend writes
//! its audit statement once.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::store::{Actor, StoreError};

/// One open write transaction; dropped without [`WriteTx::commit`], it changes nothing.
#[async_trait]
pub trait WriteTx: Send {
    /// Writes one audit row.
    async fn audit(
        &mut self,
        actor: &Actor,
        action: &str,
        request_id: Option<i64>,
        detail: Option<&str>,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Makes every change of this transaction durable.
    async fn commit(self: Box<Self>) -> Result<(), StoreError>;
}
