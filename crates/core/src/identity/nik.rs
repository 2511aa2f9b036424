//! NIK (Nomor Induk Kependudukan): `PP KK CC DDMMYY SSSS`. Province, regency
//! and kecamatan of first registration, the birth date (women have 40 added to
//! the day), and a serial.

use std::fmt;

use chrono::NaiveDate;
use compact_str::CompactString;
use serde::Serialize;
use thiserror::Error;

use super::date::{resolve, two};
use super::number::{check_region_and_serial, sixteen_digits, RegionFacts, ShapeError};
use super::{group16, Warning};
use crate::zone::{long_date, today_wib};

/// A NIK that passed every rule. Holds the sixteen digits and what they say.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Nik {
    digits: String,
    facts: NikFacts,
}

/// Jenis kelamin, as the NIK encodes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub enum Sex {
    #[serde(rename = "Laki-laki")]
    Male,
    #[serde(rename = "Perempuan")]
    Female,
}

impl Sex {
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "Laki-laki",
            Sex::Female => "Perempuan",
        }
    }
}

/// What a NIK says about its holder.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct NikFacts {
    pub region: RegionFacts,
    pub sex: Sex,
    pub birth_date: NaiveDate,
}

impl NikFacts {
    /// `Kab. Ogan Ilir · Kec. Muara Kuang · Perempuan · lahir 1 Juli 1995`.
    pub fn summary(&self) -> String {
        format!(
            "{} · {} · lahir {}",
            self.region.summary(),
            self.sex.label(),
            long_date(self.birth_date)
        )
    }
}

/// Why a typed NIK is refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum NikError {
    #[error("NIK wajib diisi — salin 16 angka dari KTP-el atau Kartu Keluarga")]
    Empty,
    #[error("NIK hanya berisi angka 0–9 (spasi, titik dan tanda hubung boleh) — periksa kembali KTP-el Anda")]
    NotDigits,
    #[error("NIK harus 16 angka, yang terisi {0} angka — periksa kembali KTP-el Anda")]
    WrongLength(usize),
    #[error("Dua angka pertama NIK ({0}) bukan kode provinsi — periksa kembali KTP-el Anda")]
    UnknownProvince(String),
    #[error("Angka ke-3 dan ke-4 NIK (kode kabupaten/kota) tidak boleh 00 — periksa kembali KTP-el Anda")]
    RegencyZero,
    #[error(
        "Angka ke-5 dan ke-6 NIK (kode kecamatan) tidak boleh 00 — periksa kembali KTP-el Anda"
    )]
    DistrictZero,
    #[error("Angka ke-7 sampai ke-12 NIK ({0}) bukan tanggal lahir yang benar (TTBBTT; perempuan: tanggal + 40) — periksa kembali KTP-el Anda")]
    InvalidBirthDate(String),
    #[error("Empat angka terakhir NIK tidak boleh 0000 — periksa kembali KTP-el Anda")]
    SerialZero,
}

impl NikError {
    /// Stable code for the UI.
    pub fn code(&self) -> &'static str {
        match self {
            NikError::Empty => "nik_empty",
            NikError::NotDigits => "nik_not_digits",
            NikError::WrongLength(_) => "nik_wrong_length",
            NikError::UnknownProvince(_) => "nik_unknown_province",
            NikError::RegencyZero => "nik_regency_zero",
            NikError::DistrictZero => "nik_district_zero",
            NikError::InvalidBirthDate(_) => "nik_invalid_birth_date",
            NikError::SerialZero => "nik_serial_zero",
        }
    }
}

impl Nik {
    /// Parses a NIK as typed, with today's date in WIB for the century rule.
    pub fn parse(input: &str) -> Result<Nik, NikError> {
        Nik::parse_on(input, today_wib())
    }

    /// Parses a NIK as typed; `today` decides the century of the birth year.
    pub fn parse_on(input: &str, today: NaiveDate) -> Result<Nik, NikError> {
        let digits = sixteen_digits(input).map_err(|e| shape_error(e, input))?;
        check_region_and_serial(&digits).map_err(|e| shape_error(e, &digits))?;
        let (dd, mm, yy) = (two(&digits, 6), two(&digits, 8), two(&digits, 10));
        let (sex, day) = match dd {
            1..=31 => (Sex::Male, dd),
            41..=71 => (Sex::Female, dd - 40),
            _ => return Err(NikError::InvalidBirthDate(digits[6..12].to_string())),
        };
        let birth_date = resolve(day, mm, yy, today)
            .ok_or_else(|| NikError::InvalidBirthDate(digits[6..12].to_string()))?;
        let facts = NikFacts {
            region: RegionFacts::decode(&digits),
            sex,
            birth_date,
        };
        Ok(Nik { digits, facts })
    }

    /// The sixteen digits.
    pub fn as_str(&self) -> &str {
        &self.digits
    }

    /// What the number says.
    pub fn facts(&self) -> &NikFacts {
        &self.facts
    }

