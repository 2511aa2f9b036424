//! Which paper this PC prints receipts on. Offices print receipts on a 58 or 80 mm thermal roll
//! printer installed as a Windows printer, or on A4 when the desk has only an office printer;
//! the choice is the PC's (its printer), kept in its own config file and made in Pengaturan.
//! The layouts themselves are print stylesheets (`ui/css/print.css`, one named page each).

use serde::{Deserialize, Serialize};
use thiserror::Error;

use crate::error::{Code, ErrorPayload};

/// The paper a receipt is printed on through the print dialog.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ReceiptPaper {
    /// A 58 mm thermal roll (48 mm printable): the common counter printer.
    #[serde(rename = "58")]
    Mm58,
    /// An 80 mm thermal roll (72 mm printable).
    #[serde(rename = "80")]
    Mm80,
    /// A4 on any office printer; what a PC that has chosen nothing gets, since every printer
    /// takes it.
    #[default]
    #[serde(rename = "a4")]
    A4,
}

/// A paper choice that is not one of the three.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
#[error("Pilih kertas tanda terima: 58 mm, 80 mm, atau A4")]
pub struct PaperError;

impl PaperError {
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload {
            field: Some("receiptPaper".to_string()),
            ..ErrorPayload::new(Code::SettingsInvalid, self.to_string())
        }
    }
}

impl ReceiptPaper {
    pub const ALL: [ReceiptPaper; 3] = [ReceiptPaper::Mm58, ReceiptPaper::Mm80, ReceiptPaper::A4];

    /// `58`, `80` or `a4`, as the settings form and the config file write it.
    pub fn parse(text: &str) -> Result<ReceiptPaper, PaperError> {
        match text.trim().to_ascii_lowercase().as_str() {
            "58" | "58mm" => Ok(ReceiptPaper::Mm58),
            "80" | "80mm" => Ok(ReceiptPaper::Mm80),
            "a4" => Ok(ReceiptPaper::A4),
            _ => Err(PaperError),
        }
    }

    /// The name of its page in the print stylesheet (`@page receipt-58`).
    pub fn page(self) -> &'static str {
        match self {
            ReceiptPaper::Mm58 => "receipt-58",
            ReceiptPaper::Mm80 => "receipt-80",
            ReceiptPaper::A4 => "a4",
        }
    }

    /// How Pengaturan names it.
    pub fn label(self) -> &'static str {
        match self {
            ReceiptPaper::Mm58 => "Struk 58 mm (printer thermal kecil)",
            ReceiptPaper::Mm80 => "Struk 80 mm (printer thermal)",
            ReceiptPaper::A4 => "A4 (printer kantor)",
        }
    }
}

/// This PC's print choices, as its config file (`cetak.json`) keeps them.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct PrintSettings {
    pub receipt_paper: ReceiptPaper,
}

/// One paper as Pengaturan offers it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct PaperChoice {
    pub value: ReceiptPaper,
    pub label: &'static str,
}

/// What a window is told of this PC's print choices: the paper, the page the print stylesheet
/// names for it, and the choices for Pengaturan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PrintView {
    pub receipt_paper: ReceiptPaper,
    pub receipt_page: &'static str,
    pub papers: Vec<PaperChoice>,
}

impl PrintSettings {
    pub fn view(self) -> PrintView {
        PrintView {
            receipt_paper: self.receipt_paper,
            receipt_page: self.receipt_paper.page(),
            papers: ReceiptPaper::ALL
                .iter()
                .map(|&value| PaperChoice {
                    value,
                    label: value.label(),
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_three_papers_parse_as_the_form_writes_them() {
        assert_eq!(ReceiptPaper::parse("58"), Ok(ReceiptPaper::Mm58));
        assert_eq!(ReceiptPaper::parse(" 80mm "), Ok(ReceiptPaper::Mm80));
        assert_eq!(ReceiptPaper::parse("A4"), Ok(ReceiptPaper::A4));
    }

    #[test]
    fn another_paper_is_refused_in_indonesian_next_to_the_field() {
        let e = ReceiptPaper::parse("letter").unwrap_err().payload();
        assert_eq!(e.code, "settings_invalid");
        assert_eq!(e.field.as_deref(), Some("receiptPaper"));
        assert!(e.message.contains("58 mm, 80 mm, atau A4"));
    }

    #[test]
    fn a_pc_that_chose_nothing_prints_on_a4() {
        let s: PrintSettings = serde_json::from_str("{}").unwrap();
        assert_eq!(s.receipt_paper, ReceiptPaper::A4);
        let s: PrintSettings = serde_json::from_str(r#"{"receiptPaper":"58"}"#).unwrap();
        assert_eq!(s.receipt_paper.page(), "receipt-58");
    }
}
