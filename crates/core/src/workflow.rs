//! Status Pengajuan and Proses Pengerjaan as a pure state machine: which
//! action is allowed from which status, what it moves the request to, and
//! why anything else is refused. The store applies the answer inside one
//! conditional write; nothing here touches storage.
//!
//! ```text
//! Baru ──setujui──▶ Disetujui ──first step──▶ Diproses ──selesaikan (after a──▶ Selesai
//!   │                   │                        │        Sinkronisasi DWH step)
//!   └──────batalkan (note required)──────────────┴──▶ Dibatalkan
//! ```

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::Code;
use crate::status::Status;

/// The shortest note accepted when cancelling: the applicant reads it.
pub const CANCEL_NOTE_MIN: usize = 10;
/// The longest note accepted on any action.
pub const NOTE_MAX: usize = 1000;

/// A processing step (Proses Pengerjaan).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Step {
    /// Konsolidasi Manual: manual consolidation to Ditjen Dukcapil.
    KonsolidasiManual,
    /// Sinkronisasi DWH: synchronisation to the data warehouse, which makes the
    /// record visible to BPJS and banks.
    SinkronisasiDwh,
}

impl Step {
    pub const ALL: [Step; 2] = [Step::KonsolidasiManual, Step::SinkronisasiDwh];

    /// The stored spelling.
    pub fn code(self) -> &'static str {
        match self {
            Step::KonsolidasiManual => "konsolidasi_manual",
            Step::SinkronisasiDwh => "sinkronisasi_dwh",
        }
    }

    /// The name the service page gives it.
    pub fn label(self) -> &'static str {
        match self {
            Step::KonsolidasiManual => "Konsolidasi Manual",
            Step::SinkronisasiDwh => "Sinkronisasi DWH",
        }
    }

    pub fn from_code(code: &str) -> Option<Step> {
        Step::ALL.into_iter().find(|s| s.code() == code)
    }
}

/// Why a request was cancelled, chosen beside the note so that Rekap can count cancellations by
/// reason (the note says it in the operator's words, for the applicant).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CancelReason {
    /// The KK or KTP-el photo cannot be read.
    UnreadablePhoto,
    /// The typed data do not match the documents.
    DataMismatch,
    /// Not for this service (another service, or another office).
    WrongService,
    /// The same request was already made.
    Duplicate,
    Other,
}

impl CancelReason {
    pub const ALL: [CancelReason; 5] = [
        CancelReason::UnreadablePhoto,
        CancelReason::DataMismatch,
        CancelReason::WrongService,
        CancelReason::Duplicate,
        CancelReason::Other,
    ];

    /// The stored spelling.
    pub fn code(self) -> &'static str {
        match self {
            CancelReason::UnreadablePhoto => "unreadable_photo",
            CancelReason::DataMismatch => "data_mismatch",
            CancelReason::WrongService => "wrong_service",
            CancelReason::Duplicate => "duplicate",
            CancelReason::Other => "other",
        }
    }

    /// As the desk and the report name it.
    pub fn label(self) -> &'static str {
        match self {
            CancelReason::UnreadablePhoto => "Foto KK/KTP-el tidak terbaca",
            CancelReason::DataMismatch => "Data tidak sesuai dokumen",
            CancelReason::WrongService => "Bukan layanan ini",
            CancelReason::Duplicate => "Pengajuan ganda",
            CancelReason::Other => "Lainnya",
        }
    }

    pub fn from_code(code: &str) -> Option<CancelReason> {
        CancelReason::ALL.into_iter().find(|r| r.code() == code)
    }
}

/// What an operator can do to a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", content = "step", rename_all = "snake_case")]
pub enum Action {
    /// Setujui: Baru → Disetujui.
    Approve,
    /// Batalkan: Baru, Disetujui or Diproses → Dibatalkan, with a note.
    Cancel,
    /// Catat proses: on Disetujui or Diproses; the first one moves to Diproses.
    RecordStep(Step),
    /// Selesaikan: Diproses → Selesai, after a Sinkronisasi DWH step.
    Finish,
}

