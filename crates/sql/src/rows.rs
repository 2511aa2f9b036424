//! Reading stored rows into the store's types, once for every backend. A row of the embedded
//! SQLite file and a row of the office's PostgreSQL server both offer [`Fields`] (a blanket
//! impl over sqlx rows whose database decodes `String` and `i64`), so each type's mapping —
//! which column, which status word, which time shown in the office's zone — is written here
//! and nowhere else. Queries name the same columns on both backends, casting to BIGINT where
//! PostgreSQL stores a smaller integer.

use chrono::{DateTime, NaiveDate, Utc};
use sqlx::{ColumnIndex, Decode, Row, Type};

use sinkron_core::accounts::{AuditEntry, Operator};
use sinkron_core::auth::Role;
use sinkron_core::identity::mask_nik_compact as mask;
use sinkron_core::photo::{DocumentKind, Outline, Problems};
use sinkron_core::status::Status;
use sinkron_core::store::{
    parse_stamp, ChangeEntry, Channel, DocumentInfo, HistoryEntry, NoticeEntry, QueueItem,
    ReplacedPhoto, RequestRecord, RequestSummary, StepEntry, StoreError,
};
use sinkron_core::workdays::ServiceCalendar;
use sinkron_core::workflow::{CancelReason, Step};
use sinkron_core::zone::OfficeZone;

use crate::store_error;

/// Text and integer columns by name, from either backend's rows; the list's columns also by
/// position ([`at`]), which a page of the queue reads 51 times.
pub trait Fields {
    fn text(&self, column: &str) -> Result<String, StoreError>;
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError>;
    fn int(&self, column: &str) -> Result<i64, StoreError>;
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError>;
    /// A text column borrowed from the row: read into a type (a status, a channel) or kept in
    /// place, without a copy of its own first.
    fn word_at(&self, at: usize) -> Result<&str, StoreError>;
    fn int_at(&self, at: usize) -> Result<i64, StoreError>;
}

impl<R> Fields for R
where
    R: Row,
    for<'c> &'c str: ColumnIndex<R>,
    usize: ColumnIndex<R>,
    for<'r> String: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> &'r str: Decode<'r, R::Database> + Type<R::Database>,
    for<'r> i64: Decode<'r, R::Database> + Type<R::Database>,
{
    fn word_at(&self, at: usize) -> Result<&str, StoreError> {
        self.try_get(at).map_err(store_error)
    }
    fn int_at(&self, at: usize) -> Result<i64, StoreError> {
        self.try_get(at).map_err(store_error)
    }
    fn text(&self, column: &str) -> Result<String, StoreError> {
        self.try_get(column).map_err(store_error)
    }
    fn opt_text(&self, column: &str) -> Result<Option<String>, StoreError> {
        self.try_get(column).map_err(store_error)
    }
    fn int(&self, column: &str) -> Result<i64, StoreError> {
        self.try_get(column).map_err(store_error)
    }
    fn opt_int(&self, column: &str) -> Result<Option<i64>, StoreError> {
        self.try_get(column).map_err(store_error)
    }
}

/// A stored status word.
pub fn status(word: &str) -> Result<Status, StoreError> {
    Status::parse(word).ok_or_else(|| StoreError::Corrupt(format!("status {word:?}")))
}

/// A stored time as the office reads it.
fn shown(zone: OfficeZone, at: &str) -> Result<String, StoreError> {
    Ok(zone.format(parse_stamp(at)?))
}

/// `SELECT id, reg_number, applicant_name, nik, kk_number, problem, wa_number, status, version,
/// channel, created_at, updated_at FROM requests`.
pub fn request_record(row: &impl Fields) -> Result<RequestRecord, StoreError> {
    Ok(RequestRecord {
        id: row.int("id")?,
        reg_number: row.text("reg_number")?,
        applicant_name: row.text("applicant_name")?,
        nik: row.text("nik")?,
        kk_number: row.text("kk_number")?,
        problem: row.text("problem")?,
        wa_number: row.text("wa_number")?,
        status: status(&row.text("status")?)?,
        version: row.int("version")?,
        channel: Channel::parse(&row.text("channel")?)?,
        created_at: row.text("created_at")?,
        updated_at: row.text("updated_at")?,
    })
}

/// Where a line of the list reads its columns, first in every statement that lists requests:
/// [`crate::SUMMARY_COLUMNS`], and [`crate::QUEUE_SELECT`] with the queue's two marks after
/// them. By position, not by name: a name is looked up in a hash for every row.
pub mod at {
    pub const ID: usize = 0;
    pub const REG_NUMBER: usize = 1;
    pub const APPLICANT_NAME: usize = 2;
    pub const NIK: usize = 3;
    pub const STATUS: usize = 4;
    pub const CREATED_AT: usize = 5;
    pub const CHANNEL: usize = 6;
    /// The queue's marks.
    pub const DUPLICATE: usize = 7;
    pub const PHOTO_CHECK: usize = 8;
}

