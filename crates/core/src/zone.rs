//! The office's time zone. Indonesia has three, none with daylight saving, so a
//! fixed offset is exact. Times are stored in UTC; the registration number's
//! date and every time shown to people are in the office's zone.

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate, NaiveDateTime, Timelike, Utc};
use compact_str::CompactString;
use serde::{Deserialize, Serialize};

/// Waktu Indonesia Barat / Tengah / Timur.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub enum OfficeZone {
    /// UTC+7: Sumatra, Java, West and Central Kalimantan.
    #[default]
    Wib,
    /// UTC+8: Bali, Nusa Tenggara, Sulawesi, East, South and North Kalimantan.
    Wita,
    /// UTC+9: Maluku and Papua.
    Wit,
}

impl OfficeZone {
    /// The stored spelling (`WIB`, `WITA`, `WIT`).
    pub fn code(self) -> &'static str {
        match self {
            OfficeZone::Wib => "WIB",
            OfficeZone::Wita => "WITA",
            OfficeZone::Wit => "WIT",
        }
    }

    /// Reads the stored spelling; anything else is `None`.
    pub fn from_code(code: &str) -> Option<Self> {
        match code {
            "WIB" => Some(OfficeZone::Wib),
            "WITA" => Some(OfficeZone::Wita),
            "WIT" => Some(OfficeZone::Wit),
            _ => None,
        }
    }

    fn offset(self) -> FixedOffset {
        let hours = match self {
            OfficeZone::Wib => 7,
            OfficeZone::Wita => 8,
            OfficeZone::Wit => 9,
        };
        FixedOffset::east_opt(hours * 3600).expect("offset within a day")
    }

    /// The office's calendar date at `now`.
    pub fn today(self, now: DateTime<Utc>) -> NaiveDate {
        now.with_timezone(&self.offset()).date_naive()
    }

    /// The office's wall-clock time at `now` (backup file names, for instance).
    pub fn local_time(self, now: DateTime<Utc>) -> NaiveDateTime {
        now.with_timezone(&self.offset()).naive_local()
    }

    /// The office's wall-clock time `local` as a moment (the inverse of [`Self::local_time`]).
    pub fn moment(self, local: NaiveDateTime) -> DateTime<Utc> {
        local
            .and_local_timezone(self.offset())
            .single()
            .expect("a fixed offset maps every local time once")
            .with_timezone(&Utc)
    }

    /// The moment the office's day `date` begins, in UTC (for "from–to date" filters).
    pub fn start_of(self, date: NaiveDate) -> DateTime<Utc> {
        date.and_hms_opt(0, 0, 0)
            .expect("midnight exists")
            .and_local_timezone(self.offset())
            .single()
            .expect("a fixed offset has one midnight")
            .with_timezone(&Utc)
    }

    /// `27 Nov 2026 10.15 WIB`, the way the office writes a moment.
    pub fn format(self, at: DateTime<Utc>) -> String {
        self.format_compact(at).into()
    }

    /// [`OfficeZone::format`] kept in place (it fits in a [`CompactString`]'s 24 bytes): every
    /// line of the queue shows one. Written digit by digit, not through `format!`.
    pub fn format_compact(self, at: DateTime<Utc>) -> CompactString {
        let local = at.with_timezone(&self.offset());
        let mut text = CompactString::const_new("");
        push_number(&mut text, local.day(), 1);
        text.push(' ');
        text.push_str(MONTHS_SHORT[local.month0() as usize]);
        text.push(' ');
        push_number(&mut text, local.year().unsigned_abs(), 4);
        text.push(' ');
        push_number(&mut text, local.hour(), 2);
        text.push('.');
        push_number(&mut text, local.minute(), 2);
        text.push(' ');
        text.push_str(self.code());
        text
    }
}

/// `n` in decimal, zero-padded to at least `width` digits.
fn push_number(text: &mut CompactString, n: u32, width: usize) {
    let mut digits = [b'0'; 10];
    let mut rest = n;
    let mut len = 0;
    while rest > 0 || len < width {
        digits[digits.len() - 1 - len] = b'0' + (rest % 10) as u8;
        rest /= 10;
        len += 1;
    }
    for &d in &digits[digits.len() - len..] {
        text.push(char::from(d));
    }
}

const MONTHS_SHORT: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "Mei", "Jun", "Jul", "Agu", "Sep", "Okt", "Nov", "Des",
];

const MONTHS_LONG: [&str; 12] = [
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
];

/// `1 Juli 1995`.
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS_LONG[date.month0() as usize],
        date.year()
    )
}

/// Today's date in WIB, for callers that have no office setting at hand.
pub fn today_wib() -> NaiveDate {
    OfficeZone::Wib.today(Utc::now())
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn date_rolls_over_at_local_midnight() {
        let late_utc = Utc.with_ymd_and_hms(2026, 11, 26, 17, 30, 0).unwrap();
        assert_eq!(
            OfficeZone::Wib.today(late_utc),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
        let earlier = Utc.with_ymd_and_hms(2026, 11, 26, 16, 30, 0).unwrap();
        assert_eq!(
            OfficeZone::Wib.today(earlier),
            NaiveDate::from_ymd_opt(2026, 11, 26).unwrap()
        );
        assert_eq!(
            OfficeZone::Wit.today(earlier),
            NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
        );
    }

    #[test]
    fn formats_like_the_office_writes() {
        let at = Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap();
        assert_eq!(OfficeZone::Wib.format(at), "27 Nov 2026 10.15 WIB");
        assert_eq!(OfficeZone::Wita.format(at), "27 Nov 2026 11.15 WITA");
    }

    #[test]
    fn a_day_is_written_bare_and_the_clock_with_two_digits() {
        // 15.05 UTC on 4 January is 00.05 on the 5th in WIT (UTC+9).
        let at = Utc.with_ymd_and_hms(2026, 1, 4, 15, 5, 0).unwrap();
        assert_eq!(OfficeZone::Wit.format(at), "5 Jan 2026 00.05 WIT");
    }

    #[test]
    fn long_date_in_indonesian() {
        assert_eq!(
            long_date(NaiveDate::from_ymd_opt(1995, 7, 1).unwrap()),
            "1 Juli 1995"
        );
    }

    #[test]
    fn zone_codes_round_trip() {
        for z in [OfficeZone::Wib, OfficeZone::Wita, OfficeZone::Wit] {
            assert_eq!(OfficeZone::from_code(z.code()), Some(z));
        }
        assert_eq!(OfficeZone::from_code("UTC"), None);
    }

    #[test]
    fn an_office_day_starts_at_local_midnight() {
        let day = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
        assert_eq!(
            OfficeZone::Wita.start_of(day).to_rfc3339(),
            "2026-11-26T16:00:00+00:00"
        );
    }
}
