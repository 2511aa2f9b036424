//! The workflow's types (`Actor`, `ActError`, `Field`, …) and the SQLite statements of the
//! core's request changes (`ChangeTx` for [`SqliteTx`]; the sequences are `crate::changes`).
//! Every move is a conditional write inside `BEGIN IMMEDIATE`: the request row moves only
//! `WHERE id = ? AND status = ? AND version = ?`, and the history or step row goes in the same
//! transaction. A request that changed under the operator is a typed conflict, never a silent
//! overwrite.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{Row, Sqlite, Transaction};
use thiserror::Error;

use async_trait::async_trait;

use super::documents;
use super::requests::{self, Channel};
use super::tx::SqliteTx;
use super::{put_setting, rows, stamp, Store, StoreError};
use crate::auth::Role;
use crate::changes::{ChangePort, ChangeTx, Held};
use crate::error::ErrorPayload;
use crate::form::ValidRequest;
use crate::identity::{ApplicantName, KkNumber, Nik, ProblemText, WaNumber};
use crate::photo::{DocumentKind, ProcessedPhoto};
use crate::status::Status;
use crate::workflow::{Step, Transition, WorkflowError, NOTE_MAX};
use crate::zone::OfficeZone;

/// Who does something: written into history, step and audit rows. Without a
/// signed-in operator the id is `None` and the name is the operator name from
/// the settings (or the kiosk).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Actor {
    pub operator_id: Option<i64>,
    pub name: String,
    pub role: Option<Role>,
    /// The computer's name, for the audit log.
    pub workstation: String,
}

impl Actor {
    /// An actor known only by name.
    pub fn named(name: &str) -> Actor {
        Actor {
            operator_id: None,
            name: name.to_string(),
            role: None,
            workstation: String::new(),
        }
    }
}

/// The request after a successful action.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Acted {
    pub status: Status,
    pub version: i64,
}

/// Why an action on a stored request did not happen.
#[derive(Debug, Error)]
pub enum ActError {
    #[error(transparent)]
    Refused(#[from] WorkflowError),
    #[error("Pengajuan ini baru saja diubah oleh {by} (status sekarang {status}) — periksa lagi sebelum melanjutkan")]
    Conflict { status: Status, by: String },
    #[error("Alasan koreksi wajib diisi (paling sedikit 5 karakter) — tulis mengapa data diubah")]
    ReasonRequired,
    #[error("{0}")]
    InvalidValue(String),
    #[error("Data ini sama dengan yang tersimpan — tidak ada yang dikoreksi")]
    Unchanged,
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl From<sqlx::Error> for ActError {
    fn from(e: sqlx::Error) -> Self {
        ActError::Store(StoreError::Database(e))
    }
}

impl ActError {
    /// The request is now at `status`, last changed by `updated_by` (empty when unknown).
    pub fn changed(status: Status, updated_by: &str) -> ActError {
        let by = if updated_by.is_empty() {
            "petugas lain".to_string()
        } else {
            updated_by.to_string()
        };
        ActError::Conflict { status, by }
    }

    pub fn code(&self) -> &'static str {
        match self {
            ActError::Refused(e) => e.code(),
            ActError::Conflict { .. } => "request_changed",
            ActError::ReasonRequired => "correction_reason_required",
            ActError::InvalidValue(_) => "correction_invalid_value",
            ActError::Unchanged => "correction_unchanged",
            ActError::Store(e) => e.code(),
        }
    }

    /// The error as a screen shows it.
    pub fn payload(&self) -> ErrorPayload {
        match self {
            ActError::Store(e) => e.payload(),
            other => ErrorPayload::new(other.code(), other.to_string()),
        }
    }
}

/// One recorded processing step.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StepEntry {
    pub step: Step,
    pub label: String,
    pub operator_name: String,
    pub note: Option<String>,
    pub at: String,
}

/// One corrected field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ChangeEntry {
    pub field: String,
    pub old_value: String,
    pub new_value: String,
    pub reason: String,
    pub operator_name: String,
    pub at: String,
}

/// A typed field an operator may correct.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Field {
    Name,
    Nik,
    Kk,
    Problem,
    Wa,
}

impl Field {
    /// As stored in the corrections: `name`, `nik`, `kk`, `problem`, `wa`.
    pub fn code(self) -> &'static str {
        match self {
            Field::Name => "name",
            Field::Nik => "nik",
            Field::Kk => "kk",
            Field::Problem => "problem",
            Field::Wa => "wa",
        }
    }

    /// The request's column that holds the field.
    pub fn column(self) -> &'static str {
        match self {
            Field::Name => "applicant_name",
            Field::Nik => "nik",
            Field::Kk => "kk_number",
            Field::Problem => "problem",
            Field::Wa => "wa_number",
        }
    }

    /// The stored form of a typed value, or the field's own error message.
    fn parse(self, input: &str, today: chrono::NaiveDate) -> Result<String, String> {
        match self {
            Field::Name => ApplicantName::parse(input)
                .map(|v| v.to_string())
                .map_err(|e| e.to_string()),
            Field::Nik => Nik::parse_on(input, today)
                .map(|v| v.as_str().to_string())
                .map_err(|e| e.to_string()),
            Field::Kk => KkNumber::parse_on(input, today)
                .map(|v| v.as_str().to_string())
                .map_err(|e| e.to_string()),
            Field::Problem => ProblemText::parse(input)
                .map(|v| v.to_string())
                .map_err(|e| e.to_string()),
            Field::Wa => WaNumber::parse(input)
                .map(|v| v.e164())
                .map_err(|e| e.to_string()),
        }
    }
}