impl Action {
    /// How the audit log names the action (`approve`, `step_sinkronisasi_dwh`, …).
    pub fn audit_code(self) -> String {
        match self {
            Action::Approve => "approve".to_string(),
            Action::Cancel => "cancel".to_string(),
            Action::Finish => "finish".to_string(),
            Action::RecordStep(step) => format!("step_{}", step.code()),
        }
    }

    /// How the action is named on its button.
    pub fn label(self) -> &'static str {
        match self {
            Action::Approve => "Setujui",
            Action::Cancel => "Batalkan",
            Action::RecordStep(Step::KonsolidasiManual) => "Catat Konsolidasi Manual",
            Action::RecordStep(Step::SinkronisasiDwh) => "Catat Sinkronisasi DWH",
            Action::Finish => "Selesaikan",
        }
    }
}

/// What the state machine needs to know of a request.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct State {
    pub status: Status,
    /// A Sinkronisasi DWH step has been recorded.
    pub dwh_recorded: bool,
}

/// What an allowed action does.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Transition {
    pub from: Status,
    pub to: Status,
    /// The step row to write, for `RecordStep`.
    pub step: Option<Step>,
    /// Why, for a cancellation whose reason was chosen.
    pub cancel_reason: Option<CancelReason>,
}

impl Transition {
    /// A history row is written only when the status changes.
    pub fn changes_status(&self) -> bool {
        self.from != self.to
    }
}

/// Why an action is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WorkflowError {
    #[error("Pengajuan ini sudah {0} — statusnya tidak dapat diubah lagi; pemohon dapat membuat pengajuan baru")]
    Final(Status),
    #[error("Hanya pengajuan berstatus Baru yang dapat disetujui — status sekarang {0}")]
    ApproveNeedsBaru(Status),
    #[error("Proses pengerjaan hanya dicatat pada pengajuan yang sudah disetujui — setujui dulu pengajuan ini (status sekarang {0})")]
    StepNeedsApproval(Status),
    #[error("Hanya pengajuan berstatus Diproses yang dapat diselesaikan — status sekarang {0}")]
    FinishNeedsDiproses(Status),
    #[error("Pengajuan belum dapat diselesaikan: catat dulu proses Sinkronisasi DWH — langkah itulah yang membuat data terbaca oleh BPJS dan bank")]
    FinishNeedsDwh,
    #[error("Tulis catatan untuk pemohon (paling sedikit 10 karakter): alasan pembatalan dan apa yang perlu dilakukan")]
    CancelNoteRequired,
    #[error("Pilih alasan pembatalan — misalnya Foto KK/KTP-el tidak terbaca")]
    CancelReasonRequired,
    #[error("Catatan terlalu panjang ({0} karakter, paling banyak 1000) — persingkat catatannya")]
    NoteTooLong(usize),
}

impl WorkflowError {
    /// Stable code for the UI.
    pub fn code(&self) -> Code {
        match self {
            WorkflowError::Final(_) => Code::WorkflowFinal,
            WorkflowError::ApproveNeedsBaru(_) => Code::WorkflowApproveNeedsBaru,
            WorkflowError::StepNeedsApproval(_) => Code::WorkflowStepNeedsApproval,
            WorkflowError::FinishNeedsDiproses(_) => Code::WorkflowFinishNeedsDiproses,
            WorkflowError::FinishNeedsDwh => Code::WorkflowFinishNeedsDwh,
            WorkflowError::CancelNoteRequired => Code::WorkflowCancelNoteRequired,
            WorkflowError::CancelReasonRequired => Code::WorkflowCancelReasonRequired,
            WorkflowError::NoteTooLong(_) => Code::WorkflowNoteTooLong,
        }
    }
}

/// A note as stored: trimmed, `None` when blank.
pub fn clean_note(note: Option<&str>) -> Option<String> {
    note.map(str::trim)
        .filter(|n| !n.is_empty())
        .map(str::to_string)
}

