//! Working days: how old an open request is by the office's calendar
//! (Monday–Friday or Monday–Saturday, minus holidays and cuti bersama), and
//! whether it is past the service target.

use std::collections::BTreeSet;

use chrono::{Datelike, NaiveDate, Weekday};
use serde::Serialize;

/// The office's working calendar and service target.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ServiceCalendar {
    /// Working days a request may take before it is overdue.
    pub target_days: u32,
    pub saturday_is_workday: bool,
    /// Public holidays and cuti bersama.
    pub holidays: BTreeSet<NaiveDate>,
}

impl Default for ServiceCalendar {
    fn default() -> Self {
        ServiceCalendar {
            target_days: 3,
            saturday_is_workday: false,
            holidays: BTreeSet::new(),
        }
    }
}

impl ServiceCalendar {
    /// The settings keys the calendar is stored under.
    pub const KEYS: [&'static str; 3] = ["service_target_days", "saturday_is_workday", "holidays"];

    /// The calendar from stored `(key, value)` settings; absent or unreadable keys keep their
    /// defaults. Every backend reads it this way.
    pub fn from_settings<'a>(
        rows: impl IntoIterator<Item = (&'a str, &'a str)>,
    ) -> ServiceCalendar {
        let mut cal = ServiceCalendar::default();
        for (key, value) in rows {
            match key {
                "service_target_days" => cal.target_days = value.trim().parse().unwrap_or(3),
                "saturday_is_workday" => cal.saturday_is_workday = value.trim() == "1",
                "holidays" => cal.holidays = ServiceCalendar::parse_holidays(value),
                _ => {}
            }
        }
        cal
    }

    pub fn is_workday(&self, day: NaiveDate) -> bool {
        let weekday_ok = match day.weekday() {
            Weekday::Sun => false,
            Weekday::Sat => self.saturday_is_workday,
            _ => true,
        };
        weekday_ok && !self.holidays.contains(&day)
    }

    /// Working days after `since` up to and including `today`: a request made
    /// today is 0 days old, one made yesterday (a workday) 1.
    pub fn age(&self, since: NaiveDate, today: NaiveDate) -> u32 {
        if today <= since {
            return 0;
        }
        // Whole weeks first, so that a years-old request costs no more than a new one.
        let days = (today - since).num_days();
        let per_week = if self.saturday_is_workday { 6 } else { 5 };
        let weeks = days / 7;
        let mut count = weeks * per_week;
        let mut day = since + chrono::Duration::days(weeks * 7);
        while day < today {
            day = day.succ_opt().expect("date in range");
            let weekday_ok = match day.weekday() {
                Weekday::Sun => false,
                Weekday::Sat => self.saturday_is_workday,
                _ => true,
            };
            count += i64::from(weekday_ok);
        }
        let holidays = self
            .holidays
            .range(since.succ_opt().unwrap_or(since)..=today)
            .filter(|d| match d.weekday() {
                Weekday::Sun => false,
                Weekday::Sat => self.saturday_is_workday,
                _ => true,
            })
            .count() as i64;
        u32::try_from((count - holidays).max(0)).unwrap_or(u32::MAX)
    }

    /// Past the service target.
    pub fn is_overdue(&self, since: NaiveDate, today: NaiveDate) -> bool {
        self.age(since, today) > self.target_days
    }

    /// Reads the stored holiday list: ISO dates separated by commas or spaces;
    /// anything unreadable is left out.
    pub fn parse_holidays(text: &str) -> BTreeSet<NaiveDate> {
        text.split([',', ' ', '\n', ';'])
            .filter_map(|d| NaiveDate::parse_from_str(d.trim(), "%Y-%m-%d").ok())
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn same_day_is_zero() {
        assert_eq!(
            ServiceCalendar::default().age(d(2026, 11, 27), d(2026, 11, 27)),
            0
        );
    }

    #[test]
    fn weekend_does_not_count() {
        // Friday 27 Nov 2026 → Monday 30 Nov: one working day.
        assert_eq!(
            ServiceCalendar::default().age(d(2026, 11, 27), d(2026, 11, 30)),
            1
        );
    }

    #[test]
    fn saturday_counts_when_the_office_opens() {
        let cal = ServiceCalendar {
            saturday_is_workday: true,
            ..Default::default()
        };
        assert_eq!(cal.age(d(2026, 11, 27), d(2026, 11, 30)), 2);
    }

    #[test]
    fn holidays_do_not_count() {
        let cal = ServiceCalendar {
            holidays: [d(2026, 12, 25), d(2026, 12, 24)].into_iter().collect(),
            ..Default::default()
        };
        // Mon 21 → Mon 28 Dec 2026: 5 weekdays minus Thu 24 and Fri 25.
        assert_eq!(cal.age(d(2026, 12, 21), d(2026, 12, 28)), 3);
    }

    #[test]
    fn matches_a_day_by_day_count_over_long_spans() {
        let cal = ServiceCalendar {
            holidays: [
                d(2026, 1, 1),
                d(2026, 3, 20),
                d(2026, 3, 21),
                d(2026, 8, 17),
            ]
            .into_iter()
            .collect(),
            saturday_is_workday: true,
            ..Default::default()
        };
        let start = d(2025, 12, 3);
        let mut slow = 0;
        let mut day = start;
        for _ in 0..400 {
            day = day.succ_opt().unwrap();
            slow += u32::from(cal.is_workday(day));
            assert_eq!(cal.age(start, day), slow, "{day}");
        }
    }

    #[test]
    fn overdue_after_the_target() {
        let cal = ServiceCalendar::default();
        // Mon 23 Nov → Thu 26 Nov: 3 days, not yet; Fri 27 Nov: 4, overdue.
        assert!(!cal.is_overdue(d(2026, 11, 23), d(2026, 11, 26)));
        assert!(cal.is_overdue(d(2026, 11, 23), d(2026, 11, 27)));
    }

    #[test]
    fn holiday_list_reads_iso_dates() {
        let h = ServiceCalendar::parse_holidays("2026-12-25, 2026-12-24\nrubbish");
        assert_eq!(h.len(), 2);
    }
}