/// A correction checked before any write, the same on every backend: the reason (5 to
/// `NOTE_MAX` characters) and the new value parsed by its field's type. Returns the value as
/// stored.
pub fn prepare_correction(
    field: Field,
    value: &str,
    reason: &str,
    today: chrono::NaiveDate,
) -> Result<String, ActError> {
    let reason = reason.trim();
    if reason.chars().count() < 5 {
        return Err(ActError::ReasonRequired);
    }
    if reason.chars().count() > NOTE_MAX {
        return Err(WorkflowError::NoteTooLong(reason.chars().count()).into());
    }
    field.parse(value, today).map_err(ActError::InvalidValue)
}

/// NIK yang disinkronkan as typed, checked: every entry a valid NIK (the refusal names the first
/// that is not), repeats dropped, at least one.
pub fn clean_sync_niks(niks: &[String], today: chrono::NaiveDate) -> Result<Vec<String>, ActError> {
    let mut clean: Vec<String> = Vec::new();
    for (i, typed) in niks.iter().enumerate() {
        let nik = Nik::parse_on(typed, today)
            .map_err(|e| ActError::InvalidValue(format!("NIK ke-{}: {e}", i + 1)))?;
        if !clean.iter().any(|n| n == nik.as_str()) {
            clean.push(nik.as_str().to_string());
        }
    }
    if clean.is_empty() {
        return Err(ActError::InvalidValue(
            "Isi paling sedikit satu NIK yang perlu disinkronkan".to_string(),
        ));
    }
    Ok(clean)
}

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
            "INSERT INTO status_history \
             (request_id, from_status, to_status, operator_id, operator_name, note, at) \
             VALUES (?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(t.from.as_str())
        .bind(t.to.as_str())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(note)
        .bind(at)
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

impl Store {
    /// The processing steps of a request, oldest first.
    pub async fn steps(&self, id: i64) -> Result<Vec<StepEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT step, operator_name, note, at FROM process_steps WHERE request_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(|row| rows::step_entry(row, zone)).collect()
    }

    /// The corrections of a request, oldest first.
    pub async fn changes(&self, id: i64) -> Result<Vec<ChangeEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT field, old_value, new_value, reason, operator_name, at FROM request_changes \
             WHERE request_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| rows::change_entry(row, zone))
            .collect()
    }

    /// NIK yang disinkronkan, in the order the operator keeps them.
    pub async fn sync_niks(&self, id: i64) -> Result<Vec<String>, StoreError> {
        Ok(
            sqlx::query_scalar("SELECT nik FROM sync_niks WHERE request_id = ? ORDER BY position")
                .bind(id)
                .fetch_all(&self.pool)
                .await?,
        )
    }

    /// Open requests (not Selesai or Dibatalkan) for a NIK, newest first:
    /// what the desk warns about before saving a duplicate.
    pub async fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> Result<Vec<(i64, String, Status)>, StoreError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, reg_number, status FROM requests \
             WHERE nik = ? AND status NOT IN ('Selesai', 'Dibatalkan') ORDER BY id DESC",
        )
        .bind(nik.as_str())
        .fetch_all(&self.pool)
        .await?;
        rows.into_iter()
            .map(|(id, reg, word)| {
                let status =
                    Status::parse(&word).ok_or_else(|| StoreError::Corrupt(word.clone()))?;
                Ok((id, reg, status))
            })
            .collect()
    }
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
                .await?;
        Ok(code
            .as_deref()
            .and_then(OfficeZone::from_code)
            .unwrap_or_default())
    }

    async fn hold(&mut self, id: i64) -> Result<Option<Held>, StoreError> {
        let row = sqlx::query(&format!("{HELD_COLUMNS} WHERE id = ?"))
            .bind(id)
            .fetch_optional(&mut *self.0)
            .await?;
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
        .await?
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
        Ok(write_transition(&mut self.0, id, t, note, actor, &stamp(now)).await?)
    }

    async fn field_value(&mut self, id: i64, field: Field) -> Result<String, StoreError> {
        // The column name comes from the closed `Field` enum, never from the caller's text.
        Ok(sqlx::query_scalar(&format!(
            "SELECT {} FROM requests WHERE id = ?",
            field.column()
        ))
        .bind(id)
        .fetch_one(&mut *self.0)
        .await?)
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
        .await?;
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
        .await?;
        Ok(())
    }

    async fn next_reg_number(&mut self, now: DateTime<Utc>) -> Result<String, StoreError> {
        let zone = ChangeTx::zone(self).await?;
        requests::next_reg_number(&mut self.0, zone, now).await
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
        .await?;
        Ok(())
    }

    async fn replace_sync_niks(&mut self, id: i64, niks: &[String]) -> Result<(), StoreError> {
        sqlx::query("DELETE FROM sync_niks WHERE request_id = ?")
            .bind(id)
            .execute(&mut *self.0)
            .await?;
        requests::insert_sync_niks(&mut self.0, id, niks).await
    }
}

const HELD_COLUMNS: &str = "SELECT id, status, version, COALESCE(updated_by, '') AS updated_by, \
     (SELECT COUNT(*) FROM process_steps p \
      WHERE p.request_id = r.id AND p.step = 'sinkronisasi_dwh') AS dwh FROM requests r";

fn held(row: &sqlx::sqlite::SqliteRow) -> Result<Held, StoreError> {
    Ok(Held {
        id: row.try_get("id")?,
        status: rows::status(row.try_get("status")?)?,
        version: row.try_get("version")?,
        updated_by: row.try_get("updated_by")?,
        dwh_recorded: row.try_get::<i64, _>("dwh")? > 0,
    })
}
