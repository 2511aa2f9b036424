//! The SQLite statements of the core's request changes (`ChangeTx` for [`SqliteTx`]; the
//! sequences are `sinkron_core::changes`). Every move is a conditional write inside
//! `BEGIN IMMEDIATE`: the request row moves only `WHERE id = ? AND status = ? AND version = ?`,
//! and the history or step row goes in the same transaction.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::changes::{ChangePort, ChangeTx, Held};
use sinkron_core::checkcode;
use sinkron_core::form::ValidRequest;
use sinkron_core::photo::{DocumentKind, ProcessedPhoto};
use sinkron_core::status::Status;
use sinkron_core::store::{stamp, Actor, Channel, Field, StoreError};
use sinkron_core::workflow::Transition;
use sinkron_core::zone::OfficeZone;
use sinkron_sql::{rows, Db};
use sqlx::{Row, Sqlite, Transaction};

use crate::office::put_setting;
use crate::{documents, requests, SqliteTx, Store};

/// Writes what an allowed transition leaves behind: the history row when the
/// status changes and the step row for a step, in the caller's transaction.
pub(crate) async fn write_transition(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
    t: &Transition,
    note: Option<&str>,
    actor: &Actor,
    at: &str,
) -> Result<(), sqlx::Error> {
    if t.changes_status() {
        sqlx::query(
            "INSERT INTO status_history (request_id, from_status, to_status, operator_id, \
             operator_name, note, at, cancel_reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(t.from.as_str())
        .bind(t.to.as_str())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(note)
        .bind(at)
        .bind(t.cancel_reason.map(|r| r.code()))
        .execute(&mut **tx)
        .await?;
    }
    if let Some(step) = t.step {
        sqlx::query(
            "INSERT INTO process_steps \
             (request_id, step, operator_id, operator_name, note, at) VALUES (?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(step.code())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(note)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

#[async_trait]
impl ChangePort for Store {
    async fn begin_changes(&self) -> Result<Box<dyn ChangeTx>, StoreError> {
        Ok(Box::new(SqliteTx(self.write().await?)))
    }
}

/// The statements of the request changes. The transaction holds the file's write lock from its
/// first statement, so holding a request is a plain read; every move is still a conditional
/// write on the status and version that were read.
#[async_trait]
impl ChangeTx for SqliteTx {
    async fn zone(&mut self) -> Result<OfficeZone, StoreError> {
        let code: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'office_zone'")
                .fetch_optional(&mut *self.0)
                .await
                .db()?;
        Ok(code
            .as_deref()
            .and_then(OfficeZone::from_code)
            .unwrap_or_default())
    }

    async fn hold(&mut self, id: i64) -> Result<Option<Held>, StoreError> {
        let row = sqlx::query(&format!("{HELD_COLUMNS} WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await
            .db()?;
        row.as_ref().map(held).transpose()
    }

    async fn hold_many(&mut self, ids: &[i64]) -> Result<Vec<Held>, StoreError> {
        let mut out = Vec::with_capacity(ids.len());
        for &id in ids {
            if let Some(h) = self.hold(id).await? {
                out.push(h);
            }
        }
        Ok(out)
    }

    async fn bump(
        &mut self,
        held: &Held,
        to: Status,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError> {
        let moved = sqlx::query(
            "UPDATE requests SET status = ?, version = version + 1, updated_at = ?, \
             updated_by = ? WHERE id = ? AND status = ? AND version = ?",
        )
        .bind(to.as_str())
        .bind(stamp(now))
        .bind(&actor.name)
        .bind(held.id)
        .bind(held.status.as_str())
        .bind(held.version)
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
            "SELECT {} FROM requests WHERE id = ?",
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
            "UPDATE requests SET {} = ? WHERE id = ?",
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
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
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
        let zone = ChangeTx::zone(self).await?;
        let reg_number = requests::next_reg_number(&mut self.0, zone, now).await?;
        sqlx::query("UPDATE requests SET reg_number = ? WHERE id = ?")
            .bind(&reg_number)
            .bind(id)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(reg_number)
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
        requests::insert_row(&mut self.0, reg_number, req, channel, check_code, by, now).await
    }

    async fn first_history(
        &mut self,
        id: i64,
        by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        requests::first_history(&mut self.0, id, by, now).await
    }

    async fn insert_document(
        &mut self,
        id: i64,
        kind: DocumentKind,
        photo: &ProcessedPhoto,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        documents::insert_document(&mut self.0, id, kind, photo, now).await?;
        Ok(())
    }

    async fn document_hashes(
        &mut self,
        id: i64,
    ) -> Result<Vec<(DocumentKind, String)>, StoreError> {
        let rows: Vec<(String, String)> =
            sqlx::query_as("SELECT kind, sha256 FROM documents WHERE request_id = ?")
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
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        sqlx::query(
            "INSERT INTO replaced_documents (request_id, kind, sha256, mime, width, height, \
             original, preview, thumbnail, created_at, replaced_at, operator_id, operator_name, \
             reason) \
             SELECT request_id, kind, sha256, mime, width, height, original, preview, thumbnail, \
             created_at, ?, ?, ?, ? FROM documents WHERE request_id = ? AND kind = ?",
        )
        .bind(stamp(now))
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(reason)
        .bind(id)
        .bind(kind.as_str())
        .execute(&mut *self.0)
        .await
        .db()?;
        sqlx::query("DELETE FROM documents WHERE request_id = ? AND kind = ?")
            .bind(id)
            .bind(kind.as_str())
            .execute(&mut *self.0)
            .await
            .db()?;
        documents::insert_document(&mut self.0, id, kind, photo, now).await?;
        Ok(())
    }

    async fn set_check_code(&mut self, id: i64, check_code: &str) -> Result<(), StoreError> {
        sqlx::query("UPDATE requests SET check_code_hash = ? WHERE id = ?")
            .bind(checkcode::hash(check_code))
            .bind(id)
            .execute(&mut *self.0)
            .await
            .db()?;
        Ok(())
    }

    async fn put_settings(&mut self, rows: &[(String, String)]) -> Result<(), StoreError> {
        for (key, value) in rows {
            put_setting(&mut self.0, key, value).await?;
        }
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
             operator_name, at) VALUES (?, 'wa', ?, ?, ?, ?, ?)",
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
        sqlx::query("DELETE FROM sync_niks WHERE request_id = ?")
            .bind(id)
            .execute(&mut *self.0)
            .await
            .db()?;
        requests::insert_sync_niks(&mut self.0, id, niks).await
    }
}

const HELD_COLUMNS: &str = "SELECT id, status, version, COALESCE(updated_by, '') AS updated_by, \
     (SELECT COUNT(*) FROM process_steps p \
      WHERE p.request_id = r.id AND p.step = 'sinkronisasi_dwh') AS dwh FROM requests r";

fn held(row: &sqlx::sqlite::SqliteRow) -> Result<Held, StoreError> {
    Ok(Held {
        id: row.try_get("id").db()?,
        status: rows::status(row.try_get("status").db()?)?,
        version: row.try_get("version").db()?,
        updated_by: row.try_get("updated_by").db()?,
        dwh_recorded: row.try_get::<i64, _>("dwh").db()? > 0,
    })
}
