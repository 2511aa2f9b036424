//! Rekap: what the head of the office reports each month (*laporan bulanan pelayanan*) —
//! requests received by channel and by day, where they stand now and how many moved through
//! each status, how many were finished within the service target (working days, holidays as in
//! Pengaturan) with the median and 90th percentile, the open ones past the target, the
//! processing steps by day, and each operator's work — for a period of office days.
//!
//! A backend answers a few grouped counts per office day ([`RekapCounts`], from summary tables
//! its triggers keep); this module turns them into the figures ([`Rekap`]), so every backend
//! reports the same. No SQL here.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, Months, NaiveDate, Utc};
use serde::{Deserialize, Serialize};
use thiserror::Error;

pub mod workbook;

use crate::auth::Role;
use crate::error::{Code, ErrorPayload};
use crate::office::Signer;
use crate::status::Status;
use crate::store::{parse_stamp, stamp, Channel, RequestStore, StoreError};
use crate::workdays::ServiceCalendar;
use crate::workflow::{CancelReason, Step};
use crate::zone::{long_date, OfficeZone};

/// The longest custom period: a few years of days still draw as a chart.
pub const MAX_DAYS: i64 = 3 * 366;

/// Which office days a Rekap covers, as the screen names them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind")]
pub enum Period {
    Today,
    ThisWeek,
    ThisMonth,
    LastMonth,
    ThisYear,
    Custom { from: NaiveDate, to: NaiveDate },
}

/// Why a period cannot be reported.
#[derive(Debug, Error, PartialEq, Eq)]
pub enum PeriodError {
    #[error("Tanggal awal sesudah tanggal akhir — tukar kedua tanggalnya")]
    Reversed,
    #[error("Periode paling panjang 3 tahun — pilih rentang yang lebih pendek")]
    TooLong,
}

impl PeriodError {
    pub fn payload(&self) -> ErrorPayload {
        ErrorPayload::new(Code::RekapPeriodInvalid, self.to_string()).at("period")
    }
}

/// The first and last office day of a period (both included).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Days {
    pub from: NaiveDate,
    pub to: NaiveDate,
}

impl Days {
    pub fn count(self) -> i64 {
        (self.to - self.from).num_days() + 1
    }

    /// The period to compare with: the month before a whole month, the year before a whole
    /// year, the same days a month (a year) before for a month (a year) so far, otherwise the
    /// same number of days just before.
    pub fn previous(self) -> Days {
        let first_of_month = self.from.day() == 1;
        let last_of_month = self.to.succ_opt().is_some_and(|d| d.day() == 1);
        if first_of_month && last_of_month && self.from.month() == self.to.month() {
            let to = self.from.pred_opt().unwrap_or(self.from);
            return Days {
                from: to.with_day(1).unwrap_or(to),
                to,
            };
        }
        // This month or this year so far: the same days a month or a year before.
        let back = if self.from.ordinal() == 1 {
            Some(Months::new(12))
        } else if first_of_month {
            Some(Months::new(1))
        } else {
            None
        };
        let whole_year =
            self.from.ordinal() == 1 && self.to.succ_opt().is_some_and(|d| d.ordinal() == 1);
        if let (Some(back), false) = (back, whole_year) {
            if let (Some(from), Some(to)) = (
                self.from.checked_sub_months(back),
                self.to.checked_sub_months(back),
            ) {
                return Days { from, to };
            }
        }
        if whole_year {
            let year = self.from.year() - 1;
            if let (Some(from), Some(to)) = (
                NaiveDate::from_ymd_opt(year, 1, 1),
                NaiveDate::from_ymd_opt(year, 12, 31),
            ) {
                return Days { from, to };
            }
        }
        let to = self.from.pred_opt().unwrap_or(self.from);
        Days {
            from: to - Duration::days(self.count() - 1),
            to,
        }
    }
}

