//! Requests (Pengajuan) as the store reads them: the record, its summary in a list, a page of
//! the list, a history row, where it was typed in (`Channel`) and its registration number
//! (`SD-YYMMDD-NNNN`, [`reg_number`]).

use compact_str::CompactString;
use serde::Serialize;

use super::StoreError;

use crate::status::Status;

/// Where a request was typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// At the counter, by an operator.
    Desk,
    /// At the Anjungan, by the applicant.
    Kiosk,
}

impl Channel {
    /// The stored word (`desk`, `kiosk`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Desk => "desk",
            Channel::Kiosk => "kiosk",
        }
    }

    /// How the office names it: `Loket`, `Anjungan`.
    pub fn label(self) -> &'static str {
        match self {
            Channel::Desk => "Loket",
            Channel::Kiosk => "Anjungan",
        }
    }

    /// The stored word read back.
    pub fn parse(s: &str) -> Result<Channel, StoreError> {
        match s {
            "desk" => Ok(Channel::Desk),
            "kiosk" => Ok(Channel::Kiosk),
            other => Err(StoreError::Corrupt(format!("channel {other:?}"))),
        }
    }
}

/// What saving returns: the row id and the number the applicant is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedRequest {
    pub id: i64,
    /// `SD-261127-0007`.
    pub reg_number: String,
    /// The check code for the receipt: shown once, stored only as a hash.
    pub check_code: String,
}

/// One line of the request list. Its texts are [`CompactString`]s: up to 24 bytes they are
/// kept in place, so a page of the queue is built without an allocation per field (a number,
/// a masked NIK, both times and most names fit).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSummary {
    pub id: i64,
    pub reg_number: CompactString,
    pub applicant_name: CompactString,
    /// `161001******0001`.
    pub nik_masked: CompactString,
    pub status: Status,
    /// UTC, RFC 3339.
    pub created_at: CompactString,
    /// `27 Nov 2026 10.15 WIB`, in the office's zone.
    pub created_at_display: CompactString,
    pub channel: Channel,
}

/// A page of the list, with the counts the frame shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestPage {
    pub items: Vec<RequestSummary>,
    pub total: i64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    /// Requests still Baru, Disetujui or Diproses.
    pub open_count: i64,
}

/// One request, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    pub id: i64,
    pub reg_number: String,
    pub applicant_name: String,
    pub nik: String,
    pub kk_number: String,
    pub problem: String,
    /// `+628…`.
    pub wa_number: String,
    pub status: Status,
    pub version: i64,
    pub channel: Channel,
    pub created_at: String,
    pub updated_at: String,
}

/// One row of the status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub from: Option<Status>,
    pub to: Status,
    pub operator_name: String,
    pub note: Option<String>,
    pub at: String,
    pub at_display: String,
    /// Why it was cancelled, when the operator chose a reason.
    pub cancel_reason: Option<crate::workflow::CancelReason>,
    /// Its label (`Pengajuan ganda`).
    pub cancel_reason_label: Option<String>,
}

/// `SD-261127-0007`: service, office-local date, the day's sequence.
pub fn reg_number(day: &str, seq: i64) -> String {
    format!("SD-{day}-{seq:04}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg_number_is_short_and_readable() {
        assert_eq!(reg_number("261127", 7), "SD-261127-0007");
        assert_eq!(reg_number("261127", 12345), "SD-261127-12345");
    }
}
