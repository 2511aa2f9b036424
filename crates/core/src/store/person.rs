//! A person's own report (UU 27/2022 art. 32: a person may see what the office holds on them and
//! what was done with it). An admin types a NIK and gets every request in which it is the
//! applicant's NIK or one of the NIKs to synchronise, with its statuses and processing steps,
//! and every audit row that touched those requests: who opened, changed, exported or viewed the
//! photos, and when. The lookup itself is recorded first, one audit row per request found (or
//! one naming the masked NIK when none is), so a later report shows it too.
//!
//! A request made by someone else that only lists the NIK to synchronise is reported without
//! that applicant's own data (name, NIK, KK, WhatsApp number, problem text), and with long
//! numbers in its notes masked: the report is the person's, not the other applicant's.
//!
//! Written once over the reads every backend has; this module holds no SQL.

use chrono::{DateTime, Utc};
use serde::Serialize;

use super::detail::PhotosDeleted;
use super::requests::{HistoryEntry, RequestRecord};
use super::{parse_stamp, AuditEntry, AuditFilter, DeskStore, StoreError};
use crate::identity::Nik;
use crate::notify::mask_long_numbers;

/// The audit action of a report made.
pub const AUDIT_ACTION: &str = "person_report";

/// How the NIK appears in a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum NikRole {
    Applicant,
    Synced,
    Both,
}

impl NikRole {
    fn of(applicant: bool, synced: bool) -> Option<NikRole> {
        match (applicant, synced) {
            (true, true) => Some(NikRole::Both),
            (true, false) => Some(NikRole::Applicant),
            (false, true) => Some(NikRole::Synced),
            (false, false) => None,
        }
    }

    /// As the report says it.
    pub fn label(self) -> &'static str {
        match self {
            NikRole::Applicant => "NIK pemohon",
            NikRole::Synced => "NIK yang disinkronkan",
            NikRole::Both => "NIK pemohon dan NIK yang disinkronkan",
        }
    }
}

/// One processing step as the report lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReportStep {
    pub label: String,
    pub operator_name: String,
    pub note: Option<String>,
    pub at_display: String,
}

/// One request of the report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonRequest {
    #[serde(flatten)]
    pub record: RequestRecord,
    pub role: NikRole,
    pub role_label: String,
    /// Someone else's request that lists this NIK: their own data is left out.
    pub other_applicant: bool,
    pub created_at_display: String,
    pub history: Vec<HistoryEntry>,
    pub steps: Vec<ReportStep>,
    pub photos_deleted: Option<PhotosDeleted>,
    /// Every audit row of this request, oldest first.
    pub audit: Vec<AuditEntry>,
}

/// The whole report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PersonReport {
    pub nik: String,
    pub made_at_display: String,
    pub made_by: String,
    pub requests: Vec<PersonRequest>,
}

/// Records the lookup, then reads the report for `nik`.
pub async fn person_report(
    store: &dyn DeskStore,
    actor: &super::Actor,
    nik: &Nik,
    now: DateTime<Utc>,
) -> Result<PersonReport, StoreError> {
    let found = store.requests_with_nik(nik).await?;
    let mut tx = store.begin_accounts().await?;
    if found.is_empty() {
        let detail = format!(
            "NIK {} — tidak ada pengajuan",
            mask_long_numbers(nik.as_str())
        );
        tx.audit(actor, AUDIT_ACTION, None, Some(&detail), now)
            .await?;
    }
    for (id, applicant, synced) in &found {
        let role = NikRole::of(*applicant, *synced).unwrap_or(NikRole::Applicant);
        tx.audit(actor, AUDIT_ACTION, Some(*id), Some(role.label()), now)
            .await?;
    }
    tx.commit().await?;

    let zone = store.settings().await?.zone;
    let mut requests = Vec::with_capacity(found.len());
    for (id, applicant, synced) in found {
        let mut record = store.get_request(id).await?;
        let role = NikRole::of(applicant, synced).unwrap_or(NikRole::Applicant);
        let other_applicant = role == NikRole::Synced;
        let mut history = store.history(id).await?;
        if other_applicant {
            for field in [
                &mut record.applicant_name,
                &mut record.nik,
                &mut record.kk_number,
                &mut record.wa_number,
                &mut record.problem,
            ] {
                field.clear();
            }
            for entry in &mut history {
                entry.note = entry.note.as_deref().map(mask_long_numbers);
            }
        }
        let steps = store
            .steps(id)
            .await?
            .into_iter()
            .map(|s| {
                Ok(ReportStep {
                    label: s.label,
                    operator_name: s.operator_name,
                    note: if other_applicant {
                        s.note.as_deref().map(mask_long_numbers)
                    } else {
                        s.note
                    },
                    at_display: zone.format(parse_stamp(&s.at)?),
                })
            })
            .collect::<Result<Vec<_>, StoreError>>()?;
        let photos_deleted = PhotosDeleted::from_stored(zone, store.photos_deleted(id).await?)?;
        requests.push(PersonRequest {
            created_at_display: zone.format(parse_stamp(&record.created_at)?),
            history,
            steps,
            photos_deleted,
            audit: audit_of(store, id).await?,
            role,
            role_label: role.label().to_string(),
            other_applicant,
            record,
        });
    }
    Ok(PersonReport {
        nik: nik.as_str().to_string(),
        made_at_display: zone.format(now),
        made_by: actor.name.clone(),
        requests,
    })
}

/// Every audit row of one request, oldest first (read a page at a time, newest first).
async fn audit_of(store: &dyn DeskStore, request_id: i64) -> Result<Vec<AuditEntry>, StoreError> {
    let mut rows = Vec::new();
    let mut filter = AuditFilter {
        request_id: Some(request_id),
        limit: 500,
        ..AuditFilter::default()
    };
    loop {
        let page = store.audit_entries(&filter).await?;
        let full = page.len() == filter.page_size() as usize;
        filter.before_id = page.last().map(|e| e.id);
        rows.extend(page);
        if !full {
            break;
        }
    }
    rows.reverse();
    Ok(rows)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_nik_in_both_places_is_named_as_both() {
        assert_eq!(NikRole::of(true, true), Some(NikRole::Both));
        assert_eq!(NikRole::of(false, true), Some(NikRole::Synced));
        assert_eq!(NikRole::of(true, false).unwrap().label(), "NIK pemohon");
        assert_eq!(NikRole::of(false, false), None);
    }
}
