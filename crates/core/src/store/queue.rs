//! Daftar Pengajuan at scale, as the desks ask for it: a status tab, a search box that finds as
//! the operator types (registration number, NIK or KK prefix, part of a name: [`Search`]),
//! newest or longest-waiting first, keyset paging, live counts per status, and the age,
//! overdue and duplicate marks of each row. Each backend runs the query
//! (`cargo bench -p sinkron-sqlite --bench queue`).

use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::requests::{Channel, RequestSummary};
use super::stamp;

use crate::status::Status;
use crate::workdays::ServiceCalendar;
use crate::zone::OfficeZone;

/// Which end of the queue comes first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum QueueSort {
    /// Newest first.
    #[default]
    Newest,
    /// Longest waiting first (by age).
    Oldest,
}

/// At most this many rows go into a printed or exported list (a year of a busy office's
/// requests is about 5,000).
pub const LIST_MAX: usize = 5000;

/// What the list asks for.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct QueueQuery {
    /// `None`: every status (tab "Semua").
    pub status: Option<Status>,
    /// As typed in the search box.
    pub search: String,
    pub sort: QueueSort,
    /// The `next_cursor` of the previous page; `None` for the first page.
    pub cursor: Option<i64>,
    /// Rows per page (1–200, default 50).
    pub limit: u32,
    /// Made on or after this day (the office's own calendar day).
    pub from: Option<NaiveDate>,
    /// Made on or before this day (the office's own calendar day).
    pub to: Option<NaiveDate>,
    /// Typed in at the desk or at the kiosk.
    pub channel: Option<Channel>,
    /// Handled by this operator: a status change (the desk's first row included) or a
    /// processing step in their name.
    pub operator_id: Option<i64>,
}

impl QueueQuery {
    /// The stored instants (`created_at`) the day filter keeps: from the start of `from` and
    /// before the start of the day after `to`, in the office's zone.
    pub fn created_bounds(&self, zone: OfficeZone) -> (Option<String>, Option<String>) {
        let from = self.from.map(|d| stamp(zone.start_of(d)));
        let to = self
            .to
            .and_then(|d| d.succ_opt())
            .map(|d| stamp(zone.start_of(d)));
        (from, to)
    }
}

/// How the search box text is read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Search {
    None,
    /// A registration number or its beginning: `SD-2611`.
    RegNumber(String),
    /// Digits: the beginning of a NIK or of a KK number.
    Number(String),
    /// Part of a name.
    Name(String),
}

impl Search {
    pub fn read(text: &str) -> Search {
        let t = text.trim();
        if t.is_empty() {
            return Search::None;
        }
        let upper = t.to_uppercase();
        if upper.starts_with("SD-") || upper == "SD" {
            return Search::RegNumber(upper);
        }
        let digits: String = t
            .chars()
            .filter(|c| !matches!(c, ' ' | '.' | '-'))
            .collect();
        if !digits.is_empty() && digits.chars().all(|c| c.is_ascii_digit()) {
            return Search::Number(digits.chars().take(16).collect());
        }
        Search::Name(t.split_whitespace().collect::<Vec<_>>().join(" "))
    }
}

/// The exclusive upper end of the range of strings that start with `prefix`
/// (ASCII prefixes only: numbers and registration numbers).
pub fn prefix_end(prefix: &str) -> String {
    let mut bytes = prefix.as_bytes().to_vec();
    while let Some(last) = bytes.pop() {
        if last < 0x7f {
            bytes.push(last + 1);
            return String::from_utf8(bytes).expect("ASCII");
        }
    }
    "\u{7f}".to_string()
}

/// Requests per status, kept by triggers.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCounts {
    pub all: i64,
    pub open: i64,
    pub baru: i64,
    pub disetujui: i64,
    pub diproses: i64,
    pub selesai: i64,
    pub dibatalkan: i64,
}

/// One row of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueueItem {
    #[serde(flatten)]
    pub summary: RequestSummary,
    /// Whether the request is still open (not Selesai or Dibatalkan): a closed one shows no age.
    pub open: bool,
    /// Working days since it was made (open requests; 0 for closed ones).
    pub age_days: u32,
    pub overdue: bool,
    /// Another open request exists for the same NIK.
    pub duplicate: bool,
    /// A photo of it was found hard to read when it was taken (`Problems` stored with it):
    /// the operator should look closely, or ask for a new one.
    pub photo_check: bool,
}

