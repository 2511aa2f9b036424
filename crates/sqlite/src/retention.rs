//! The SQLite statements of the masa simpan run (`sinkron_core::retention`): which finished
//! requests' photos are due, their deletion with its record, and the space given back. The
//! file is switched to incremental auto-vacuum (new files are made so; an older file is
//! rewritten once by `VACUUM`, the first time photos are deleted), so freed pages leave the
//! file instead of staying inside it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::retention::{Due, PhotoRule, RetentionPort, RetentionTx};
use sinkron_core::store::{stamp, StoreError};
use sinkron_sql::{rows, Db};

use crate::{SqliteTx, Store};

/// Finished requests that still have photos (current or replaced) and whose last status change is at or before `?1`.
const DUE: &str = "FROM requests r \
     WHERE r.status IN ('Selesai', 'Dibatalkan') \
       AND (EXISTS (SELECT 1 FROM documents d WHERE d.request_id = r.id) \
            OR EXISTS (SELECT 1 FROM replaced_documents o WHERE o.request_id = r.id)) \
       AND (SELECT max(h.at) FROM status_history h WHERE h.request_id = r.id) <= ?1";

#[async_trait]
impl RetentionPort for Store {
    async fn photos_due_count(&self, cutoff: DateTime<Utc>) -> Result<i64, StoreError> {
        sqlx::query_scalar(&format!("SELECT count(*) {DUE}"))
            .bind(stamp(cutoff))
            .fetch_one(&self.pool)
            .await
            .db()
    }

    async fn begin_retention(&self) -> Result<Box<dyn RetentionTx>, StoreError> {
        Ok(Box::new(SqliteTx(self.write().await?)))
    }

    async fn reclaim_space(&self) -> Result<(), StoreError> {
        let mut conn = self.pool.acquire().await.db()?;
        let mode: i64 = sqlx::query_scalar("PRAGMA auto_vacuum")
            .fetch_one(&mut *conn)
            .await
            .db()?;
        if mode != 2 {
            // A file made before incremental auto-vacuum: rewritten once, which also frees
            // what was deleted.
            sqlx::query("PRAGMA auto_vacuum = INCREMENTAL")
                .execute(&mut *conn)
                .await
                .db()?;
            sqlx::query("VACUUM").execute(&mut *conn).await.db()?;
        } else {
            sqlx::query("PRAGMA incremental_vacuum")
                .execute(&mut *conn)
                .await
                .db()?;
        }
        sqlx::query("PRAGMA wal_checkpoint(TRUNCATE)")
            .execute(&mut *conn)
            .await
            .db()?;
        Ok(())
    }
}

#[async_trait]
impl RetentionTx for SqliteTx {
    async fn due_photos(
        &mut self,
        cutoff: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Due>, StoreError> {
        let found = sqlx::query(&format!(
            "SELECT r.id, r.reg_number {DUE} ORDER BY r.id LIMIT ?2"
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
        rule: PhotoRule,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError> {
        let Some(cutoff) = rule.cutoff(now) else {
            return Ok(0);
        };
        let due: Option<i64> = sqlx::query_scalar(&format!("SELECT r.id {DUE} AND r.id = ?2"))
            .bind(stamp(cutoff))
            .bind(request_id)
            .fetch_optional(&mut *self.0)
            .await
            .db()?;
        if due.is_none() {
            return Ok(0);
        }
        let mut gone = 0;
        for table in ["documents", "replaced_documents"] {
            gone += sqlx::query(&format!("DELETE FROM {table} WHERE request_id = ?"))
                .bind(request_id)
                .execute(&mut *self.0)
                .await
                .db()?
                .rows_affected();
        }
        sqlx::query(
            "INSERT INTO photo_deletions (request_id, deleted_at, rule_days) VALUES (?, ?, ?) \
             ON CONFLICT (request_id) DO UPDATE SET deleted_at = excluded.deleted_at, \
             rule_days = excluded.rule_days",
        )
        .bind(request_id)
        .bind(stamp(now))
        .bind(i64::from(rule.days))
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(u32::try_from(gone).unwrap_or(u32::MAX))
    }
}
