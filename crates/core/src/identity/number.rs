//! What a NIK and a KK number share: sixteen digits typed with any spaces,
//! dots or dashes, a six-digit region code in front, a date, and a serial.

use serde::Serialize;

use super::Warning;
use crate::region;

/// Why typed text is not sixteen digits with a sane region and serial.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum ShapeError {
    Empty,
    NotDigits,
    WrongLength(usize),
    UnknownProvince,
    RegencyZero,
    DistrictZero,
    SerialZero,
}

/// Sixteen ASCII digits, separators typed by people removed.
pub(crate) fn sixteen_digits(input: &str) -> Result<String, ShapeError> {
    let mut digits = String::with_capacity(16);
    for c in input.chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '.' | '-' | '\u{2010}'..='\u{2015}' | '\u{2212}' => {}
            c if c.is_whitespace() => {}
            _ => return Err(ShapeError::NotDigits),
        }
        if digits.len() > 64 {
            // Enough to say "too long" without copying a huge paste.
            break;
        }
    }
    match digits.len() {
        0 if input.trim().is_empty() => Err(ShapeError::Empty),
        16 => Ok(digits),
        n => Err(ShapeError::WrongLength(n)),
    }
}

/// Checks the region code (first six digits) and the serial (last four).
pub(crate) fn check_region_and_serial(digits: &str) -> Result<(), ShapeError> {
    if region::province(&digits[0..2]).is_none() {
        return Err(ShapeError::UnknownProvince);
    }
    if &digits[2..4] == "00" {
        return Err(ShapeError::RegencyZero);
    }
    if &digits[4..6] == "00" {
        return Err(ShapeError::DistrictZero);
    }
    if &digits[12..16] == "0000" {
        return Err(ShapeError::SerialZero);
    }
    Ok(())
}

/// The region a number's first six digits name, as far as the current list knows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RegionFacts {
    /// `16.10.01`.
    pub code: String,
    pub province: String,
    /// `Kab. Ogan Ilir`; `None` when the code is not in the current list.
    pub regency: Option<String>,
    /// `Muara Kuang`; `None` when the code is not in the current list.
    pub district: Option<String>,
}

impl RegionFacts {
    pub(crate) fn decode(digits: &str) -> RegionFacts {
        RegionFacts {
            code: region::dotted(&digits[0..6]),
            province: region::province(&digits[0..2])
                .unwrap_or_default()
                .to_string(),
            regency: region::regency(&digits[0..4]).map(region::short_regency),
            district: region::district(&digits[0..6]).map(str::to_string),
        }
    }

    /// An unknown regency or kecamatan code is a warning: older numbers keep the
    /// codes of regions that were split since (pemekaran).
    pub(crate) fn warnings(&self, what: &str) -> Vec<Warning> {
        if self.regency.is_none() {
            vec![Warning {
                code: "region_regency_unknown",
                message: format!(
                    "Kode kabupaten/kota {} pada {what} tidak ada di daftar wilayah terbaru \
                     (mungkin kode lama sebelum pemekaran) — pastikan sama dengan dokumen aslinya",
                    &self.code[0..5]
                ),
            }]
        } else if self.district.is_none() {
            vec![Warning {
                code: "region_district_unknown",
                message: format!(
                    "Kode kecamatan {} pada {what} tidak ada di daftar wilayah terbaru \
                     (mungkin kode lama sebelum pemekaran) — pastikan sama dengan dokumen aslinya",
                    self.code
                ),
            }]
        } else {
            Vec::new()
        }
    }

    /// `Kab. Ogan Ilir · Kec. Muara Kuang`, or what is known of it.
    pub fn summary(&self) -> String {
        match (&self.regency, &self.district) {
            (Some(r), Some(d)) => format!("{r} · Kec. {d}"),
            (Some(r), None) => format!("{r} · kecamatan {} tidak dikenal", self.code),
            (None, _) => format!(
                "Prov. {} · wilayah {} tidak dikenal",
                self.province, self.code
            ),
        }
    }
}