impl QueueItem {
    /// A row of the queue with its marks: the age in working days (open requests only), overdue
    /// past the service target, whether another open request has the same NIK, and whether a
    /// photo needs a closer look.
    pub fn build(
        summary: RequestSummary,
        created: DateTime<Utc>,
        duplicate: bool,
        photo_check: bool,
        calendar: &ServiceCalendar,
        zone: OfficeZone,
        today: NaiveDate,
    ) -> QueueItem {
        let open = summary.status.is_open();
        let age_days = if open {
            calendar.age(zone.today(created), today)
        } else {
            0
        };
        QueueItem {
            summary,
            open,
            age_days,
            overdue: open && age_days > calendar.target_days,
            duplicate,
            photo_check,
        }
    }
}

/// `text` for a `LIKE … ESCAPE '\'` pattern: `%`, `_` and `\` match only themselves.
pub fn like_escape(text: &str) -> String {
    text.replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_")
}

impl QueueQuery {
    /// Rows per page: 1–200, 50 when unset.
    pub fn page_size(&self) -> u32 {
        if self.limit == 0 {
            50
        } else {
            self.limit.min(200)
        }
    }
}

impl QueuePage {
    /// A page from the rows a backend fetched in the query's order, one more than a page
    /// when another page follows (the backend asks for [`QueueQuery::page_size`] + 1).
    pub fn from_items(
        mut items: Vec<QueueItem>,
        q: &QueueQuery,
        counts: StatusCounts,
    ) -> QueuePage {
        let limit = q.page_size() as usize;
        let more = items.len() > limit;
        items.truncate(limit);
        let next_cursor = if more {
            items.last().map(|i| i.summary.id)
        } else {
            None
        };
        QueuePage {
            items,
            next_cursor,
            counts,
        }
    }
}

/// A page of the queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct QueuePage {
    pub items: Vec<QueueItem>,
    /// Pass back as `cursor` for the next page; `None` on the last page.
    pub next_cursor: Option<i64>,
    pub counts: StatusCounts,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn search_reads_a_registration_number() {
        assert_eq!(
            Search::read(" sd-2611 "),
            Search::RegNumber("SD-2611".into())
        );
    }

    #[test]
    fn search_reads_digits_as_a_number_prefix() {
        assert_eq!(Search::read("1610 01"), Search::Number("161001".into()));
    }

    #[test]
    fn search_reads_anything_else_as_a_name() {
        assert_eq!(Search::read("  siti   am "), Search::Name("siti am".into()));
    }

    #[test]
    fn like_escape_makes_wildcards_literal() {
        assert_eq!(like_escape("50%_a\\b"), "50\\%\\_a\\\\b");
        assert_eq!(like_escape("Siti"), "Siti");
    }

    #[test]
    fn prefix_end_is_the_next_string() {
        assert_eq!(prefix_end("1610"), "1611");
        assert_eq!(prefix_end("SD-2611"), "SD-2612");
        assert_eq!(prefix_end("169"), "16:");
    }

    #[test]
    fn the_day_filter_covers_whole_office_days_in_its_zone() {
        let q = QueueQuery {
            from: NaiveDate::from_ymd_opt(2026, 12, 1),
            to: NaiveDate::from_ymd_opt(2026, 12, 4),
            ..QueueQuery::default()
        };
        // WITA is UTC+8: 1 Dec 00.00 WITA is 30 Nov 16.00 UTC; the end is 5 Dec 00.00 WITA.
        let zone = OfficeZone::from_code("WITA").unwrap();
        assert_eq!(
            q.created_bounds(zone),
            (
                Some("2026-11-30T16:00:00.000Z".to_string()),
                Some("2026-12-04T16:00:00.000Z".to_string())
            )
        );
        assert_eq!(QueueQuery::default().created_bounds(zone), (None, None));
    }

    #[test]
    fn the_list_s_filters_come_from_the_window_as_camel_case() {
        let q: QueueQuery = serde_json::from_str(
            r#"{"from":"2026-12-01","to":null,"channel":"kiosk","operatorId":3}"#,
        )
        .unwrap();
        assert_eq!(q.channel, Some(Channel::Kiosk));
        assert_eq!(q.operator_id, Some(3));
        assert_eq!(q.from, NaiveDate::from_ymd_opt(2026, 12, 1));
    }
}
