//! The server's side of the masa simpan run (`sinkron_core::retention`). A desk lists the due
//! requests, but the deletion is the server's function `sinkron_photos_expire`
//! (`sql/retention.sql`): it checks the stored rule and the request's age by the server's own
//! clock, so a desk cannot delete photos that are not due, whatever it sends. The space of
//! deleted photos is reused through the server's autovacuum.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::retention::{Due, PhotoRule, RetentionPort, RetentionTx};
use sinkron_core::store::{stamp, StoreError};
use sinkron_sql::{rows, Db};

use crate::tx::PgTx;
use crate::PgStore;

/// Finished requests that still have photos (current or replaced) and whose last status change is at or before `$1`.
const DUE: &str = "FROM requests r \
     WHERE r.status IN ('Selesai', 'Dibatalkan') \
       AND (EXISTS (SELECT 1 FROM documents d WHERE d.request_id = r.id) \
            OR EXISTS (SELECT 1 FROM replaced_documents o WHERE o.request_id = r.id)) \
       AND (SELECT max(h.at) FROM status_history h WHERE h.request_id = r.id) <= $1";

#[async_trait]
impl RetentionPort for PgStore {
    async fn photos_due_count(&self, cutoff: DateTime<Utc>) -> Result<i64, StoreError> {
        sqlx::query_scalar(&format!("SELECT count(*) {DUE}"))
            .bind(stamp(cutoff))
            .fetch_one(&self.pool)
            .await
            .db()
    }

    async fn begin_retention(&self) -> Result<Box<dyn RetentionTx>, StoreError> {
        Ok(Box::new(PgTx(self.pool.begin().await.db()?)))
    }

    async fn reclaim_space(&self) -> Result<(), StoreError> {
        Ok(())
    }
}

#[async_trait]
impl RetentionTx for PgTx {
    async fn due_photos(
        &mut self,
        cutoff: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Due>, StoreError> {
        let found = sqlx::query(&format!(
            "SELECT r.id, r.reg_number {DUE} ORDER BY r.id LIMIT $2"
        ))
        .bind(stamp(cutoff))
        .bind(i64::from(limit))
        .fetch_all(&mut *self.0)
        .await
        .db()?;
        found.iter().map(rows::due).collect()
    }

    async fn delete_photos(
        &mut self,
        request_id: i64,
        _rule: PhotoRule,
        _now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let gone: i32 = sqlx::query_scalar("SELECT sinkron_photos_expire($1)")
            .bind(request_id)
            .fetch_one(&mut *self.0)
            .await
            .db()?;
        Ok(u32::try_from(gone).unwrap_or_default())
    }
}
