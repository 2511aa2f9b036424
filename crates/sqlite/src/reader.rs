//! One connection held for the queue's reads, outside the pool. Every pooled statement pays the
//! pool's own bookkeeping: sqlx hands the connection back through a spawned task that pings
//! its thread, so sequential reads wait on that or open a second connection. Measured on the
//! queue's page (`benches/queue.rs`), that bookkeeping cost about as much as reading the rows
//! into the list's types. The list is read on every click, so it keeps a connection of its own,
//! with what its reads keep between calls ([`Held::kept`]): a connection of its own is also
//! what makes SQLite's `data_version` mean "another connection wrote since". Writes never use
//! it: it holds no transaction, and the pool keeps the write rules.

use sqlx::sqlite::{SqliteConnectOptions, SqliteConnection};
use sqlx::{ConnectOptions, Connection};
use tokio::sync::{MappedMutexGuard, Mutex, MutexGuard};

/// The held connection: opened at its first use, closed for good with the store.
#[derive(Debug, Default)]
pub(crate) struct Reader<T>(Mutex<Slot<T>>);

#[derive(Debug, Default)]
enum Slot<T> {
    #[default]
    Unopened,
    Open(Held<T>),
    Closed,
}

/// The connection and what its reader keeps beside it; both go when it closes.
#[derive(Debug)]
pub(crate) struct Held<T> {
    pub(crate) conn: SqliteConnection,
    pub(crate) kept: T,
}

impl<T: Default> Reader<T> {
    /// The connection, opened with `options` (the pool's, key included) when first asked for;
    /// one caller at a time. Refused as a closed pool once [`Reader::close`] ran, so a store
    /// closed for a restore never opens its file again.
    pub(crate) async fn get(
        &self,
        options: &SqliteConnectOptions,
    ) -> Result<MappedMutexGuard<'_, Held<T>>, sqlx::Error> {
        let mut slot = self.0.lock().await;
        if matches!(*slot, Slot::Unopened) {
            *slot = Slot::Open(Held {
                conn: options.connect().await?,
                kept: T::default(),
            });
        }
        MutexGuard::try_map(slot, |slot| match slot {
            Slot::Open(held) => Some(held),
            Slot::Unopened | Slot::Closed => None,
        })
        .map_err(|_| sqlx::Error::PoolClosed)
    }

    /// Closes the connection, waiting for a read in progress to end; later reads are refused.
    pub(crate) async fn close(&self) {
        let mut slot = self.0.lock().await;
        if let Slot::Open(held) = std::mem::replace(&mut *slot, Slot::Closed) {
            let _ = held.conn.close().await;
        }
    }
}
