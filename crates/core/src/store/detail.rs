//! The detail view's one read: a request with everything an operator checks
//! before acting — the typed data and what the numbers say, the photos, the
//! history, steps, corrections, replaced photos and notices, the NIKs to synchronise, the age,
//! other open requests for the same NIK, and the actions its status allows.
//! One call, so the screen never stitches rules together itself.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::documents::{DocumentInfo, ReplacedPhoto};
use super::notices::NoticeEntry;
use super::requests::{HistoryEntry, RequestRecord};
use super::workflow::{ChangeEntry, StepEntry};
use super::{parse_stamp, RequestStore, StoreError};
use crate::form::{check_form, FormCheck, FormInput};
use crate::identity::Nik;
use crate::status::Status;
use crate::workflow::{allowed_actions, Action, State, Step, CANCEL_NOTE_MIN};

/// One button of the detail view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ActionOption {
    pub action: Action,
    pub label: String,
    /// The shortest note the action takes (0: the note is optional).
    pub note_min: usize,
    /// The reasons to choose one from (a cancellation's); empty for other actions.
    pub reasons: Vec<ReasonChoice>,
}

/// A cancellation reason as the dialog offers it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonChoice {
    pub code: crate::workflow::CancelReason,
    pub label: String,
}

/// Another open request for the same NIK.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OtherRequest {
    pub id: i64,
    pub reg_number: String,
    pub status: Status,
}

/// The photos were deleted under the office's masa simpan rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhotosDeleted {
    /// `5 Des 2026 02.00 WIB`.
    pub at_display: String,
    /// The rule's days at the time.
    pub days: u32,
}

impl PhotosDeleted {
    /// From `RequestStore::photos_deleted`, the time shown in the office's zone.
    pub fn from_stored(
        zone: crate::zone::OfficeZone,
        stored: Option<(String, u32)>,
    ) -> Result<Option<PhotosDeleted>, StoreError> {
        stored
            .map(|(at, days)| {
                Ok(PhotosDeleted {
                    at_display: zone.format(parse_stamp(&at)?),
                    days,
                })
            })
            .transpose()
    }
}

/// Everything the detail view shows of one request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestDetail {
    #[serde(flatten)]
    pub record: RequestRecord,
    /// `27 Nov 2026 10.15 WIB`.
    pub created_at_display: String,
    /// The stored fields checked again today: facts of the NIK and KK, and warnings.
    pub check: FormCheck,
    pub documents: Vec<DocumentInfo>,
    /// Set when the photos are gone under the masa simpan rule (the detail says when and why).
    pub photos_deleted: Option<PhotosDeleted>,
    /// Photos replaced after saving (who, when, why), oldest first; kept until masa simpan.
    pub replaced_photos: Vec<ReplacedPhoto>,
    pub history: Vec<HistoryEntry>,
    pub steps: Vec<StepEntry>,
    pub changes: Vec<ChangeEntry>,
    pub notices: Vec<NoticeEntry>,
    /// NIK yang disinkronkan.
    pub sync_niks: Vec<String>,
    pub actions: Vec<ActionOption>,
    /// Whether the request is still open (not Selesai or Dibatalkan): a closed one shows no age.
    pub open: bool,
    /// Working days since it was made (0 once closed).
    pub age_days: u32,
    pub overdue: bool,
    /// Other open requests for the same NIK, newest first.
    pub duplicates: Vec<OtherRequest>,
}

/// The detail view put together from a backend's plain reads, so that every backend shows the
/// same facts, actions, age and duplicates (`RequestStore::request_detail`).
pub async fn assemble<S: RequestStore + ?Sized>(
    s: &S,
    id: i64,
    now: DateTime<Utc>,
) -> Result<RequestDetail, StoreError> {
    let record = s.get_request(id).await?;
    let settings = s.settings().await?;
    let zone = settings.zone;
    let calendar = s.calendar().await?;
    let today = zone.today(now);
    let created = parse_stamp(&record.created_at)?;
    let input = FormInput {
        name: record.applicant_name.clone(),
        nik: record.nik.clone(),
        kk: record.kk_number.clone(),
        problem: record.problem.clone(),
        wa: record.wa_number.clone(),
    };
    let steps = s.steps(id).await?;
    let state = State {
        status: record.status,
        dwh_recorded: steps.iter().any(|s| s.step == Step::SinkronisasiDwh),
    };
    let actions = allowed_actions(state)
        .into_iter()
        .map(|action| ActionOption {
            action,
            label: action.label().to_string(),
            note_min: if action == Action::Cancel {
                CANCEL_NOTE_MIN
            } else {
                0
            },
            reasons: if action == Action::Cancel {
                crate::workflow::CancelReason::ALL
                    .into_iter()
                    .map(|code| ReasonChoice {
                        code,
                        label: code.label().to_string(),
                    })
                    .collect()
            } else {
                Vec::new()
            },
        })
        .collect();
    let open = record.status.is_open();
    let (age_days, overdue) = if open {
        let age = calendar.age(zone.today(created), today);
        (age, age > calendar.target_days)
    } else {
        (0, false)
    };
    let duplicates = match Nik::parse(&record.nik) {
        Ok(nik) if record.status.is_open() => s
            .open_requests_for_nik(&nik)
            .await?
            .into_iter()
            .filter(|(other, _, _)| *other != id)
            .map(|(id, reg_number, status)| OtherRequest {
                id,
                reg_number,
                status,
            })
            .collect(),
        _ => Vec::new(),
    };
    Ok(RequestDetail {
        created_at_display: zone.format(created),
        check: check_form(&input, today)
            .naming_other_provinces(settings.office_province.as_deref()),
        documents: s.documents_of(id).await?,
        photos_deleted: PhotosDeleted::from_stored(zone, s.photos_deleted(id).await?)?,
        replaced_photos: s.replaced_photos(id).await?,
        history: s.history(id).await?,
        changes: s.changes(id).await?,
        notices: s.notices(id).await?,
        sync_niks: s.sync_niks(id).await?,
        steps,
        actions,
        open,
        age_days,
        overdue,
        duplicates,
        record,
    })
}
