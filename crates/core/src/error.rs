//! The one shape in which an error leaves the core for a screen:
//! `{code, message, field?}`. The code is one of [`Code`] (a typo is a compile error), stable
//! for the UI to branch on and sent as its snake_case text (`storage_busy`), which is also the
//! key the UI's strings use; the message is Indonesian and says what to do; nothing in it is
//! SQL or a path.

use std::fmt;

use serde::{Serialize, Serializer};

use crate::form::FormCheck;

/// An error as a screen receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPayload {
    pub code: Code,
    pub message: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    /// For `form_invalid`: every field's report, so each error shows beside its field.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub check: Option<Box<FormCheck>>,
    /// Other refusals found by the same check (a missing photo beside a form
    /// error), each with its own `field`, so every one shows beside its field.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub more: Vec<ErrorPayload>,
}

impl ErrorPayload {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        ErrorPayload {
            code,
            message: message.into(),
            field: None,
            check: None,
            more: Vec::new(),
        }
    }

    /// The same error, shown beside `field`.
    pub fn at(mut self, field: &str) -> Self {
        self.field = Some(field.to_string());
        self
    }
}

impl From<&FormCheck> for ErrorPayload {
    fn from(check: &FormCheck) -> Self {
        let field = check.first_error().map(|(f, _)| f.to_string());
        ErrorPayload {
            code: Code::FormInvalid,
            message: "Ada isian yang perlu diperbaiki — lihat pesan di samping kolomnya"
                .to_string(),
            field,
            check: Some(Box::new(check.clone())),
            more: Vec::new(),
        }
    }
}

/// Declares [`Code`] with each variant's text, in one list.
macro_rules! codes {
    ($($name:ident = $text:literal,)*) => {
        /// Every code an error can reach a screen with. Field checks have their own codes
        /// (`nik_wrong_length`, …) in each field's error type.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Code {
            $($name,)*
        }

        impl Code {
            /// Every code, for tests that compare them with the UI's.
            pub const ALL: &'static [Code] = &[$(Code::$name,)*];

            /// The code as the UI receives it.
            pub fn as_str(self) -> &'static str {
                match self {
                    $(Code::$name => $text,)*
                }
            }
        }
    };
}

