//! Nomor WA Pemohon: an Indonesian mobile number for WhatsApp notices. Typed as
//! `08…`, `+62 8…`, `628…` or `8…` with any spaces, dashes, dots or brackets;
//! stored as `+628…`.

use std::fmt;

use thiserror::Error;

use super::Warning;

/// A mobile number that passed every rule, held as `+628…`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WaNumber {
    /// National significant number: starts with `8`, 9–12 digits.
    national: String,
}

/// Why a typed WA number is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum WaError {
    #[error("Nomor WA wajib diisi — isi nomor HP yang dipakai untuk WhatsApp, format 081xxx")]
    Empty,
    #[error("Nomor WA hanya berisi angka (boleh diawali +, spasi, tanda hubung, titik atau kurung) — contoh 0812-3456-7890")]
    InvalidCharacter,
    #[error("Nomor WA harus nomor Indonesia (+62) — isi nomor HP Indonesia, format 081xxx")]
    ForeignNumber,
    #[error("Nomor ini nomor telepon rumah/kantor — isi nomor HP yang dipakai untuk WhatsApp, diawali 08")]
    Landline,
    #[error("Nomor HP Indonesia diawali 081–083 atau 085–089 — periksa kembali nomor WA")]
    NotMobile,
    #[error("Nomor WA terlalu pendek ({0} angka) — nomor HP berisi 10–13 angka, format 081xxx")]
    TooShort(usize),
    #[error("Nomor WA terlalu panjang ({0} angka) — nomor HP berisi 10–13 angka, format 081xxx")]
    TooLong(usize),
}

impl WaError {
    /// Stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            WaError::Empty => "wa_empty",
            WaError::InvalidCharacter => "wa_invalid_character",
            WaError::ForeignNumber => "wa_foreign_number",
            WaError::Landline => "wa_landline",
            WaError::NotMobile => "wa_not_mobile",
            WaError::TooShort(_) => "wa_too_short",
            WaError::TooLong(_) => "wa_too_long",
        }
    }
}

/// Three-digit prefixes (after the 0) that Indonesian operators hand out:
/// Telkomsel, Indosat, XL/Axis, Tri, Smartfren.
const KNOWN_PREFIXES: &[&str] = &[
    "811", "812", "813", "814", "815", "816", "817", "818", "819", "821", "822", "823", "831",
    "832", "833", "838", "851", "852", "853", "855", "856", "857", "858", "859", "877", "878",
    "879", "881", "882", "883", "884", "885", "886", "887", "888", "889", "895", "896", "897",
    "898", "899",
];

impl WaNumber {
    /// Parses a number as typed.
    pub fn parse(input: &str) -> Result<WaNumber, WaError> {
        let trimmed = input.trim();
        if trimmed.is_empty() {
            return Err(WaError::Empty);
        }
        let mut digits = String::new();
        let mut plus = false;
        for (i, c) in trimmed.chars().enumerate() {
            match c {
                '0'..='9' => digits.push(c),
                '+' if i == 0 => plus = true,
                ' ' | '-' | '.' | '(' | ')' | '\u{2010}'..='\u{2015}' | '\u{2212}' => {}
                c if c.is_whitespace() => {}
                _ => return Err(WaError::InvalidCharacter),
            }
            if digits.len() > 32 {
                return Err(WaError::TooLong(digits.len()));
            }
        }
        if digits.is_empty() {
            return Err(WaError::InvalidCharacter);
        }
        let national = if plus {
            digits.strip_prefix("62").ok_or(WaError::ForeignNumber)?
        } else if let Some(rest) = digits.strip_prefix("62") {
            rest
        } else if let Some(rest) = digits.strip_prefix("00") {
            rest.strip_prefix("62").ok_or(WaError::ForeignNumber)?
        } else if let Some(rest) = digits.strip_prefix('0') {
            rest
        } else {
            digits.as_str()
        };
        let national = national.strip_prefix('0').unwrap_or(national);
        match national.as_bytes() {
            [] => return Err(WaError::TooShort(1)),
            [b'8'] => return Err(WaError::TooShort(2)),
            [b'8', b'1'..=b'3' | b'5'..=b'9', ..] => {}
            [b'8', ..] => return Err(WaError::NotMobile),
            _ => return Err(WaError::Landline),
        }
        let local_len = national.len() + 1;
        if local_len < 10 {
            return Err(WaError::TooShort(local_len));
        }
        if local_len > 13 {
            return Err(WaError::TooLong(local_len));
        }
        Ok(WaNumber {
            national: national.to_string(),
        })
    }

