//! WhatsApp notices: the editable templates (settings `wa_template_<Status>`), the message for
//! a request's current status ([`compose_wa_notice`]), and the row that says a notice was
//! opened, by whom, with which template.

use serde::Serialize;

use super::requests::{HistoryEntry, RequestRecord};

use crate::notify::{default_template, render, wa_link, NoticeFacts};
use crate::status::Status;

/// A notice ready to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WaNotice {
    pub text: String,
    pub link: String,
    pub status: Status,
}

/// A notice opened earlier.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NoticeEntry {
    pub status: Status,
    pub template: String,
    pub operator_name: String,
    pub at: String,
}

/// The notice for a request's current status, the same on every backend: the template filled
/// in (with the last note of its history, the cancel reason among them) and its wa.me link. The
/// NIK and KK never appear (`notify::render` masks every 16-digit run).
pub fn compose_wa_notice(
    rec: &RequestRecord,
    history: &[HistoryEntry],
    office: &str,
    template: &str,
) -> WaNotice {
    let note = history.iter().rev().find_map(|h| h.note.as_deref());
    let text = render(
        template,
        &NoticeFacts {
            name: &rec.applicant_name,
            reg_number: &rec.reg_number,
            status: rec.status,
            note,
            office,
        },
    );
    let link = wa_link(&rec.wa_number, &text);
    WaNotice {
        text,
        link,
        status: rec.status,
    }
}

/// The office's own template for a status when it has one, else the default.
pub fn effective_template(own: Option<String>, status: Status) -> String {
    own.filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| default_template(status).to_string())
}

/// The settings key of a status's WA template.
pub fn template_key(status: Status) -> String {
    format!("wa_template_{}", status.as_str())
}