impl Period {
    /// The office days of this period when the office's date is `today`.
    pub fn days(self, today: NaiveDate) -> Result<Days, PeriodError> {
        let first_of = |d: NaiveDate| d.with_day(1).unwrap_or(d);
        let (from, to) = match self {
            Period::Today => (today, today),
            Period::ThisWeek => (
                today - Duration::days(i64::from(today.weekday().num_days_from_monday())),
                today,
            ),
            Period::ThisMonth => (first_of(today), today),
            Period::LastMonth => {
                let to = first_of(today).pred_opt().unwrap_or(today);
                (first_of(to), to)
            }
            Period::ThisYear => (
                NaiveDate::from_ymd_opt(today.year(), 1, 1).unwrap_or(today),
                today,
            ),
            Period::Custom { from, to } => (from, to),
        };
        if from > to {
            return Err(PeriodError::Reversed);
        }
        let days = Days { from, to };
        if days.count() > MAX_DAYS {
            return Err(PeriodError::TooLong);
        }
        Ok(days)
    }
}

/// What a backend counts for a period's office days.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct RekapCounts {
    /// Requests made: office day, channel, status now, how many.
    pub created: Vec<(NaiveDate, Channel, Status, i64)>,
    /// Status rows written (a request moving into a status; its first row is Baru): office
    /// day, the status, how many.
    pub moved: Vec<(NaiveDate, Status, i64)>,
    /// Processing steps recorded: office day, step, how many.
    pub steps: Vec<(NaiveDate, Step, i64)>,
    /// Per operator (by the name the rows carry): what (`desk`: a request taken at the desk; a
    /// status they moved requests into; a step's code), how many.
    pub by_operator: Vec<(String, String, i64)>,
    /// Requests finished in the period: the office day they were made, the one they became
    /// Selesai, how many.
    pub finished: Vec<(NaiveDate, NaiveDate, i64)>,
    /// Cancellations in the period by the reason chosen (`None`: none was), how many.
    pub cancelled: Vec<(Option<CancelReason>, i64)>,
}

/// Cancellations for one reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReasonCount {
    /// `None`: cancelled without a reason chosen (before reasons existed).
    pub reason: Option<CancelReason>,
    pub label: String,
    pub count: i64,
}

/// How cancellations without a chosen reason are named.
pub const NO_REASON: &str = "Tanpa alasan terpilih";

/// An open request, for the list of those past the target.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpenRequest {
    pub id: i64,
    pub reg_number: String,
    pub status: Status,
    pub created_at: String,
}

/// The open requests made before a cutoff: how many, and the oldest of them, oldest first.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct OpenPast {
    pub total: i64,
    pub oldest: Vec<OpenRequest>,
}

/// How many of the open requests past the target a Rekap lists (the oldest); the rest are
/// counted.
pub const OVERDUE_LISTED: i64 = 200;

/// One office day of the chart.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct DayFigures {
    pub date: NaiveDate,
    pub desk: i64,
    pub kiosk: i64,
    pub konsolidasi: i64,
    pub dwh: i64,
}

/// A status with a number.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct StatusCount {
    pub status: Status,
    pub count: i64,
}

/// Finished within the service target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Timeliness {
    pub target_days: u32,
    pub finished: i64,
    pub within: i64,
    /// Of the finished, in percent (one decimal); `None` when nothing was finished.
    pub within_percent: Option<f64>,
    /// Working days from Baru to Selesai.
    pub median_days: Option<u32>,
    pub p90_days: Option<u32>,
}

/// An open request past the target, a click away from its detail view.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Overdue {
    pub id: i64,
    pub reg_number: String,
    pub status: Status,
    pub age_days: u32,
}

/// One operator's work in the period.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperatorFigures {
    pub name: String,
    pub desk: i64,
    pub approved: i64,
    pub cancelled: i64,
    pub steps: i64,
    pub finished: i64,
}

/// The period's headline figures, also for the period compared with.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Summary {
    pub days: Days,
    pub received: i64,
    pub desk: i64,
    pub kiosk: i64,
    pub finished: i64,
    pub cancelled: i64,
    pub within_percent: Option<f64>,
}