    /// The stored form: `+6281234567890`.
    pub fn e164(&self) -> String {
        format!("+62{}", self.national)
    }

    /// The form people write: `0812-3456-7890`.
    pub fn local(&self) -> String {
        let local = format!("0{}", self.national);
        let (a, rest) = local.split_at(4);
        let (b, c) = rest.split_at(4.min(rest.len()));
        if c.is_empty() {
            format!("{a}-{b}")
        } else {
            format!("{a}-{b}-{c}")
        }
    }

    /// An operator prefix that no Indonesian operator is known to use.
    pub fn warnings(&self) -> Vec<Warning> {
        let prefix = &self.national[0..3];
        if KNOWN_PREFIXES.contains(&prefix) {
            Vec::new()
        } else {
            vec![Warning {
                code: "wa_unknown_prefix",
                message: format!(
                    "Awalan 0{prefix} tidak dikenal sebagai nomor HP operator Indonesia — \
                     pastikan nomor WA sudah benar"
                ),
            }]
        }
    }
}

impl fmt::Display for WaNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.e164())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn e164(s: &str) -> String {
        WaNumber::parse(s).unwrap().e164()
    }

    #[test]
    fn zero_eight_form() {
        assert_eq!(e164("081234567890"), "+6281234567890");
    }

    #[test]
    fn plus_62_form_with_spaces() {
        assert_eq!(e164("+62 812 3456 7890"), "+6281234567890");
    }

    #[test]
    fn sixty_two_form() {
        assert_eq!(e164("6281234567890"), "+6281234567890");
    }

    #[test]
    fn bare_eight_form() {
        assert_eq!(e164("81234567890"), "+6281234567890");
    }

    #[test]
    fn separators_and_brackets() {
        assert_eq!(e164("(0812) 3456-7890"), "+6281234567890");
        assert_eq!(e164("0812.3456.7890"), "+6281234567890");
    }

    #[test]
    fn plus_62_with_trunk_zero() {
        assert_eq!(e164("+62 (0)812-3456-7890"), "+6281234567890");
    }

    #[test]
    fn ten_digits_is_the_minimum() {
        assert_eq!(e164("0812345678"), "+62812345678");
        assert_eq!(WaNumber::parse("081234567"), Err(WaError::TooShort(9)));
    }

    #[test]
    fn thirteen_digits_is_the_maximum() {
        assert_eq!(e164("0812345678901"), "+62812345678901");
        assert_eq!(WaNumber::parse("08123456789012"), Err(WaError::TooLong(14)));
    }

    #[test]
    fn empty_is_refused() {
        assert_eq!(WaNumber::parse(" "), Err(WaError::Empty));
    }

    #[test]
    fn letters_are_refused() {
        assert_eq!(
            WaNumber::parse("0812-ABCD-7890"),
            Err(WaError::InvalidCharacter)
        );
    }

    #[test]
    fn plus_in_the_middle_is_refused() {
        assert_eq!(
            WaNumber::parse("0812+34567890"),
            Err(WaError::InvalidCharacter)
        );
    }

    #[test]
    fn landline_is_refused() {
        assert_eq!(WaNumber::parse("021-5551234"), Err(WaError::Landline));
        assert_eq!(WaNumber::parse("+62 21 5551234"), Err(WaError::Landline));
        assert_eq!(WaNumber::parse("0711 352 123"), Err(WaError::Landline));
    }

    #[test]
    fn other_countries_are_refused() {
        assert_eq!(
            WaNumber::parse("+60 12 345 6789"),
            Err(WaError::ForeignNumber)
        );
        assert_eq!(
            WaNumber::parse("0060123456789"),
            Err(WaError::ForeignNumber)
        );
    }

    #[test]
    fn eight_four_and_eight_zero_are_not_mobile() {
        assert_eq!(WaNumber::parse("0841234567890"), Err(WaError::NotMobile));
        assert_eq!(WaNumber::parse("0801234567890"), Err(WaError::NotMobile));
    }

    #[test]
    fn known_prefix_has_no_warning() {
        assert!(WaNumber::parse("081234567890")
            .unwrap()
            .warnings()
            .is_empty());
    }

    #[test]
    fn unknown_prefix_is_a_warning() {
        let w = WaNumber::parse("0820 1234 5678").unwrap().warnings();
        assert_eq!(w[0].code, "wa_unknown_prefix");
    }

    #[test]
    fn local_form_is_grouped() {
        assert_eq!(
            WaNumber::parse("+6281234567890").unwrap().local(),
            "0812-3456-7890"
        );
    }
}