/// A line of the list: [`crate::SUMMARY_COLUMNS`] (positions in [`at`]); with the time it
/// was made.
pub fn request_summary(
    row: &impl Fields,
    zone: OfficeZone,
) -> Result<(RequestSummary, DateTime<Utc>), StoreError> {
    let created_at = row.word_at(at::CREATED_AT)?;
    let created = parse_stamp(created_at)?;
    let summary = RequestSummary {
        id: row.int_at(at::ID)?,
        reg_number: row.word_at(at::REG_NUMBER)?.into(),
        applicant_name: row.word_at(at::APPLICANT_NAME)?.into(),
        nik_masked: mask(row.word_at(at::NIK)?),
        status: status(row.word_at(at::STATUS)?)?,
        created_at_display: zone.format_compact(created),
        created_at: created_at.into(),
        channel: Channel::parse(row.word_at(at::CHANNEL)?)?,
    };
    Ok((summary, created))
}

/// A row of the queue: [`request_summary`]'s columns, `duplicate` and `photo_check` (1 or 0),
/// with the marks as of `today`.
pub fn queue_item(
    row: &impl Fields,
    zone: OfficeZone,
    calendar: &ServiceCalendar,
    today: NaiveDate,
) -> Result<QueueItem, StoreError> {
    let (summary, created) = request_summary(row, zone)?;
    let duplicate = row.int_at(at::DUPLICATE)? == 1;
    let photo_check = row.int_at(at::PHOTO_CHECK)? == 1;
    Ok(QueueItem::build(
        summary,
        created,
        duplicate,
        photo_check,
        calendar,
        zone,
        today,
    ))
}

/// `SELECT from_status, to_status, operator_name, note, at, cancel_reason FROM status_history`.
pub fn history_entry(row: &impl Fields, zone: OfficeZone) -> Result<HistoryEntry, StoreError> {
    let at = row.text("at")?;
    let cancel_reason = row
        .opt_text("cancel_reason")?
        .map(|code| {
            CancelReason::from_code(&code)
                .ok_or_else(|| StoreError::Corrupt(format!("cancel reason {code:?}")))
        })
        .transpose()?;
    Ok(HistoryEntry {
        cancel_reason,
        cancel_reason_label: cancel_reason.map(|r| r.label().to_string()),
        from: row
            .opt_text("from_status")?
            .as_deref()
            .map(status)
            .transpose()?,
        to: status(&row.text("to_status")?)?,
        operator_name: row.text("operator_name")?,
        note: row.opt_text("note")?,
        at_display: shown(zone, &at)?,
        at,
    })
}

/// `SELECT step, operator_name, note, at FROM process_steps`.
pub fn step_entry(row: &impl Fields, zone: OfficeZone) -> Result<StepEntry, StoreError> {
    let code = row.text("step")?;
    let step =
        Step::from_code(&code).ok_or_else(|| StoreError::Corrupt(format!("step {code:?}")))?;
    Ok(StepEntry {
        step,
        label: step.label().to_string(),
        operator_name: row.text("operator_name")?,
        note: row.opt_text("note")?,
        at: shown(zone, &row.text("at")?)?,
    })
}

/// `SELECT field, old_value, new_value, reason, operator_name, at FROM request_changes`.
pub fn change_entry(row: &impl Fields, zone: OfficeZone) -> Result<ChangeEntry, StoreError> {
    Ok(ChangeEntry {
        field: row.text("field")?,
        old_value: row.text("old_value")?,
        new_value: row.text("new_value")?,
        reason: row.text("reason")?,
        operator_name: row.text("operator_name")?,
        at: shown(zone, &row.text("at")?)?,
    })
}

/// `SELECT status, template, operator_name, at FROM notices`.
pub fn notice_entry(row: &impl Fields, zone: OfficeZone) -> Result<NoticeEntry, StoreError> {
    Ok(NoticeEntry {
        status: status(&row.text("status")?)?,
        template: row.text("template")?,
        operator_name: row.text("operator_name")?,
        at: shown(zone, &row.text("at")?)?,
    })
}

/// `SELECT id, request_id, kind, mime, width, height, sha256, <bytes of original> AS byte_size
/// FROM documents`.
pub fn document_info(row: &impl Fields) -> Result<DocumentInfo, StoreError> {
    Ok(DocumentInfo {
        id: row.int("id")?,
        request_id: row.int("request_id")?,
        kind: document_kind(&row.text("kind")?)?,
        mime: row.text("mime")?,
        width: row.int("width")?,
        height: row.int("height")?,
        sha256: row.text("sha256")?,
        byte_size: row.int("byte_size")?,
        problems: Problems::parse(&row.text("problems")?)
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
        outline: Outline::parse(row.opt_text("corners")?.as_deref())
            .map_err(|e| StoreError::Corrupt(e.to_string()))?,
    })
}

