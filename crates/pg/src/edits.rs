//! The desk's writes on the server other than a new request: the statements of the core's
//! request changes (`ChangeTx`: a held row, a move, a correction, the NIK list), saved settings
//! and a WhatsApp notice opened. What is allowed, in what order, is the core's
//! (`sinkron_core::changes`, `settings_rows`, `compose_wa_notice`); here each statement runs
//! under the rows' locks.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::store::stamp;
use sinkron_core::workflow::Transition;
use sinkron_core::{
    Actor, ChangePort, ChangeTx, Channel, DocumentKind, Field, Held, OfficeZone, ProcessedPhoto,
    Status, StoreError, ValidRequest,
};
use sinkron_sql::rows;
use sinkron_sql::Db;
use sqlx::postgres::PgRow;
use sqlx::Row;

use crate::desk::{write_transition, zone};
use crate::tx::PgTx;
use crate::PgStore;

#[async_trait]
impl ChangePort for PgStore {
    async fn begin_changes(&self) -> Result<Box<dyn ChangeTx>, StoreError> {
        Ok(Box::new(PgTx(self.pool.begin().await.db()?)))
    }
}

/// The statements of the request changes. Several desks write at once here: a held request's
/// row is locked `FOR UPDATE` until commit, so once held it cannot move under the change.
#[async_trait]
impl ChangeTx for PgTx {
    async fn zone(&mut self) -> Result<OfficeZone, StoreError> {
        zone(&mut self.0).await
    }

    async fn hold(&mut self, id: i64) -> Result<Option<Held>, StoreError> {
        let row = sqlx::query(&format!("{HELD_COLUMNS} WHERE id = $1 FOR UPDATE"))
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await
            .db()?;
        row.as_ref().map(held).transpose()
    }

    async fn hold_many(&mut self, ids: &[i64]) -> Result<Vec<Held>, StoreError> {
        // Every row at once, in id order, so two batches over overlapping requests queue
        // instead of deadlocking.
        let rows = sqlx::query(&format!(
            "{HELD_COLUMNS} WHERE id = ANY($1) ORDER BY id FOR UPDATE"
        ))
        .bind(ids)
        .fetch_all(&mut *self.0)
        .await
        .db()?;
        rows.iter().map(held).collect()
    }

    async fn bump(
        &mut self,
        held: &Held,
        to: Status,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        // The row is locked: it cannot have moved since it was held.
        let moved = sqlx::query(
            "UPDATE requests SET status = $1, version = version + 1, updated_at = $2, \
             updated_by = $3 WHERE id = $4",
        )
        .bind(to.as_str())
        .bind(stamp(now))
        .bind(&actor.name)
        .bind(held.id)
        .execute(&mut *self.0)
        .await
        .db()?
        .rows_affected();
        Ok(moved == 1)
    }

    async fn write_transition(
        &mut self,
        id: i64,
        t: &Transition,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        Ok(
            write_transition(&mut self.0, id, t, note, actor, &stamp(now))
                .await
                .db()?,
        )
    }

    async fn field_value(&mut self, id: i64, field: Field) -> Result<String, StoreError> {
        // The column name comes from the closed `Field` enum, never from the caller's text.
        Ok(sqlx::query_scalar(&format!(
            "SELECT {} FROM requests WHERE id = $1",
            field.column()
        ))
        .bind(id)
        .fetch_one(&mut *self.0)
        .await
        .db()?)
    }