/// Decides whether `action` is allowed on a request in `state` with `note`.
pub fn decide(
    state: State,
    action: Action,
    note: Option<&str>,
) -> Result<Transition, WorkflowError> {
    let note = clean_note(note);
    let len = note.as_deref().map_or(0, |n| n.chars().count());
    if len > NOTE_MAX {
        return Err(WorkflowError::NoteTooLong(len));
    }
    let from = state.status;
    if !from.is_open() {
        return Err(WorkflowError::Final(from));
    }
    let (to, step) = match action {
        Action::Approve if from == Status::Baru => (Status::Disetujui, None),
        Action::Approve => return Err(WorkflowError::ApproveNeedsBaru(from)),
        Action::Cancel if len < CANCEL_NOTE_MIN => return Err(WorkflowError::CancelNoteRequired),
        Action::Cancel => (Status::Dibatalkan, None),
        Action::RecordStep(step) if matches!(from, Status::Disetujui | Status::Diproses) => {
            (Status::Diproses, Some(step))
        }
        Action::RecordStep(_) => return Err(WorkflowError::StepNeedsApproval(from)),
        Action::Finish if from != Status::Diproses => {
            return Err(WorkflowError::FinishNeedsDiproses(from))
        }
        Action::Finish if !state.dwh_recorded => return Err(WorkflowError::FinishNeedsDwh),
        Action::Finish => (Status::Selesai, None),
    };
    Ok(Transition {
        from,
        to,
        step,
        cancel_reason: None,
    })
}

/// [`decide`] as the desk asks it: a cancellation names its reason (`reason` is ignored for
/// any other action).
pub fn decide_with_reason(
    state: State,
    action: Action,
    note: Option<&str>,
    reason: Option<CancelReason>,
) -> Result<Transition, WorkflowError> {
    let mut t = decide(state, action, note)?;
    if action == Action::Cancel {
        t.cancel_reason = Some(reason.ok_or(WorkflowError::CancelReasonRequired)?);
    }
    Ok(t)
}

