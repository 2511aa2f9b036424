//! Nomor Kartu Keluarga: `PP KK CC DDMMYY SSSS`, the region where the KK was
//! issued, the issue date (no +40), and a serial. A KK region different from
//! the NIK region is normal: people move.

use std::fmt;

use chrono::NaiveDate;
use serde::Serialize;
use thiserror::Error;

use super::date::{resolve, two};
use super::number::{check_region_and_serial, sixteen_digits, RegionFacts, ShapeError};
use super::{group16, Warning};
use crate::zone::{long_date, today_wib};

/// A KK number that passed every rule.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct KkNumber {
    digits: String,
    facts: KkFacts,
}

/// What a KK number says.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KkFacts {
    pub region: RegionFacts,
    pub issue_date: NaiveDate,
}

impl KkFacts {
    /// `Kab. Ogan Ilir · Kec. Muara Kuang · terbit 2 Maret 2015`.
    pub fn summary(&self) -> String {
        format!(
            "{} · terbit {}",
            self.region.summary(),
            long_date(self.issue_date)
        )
    }
}

/// Why a typed KK number is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum KkError {
    #[error("Nomor KK wajib diisi — salin 16 angka di bagian atas Kartu Keluarga")]
    Empty,
    #[error("Nomor KK hanya berisi angka 0–9 (spasi, titik dan tanda hubung boleh) — periksa kembali Kartu Keluarga Anda")]
    NotDigits,
    #[error(
        "Nomor KK harus 16 angka, yang terisi {0} angka — periksa kembali Kartu Keluarga Anda"
    )]
    WrongLength(usize),
    #[error("Dua angka pertama Nomor KK ({0}) bukan kode provinsi — periksa kembali Kartu Keluarga Anda")]
    UnknownProvince(String),
    #[error("Angka ke-3 dan ke-4 Nomor KK (kode kabupaten/kota) tidak boleh 00 — periksa kembali Kartu Keluarga Anda")]
    RegencyZero,
    #[error("Angka ke-5 dan ke-6 Nomor KK (kode kecamatan) tidak boleh 00 — periksa kembali Kartu Keluarga Anda")]
    DistrictZero,
    #[error("Angka ke-7 sampai ke-12 Nomor KK ({0}) bukan tanggal terbit yang benar (TTBBTT) — periksa kembali Kartu Keluarga Anda")]
    InvalidIssueDate(String),
    #[error(
        "Empat angka terakhir Nomor KK tidak boleh 0000 — periksa kembali Kartu Keluarga Anda"
    )]
    SerialZero,
}

impl KkError {
    /// Stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            KkError::Empty => "kk_empty",
            KkError::NotDigits => "kk_not_digits",
            KkError::WrongLength(_) => "kk_wrong_length",
            KkError::UnknownProvince(_) => "kk_unknown_province",
            KkError::RegencyZero => "kk_regency_zero",
            KkError::DistrictZero => "kk_district_zero",
            KkError::InvalidIssueDate(_) => "kk_invalid_issue_date",
            KkError::SerialZero => "kk_serial_zero",
        }
    }
}

impl KkNumber {
    /// Parses a KK number as typed, with today's date in WIB.
    pub fn parse(input: &str) -> Result<KkNumber, KkError> {
        KkNumber::parse_on(input, today_wib())
    }

    /// Parses a KK number as typed; the issue date may not be after `today`.
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<KkNumber, KkError> {
        let digits = sixteen_digits(input).map_err(|e| shape_error(e, input))?;
        check_region_and_serial(&digits).map_err(|e| shape_error(e, &digits))?;
        let issue_date = resolve(two(&digits, 6), two(&digits, 8), two(&digits, 10), today)
            .ok_or_else(|| KkError::InvalidIssueDate(digits[6..12].to_string()))?;
        let facts = KkFacts {
            region: RegionFacts::decode(&digits),
            issue_date,
        };
        Ok(KkNumber { digits, facts })
    }

