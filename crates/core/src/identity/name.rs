//! Nama Pemohon: a person's name as written on the KTP-el, titles included
//! (`Drs. H. Ahmad, S.H.`). Letters of any script, spaces and `.,'’-` only.

use std::fmt;

use thiserror::Error;

/// The longest name accepted, in characters.
pub const NAME_MAX: usize = 100;

/// A name that passed every rule, whitespace folded.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicantName(String);

/// Why a typed name is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NameError {
    #[error("Nama Pemohon wajib diisi — tulis nama sesuai KTP-el")]
    Empty,
    #[error("Nama Pemohon tidak boleh berisi angka — tulis nama sesuai KTP-el")]
    ContainsDigit,
    #[error("Nama Pemohon tidak boleh berisi tanda < > atau kode — tulis nama sesuai KTP-el")]
    ContainsMarkup,
    #[error("Nama Pemohon tidak boleh berisi “{0}” — hanya huruf, spasi dan tanda . , ' -")]
    InvalidCharacter(char),
    #[error("Nama Pemohon harus berisi huruf — tulis nama sesuai KTP-el")]
    NoLetters,
    #[error(
        "Nama Pemohon terlalu panjang ({0} karakter, paling banyak 100) — singkat gelar bila perlu"
    )]
    TooLong(usize),
}

impl NameError {
    /// Stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            NameError::Empty => "name_empty",
            NameError::ContainsDigit => "name_contains_digit",
            NameError::ContainsMarkup => "name_contains_markup",
            NameError::InvalidCharacter(_) => "name_invalid_character",
            NameError::NoLetters => "name_no_letters",
            NameError::TooLong(_) => "name_too_long",
        }
    }
}

impl ApplicantName {
    /// Parses a name as typed: runs of whitespace become one space, ends trimmed.
    pub fn parse(input: &str) -> Result<ApplicantName, NameError> {
        let folded = input.split_whitespace().collect::<Vec<_>>().join(" ");
        if folded.is_empty() {
            return Err(NameError::Empty);
        }
        for c in folded.chars() {
            match c {
                c if c.is_numeric() => return Err(NameError::ContainsDigit),
                '<' | '>' => return Err(NameError::ContainsMarkup),
                c if c.is_alphabetic() => {}
                // Combining accents, for names typed in decomposed form (e + ◌́).
                '\u{0300}'..='\u{036F}' => {}
                ' ' | '.' | ',' | '\'' | '’' | '-' => {}
                c => return Err(NameError::InvalidCharacter(c)),
            }
        }
        if !folded.chars().any(char::is_alphabetic) {
            return Err(NameError::NoLetters);
        }
        let len = folded.chars().count();
        if len > NAME_MAX {
            return Err(NameError::TooLong(len));
        }
        Ok(ApplicantName(folded))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ApplicantName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_are_accepted() {
        assert_eq!(
            ApplicantName::parse("Drs. H. Ahmad, S.H.")
                .unwrap()
                .as_str(),
            "Drs. H. Ahmad, S.H."
        );
    }

    #[test]
    fn apostrophes_and_dashes_are_accepted() {
        assert!(ApplicantName::parse("Ma'ruf Al-Amin").is_ok());
        assert!(ApplicantName::parse("Nur’aini").is_ok());
    }

    #[test]
    fn other_scripts_are_letters() {
        assert!(ApplicantName::parse("Ñoño Ölçer").is_ok());
    }

    #[test]
    fn whitespace_is_folded() {
        assert_eq!(
            ApplicantName::parse("  Siti \t\n Aminah  ")
                .unwrap()
                .as_str(),
            "Siti Aminah"
        );
    }

    #[test]
    fn empty_is_refused() {
        assert_eq!(ApplicantName::parse(" \n "), Err(NameError::Empty));
    }

    #[test]
    fn digits_are_refused() {
        assert_eq!(
            ApplicantName::parse("Siti 2"),
            Err(NameError::ContainsDigit)
        );
        assert_eq!(
            ApplicantName::parse("Siti ٣"),
            Err(NameError::ContainsDigit)
        );
    }

    #[test]
    fn markup_is_refused() {
        assert_eq!(
            ApplicantName::parse("<b>Siti</b>"),
            Err(NameError::ContainsMarkup)
        );
    }

    #[test]
    fn decomposed_accents_are_accepted() {
        assert!(ApplicantName::parse("Jose\u{301} Sa\u{301}nchez").is_ok());
    }

    #[test]
    fn other_symbols_are_refused() {
        assert_eq!(
            ApplicantName::parse("Siti/Aminah"),
            Err(NameError::InvalidCharacter('/'))
        );
        assert_eq!(
            ApplicantName::parse("Siti @ Aminah"),
            Err(NameError::InvalidCharacter('@'))
        );
    }

    #[test]
    fn punctuation_alone_is_refused() {
        assert_eq!(ApplicantName::parse(".. -"), Err(NameError::NoLetters));
    }

    #[test]
    fn hundred_characters_is_the_limit() {
        assert!(ApplicantName::parse(&"a".repeat(100)).is_ok());
        assert_eq!(
            ApplicantName::parse(&"a".repeat(101)),
            Err(NameError::TooLong(101))
        );
    }
}