    /// Doubts that do not block: a region code missing from the current list.
    pub fn warnings(&self) -> Vec<Warning> {
        self.facts.region.warnings("NIK")
    }

    /// `161001******0001`: enough to tell requests apart in a list.
    pub fn masked(&self) -> String {
        mask(&self.digits)
    }
}

/// Every valid NIK written in free text (`NIK 1610 0141 0795 0001 anak saya …`),
/// in order of appearance, without repeats. Digits may be grouped by single
/// spaces, dots or dashes, as people type them.
pub fn find_niks(text: &str, today: NaiveDate) -> Vec<Nik> {
    let mut found: Vec<Nik> = Vec::new();
    let mut run = String::new();
    let mut pending_sep = false;
    let mut flush = |run: &mut String| {
        if run.len() == 16 {
            if let Ok(nik) = Nik::parse_on(run, today) {
                if !found.contains(&nik) {
                    found.push(nik);
                }
            }
        }
        run.clear();
    };
    for c in text.chars() {
        match c {
            '0'..='9' => {
                run.push(c);
                pending_sep = false;
            }
            ' ' | '.' | '-' if !run.is_empty() && !pending_sep => pending_sep = true,
            _ => {
                flush(&mut run);
                pending_sep = false;
            }
        }
    }
    flush(&mut run);
    found
}

/// Masks the middle six digits of a stored sixteen-digit number.
pub fn mask(digits: &str) -> String {
    mask_compact(digits).into()
}

/// [`mask`] kept in place, for the queue's lines (sixteen characters fit a [`CompactString`]).
pub fn mask_compact(digits: &str) -> CompactString {
    let mut text = CompactString::const_new("****************");
    if digits.len() == 16 && digits.is_ascii() {
        text.replace_range(0..6, &digits[0..6]);
        text.replace_range(12..16, &digits[12..16]);
    }
    text
}

impl fmt::Display for Nik {
    /// Grouped for reading aloud: `1610 0141 0795 0001`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&group16(&self.digits))
    }
}