    /// The sixteen digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// What the number says.
    pub fn facts(&self) -> &KkFacts {
        &self.facts
    }

    /// Doubts that do not block: a region code missing from the current list.
    pub fn warnings(&self) -> Vec<Warning> {
        self.facts.region.warnings("Nomor KK")
    }
}

impl fmt::Display for KkNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&group16(&self.digits))
    }
}

fn shape_error(e: ShapeError, digits: &str) -> KkError {
    match e {
        ShapeError::Empty => KkError::Empty,
        ShapeError::NotDigits => KkError::NotDigits,
        ShapeError::WrongLength(n) => KkError::WrongLength(n),
        ShapeError::UnknownProvince => KkError::UnknownProvince(digits[0..2].to_string()),
        ShapeError::RegencyZero => KkError::RegencyZero,
        ShapeError::DistrictZero => KkError::DistrictZero,
        ShapeError::SerialZero => KkError::SerialZero,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<KkNumber, KkError> {
        KkNumber::parse_on(s, NaiveDate::from_ymd_opt(2026, 11, 27).unwrap())
    }

    #[test]
    fn valid_kk_decodes_region_and_issue_date() {
        let kk = parse("1610010203150003").unwrap();
        assert_eq!(
            kk.facts().issue_date,
            NaiveDate::from_ymd_opt(2015, 3, 2).unwrap()
        );
        assert_eq!(kk.facts().region.regency.as_deref(), Some("Kab. Ogan Ilir"));
        assert!(kk.facts().summary().ends_with("terbit 2 Maret 2015"));
    }

    #[test]
    fn separators_are_ignored() {
        assert_eq!(
            parse("1610-0102-0315-0003").unwrap().as_str(),
            "1610010203150003"
        );
    }

    #[test]
    fn empty_is_refused() {
        assert_eq!(parse(""), Err(KkError::Empty));
    }

    #[test]
    fn letters_are_refused() {
        assert_eq!(parse("16100102031500O3"), Err(KkError::NotDigits));
    }

    #[test]
    fn wrong_length_is_refused() {
        assert_eq!(parse("16100102031500"), Err(KkError::WrongLength(14)));
    }

    #[test]
    fn unknown_province_is_refused() {
        assert_eq!(
            parse("9910010203150003"),
            Err(KkError::UnknownProvince("99".into()))
        );
    }

    #[test]
    fn regency_zero_is_refused() {
        assert_eq!(parse("1600010203150003"), Err(KkError::RegencyZero));
    }

    #[test]
    fn district_zero_is_refused() {
        assert_eq!(parse("1610000203150003"), Err(KkError::DistrictZero));
    }

    #[test]
    fn plus_forty_is_not_a_kk_date() {
        assert!(matches!(
            parse("1610014203150003"),
            Err(KkError::InvalidIssueDate(_))
        ));
    }

    #[test]
    fn impossible_issue_date_is_refused() {
        assert!(matches!(
            parse("1610013102150003"),
            Err(KkError::InvalidIssueDate(_))
        ));
    }

    #[test]
    fn issue_date_is_never_in_the_future() {
        // 28 Nov 26 cannot be 2026 (tomorrow), so it is read as 1926 — never a future date.
        let kk = parse("1610012811260003").unwrap();
        assert!(kk.facts().issue_date <= NaiveDate::from_ymd_opt(2026, 11, 27).unwrap());
    }

    #[test]
    fn serial_zero_is_refused() {
        assert_eq!(parse("1610010203150000"), Err(KkError::SerialZero));
    }

    #[test]
    fn kk_region_may_differ_from_nik_region() {
        // Issued in Kota Palembang (16.71) for a resident born in Ogan Ilir.
        assert!(parse("1671010203150003").is_ok());
    }

    #[test]
    fn unknown_regency_is_a_warning() {
        let kk = parse("9101010203150003").unwrap();
        assert_eq!(kk.warnings()[0].code, "region_regency_unknown");
    }
}