/// The actions a request in `state` allows, for the buttons of the detail view.
pub fn allowed_actions(state: State) -> Vec<Action> {
    const LONG_ENOUGH: &str = "catatan cukup panjang";
    [
        Action::Approve,
        Action::RecordStep(Step::KonsolidasiManual),
        Action::RecordStep(Step::SinkronisasiDwh),
        Action::Finish,
        Action::Cancel,
    ]
    .into_iter()
    .filter(|a| decide(state, *a, Some(LONG_ENOUGH)).is_ok())
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use Status::*;

    fn at(status: Status) -> State {
        State {
            status,
            dwh_recorded: false,
        }
    }

    const NOTE: Option<&str> = Some("KTP-el tidak terbaca, foto ulang");

    #[test]
    fn a_desk_cancellation_names_its_reason() {
        assert_eq!(
            decide_with_reason(at(Baru), Action::Cancel, NOTE, None),
            Err(WorkflowError::CancelReasonRequired)
        );
        let t = decide_with_reason(
            at(Baru),
            Action::Cancel,
            NOTE,
            Some(CancelReason::UnreadablePhoto),
        )
        .unwrap();
        assert_eq!(t.cancel_reason, Some(CancelReason::UnreadablePhoto));
        // Another action takes no reason, whatever is sent.
        let t =
            decide_with_reason(at(Baru), Action::Approve, None, Some(CancelReason::Other)).unwrap();
        assert_eq!(t.cancel_reason, None);
    }

    #[test]
    fn each_cancel_reason_reads_back_from_its_code() {
        for r in CancelReason::ALL {
            assert_eq!(CancelReason::from_code(r.code()), Some(r));
        }
        assert_eq!(CancelReason::from_code("lain"), None);
    }

    #[test]
    fn approve_moves_baru_to_disetujui() {
        let t = decide(at(Baru), Action::Approve, None).unwrap();
        assert_eq!((t.from, t.to, t.step), (Baru, Disetujui, None));
    }

    #[test]
    fn approve_is_refused_after_baru() {
        for s in [Disetujui, Diproses] {
            assert_eq!(
                decide(at(s), Action::Approve, None),
                Err(WorkflowError::ApproveNeedsBaru(s))
            );
        }
    }

    #[test]
    fn cancel_is_allowed_from_each_open_status() {
        for s in [Baru, Disetujui, Diproses] {
            assert_eq!(decide(at(s), Action::Cancel, NOTE).unwrap().to, Dibatalkan);
        }
    }

    #[test]
    fn cancel_needs_a_note() {
        assert_eq!(
            decide(at(Baru), Action::Cancel, None),
            Err(WorkflowError::CancelNoteRequired)
        );
        assert_eq!(
            decide(at(Baru), Action::Cancel, Some("   ")),
            Err(WorkflowError::CancelNoteRequired)
        );
    }

    #[test]
    fn cancel_note_needs_ten_characters() {
        assert_eq!(
            decide(at(Baru), Action::Cancel, Some("  kurang  ")),
            Err(WorkflowError::CancelNoteRequired)
        );
        assert!(decide(at(Baru), Action::Cancel, Some("0123456789")).is_ok());
    }

    #[test]
    fn first_step_moves_disetujui_to_diproses() {
        let t = decide(
            at(Disetujui),
            Action::RecordStep(Step::KonsolidasiManual),
            None,
        )
        .unwrap();
        assert_eq!((t.to, t.step), (Diproses, Some(Step::KonsolidasiManual)));
        assert!(t.changes_status());
    }

    #[test]
    fn later_steps_keep_diproses() {
        let t = decide(
            at(Diproses),
            Action::RecordStep(Step::SinkronisasiDwh),
            None,
        )
        .unwrap();
        assert_eq!(t.to, Diproses);
        assert!(!t.changes_status());
    }

    #[test]
    fn a_step_needs_approval_first() {
        assert_eq!(
            decide(at(Baru), Action::RecordStep(Step::SinkronisasiDwh), None),
            Err(WorkflowError::StepNeedsApproval(Baru))
        );
    }

    #[test]
    fn finish_needs_a_dwh_step() {
        assert_eq!(
            decide(at(Diproses), Action::Finish, None),
            Err(WorkflowError::FinishNeedsDwh)
        );
        let done = State {
            status: Diproses,
            dwh_recorded: true,
        };
        assert_eq!(decide(done, Action::Finish, None).unwrap().to, Selesai);
    }

    #[test]
    fn finish_needs_diproses() {
        let approved = State {
            status: Disetujui,
            dwh_recorded: true,
        };
        assert_eq!(
            decide(approved, Action::Finish, None),
            Err(WorkflowError::FinishNeedsDiproses(Disetujui))
        );
        assert_eq!(
            decide(at(Baru), Action::Finish, None),
            Err(WorkflowError::FinishNeedsDiproses(Baru))
        );
    }

    #[test]
    fn selesai_and_dibatalkan_are_final() {
        for s in [Selesai, Dibatalkan] {
            for a in [
                Action::Approve,
                Action::Cancel,
                Action::Finish,
                Action::RecordStep(Step::SinkronisasiDwh),
            ] {
                assert_eq!(decide(at(s), a, NOTE), Err(WorkflowError::Final(s)));
            }
        }
    }

    #[test]
    fn a_huge_note_is_refused() {
        let long = "x".repeat(1001);
        assert_eq!(
            decide(at(Baru), Action::Approve, Some(&long)),
            Err(WorkflowError::NoteTooLong(1001))
        );
    }

    #[test]
    fn buttons_follow_the_status() {
        assert_eq!(allowed_actions(at(Baru)), [Action::Approve, Action::Cancel]);
        assert_eq!(
            allowed_actions(at(Disetujui)),
            [
                Action::RecordStep(Step::KonsolidasiManual),
                Action::RecordStep(Step::SinkronisasiDwh),
                Action::Cancel
            ]
        );
        let ready = State {
            status: Diproses,
            dwh_recorded: true,
        };
        assert!(allowed_actions(ready).contains(&Action::Finish));
        assert!(allowed_actions(at(Selesai)).is_empty());
    }

    #[test]
    fn step_codes_round_trip() {
        for s in Step::ALL {
            assert_eq!(Step::from_code(s.code()), Some(s));
        }
    }
}
