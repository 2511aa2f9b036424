//! Permasalahan Data: the applicant's own words about what failed, e.g.
//! `NIK 1610xxxxxxx tdk bisa daftar BPJS / data tidak ditemukan di BANK Mandiri`.

use std::fmt;

use thiserror::Error;

/// The longest text accepted, in characters.
pub const PROBLEM_MAX: usize = 1000;

/// The problem text, trimmed, line ends as `\n`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProblemText(String);

/// Why a typed problem text is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum ProblemError {
    #[error("Permasalahan Data wajib diisi — tulis singkat apa yang gagal, misal: NIK tidak bisa daftar BPJS")]
    Empty,
    #[error("Permasalahan Data terlalu panjang ({0} karakter, paling banyak 1000) — persingkat ceritanya")]
    TooLong(usize),
    #[error(
        "Permasalahan Data berisi karakter kendali yang tidak dapat dicetak — ketik ulang teksnya"
    )]
    ControlCharacter,
}

impl ProblemError {
    /// Stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            ProblemError::Empty => "problem_empty",
            ProblemError::TooLong(_) => "problem_too_long",
            ProblemError::ControlCharacter => "problem_control_character",
        }
    }
}

impl ProblemText {
    pub fn parse(input: &str) -> Result<ProblemText, ProblemError> {
        let text = input.replace("\r\n", "\n").replace('\r', "\n");
        let text = text.trim();
        if text.is_empty() {
            return Err(ProblemError::Empty);
        }
        if text
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            return Err(ProblemError::ControlCharacter);
        }
        let len = text.chars().count();
        if len > PROBLEM_MAX {
            return Err(ProblemError::TooLong(len));
        }
        Ok(ProblemText(text.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ProblemText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_example_is_accepted() {
        let text = "NIK 1610xxxxxxx tdk bisa daftar BPJS / data tidak ditemukan di BANK Mandiri";
        assert_eq!(ProblemText::parse(text).unwrap().as_str(), text);
    }

    #[test]
    fn empty_is_refused() {
        assert_eq!(ProblemText::parse("  \n "), Err(ProblemError::Empty));
    }

    #[test]
    fn thousand_characters_is_the_limit() {
        assert!(ProblemText::parse(&"é".repeat(1000)).is_ok());
        assert_eq!(
            ProblemText::parse(&"é".repeat(1001)),
            Err(ProblemError::TooLong(1001))
        );
    }

    #[test]
    fn line_breaks_are_kept_and_normalised() {
        assert_eq!(ProblemText::parse("a\r\nb").unwrap().as_str(), "a\nb");
    }

    #[test]
    fn control_characters_are_refused() {
        assert_eq!(
            ProblemText::parse("a\u{0007}b"),
            Err(ProblemError::ControlCharacter)
        );
    }
}
