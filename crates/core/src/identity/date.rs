//! The six-digit `DDMMYY` dates inside NIK and KK numbers, with the century
//! rule: 20YY when that full date is not after today, else 19YY.

use chrono::NaiveDate;

/// Day, month and two-digit year to a real date not after `today`.
pub(crate) fn resolve(day: u32, month: u32, yy: u32, today: NaiveDate) -> Option<NaiveDate> {
    if let Some(d) = NaiveDate::from_ymd_opt(2000 + yy as i32, month, day) {
        if d <= today {
            return Some(d);
        }
    }
    NaiveDate::from_ymd_opt(1900 + yy as i32, month, day).filter(|d| *d <= today)
}

/// Reads two ASCII digits at `at` (the caller has checked they are digits).
pub(crate) fn two(digits: &str, at: usize) -> u32 {
    digits[at..at + 2].parse().expect("two ASCII digits")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    #[test]
    fn recent_year_is_this_century() {
        assert_eq!(resolve(1, 7, 15, day(2026, 11, 27)), Some(day(2015, 7, 1)));
    }

    #[test]
    fn year_after_today_is_last_century() {
        assert_eq!(resolve(1, 7, 95, day(2026, 11, 27)), Some(day(1995, 7, 1)));
        assert_eq!(
            resolve(28, 11, 26, day(2026, 11, 27)),
            Some(day(1926, 11, 28))
        );
    }

    #[test]
    fn today_itself_is_this_century() {
        assert_eq!(
            resolve(27, 11, 26, day(2026, 11, 27)),
            Some(day(2026, 11, 27))
        );
    }

    #[test]
    fn impossible_dates_are_none() {
        assert_eq!(resolve(31, 4, 95, day(2026, 11, 27)), None);
        assert_eq!(resolve(29, 2, 27, day(2026, 11, 27)), None);
        assert_eq!(resolve(1, 13, 95, day(2026, 11, 27)), None);
    }

    #[test]
    fn leap_day_2000_exists() {
        assert_eq!(resolve(29, 2, 0, day(2026, 11, 27)), Some(day(2000, 2, 29)));
    }
}