/// Everything the Rekap screen, its print and its workbook show.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rekap {
    pub office_name: String,
    pub summary: Summary,
    pub previous: Summary,
    pub by_day: Vec<DayFigures>,
    /// Of the requests received in the period, where they stand now.
    pub status_now: Vec<StatusCount>,
    /// How many moved into each status during the period.
    pub moved: Vec<StatusCount>,
    pub timeliness: Timeliness,
    /// Open now and past the target (oldest first), whenever they were made: the oldest
    /// [`OVERDUE_LISTED`].
    pub overdue: Vec<Overdue>,
    /// How many are open now and past the target.
    pub overdue_total: i64,
    /// Empty when the viewer may not compare operators.
    pub operators: Vec<OperatorFigures>,
    /// Cancellations in the period by reason: every reason, then those without one (if any).
    pub cancellations: Vec<ReasonCount>,
    /// `6 Des 2026 09.02 WIB`.
    pub made_at_display: String,
    /// `1 November 2026 s.d. 30 November 2026`, and the period compared with.
    pub period_display: String,
    pub previous_display: String,
    /// The office's date as the signature line has it (`6 Desember 2026`).
    pub signed_on_display: String,
    /// Who signs the printed report (Pengaturan), as printed: the title filled in, the NIP
    /// grouped.
    pub signer: Signer,
}

/// `1 November 2026 s.d. 30 November 2026`; one day alone is that day.
pub fn days_display(days: Days) -> String {
    if days.from == days.to {
        long_date(days.from)
    } else {
        format!("{} s.d. {}", long_date(days.from), long_date(days.to))
    }
}

/// Whether the per-operator table is shown: to an admin always, to a petugas where the office
/// allows it (Pengaturan → *Petugas boleh melihat rekap per petugas*).
pub fn may_compare_operators(role: Option<Role>, settings: &crate::store::Settings) -> bool {
    role == Some(Role::Admin) || (role == Some(Role::Petugas) && settings.petugas_rekap_operators)
}

/// The `p`-th percentile (nearest rank) of sorted values.
fn percentile(sorted: &[u32], p: usize) -> Option<u32> {
    if sorted.is_empty() {
        return None;
    }
    let rank = (p * sorted.len()).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| (part as f64 * 1000.0 / whole as f64).round() / 10.0)
}

/// Working days from Baru to Selesai of each finished request, sorted.
fn durations(finished: &[(NaiveDate, NaiveDate, i64)], calendar: &ServiceCalendar) -> Vec<u32> {
    let mut days = Vec::with_capacity(finished.iter().map(|f| f.2.max(0) as usize).sum());
    for (made, done, n) in finished {
        let age = calendar.age(*made, *done);
        days.extend(std::iter::repeat_n(age, n.max(&0).unsigned_abs() as usize));
    }
    days.sort_unstable();
    days
}

/// How many of the sorted working-day `durations` are within `target_days`.
fn on_time(durations: &[u32], target_days: u32) -> i64 {
    durations.partition_point(|d| *d <= target_days) as i64
}

/// The headline figures of one period's counts, with its finished requests' `durations`.
fn summary(days: Days, counts: &RekapCounts, durations: &[u32], target_days: u32) -> Summary {
    let by = |channel: Channel| {
        counts
            .created
            .iter()
            .filter(|c| c.1 == channel)
            .map(|c| c.3)
            .sum::<i64>()
    };
    let (desk, kiosk) = (by(Channel::Desk), by(Channel::Kiosk));
    let moved_to = |status: Status| {
        counts
            .moved
            .iter()
            .filter(|m| m.1 == status)
            .map(|m| m.2)
            .sum::<i64>()
    };
    let finished = durations.len() as i64;
    Summary {
        days,
        received: desk + kiosk,
        desk,
        kiosk,
        finished,
        cancelled: moved_to(Status::Dibatalkan),
        within_percent: percent(on_time(durations, target_days), finished),
    }
}