codes! {
    DbConfigUnreadable = "db_config_unreadable",
    SessionEnded = "session_ended",
    DbInvalid = "db_invalid",
    SettingsInvalid = "settings_invalid",
    AccountBadDisplayName = "account_bad_display_name",
    AccountBadUsername = "account_bad_username",
    AccountPasswordIsUsername = "account_password_is_username",
    AccountPasswordTooLong = "account_password_too_long",
    AccountPasswordTooShort = "account_password_too_short",
    AccountPasswordsDiffer = "account_passwords_differ",
    AuthAlreadySetUp = "auth_already_set_up",
    AuthBadCredentials = "auth_bad_credentials",
    AuthLastAdmin = "auth_last_admin",
    AuthLockedOut = "auth_locked_out",
    AuthNoSuchOperator = "auth_no_such_operator",
    AuthRoleUnknown = "auth_role_unknown",
    AuthUsernameTaken = "auth_username_taken",
    BackupDiskFull = "backup_disk_full",
    BackupFailed = "backup_failed",
    BackupFolder = "backup_folder",
    BackupNewer = "backup_newer",
    BackupNoFolder = "backup_no_folder",
    BackupNotVerified = "backup_not_verified",
    BackupOnServer = "backup_on_server",
    BackupPassphraseNeeded = "backup_passphrase_needed",
    BackupWrongPassphrase = "backup_wrong_passphrase",
    BackupOtherKey = "backup_other_key",
    BackupPassphraseInvalid = "backup_passphrase_invalid",
    BackupRunning = "backup_running",
    BackupUnknown = "backup_unknown",
    CameraUnavailable = "camera_unavailable",
    ConfigUnwritable = "config_unwritable",
    CorrectionInvalidValue = "correction_invalid_value",
    CorrectionReasonRequired = "correction_reason_required",
    CorrectionUnchanged = "correction_unchanged",
    CredentialStore = "credential_store",
    DbBadLogin = "db_bad_login",
    DbDeskTooOld = "db_desk_too_old",
    DbKioskLogin = "db_kiosk_login",
    DbMoveFailed = "db_move_failed",
    DbMoveNotSqlite = "db_move_not_sqlite",
    DbNotInstalled = "db_not_installed",
    DbServerTooOld = "db_server_too_old",
    DbUnreachable = "db_unreachable",
    DbWrongGroup = "db_wrong_group",
    ExportFailed = "export_failed",
    ExportNotSaved = "export_not_saved",
    Forbidden = "forbidden",
    Internal = "internal",
    KioskForbidden = "kiosk_forbidden",
    KioskOnly = "kiosk_only",
    LinkFailed = "link_failed",
    LinkRefused = "link_refused",
    LookupLockedOut = "lookup_locked_out",
    LookupNoMatch = "lookup_no_match",
    PhotoCorrupt = "photo_corrupt",
    PhotoDecoderPanic = "photo_decoder_panic",
    PhotoDimensionsTooLarge = "photo_dimensions_too_large",
    PhotoEmpty = "photo_empty",
    PhotoFailed = "photo_failed",
    PhotoHeic = "photo_heic",
    PhotoKind = "photo_kind",
    PhotoKindUnknown = "photo_kind_unknown",
    PhotoMissing = "photo_missing",
    PhotoPdf = "photo_pdf",
    PhotoReplaceClosed = "photo_replace_closed",
    PhotoReplaceReasonRequired = "photo_replace_reason_required",
    PhotoReplaceUnchanged = "photo_replace_unchanged",
    PhotoSameTwice = "photo_same_twice",
    PhotoTooLarge = "photo_too_large",
    PhotoTooSmall = "photo_too_small",
    PhotoTruncated = "photo_truncated",
    PhotoUnknownFormat = "photo_unknown_format",
    PhotoUnreadable = "photo_unreadable",
    PhotoUnsupportedFormat = "photo_unsupported_format",
    PrinterInterrupted = "printer_interrupted",
    PrinterNotSet = "printer_not_set",
    PrinterUnreachable = "printer_unreachable",
    ReceiptGone = "receipt_gone",
    RekapPeriodInvalid = "rekap_period_invalid",
    RequestChanged = "request_changed",
    RequestNotFound = "request_not_found",
    SessionLocked = "session_locked",
    SessionRequired = "session_required",
    SignInFailed = "sign_in_failed",
    StorageBusy = "storage_busy",
    StorageFull = "storage_full",
    StorageCorrupt = "storage_corrupt",
    StorageDamaged = "storage_damaged",
    StorageEncryption = "storage_encryption",
    StorageFailed = "storage_failed",
    StorageMigrationFailed = "storage_migration_failed",
    StorageReplaced = "storage_replaced",
    StorageUnavailable = "storage_unavailable",
    WorkflowApproveNeedsBaru = "workflow_approve_needs_baru",
    WorkflowCancelNoteRequired = "workflow_cancel_note_required",
    WorkflowCancelReasonRequired = "workflow_cancel_reason_required",
    WorkflowFinal = "workflow_final",
    WorkflowFinishNeedsDiproses = "workflow_finish_needs_diproses",
    WorkflowFinishNeedsDwh = "workflow_finish_needs_dwh",
    WorkflowNoteTooLong = "workflow_note_too_long",
    WorkflowStepNeedsApproval = "workflow_step_needs_approval",
    FormInvalid = "form_invalid",
}

impl Serialize for Code {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl fmt::Display for Code {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl PartialEq<&str> for Code {
    fn eq(&self, other: &&str) -> bool {
        self.as_str() == *other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_snake_case_and_different() {
        let mut seen = std::collections::BTreeSet::new();
        for code in Code::ALL {
            let text = code.as_str();
            assert!(
                text.chars().all(|c| c.is_ascii_lowercase() || c == '_'),
                "{text}"
            );
            assert!(seen.insert(text), "{text} twice");
        }
    }

    #[test]
    fn a_payload_sends_its_code_as_text() {
        let payload = ErrorPayload::new(Code::StorageBusy, "Coba lagi");
        let json = serde_json::to_value(&payload).unwrap();
        assert_eq!(json["code"], "storage_busy");
    }
}
