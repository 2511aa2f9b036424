//! Changes to stored requests, written once for every backend: a request typed at the desk with
//! its photos, a workflow action (Setujui, Batalkan, a processing step, Selesaikan), a step for
//! many requests at once, a corrected field, a photo replaced, the list of NIKs to synchronise, a WhatsApp notice
//! opened; and the office's settings page saved. (The kiosk's request is not here: on the server
//! a kiosk's login reaches only its function, `kiosk_submit`.)
//!
//! Each is one write transaction that first holds the request (on SQLite the file's write lock
//! is held from the first statement; on PostgreSQL the row is locked `FOR UPDATE`), checks the
//! version the operator saw, asks the core's rules (`workflow::decide`, `prepare_correction`,
//! `clean_sync_niks`) and then writes the request, its history or step row and its audit row
//! together. [`RequestChanges`] holds these sequences and is implemented only for every
//! [`ChangePort`]; a backend supplies the statements ([`ChangeTx`]) and its locks.
//!
//! This module holds no SQL.

use async_trait::async_trait;
use chrono::{DateTime, Utc};

use crate::checkcode;
use crate::form::ValidRequest;
use crate::notify::mask_long_numbers;
use crate::office::ValidOffice;
use crate::photo::{DocumentKind, PhotoError, ProcessedPhoto};
use crate::receipt::Receipt;
use crate::status::Status;
use crate::store::{
    clean_sync_niks, compose_wa_notice, effective_template, office, once_each, prepare_correction,
    template_key, ActError, Acted, Actor, BatchOutcome, Field, RequestStore, StoreError, WaNotice,
    CHANGED_MEANWHILE, NOT_FOUND,
};
use crate::store::{parse_stamp, Channel, CreatedRequest};
use crate::tx::WriteTx;
use crate::workflow::{
    clean_note, decide, decide_with_reason, Action, CancelReason, State, Step, Transition,
    WorkflowError, NOTE_MAX,
};
use crate::zone::OfficeZone;

/// A request as a write sees it, held until the write's transaction ends.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Held {
    pub id: i64,
    pub status: Status,
    pub version: i64,
    /// Who changed it last (empty when unknown), for the conflict message.
    pub updated_by: String,
    /// Whether Sinkronisasi DWH has been recorded (Selesaikan needs it).
    pub dwh_recorded: bool,
}

impl Held {
    fn conflict(&self) -> ActError {
        ActError::changed(self.status, &self.updated_by)
    }

    fn state(&self) -> State {
        State {
            status: self.status,
            dwh_recorded: self.dwh_recorded,
        }
    }
}

/// What the request changes need of a backend: a write transaction.
#[async_trait]
pub trait ChangePort: Send + Sync {
    /// A write transaction on requests.
    async fn begin_changes(&self) -> Result<Box<dyn ChangeTx>, StoreError>;
}

/// One write transaction on requests, a method per statement.
#[async_trait]
pub trait ChangeTx: WriteTx {
    /// The office's zone, as this transaction reads the settings (for "today").
    async fn zone(&mut self) -> Result<OfficeZone, StoreError>;

    /// The request, held until commit; `None` when there is no such request.
    async fn hold(&mut self, id: i64) -> Result<Option<Held>, StoreError>;

    /// The requests among `ids` that exist, all held until commit (taken in id order, so two
    /// batches over the same requests queue instead of deadlocking).
    async fn hold_many(&mut self, ids: &[i64]) -> Result<Vec<Held>, StoreError>;