/// The whole Rekap of `days` from its counts, the counts of the period before, and the open
/// requests past the target ([`overdue_cutoff`]).
#[allow(clippy::too_many_arguments)]
pub fn assemble(
    office_name: &str,
    days: Days,
    counts: &RekapCounts,
    previous: &RekapCounts,
    open: &OpenPast,
    zone: OfficeZone,
    calendar: &ServiceCalendar,
    now: DateTime<Utc>,
    with_operators: bool,
) -> Result<Rekap, StoreError> {
    let mut by_day: BTreeMap<NaiveDate, DayFigures> = BTreeMap::new();
    let mut day = days.from;
    while day <= days.to {
        by_day.insert(
            day,
            DayFigures {
                date: day,
                desk: 0,
                kiosk: 0,
                konsolidasi: 0,
                dwh: 0,
            },
        );
        day = match day.succ_opt() {
            Some(next) => next,
            None => break,
        };
    }
    let mut status_now: HashMap<Status, i64> = HashMap::new();
    for (day, channel, status, n) in &counts.created {
        if let Some(d) = by_day.get_mut(day) {
            match channel {
                Channel::Desk => d.desk += n,
                Channel::Kiosk => d.kiosk += n,
            }
        }
        *status_now.entry(*status).or_default() += n;
    }
    for (day, step, n) in &counts.steps {
        if let Some(d) = by_day.get_mut(day) {
            match step {
                Step::KonsolidasiManual => d.konsolidasi += n,
                Step::SinkronisasiDwh => d.dwh += n,
            }
        }
    }
    let mut moved: HashMap<Status, i64> = HashMap::new();
    for (_, status, n) in &counts.moved {
        *moved.entry(*status).or_default() += n;
    }
    let every = |map: &HashMap<Status, i64>| {
        Status::ALL
            .iter()
            .map(|s| StatusCount {
                status: *s,
                count: map.get(s).copied().unwrap_or(0),
            })
            .collect::<Vec<_>>()
    };

    let finished = durations(&counts.finished, calendar);
    let within = on_time(&finished, calendar.target_days);
    let timeliness = Timeliness {
        target_days: calendar.target_days,
        finished: finished.len() as i64,
        within,
        within_percent: percent(within, finished.len() as i64),
        median_days: percentile(&finished, 50),
        p90_days: percentile(&finished, 90),
    };

    let today = zone.today(now);
    let mut overdue = open
        .oldest
        .iter()
        .map(|o| {
            let age = calendar.age(zone.today(parse_stamp(&o.created_at)?), today);
            Ok((age, o))
        })
        .collect::<Result<Vec<_>, StoreError>>()?
        .into_iter()
        .filter(|(age, _)| *age > calendar.target_days)
        .map(|(age_days, o)| Overdue {
            id: o.id,
            reg_number: o.reg_number.clone(),
            status: o.status,
            age_days,
        })
        .collect::<Vec<_>>();
    overdue.sort_by(|a, b| b.age_days.cmp(&a.age_days).then(a.id.cmp(&b.id)));

    let mut operators: BTreeMap<String, OperatorFigures> = BTreeMap::new();
    if with_operators {
        for (name, what, n) in &counts.by_operator {
            let row = operators
                .entry(name.clone())
                .or_insert_with(|| OperatorFigures {
                    name: name.clone(),
                    ..Default::default()
                });
            match what.as_str() {
                "desk" => row.desk += n,
                "Disetujui" => row.approved += n,
                "Dibatalkan" => row.cancelled += n,
                "Selesai" => row.finished += n,
                code if Step::from_code(code).is_some() => row.steps += n,
                _ => {}
            }
        }
    }

    let reason_count = |reason: Option<CancelReason>| {
        counts
            .cancelled
            .iter()
            .filter(|c| c.0 == reason)
            .map(|c| c.1)
            .sum::<i64>()
    };
    let mut cancellations: Vec<ReasonCount> = CancelReason::ALL
        .into_iter()
        .map(|r| ReasonCount {
            reason: Some(r),
            label: r.label().to_string(),
            count: reason_count(Some(r)),
        })
        .collect();
    let unnamed = reason_count(None);
    if unnamed > 0 {
        cancellations.push(ReasonCount {
            reason: None,
            label: NO_REASON.to_string(),
            count: unnamed,
        });
    }

    Ok(Rekap {
        cancellations,
        office_name: office_name.to_string(),
        summary: summary(days, counts, &finished, calendar.target_days),
        previous: summary(
            days.previous(),
            previous,
            &durations(&previous.finished, calendar),
            calendar.target_days,
        ),
        by_day: by_day.into_values().collect(),
        status_now: every(&status_now),
        moved: every(&moved),
        timeliness,
        overdue,
        overdue_total: open.total,
        operators: operators.into_values().collect(),
        made_at_display: zone.format(now),
        period_display: days_display(days),
        previous_display: days_display(days.previous()),
        signed_on_display: long_date(today),
        signer: Signer::default(),
    })
}

