//! The desk's other writes on the server: a step for many requests at once, saved settings, a
//! corrected field, the NIK list, a WhatsApp notice opened. What is allowed and what the values
//! must be is decided by the core first (`decide`, `settings_rows`, `prepare_correction`,
//! `clean_sync_niks`, `compose_wa_notice`); here each is one transaction under the rows' locks,
//! with its audit rows.

use chrono::{DateTime, Utc};
use sinkron_core::store::{
    clean_sync_niks, compose_wa_notice, effective_template, office, prepare_correction, stamp,
    template_key,
};
use sinkron_core::store::{once_each, rows, BatchOutcome, NOT_FOUND};
use sinkron_core::workflow::{clean_note, decide, State};
use sinkron_core::{
    ActError, Acted, Action, Actor, Field, RequestStore, Step, StoreError, WaNotice, WorkflowError,
};

use crate::desk::{audit, lock_current, write_transition, zone};
use crate::PgStore;

impl PgStore {
    pub(crate) async fn record_step_batch_tx(
        &self,
        ids: &[i64],
        step: Step,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<BatchOutcome, ActError> {
        let at = stamp(now);
        let note = clean_note(note);
        let mut out = BatchOutcome::default();
        let mut tx = self.pool.begin().await?;
        // Every row of the batch locked at once, in id order, so two batches over overlapping
        // requests queue instead of deadlocking.
        let locked: Vec<(i64, String)> = sqlx::query_as(
            "SELECT id, status FROM requests WHERE id = ANY($1) ORDER BY id FOR UPDATE",
        )
        .bind(ids)
        .fetch_all(&mut *tx)
        .await?;
        for id in once_each(ids) {
            let Some((_, word)) = locked.iter().find(|(row_id, _)| *row_id == id) else {
                out.skipped.push((id, NOT_FOUND.to_string()));
                continue;
            };
            let state = State {
                status: rows::status(word)?,
                dwh_recorded: false,
            };
            let t = match decide(state, Action::RecordStep(step), note.as_deref()) {
                Ok(t) => t,
                Err(e) => {
                    out.skipped.push((id, e.to_string()));
                    continue;
                }
            };
            sqlx::query(
                "UPDATE requests SET status = $1, version = version + 1, updated_at = $2, \
                 updated_by = $3 WHERE id = $4",
            )
            .bind(t.to.as_str())
            .bind(&at)
            .bind(&actor.name)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            write_transition(&mut tx, id, &t, note.as_deref(), actor, &at).await?;
            let action = Action::RecordStep(step).audit_code();
            audit(&mut tx, actor, &action, Some(id), Some("batch"), &at).await?;
            out.done.push(id);
        }
        tx.commit().await?;
        Ok(out)
    }

    pub(crate) async fn put_settings_tx(
        &self,
        rows: &[(String, String)],
        actor: &Actor,
        action: &str,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let (keys, values): (Vec<&str>, Vec<&str>) =
            rows.iter().map(|(k, v)| (k.as_str(), v.as_str())).unzip();
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO settings (key, value) SELECT * FROM unnest($1::TEXT[], $2::TEXT[]) \
             ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value",
        )
        .bind(&keys)
        .bind(&values)
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, actor, action, None, None, &stamp(now)).await?;
        tx.commit().await?;
        Ok(())
    }

    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn correct_field_tx(
        &self,
        id: i64,
        expected_version: i64,
        field: Field,
        value: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError> {
        let mut tx = self.pool.begin().await?;
        let today = zone(&mut tx).await?.today(now);
        let new_value = prepare_correction(field, value, reason, today)?;
        let reason = reason.trim();
        let seen = lock_current(&mut tx, id).await?;
        if seen.version != expected_version {
            return Err(ActError::changed(seen.status, &seen.updated_by));
        }
        if !seen.status.is_open() {
            return Err(WorkflowError::Final(seen.status).into());
        }
        // The column name comes from the closed `Field` enum, never from the caller's text.
        let old_value: String = sqlx::query_scalar(&format!(
            "SELECT {} FROM requests WHERE id = $1",
            field.column()
        ))
        .bind(id)
        .fetch_one(&mut *tx)
        .await?;
        if old_value == new_value {
            return Err(ActError::Unchanged);
        }
        let at = stamp(now);
        sqlx::query(&format!(
            "UPDATE requests SET {} = $1, version = version + 1, updated_at = $2, \
             updated_by = $3 WHERE id = $4",
            field.column()
        ))
        .bind(&new_value)
        .bind(&at)
        .bind(&actor.name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO request_changes \
             (request_id, field, old_value, new_value, reason, operator_id, operator_name, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(field.code())
        .bind(&old_value)
        .bind(&new_value)
        .bind(reason)
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        audit(&mut tx, actor, "correct", Some(id), Some(field.code()), &at).await?;
        tx.commit().await?;
        Ok(Acted {
            status: seen.status,
            version: seen.version + 1,
        })
    }

    pub(crate) async fn set_sync_niks_tx(
        &self,
        id: i64,
        niks: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, ActError> {
        let mut tx = self.pool.begin().await?;
        let today = zone(&mut tx).await?.today(now);
        let clean = clean_sync_niks(niks, today)?;
        let seen = lock_current(&mut tx, id).await?;
        if !seen.status.is_open() {
            return Err(WorkflowError::Final(seen.status).into());
        }
        sqlx::query("DELETE FROM sync_niks WHERE request_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO sync_niks (request_id, position, nik) \
             SELECT $1, n.position - 1, n.nik \
             FROM unnest($2::TEXT[]) WITH ORDINALITY AS n(nik, position)",
        )
        .bind(id)
        .bind(&clean)
        .execute(&mut *tx)
        .await?;
        let detail = format!("{} NIK", clean.len());
        audit(
            &mut tx,
            actor,
            "sync_niks",
            Some(id),
            Some(&detail),
            &stamp(now),
        )
        .await?;
        tx.commit().await?;
        Ok(clean)
    }

    pub(crate) async fn open_wa_notice_tx(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<WaNotice, StoreError> {
        let rec = self.get_request(id).await?;
        let history = self.history(id).await?;
        // One read of the settings gives the office's name and its template.
        let settings = self.all_settings().await?;
        let office = office::settings_from(&settings).office_name;
        let key = template_key(rec.status);
        let own = settings
            .into_iter()
            .find(|(k, _)| *k == key)
            .map(|(_, v)| v);
        let template = effective_template(own, rec.status);
        let notice = compose_wa_notice(&rec, &history, &office, &template);
        let at = stamp(now);
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "INSERT INTO notices (request_id, channel, template, status, operator_id, \
             operator_name, at) VALUES ($1, 'wa', $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(&template)
        .bind(rec.status.as_str())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let detail = format!("WA {}", rec.status);
        audit(&mut tx, actor, "wa_notice", Some(id), Some(&detail), &at).await?;
        tx.commit().await?;
        Ok(notice)
    }
}