    async fn correct(
        &mut self,
        id: i64,
        field: Field,
        old: &str,
        new: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(&format!(
            "UPDATE requests SET {} = $1 WHERE id = $2",
            field.column()
        ))
        .bind(new)
        .bind(id)
        .execute(&mut *self.0)
        .await
        .db()?;
        sqlx::query(
            "INSERT INTO request_changes \
             (request_id, field, old_value, new_value, reason, operator_id, operator_name, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(field.code())
        .bind(old)
        .bind(new)
        .bind(reason)
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(stamp(now))
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(())
    }

    async fn number_request(&mut self, id: i64, now: DateTime<Utc>) -> Result<String, StoreError> {
        // The server's function: the office's day and its sequence row, locked per day.
        sqlx::query_scalar(
            "UPDATE requests SET reg_number = next_reg_number($2::TIMESTAMPTZ) \
             WHERE id = $1 RETURNING reg_number",
        )
        .bind(id)
        .bind(stamp(now))
        .fetch_one(&mut *self.0)
        .await
        .db()
    }

    async fn insert_request(
        &mut self,
        reg_number: &str,
        req: &ValidRequest,
        channel: Channel,
        check_code: &str,
        by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError> {
        let at = stamp(now);
        Ok(sqlx::query_scalar(
            "INSERT INTO requests \
             (reg_number, applicant_name, nik, kk_number, problem, wa_number, status, version, \
              channel, created_at, updated_at, updated_by, check_code_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, 'Baru', 1, $7, $8, $8, $9, hash_check_code($10)) \
             RETURNING id",
        )
        .bind(reg_number)
        .bind(req.name.as_str())
        .bind(req.nik.as_str())
        .bind(req.kk.as_str())
        .bind(req.problem.as_str())
        .bind(req.wa.e164())
        .bind(channel.as_str())
        .bind(&at)
        .bind(&by.name)
        .bind(check_code)
        .fetch_one(&mut *self.0)
        .await
        .db()?)
    }

    async fn first_history(
        &mut self,
        id: i64,
        by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO status_history \
             (request_id, from_status, to_status, operator_id, operator_name, note, at) \
             VALUES ($1, NULL, 'Baru', $2, $3, NULL, $4)",
        )
        .bind(id)
        .bind(by.operator_id)
        .bind(&by.name)
        .bind(stamp(now))
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(())
    }

    async fn insert_document(
        &mut self,
        id: i64,
        kind: DocumentKind,
        photo: &ProcessedPhoto,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO documents (request_id, kind, sha256, mime, width, height, original, \
             preview, thumbnail, created_at, problems, corners) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(id)
        .bind(kind.as_str())
        .bind(&photo.sha256)
        .bind(photo.mime)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .bind(&photo.original)
        .bind(&photo.preview.jpeg)
        .bind(&photo.thumbnail.jpeg)
        .bind(stamp(now))
        .bind(photo.stored_problems(kind))
        .bind(photo.stored_outline())
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(())
    }

    async fn document_hashes(
        &mut self,
        id: i64,
    ) -> Result<Vec<(DocumentKind, String)>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT kind, sha256 FROM documents WHERE request_id = $1")
                .bind(id)
                .fetch_all(&mut *self.0)
                .await
                .db()?;
        rows.into_iter()
            .map(|(kind, sha)| Ok((rows::document_kind(&kind)?, sha)))
            .collect()
    }

    async fn replace_document(
        &mut self,
        id: i64,
        kind: DocumentKind,
        photo: &ProcessedPhoto,
        reason: &str,
        _actor: &Actor,
        _now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        // The server keeps the old photo in the caller's own name, at its own time, and only
        // while the request is open (`sql/replace.sql`).
        sqlx::query(
            "SELECT sinkron_photo_replace($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12)",
        )
        .bind(id)
        .bind(kind.as_str())
        .bind(&photo.sha256)
        .bind(photo.mime)
        .bind(i64::from(photo.width))
        .bind(i64::from(photo.height))
        .bind(&photo.original)
        .bind(&photo.preview.jpeg)
        .bind(&photo.thumbnail.jpeg)
        .bind(reason)
        .bind(photo.stored_problems(kind))
        .bind(photo.stored_outline())
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(())
    }

    async fn set_check_code(&mut self, id: i64, check_code: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE requests SET check_code_hash = hash_check_code($1) WHERE id = $2")
            .bind(check_code)
            .bind(id)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn put_settings(&mut self, rows: &[(String, String)]) -> Result<(), StoreError> {
        let (keys, values): (Vec<&str>, Vec<&str>) =
            rows.iter().map(|(k, v)| (k.as_str(), v.as_str())).unzip();
        sqlx::query(
            "INSERT INTO settings (key, value) SELECT * FROM unnest($1::TEXT[], $2::TEXT[]) \
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        )
        .bind(&keys)
        .bind(&values)
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(())
    }

    async fn record_notice(
        &mut self,
        id: i64,
        template: &str,
        status: Status,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO notices (request_id, channel, template, status, operator_id, \
             operator_name, at) VALUES ($1, 'wa', $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(template)
        .bind(status.as_str())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(stamp(now))
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(())
    }

    async fn replace_sync_niks(&mut self, id: i64, niks: &[String]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sync_niks WHERE request_id = $1")
            .bind(id)
            .execute(&mut *self.0)
            .await
            .db()?;
        sqlx::query(
            "INSERT INTO sync_niks (request_id, position, nik) \
             SELECT $1, n.position - 1, n.nik \
             FROM unnest($2::TEXT[]) WITH ORDINALITY AS n(nik, position)",
        )
        .bind(id)
        .bind(niks)
        .execute(&mut *self.0)
        .await
        .db()?;
        Ok(())
    }
}

const HELD_COLUMNS: &str = "SELECT id, status, version, COALESCE(updated_by, '') AS updated_by, \
     EXISTS (SELECT 1 FROM process_steps p \
             WHERE p.request_id = r.id AND p.step = 'sinkronisasi_dwh') AS dwh FROM requests r";

fn held(row: &PgRow) -> Result<Held, StoreError> {
    Ok(Held {
        id: row.try_get("id").db()?,
        status: rows::status(row.try_get("status").db()?)?,
        version: row.try_get("version").db()?,
        updated_by: row.try_get("updated_by").db()?,
        dwh_recorded: row.try_get("dwh").db()?,
    })
}