/// A document's kind as stored (`kk`, `ktp`).
pub fn document_kind(kind: &str) -> Result<DocumentKind, StoreError> {
    DocumentKind::parse(kind).ok_or_else(|| StoreError::Corrupt(format!("document kind {kind:?}")))
}

/// The columns [`replaced_photo`] reads.
pub const REPLACED_COLUMNS: &str =
    "SELECT id, request_id, kind, replaced_at, operator_name, reason FROM replaced_documents";

/// A row of [`REPLACED_COLUMNS`].
pub fn replaced_photo(row: &impl Fields, zone: OfficeZone) -> Result<ReplacedPhoto, StoreError> {
    let at = row.text("replaced_at")?;
    Ok(ReplacedPhoto {
        id: row.int("id")?,
        request_id: row.int("request_id")?,
        kind: document_kind(&row.text("kind")?)?,
        at_display: shown(zone, &at)?,
        at,
        operator_name: row.text("operator_name")?,
        reason: row.text("reason")?,
    })
}

/// `SELECT id, username, display_name, role, active FROM operators` (`active` as an integer).
pub fn operator(row: &impl Fields) -> Result<Operator, StoreError> {
    let role = row.text("role")?;
    Ok(Operator {
        id: row.int("id")?,
        username: row.text("username")?,
        display_name: row.text("display_name")?,
        role: Role::from_code(&role)
            .ok_or_else(|| StoreError::Corrupt(format!("role {role:?}")))?,
        active: row.int("active")? == 1,
    })
}

/// The audit screen's row: the audit log joined with the operator's name and the request's
/// registration number.
pub fn audit_entry(row: &impl Fields, zone: OfficeZone) -> Result<AuditEntry, StoreError> {
    let at = row.text("at")?;
    Ok(AuditEntry {
        id: row.int("id")?,
        at_display: shown(zone, &at)?,
        at,
        operator_id: row.opt_int("operator_id")?,
        operator_name: row.opt_text("display_name")?,
        role: row.opt_text("role")?,
        workstation: row.opt_text("workstation")?,
        action: row.text("action")?,
        request_id: row.opt_int("request_id")?,
        reg_number: row.opt_text("reg_number")?,
        detail: row.opt_text("detail")?,
    })
}

/// `SELECT id, at, operator_id, role, workstation, action, request_id, detail, chain FROM
/// audit_log`: the fields the audit chain covers, and the stored chain.
pub fn audit_chained(
    row: &impl Fields,
) -> Result<(sinkron_core::audit_chain::AuditFields, Option<String>), StoreError> {
    Ok((
        sinkron_core::audit_chain::AuditFields {
            id: row.int("id")?,
            at: row.text("at")?,
            operator_id: row.opt_int("operator_id")?,
            role: row.opt_text("role")?,
            workstation: row.opt_text("workstation")?,
            action: row.text("action")?,
            request_id: row.opt_int("request_id")?,
            detail: row.opt_text("detail")?,
        },
        row.opt_text("chain")?,
    ))
}

/// The whole log's chain check, fed row by row from a stream of [`AUDIT_CHAIN_ROWS`] (never
/// held whole), from the stored `audit_chain_from` (without it, every row must be chained).
pub async fn audit_chain_check<R: Fields>(
    mut rows: impl futures_util::Stream<Item = Result<R, sqlx::Error>> + Unpin,
    chain_from: Option<&str>,
) -> Result<sinkron_core::audit_chain::ChainCheck, StoreError> {
    use futures_util::TryStreamExt as _;
    let mut walk = sinkron_core::audit_chain::ChainWalk::new(
        chain_from.and_then(|v| v.trim().parse().ok()).unwrap_or(1),
    );
    while let Some(row) = rows.try_next().await.map_err(store_error)? {
        let (fields, chain) = audit_chained(&row)?;
        walk.step(&fields, chain.as_deref());
    }
    Ok(walk.finish())
}

/// `SELECT r.id, r.reg_number`: a request whose photos are due under masa simpan.
pub fn due(row: &impl Fields) -> Result<sinkron_core::retention::Due, StoreError> {
    Ok(sinkron_core::retention::Due {
        request_id: row.int("id")?,
        reg_number: row.text("reg_number")?,
    })
}

/// The audit rows in id order, as [`audit_chain_check`] reads them.
pub const AUDIT_CHAIN_ROWS: &str = "SELECT id, at, operator_id, role, workstation, action, \
     request_id, detail, chain FROM audit_log ORDER BY id";