    /// Moves a held request to `to` with the next version, naming `actor`; `false` when the row
    /// was no longer as held (it then stays as it is).
    async fn bump(
        &mut self,
        held: &Held,
        to: Status,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<bool, StoreError>;

    /// The history row of a status change and the step row of a step.
    async fn write_transition(
        &mut self,
        id: i64,
        t: &Transition,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// A typed field's stored value.
    async fn field_value(&mut self, id: i64, field: Field) -> Result<String, StoreError>;

    /// Stores a typed field's new value and its correction row (old, new, reason, who).
    #[allow(clippy::too_many_arguments)]
    async fn correct(
        &mut self,
        id: i64,
        field: Field,
        old: &str,
        new: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Replaces the request's NIKs to synchronise with `niks`, in this order.
    async fn replace_sync_niks(&mut self, id: i64, niks: &[String]) -> Result<(), StoreError>;

    /// Gives request `id` the next registration number of the office's day of `now`
    /// (`SD-YYMMDD-NNNN`) and returns it. The day's sequence stays locked until the
    /// transaction ends, so this is the last statement before the audit row and the commit.
    async fn number_request(&mut self, id: i64, now: DateTime<Utc>) -> Result<String, StoreError>;

    /// Stores a new request as Baru, version 1, with the hash of its check code; its id.
    #[allow(clippy::too_many_arguments)]
    async fn insert_request(
        &mut self,
        reg_number: &str,
        req: &ValidRequest,
        channel: Channel,
        check_code: &str,
        by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<i64, StoreError>;

    /// The first history row of a new request (→ Baru), naming `by`.
    async fn first_history(
        &mut self,
        id: i64,
        by: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Stores one photo of a request.
    async fn insert_document(
        &mut self,
        id: i64,
        kind: DocumentKind,
        photo: &ProcessedPhoto,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// The SHA-256 of each stored photo of request `id`.
    async fn document_hashes(&mut self, id: i64)
        -> Result<Vec<(DocumentKind, String)>, StoreError>;

    /// Replaces request `id`'s photo of `kind` with `photo`: the old one is kept as replaced
    /// (who, when, why) until masa simpan, the new one is the request's from now on.
    #[allow(clippy::too_many_arguments)]
    async fn replace_document(
        &mut self,
        id: i64,
        kind: DocumentKind,
        photo: &ProcessedPhoto,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;

    /// Stores the hash of a new check code for request `id`, so the code printed before no
    /// longer opens Cek Status.
    async fn set_check_code(&mut self, id: i64, check_code: &str) -> Result<(), StoreError>;

    /// Writes setting rows (insert or replace each key).
    async fn put_settings(&mut self, rows: &[(String, String)]) -> Result<(), StoreError>;

    /// Records that a WhatsApp notice was opened for the request at `status`.
    async fn record_notice(
        &mut self,
        id: i64,
        template: &str,
        status: Status,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
}

/// The changes to stored requests: the sequences, the same on every backend (implemented once,
/// for every [`ChangePort`] that is also a [`RequestStore`], whose reads some of them need).
#[async_trait]
pub trait RequestChanges: ChangePort + RequestStore {
    /// A request typed at the desk with its two photos: registration number, request, first
    /// history row (naming `by`), NIK list, both documents and an audit row — all or nothing.
    async fn create_desk_request(
        &self,
        req: &ValidRequest,
        by: &Actor,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<CreatedRequest, StoreError>;

    /// Applies `action` to request `id`, which the operator saw at `expected_version`; a
    /// request that changed meanwhile is [`ActError::Conflict`], never overwritten.
    async fn act(
        &self,
        id: i64,
        expected_version: i64,
        action: Action,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError>;

    /// [`RequestChanges::act`] as the desk asks it: a cancellation names its `reason`
    /// (`WorkflowError::CancelReasonRequired` without one), which Rekap counts.
    #[allow(clippy::too_many_arguments)]
    async fn act_at_desk(
        &self,
        id: i64,
        expected_version: i64,
        action: Action,
        note: Option<&str>,
        reason: Option<CancelReason>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError>;

    /// Records `step` on every request in `ids` that allows it, in one transaction; the others
    /// are skipped with the reason.
    async fn record_step_batch(
        &self,
        ids: &[i64],
        step: Step,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<BatchOutcome, ActError>;

    /// Corrects one typed field of an open request, keeping old and new value and the reason.
    #[allow(clippy::too_many_arguments)]
    async fn correct_field(
        &self,
        id: i64,
        expected_version: i64,
        field: Field,
        value: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError>;

    /// Replaces the list of NIKs to synchronise; every entry must be a valid NIK, and the
    /// refusal names the first one that is not.
    async fn set_sync_niks(
        &self,
        id: i64,
        niks: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, ActError>;

    /// The WhatsApp notice for the request's current status (`compose_wa_notice`, with the
    /// office's own template or the default), recorded as opened by `actor`.
    async fn open_wa_notice(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<WaNotice, StoreError>;

    /// A checked settings page (office, calendar, templates, kiosk) saved whole, with its audit
    /// row (`office::settings_rows` decides which rows a page writes).
    async fn save_office(
        &self,
        form: &ValidOffice,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError>;
    /// Replaces the photo of `kind` on request `id`, which the operator saw at
    /// `expected_version`, with `photo` (already through the core's intake), for `reason`: only
    /// while the request is open (not Selesai or Dibatalkan); never the photo already stored,
    /// nor the request's photo of the other document. The old photo is kept as replaced.
    #[allow(clippy::too_many_arguments)]
    async fn replace_photo(
        &self,
        id: i64,
        expected_version: i64,
        kind: DocumentKind,
        photo: &ProcessedPhoto,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError>;

    /// The receipt printed again for request `id` (an applicant lost it, or it did not print):
    /// a new check code replaces the old one, which stops opening Cek Status (only hashes are
    /// kept, so the old code cannot be shown again), with an audit row naming `actor`.
    async fn reprint_receipt(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError>;

    /// Records that `actor` printed request `id`'s case file (berkas, with the citizen's full
    /// data and photos) and says what its header needs.
    async fn record_case_print(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<CasePrint, StoreError>;
}

/// What a printed case file says of its printing: the office, when, and who.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CasePrint {
    pub office_name: String,
    /// `5 Des 2026 09.02 WIB`.
    pub printed_at_display: String,
    pub printed_by: String,
}

/// The receipt of request `id` with its `check_code`, as the kiosk prints it: the office's name,
/// the number, the masked NIK and the date of the request in the office's zone.
pub async fn receipt_of<S: RequestStore + ?Sized>(
    store: &S,
    id: i64,
    check_code: &str,
) -> Result<Receipt, StoreError> {
    let settings = store.settings().await?;
    let record = store.get_request(id).await?;
    let created = parse_stamp(&record.created_at)?;
    Ok(Receipt::new(
        &settings.office_name,
        &record.reg_number,
        check_code,
        &mask_long_numbers(&record.nik),
        &settings.zone.format(created),
    ))
}

/// The reason for replacing a photo, trimmed: 5 to `NOTE_MAX` characters.
fn replace_reason(reason: &str) -> Result<String, ActError> {
    let reason = reason.trim();
    let len = reason.chars().count();
    if len < 5 {
        return Err(ActError::ReplaceReasonRequired);
    }
    if len > NOTE_MAX {
        return Err(WorkflowError::NoteTooLong(len).into());
    }
    Ok(reason.to_string())
}

/// A new request's number until `number_request` gives it its own, inside the same
/// transaction: never seen outside it, and unique (the check code and the instant).
fn provisional_number(check_code: &str, now: DateTime<Utc>) -> String {
    format!(
        "~{check_code}{}",
        now.timestamp_nanos_opt().unwrap_or_default()
    )
}

/// The held request, or the refusal when it does not exist.
async fn held(tx: &mut Box<dyn ChangeTx>, id: i64) -> Result<Held, ActError> {
    Ok(tx.hold(id).await?.ok_or(StoreError::NotFound(id))?)
}

/// Moves a held request to `to`; when the row was not as held, the conflict names who changed it.
async fn bump(
    tx: &mut Box<dyn ChangeTx>,
    seen: &Held,
    to: Status,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<i64, ActError> {
    if tx.bump(seen, to, actor, now).await? {
        return Ok(seen.version + 1);
    }
    Err(held(tx, seen.id).await?.conflict())
}

/// One action on one held request, in one transaction: the version checked, the decision
/// (`decide` of the held state: [`decide`] from [`RequestChanges::act`], [`decide_with_reason`]
/// from the desk), the status row and the audit row.
#[allow(clippy::too_many_arguments)]
async fn apply<P: ChangePort + RequestStore + ?Sized>(
    store: &P,
    id: i64,
    expected_version: i64,
    action: Action,
    note: Option<&str>,
    decide: impl FnOnce(State) -> Result<Transition, WorkflowError> + Send,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<Acted, ActError> {
    let mut tx = store.begin_changes().await?;
    let seen = held(&mut tx, id).await?;
    if seen.version != expected_version {
        return Err(seen.conflict());
    }
    let t = decide(seen.state())?;
    let note = clean_note(note);
    let version = bump(&mut tx, &seen, t.to, actor, now).await?;
    tx.write_transition(id, &t, note.as_deref(), actor, now)
        .await?;
    let detail = match t.cancel_reason {
        Some(r) => format!("{} → {} ({})", t.from, t.to, r.label()),
        None => format!("{} → {}", t.from, t.to),
    };
    tx.audit(actor, &action.audit_code(), Some(id), Some(&detail), now)
        .await?;
    tx.commit().await?;
    Ok(Acted {
        status: t.to,
        version,
    })
}

#[async_trait]
impl<P: ChangePort + RequestStore + ?Sized> RequestChanges for P {
    async fn create_desk_request(
        &self,
        req: &ValidRequest,
        by: &Actor,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<CreatedRequest, StoreError> {
        let mut tx = self.begin_changes().await?;
        let today = tx.zone().await?.today(now);
        let check_code = checkcode::generate();
        // The photos go up before the day's number is taken: the number's lock is held from
        // `number_request` to the commit only, so a desk that drops off the network while its
        // photos upload blocks no other desk and no kiosk.
        let id = tx
            .insert_request(
                &provisional_number(&check_code, now),
                req,
                Channel::Desk,
                &check_code,
                by,
                now,
            )
            .await?;
        tx.first_history(id, by, now).await?;
        tx.replace_sync_niks(id, &req.initial_sync_niks(today))
            .await?;
        for (kind, photo) in [(DocumentKind::Kk, kk), (DocumentKind::Ktp, ktp)] {
            tx.insert_document(id, kind, photo, now).await?;
        }
        let reg_number = tx.number_request(id, now).await?;
        tx.audit(by, "create_request", Some(id), Some(&reg_number), now)
            .await?;
        tx.commit().await?;
        Ok(CreatedRequest {
            id,
            reg_number,
            check_code,
        })
    }

    async fn act(
        &self,
        id: i64,
        expected_version: i64,
        action: Action,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError> {
        let decision = |state| decide(state, action, note);
        apply(
            self,
            id,
            expected_version,
            action,
            note,
            decision,
            actor,
            now,
        )
        .await
    }

    async fn act_at_desk(
        &self,
        id: i64,
        expected_version: i64,
        action: Action,
        note: Option<&str>,
        reason: Option<CancelReason>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError> {
        let decision = |state| decide_with_reason(state, action, note, reason);
        apply(
            self,
            id,
            expected_version,
            action,
            note,
            decision,
            actor,
            now,
        )
        .await
    }

    async fn record_step_batch(
        &self,
        ids: &[i64],
        step: Step,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<BatchOutcome, ActError> {
        let note = clean_note(note);
        let action = Action::RecordStep(step);
        let mut out = BatchOutcome::default();
        let mut tx = self.begin_changes().await?;
        let held = tx.hold_many(ids).await?;
        for id in once_each(ids) {
            let Some(seen) = held.iter().find(|h| h.id == id) else {
                out.skipped.push((id, NOT_FOUND.to_string()));
                continue;
            };
            let t = match decide(seen.state(), action, note.as_deref()) {
                Ok(t) => t,
                Err(e) => {
                    out.skipped.push((id, e.to_string()));
                    continue;
                }
            };
            if !tx.bump(seen, t.to, actor, now).await? {
                out.skipped.push((id, CHANGED_MEANWHILE.to_string()));
                continue;
            }
            tx.write_transition(id, &t, note.as_deref(), actor, now)
                .await?;
            tx.audit(actor, &action.audit_code(), Some(id), Some("batch"), now)
                .await?;
            out.done.push(id);
        }
        tx.commit().await?;
        Ok(out)
    }

    async fn correct_field(
        &self,
        id: i64,
        expected_version: i64,
        field: Field,
        value: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError> {
        let mut tx = self.begin_changes().await?;
        let today = tx.zone().await?.today(now);
        let new_value = prepare_correction(field, value, reason, today)?;
        let seen = held(&mut tx, id).await?;
        if seen.version != expected_version {
            return Err(seen.conflict());
        }
        if !seen.status.is_open() {
            return Err(WorkflowError::Final(seen.status).into());
        }
        let old_value = tx.field_value(id, field).await?;
        if old_value == new_value {
            return Err(ActError::Unchanged);
        }
        let version = bump(&mut tx, &seen, seen.status, actor, now).await?;
        tx.correct(id, field, &old_value, &new_value, reason.trim(), actor, now)
            .await?;
        tx.audit(actor, "correct", Some(id), Some(field.code()), now)
            .await?;
        tx.commit().await?;
        Ok(Acted {
            status: seen.status,
            version,
        })
    }

    async fn set_sync_niks(
        &self,
        id: i64,
        niks: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Vec<String>, ActError> {
        let mut tx = self.begin_changes().await?;
        let today = tx.zone().await?.today(now);
        let clean = clean_sync_niks(niks, today)?;
        let seen = held(&mut tx, id).await?;
        if !seen.status.is_open() {
            return Err(WorkflowError::Final(seen.status).into());
        }
        tx.replace_sync_niks(id, &clean).await?;
        let detail = format!("{} NIK", clean.len());
        tx.audit(actor, "sync_niks", Some(id), Some(&detail), now)
            .await?;
        tx.commit().await?;
        Ok(clean)
    }

    async fn open_wa_notice(
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
        let mut tx = self.begin_changes().await?;
        tx.record_notice(id, &template, rec.status, actor, now)
            .await?;
        let detail = format!("WA {}", rec.status);
        tx.audit(actor, "wa_notice", Some(id), Some(&detail), now)
            .await?;
        tx.commit().await?;
        Ok(notice)
    }

    async fn save_office(
        &self,
        form: &ValidOffice,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let mut tx = self.begin_changes().await?;
        tx.put_settings(&office::settings_rows(form)).await?;
        tx.audit(actor, "settings", None, None, now).await?;
        tx.commit().await
    }

    async fn replace_photo(
        &self,
        id: i64,
        expected_version: i64,
        kind: DocumentKind,
        photo: &ProcessedPhoto,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError> {
        let reason = replace_reason(reason)?;
        let mut tx = self.begin_changes().await?;
        let seen = held(&mut tx, id).await?;
        if seen.version != expected_version {
            return Err(seen.conflict());
        }
        if !seen.status.is_open() {
            return Err(ActError::PhotosClosed(seen.status));
        }
        for (stored, sha) in tx.document_hashes(id).await? {
            if sha != photo.sha256 {
                continue;
            }
            return Err(if stored == kind {
                ActError::PhotoUnchanged(kind)
            } else {
                ActError::Photo(PhotoError::SamePhotoTwice, kind)
            });
        }
        let version = bump(&mut tx, &seen, seen.status, actor, now).await?;
        tx.replace_document(id, kind, photo, &reason, actor, now)
            .await?;
        tx.audit(actor, "replace_photo", Some(id), Some(kind.as_str()), now)
            .await?;
        tx.commit().await?;
        Ok(Acted {
            status: seen.status,
            version,
        })
    }

    async fn reprint_receipt(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Receipt, StoreError> {
        let check_code = checkcode::generate();
        let mut tx = self.begin_changes().await?;
        let zone = tx.zone().await?;
        tx.hold(id).await?.ok_or(StoreError::NotFound(id))?;
        tx.set_check_code(id, &check_code).await?;
        tx.audit(actor, "reprint_receipt", Some(id), None, now)
            .await?;
        tx.commit().await?;
        Ok(receipt_of(self, id, &check_code)
            .await?
            .reprinted(&zone.format(now)))
    }

    async fn record_case_print(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<CasePrint, StoreError> {
        let office_name = self.settings().await?.office_name;
        let mut tx = self.begin_changes().await?;
        let zone = tx.zone().await?;
        tx.hold(id).await?.ok_or(StoreError::NotFound(id))?;
        tx.audit(actor, "print_case_file", Some(id), None, now)
            .await?;
        tx.commit().await?;
        Ok(CasePrint {
            office_name,
            printed_at_display: zone.format(now),
            printed_by: actor.name.clone(),
        })
    }
}
