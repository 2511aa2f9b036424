//! The one shape in which an error leaves the core for a screen:
//! `{code, message, field?}`. The code is stable for the UI to branch on; the
//! message is Indonesian and says what to do; nothing in it is SQL or a path.

use serde::Serialize;

use crate::form::FormCheck;

/// An error as a screen receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ErrorPayload {
    pub code: String,
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
    pub fn new(code: &str, message: impl Into<String>) -> Self {
        ErrorPayload {
            code: code.to_string(),
            message: message.into(),
            field: None,
            check: None,
            more: Vec::new(),
        }
    }
}

impl From<&FormCheck> for ErrorPayload {
    fn from(check: &FormCheck) -> Self {
        let field = check.first_error().map(|(f, _)| f.to_string());
        ErrorPayload {
            code: "form_invalid".to_string(),
            message: "Ada isian yang perlu diperbaiki — lihat pesan di samping kolomnya"
                .to_string(),
            field,
            check: Some(Box::new(check.clone())),
            more: Vec::new(),
        }
    }
}