/// Why a Rekap was not made.
#[derive(Debug, Error)]
pub enum RekapError {
    #[error(transparent)]
    Period(#[from] PeriodError),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl RekapError {
    pub fn payload(&self) -> ErrorPayload {
        match self {
            RekapError::Period(e) => e.payload(),
            RekapError::Store(e) => e.payload(),
        }
    }
}

/// The Rekap of `period` as `store` counts it at `now`; the per-operator table only when
/// `with_operators`.
pub async fn report<S: RequestStore + ?Sized>(
    store: &S,
    period: Period,
    now: DateTime<Utc>,
    with_operators: bool,
) -> Result<Rekap, RekapError> {
    let settings = store.settings().await?;
    report_with(store, settings, period, now, with_operators).await
}

/// [`report`] as `role` sees it: the per-operator table where [`may_compare_operators`]; the
/// settings are read once for both.
pub async fn report_as<S: RequestStore + ?Sized>(
    store: &S,
    period: Period,
    now: DateTime<Utc>,
    role: Option<Role>,
) -> Result<Rekap, RekapError> {
    let settings = store.settings().await?;
    let with_operators = may_compare_operators(role, &settings);
    report_with(store, settings, period, now, with_operators).await
}

async fn report_with<S: RequestStore + ?Sized>(
    store: &S,
    settings: crate::store::Settings,
    period: Period,
    now: DateTime<Utc>,
    with_operators: bool,
) -> Result<Rekap, RekapError> {
    let zone = settings.zone;
    let calendar = store.calendar().await?;
    let today = zone.today(now);
    let days = period.days(today)?;
    let counts = store.rekap_counts(days.from, days.to).await?;
    let before = days.previous();
    let previous = store.rekap_counts(before.from, before.to).await?;
    let open = store
        .open_before(&overdue_cutoff(zone, &calendar, today), OVERDUE_LISTED)
        .await?;
    let mut rekap = assemble(
        &settings.office_name,
        days,
        &counts,
        &previous,
        &open,
        zone,
        &calendar,
        now,
        with_operators,
    )?;
    // As printed: the default title when the office wrote none, the NIP grouped.
    rekap.signer = Signer {
        title: settings.signer.title_shown().to_string(),
        nip: settings.signer.nip_shown(),
        ..settings.signer
    };
    Ok(rekap)
}

/// The start (a UTC stamp) of the office day after the last one whose open requests are past
/// the target on `today`: a request's age only grows the earlier it was made, so every open
/// request made before this is overdue and none made after it is.
pub fn overdue_cutoff(zone: OfficeZone, calendar: &ServiceCalendar, today: NaiveDate) -> String {
    // Working days never outnumber calendar days: `target_days` back is never past it yet.
    let mut day = today - Duration::days(i64::from(calendar.target_days));
    // A calendar of nothing but holidays still ends: ten years back is past any target.
    for _ in 0..3660 {
        if calendar.age(day, today) > calendar.target_days {
            break;
        }
        day = day.pred_opt().unwrap_or(day);
    }
    stamp(zone.start_of(day.succ_opt().unwrap_or(day)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, day).unwrap()
    }

    #[test]
    fn last_month_is_the_whole_month_before_today() {
        let days = Period::LastMonth.days(d(2026, 3, 15)).unwrap();
        assert_eq!((days.from, days.to), (d(2026, 2, 1), d(2026, 2, 28)));
    }

    #[test]
    fn this_week_starts_on_monday() {
        // 6 Dec 2026 is a Sunday.
        let days = Period::ThisWeek.days(d(2026, 12, 6)).unwrap();
        assert_eq!((days.from, days.to), (d(2026, 11, 30), d(2026, 12, 6)));
    }

    #[test]
    fn a_reversed_or_too_long_custom_period_is_refused() {
        let custom = |from, to| Period::Custom { from, to }.days(d(2026, 12, 6));
        assert_eq!(
            custom(d(2026, 12, 6), d(2026, 12, 1)),
            Err(PeriodError::Reversed)
        );
        assert_eq!(
            custom(d(2020, 1, 1), d(2026, 12, 1)),
            Err(PeriodError::TooLong)
        );
    }

    #[test]
    fn a_month_compares_with_the_month_before_and_a_range_with_the_days_before() {
        let nov = Days {
            from: d(2026, 11, 1),
            to: d(2026, 11, 30),
        };
        assert_eq!(
            nov.previous(),
            Days {
                from: d(2026, 10, 1),
                to: d(2026, 10, 31)
            }
        );
        let year = Days {
            from: d(2025, 1, 1),
            to: d(2025, 12, 31),
        };
        assert_eq!(year.previous().from, d(2024, 1, 1));
        let month_so_far = Days {
            from: d(2026, 12, 1),
            to: d(2026, 12, 6),
        };
        assert_eq!(
            month_so_far.previous(),
            Days {
                from: d(2026, 11, 1),
                to: d(2026, 11, 6)
            }
        );
        let march_so_far = Days {
            from: d(2026, 3, 1),
            to: d(2026, 3, 31),
        };
        assert_eq!(march_so_far.previous().to, d(2026, 2, 28));
        let year_so_far = Days {
            from: d(2026, 1, 1),
            to: d(2026, 12, 6),
        };
        assert_eq!(year_so_far.previous().to, d(2025, 12, 6));
        let week = Days {
            from: d(2026, 11, 30),
            to: d(2026, 12, 6),
        };
        assert_eq!(
            week.previous(),
            Days {
                from: d(2026, 11, 23),
                to: d(2026, 11, 29)
            }
        );
    }

    #[test]
    fn the_overdue_cutoff_is_the_start_of_the_first_day_not_yet_overdue() {
        // Friday 4 Dec 2026, target 3 working days, Saturdays off: made Monday 30 Nov is 4
        // working days old, Tuesday 1 Dec is 3.
        let mut calendar = ServiceCalendar::default();
        let today = d(2026, 12, 4);
        assert_eq!(
            overdue_cutoff(OfficeZone::Wib, &calendar, today),
            "2026-11-30T17:00:00.000Z",
            "midnight of 1 Dec in WIB"
        );
        // A holiday on Wednesday: Monday is 3 days old now, the weekend before 4.
        calendar.holidays.insert(d(2026, 12, 2));
        assert_eq!(
            overdue_cutoff(OfficeZone::Wib, &calendar, today),
            "2026-11-29T17:00:00.000Z"
        );
    }

    #[test]
    fn the_percentiles_are_nearest_rank() {
        let v: Vec<u32> = (1..=10).collect();
        assert_eq!(percentile(&v, 50), Some(5));
        assert_eq!(percentile(&v, 90), Some(9));
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 90), Some(7));
    }
}
