//! The workflow's types as the store reads and writes them: who acts (`Actor`), what an act
//! did (`Acted`), why one was refused (`ActError`, a conflict among them: the request changed
//! under the operator), the fields a correction may change (`Field`) and the rules of a
//! correction and of the NIK list (`prepare_correction`, `clean_sync_niks`). The sequences are
//! `crate::changes`; each backend's statements are its `ChangeTx`.

use serde::Serialize;
use thiserror::Error;

use super::StoreError;
use crate::auth::Role;
use crate::error::Code;
use crate::error::ErrorPayload;
use crate::identity::{ApplicantName, KkNumber, Nik, ProblemText, WaNumber};
use crate::photo::{DocumentKind, PhotoError};
use crate::status::Status;
use crate::workflow::{Step, WorkflowError, NOTE_MAX};

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
    #[error("Alasan mengganti foto wajib diisi (paling sedikit 5 karakter) — tulis mengapa foto diganti, misalnya \"foto buram\"")]
    ReplaceReasonRequired,
    #[error("Pengajuan ini sudah {0} — fotonya tidak dapat diganti lagi; foto tetap seperti saat pengajuan ditutup")]
    PhotosClosed(Status),
    #[error("Foto ini sama dengan foto {} yang sudah tersimpan — pilih foto yang baru", .0.label())]
    PhotoUnchanged(DocumentKind),
    /// The new photo is the stored photo of the other document.
    #[error("{}", .0.message(Some(*.1)))]
    Photo(PhotoError, DocumentKind),
    #[error(transparent)]
    Store(#[from] StoreError),
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

    pub fn code(&self) -> Code {
        match self {
            ActError::Refused(e) => e.code(),
            ActError::Conflict { .. } => Code::RequestChanged,
            ActError::ReasonRequired => Code::CorrectionReasonRequired,
            ActError::InvalidValue(_) => Code::CorrectionInvalidValue,
            ActError::Unchanged => Code::CorrectionUnchanged,
            ActError::ReplaceReasonRequired => Code::PhotoReplaceReasonRequired,
            ActError::PhotoUnchanged(_) => Code::PhotoReplaceUnchanged,
            ActError::PhotosClosed(_) => Code::PhotoReplaceClosed,
            ActError::Photo(e, _) => e.code(),
            ActError::Store(e) => e.code(),
        }
    }

    /// The error as a screen shows it.
    pub fn payload(&self) -> ErrorPayload {
        match self {
            ActError::Store(e) => e.payload(),
            ActError::Photo(e, kind) => e.payload_for(*kind),
            ActError::ReplaceReasonRequired => {
                ErrorPayload::new(self.code(), self.to_string()).at("reason")
            }
            ActError::Refused(WorkflowError::CancelReasonRequired) => {
                ErrorPayload::new(self.code(), self.to_string()).at("cancelReason")
            }
            ActError::PhotoUnchanged(kind) => {
                ErrorPayload::new(self.code(), self.to_string()).at(kind.field())
            }
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