fn shape_error(e: ShapeError, digits: &str) -> NikError {
    match e {
        ShapeError::Empty => NikError::Empty,
        ShapeError::NotDigits => NikError::NotDigits,
        ShapeError::WrongLength(n) => NikError::WrongLength(n),
        ShapeError::UnknownProvince => NikError::UnknownProvince(digits[0..2].to_string()),
        ShapeError::RegencyZero => NikError::RegencyZero,
        ShapeError::DistrictZero => NikError::DistrictZero,
        ShapeError::SerialZero => NikError::SerialZero,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn parse(s: &str) -> Result<Nik, NikError> {
        Nik::parse_on(s, today())
    }

    #[test]
    fn valid_woman_decodes_region_sex_and_birth_date() {
        let nik = parse("1610014107950001").unwrap();
        assert_eq!(nik.facts().sex, Sex::Female);
        assert_eq!(
            nik.facts().birth_date,
            NaiveDate::from_ymd_opt(1995, 7, 1).unwrap()
        );
        assert_eq!(
            nik.facts().region.regency.as_deref(),
            Some("Kab. Ogan Ilir")
        );
        assert_eq!(nik.facts().region.province, "Sumatera Selatan");
        assert!(nik.warnings().is_empty());
        assert!(nik
            .facts()
            .summary()
            .ends_with("· Perempuan · lahir 1 Juli 1995"));
    }

    #[test]
    fn valid_man_keeps_the_day() {
        let nik = parse("1610010107950001").unwrap();
        assert_eq!(nik.facts().sex, Sex::Male);
        assert_eq!(
            nik.facts().birth_date,
            NaiveDate::from_ymd_opt(1995, 7, 1).unwrap()
        );
    }

    #[test]
    fn separators_are_ignored() {
        assert_eq!(
            parse("1610 0141 0795 0001").unwrap().as_str(),
            "1610014107950001"
        );
        assert_eq!(
            parse("16.10.01-410795-0001").unwrap().as_str(),
            "1610014107950001"
        );
    }

    #[test]
    fn empty_is_refused() {
        assert_eq!(parse("   "), Err(NikError::Empty));
    }

    #[test]
    fn letters_are_refused() {
        assert_eq!(parse("161001410795000O"), Err(NikError::NotDigits));
    }

    #[test]
    fn full_width_digits_are_refused() {
        assert_eq!(
            parse("１６１００１４１０７９５０００１"),
            Err(NikError::NotDigits)
        );
    }

    #[test]
    fn fifteen_digits_are_refused() {
        assert_eq!(parse("161001410795001"), Err(NikError::WrongLength(15)));
    }

    #[test]
    fn seventeen_digits_are_refused() {
        assert_eq!(parse("16100141079500011"), Err(NikError::WrongLength(17)));
    }

    #[test]
    fn unknown_province_is_refused() {
        assert_eq!(
            parse("2010014107950001"),
            Err(NikError::UnknownProvince("20".into()))
        );
    }

    #[test]
    fn regency_zero_is_refused() {
        assert_eq!(parse("1600014107950001"), Err(NikError::RegencyZero));
    }

    #[test]
    fn district_zero_is_refused() {
        assert_eq!(parse("1610004107950001"), Err(NikError::DistrictZero));
    }

    #[test]
    fn days_32_to_40_are_refused() {
        for d in 32..=40 {
            let s = format!("161001{d:02}07950001");
            assert!(
                matches!(parse(&s), Err(NikError::InvalidBirthDate(_))),
                "{s}"
            );
        }
    }

    #[test]
    fn days_above_71_are_refused() {
        assert!(matches!(
            parse("1610017207950001"),
            Err(NikError::InvalidBirthDate(_))
        ));
        assert!(matches!(
            parse("1610019907950001"),
            Err(NikError::InvalidBirthDate(_))
        ));
    }

    #[test]
    fn day_zero_is_refused() {
        assert!(matches!(
            parse("1610010007950001"),
            Err(NikError::InvalidBirthDate(_))
        ));
    }

    #[test]
    fn month_13_is_refused() {
        assert!(matches!(
            parse("1610010113950001"),
            Err(NikError::InvalidBirthDate(_))
        ));
    }

    #[test]
    fn thirty_first_of_april_is_refused() {
        assert!(matches!(
            parse("1610013104950001"),
            Err(NikError::InvalidBirthDate(_))
        ));
        assert!(matches!(
            parse("1610017104950001"),
            Err(NikError::InvalidBirthDate(_))
        ));
    }

    #[test]
    fn feb_29_only_in_leap_years() {
        assert!(parse("1610012902960001").is_ok());
        assert!(matches!(
            parse("1610012902950001"),
            Err(NikError::InvalidBirthDate(_))
        ));
    }

    #[test]
    fn century_is_this_one_when_not_in_the_future() {
        let nik = parse("1610012711260001").unwrap();
        assert_eq!(
            nik.facts().birth_date,
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        let newborn = parse("1610010101240001").unwrap();
        assert_eq!(
            newborn.facts().birth_date,
            NaiveDate::from_ymd_opt(2024, 1, 1).unwrap()
        );
    }

    #[test]
    fn century_is_the_last_one_when_this_one_is_future() {
        let nik = parse("1610012811260001").unwrap();
        assert_eq!(
            nik.facts().birth_date,
            NaiveDate::from_ymd_opt(1926, 11, 28).unwrap()
        );
    }

    #[test]
    fn serial_zero_is_refused() {
        assert_eq!(parse("1610014107950000"), Err(NikError::SerialZero));
    }

    #[test]
    fn unknown_regency_is_a_warning_not_a_refusal() {
        // 91.01 Merauke moved to Papua Selatan (93) when Papua was split.
        let nik = parse("9101014107950001").unwrap();
        assert_eq!(nik.facts().region.regency, None);
        let w = nik.warnings();
        assert_eq!(w.len(), 1);
        assert_eq!(w[0].code, "region_regency_unknown");
    }

    #[test]
    fn unknown_district_is_a_warning() {
        let nik = parse("1610994107950001").unwrap();
        assert_eq!(nik.warnings()[0].code, "region_district_unknown");
        assert!(nik.facts().region.regency.is_some());
    }

    #[test]
    fn finds_niks_in_free_text() {
        let text = "NIK 1610 0141 0795 0002 (anak) tdk bisa daftar BPJS, \
                    HP 081234567890, ibu 1610-0141-0770-0003, lagi 1610014107950002";
        let found: Vec<_> = find_niks(text, today())
            .iter()
            .map(|n| n.as_str().to_string())
            .collect();
        assert_eq!(found, ["1610014107950002", "1610014107700003"]);
    }

    #[test]
    fn finds_nothing_in_partial_numbers() {
        assert!(find_niks("NIK 1610xxxxxxx tdk bisa daftar BPJS", today()).is_empty());
    }

    #[test]
    fn masked_keeps_region_and_serial() {
        assert_eq!(
            parse("1610014107950001").unwrap().masked(),
            "161001******0001"
        );
    }

    #[test]
    fn a_stored_number_not_sixteen_digits_is_masked_whole() {
        assert_eq!(mask("16100141079500"), "****************");
        assert_eq!(mask("16100141079500０1"), "****************");
        assert_eq!(mask_compact("3171011203900002"), "317101******0002");
    }

    #[test]
    fn display_groups_by_four() {
        assert_eq!(
            parse("1610014107950001").unwrap().to_string(),
            "1610 0141 0795 0001"
        );
    }

    #[test]
    fn messages_say_what_to_do_in_indonesian() {
        let msg = parse("123").unwrap_err().to_string();
        assert!(
            msg.contains("16 angka") && msg.contains("periksa kembali"),
            "{msg}"
        );
    }
}
