//! Sinkron's domain: the rules of the *Sinkronisasi Data (BPJS / Bank / Data
//! Online)* service, its use cases, and the storage ports they run on. This crate knows
//! nothing of Tauri, of any screen or of SQL: the SQLite file (`sinkron-sqlite`) and the
//! office's server (`sinkron-pg`) implement its ports; the shell and the tests call it.

pub mod accounts;
pub mod audit_chain;
pub mod auth;
pub mod backup;
pub mod changes;
pub mod checkcode;
pub mod error;
pub mod form;
pub mod identity;
pub mod kiosk;
pub mod kiosk_store;
pub mod notify;
pub mod office;
pub mod paper;
pub mod photo;
pub mod qr;
pub mod receipt;
pub mod region;
pub mod rekap;
pub mod retention;
pub mod status;
pub mod store;
pub mod tx;
pub mod workdays;
pub mod workflow;
pub mod zone;

pub use accounts::{AccountPort, AccountStore, AccountTx, NewOperator, PasswordKeeping};
pub use changes::{ChangePort, ChangeTx, Held, RequestChanges};
pub use error::{Code, ErrorPayload};
pub use form::{
    check_form, validate_form, FieldReport, FormCheck, FormInput, Notice, ValidRequest,
};
pub use identity::{ApplicantName, KkNumber, Nik, ProblemText, WaNumber};
pub use kiosk_store::{KioskSent, KioskStore, LeaveWith, OwnLoginCheck};
pub use photo::{complete_submission, process_blocking, DocumentKind, PhotoError, ProcessedPhoto};
pub use status::Status;
pub use store::DeskStore;
pub use store::{
    ActError, Acted, Actor, AuditEntry, AuditFilter, AuthError, BatchOutcome, ChangeEntry, Channel,
    CreatedRequest, ExportRow, Field, HistoryEntry, LookupError, NoticeEntry, Operator,
    PublicStatus, QueueItem, QueuePage, QueueQuery, QueueSort, RequestPage, RequestRecord,
    RequestStore, RequestSummary, Settings, StatusCounts, StepEntry, StoreError, WaNotice,
};
pub use store::{ActionOption, DocumentInfo, ImageSize, OtherRequest, RequestDetail};
pub use store::{DbFailure, FailureKind};
pub use tx::WriteTx;
pub use workflow::{Action, Step, WorkflowError};
pub use zone::OfficeZone;

/// The version of Sinkron, shown on the About screen.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
