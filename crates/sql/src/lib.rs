//! What the two SQL adapters share, so that it is written once: a stored row read into the
//! core's types ([`rows`]), the queue's keyset (the same SQL on SQLite and PostgreSQL), and a
//! driver's error sorted into the core's [`StoreError`]. The adapters (`sinkron-sqlite`,
//! `sinkron-pg`) hold their own statements and locking; the core holds no SQL at all.

pub mod rekap;
pub mod rows;

use std::path::Path;

use chrono::NaiveDate;
use sinkron_core::store::{QueueItem, QueuePage, QueueQuery, QueueSort, StatusCounts};
use sinkron_core::workdays::ServiceCalendar;
use sinkron_core::zone::OfficeZone;
use sinkron_core::{DbFailure, FailureKind, StoreError};
use sqlx::QueryBuilder;

/// A driver's error as the core's [`DbFailure`]: busy (SQLite's `SQLITE_BUSY`/`SQLITE_LOCKED`,
/// PostgreSQL's lock or statement timeout, or no pooled connection in time), damaged (`SQLITE_CORRUPT`, `SQLITE_NOTADB`) or other.
/// PostgreSQL's codes are five characters, so SQLite's never match one of its errors.
pub fn failure(error: sqlx::Error) -> DbFailure {
    let code = match &error {
        sqlx::Error::Database(d) => d.code().map(|c| c.into_owned()),
        _ => None,
    };
    let kind = match code.as_deref() {
        // SQLite busy or locked; PostgreSQL lock_timeout (55P03), statement_timeout (57014).
        Some("5" | "6" | "55P03" | "57014") => FailureKind::Busy,
        Some("11" | "26") => FailureKind::Damaged,
        // SQLite's SQLITE_FULL; PostgreSQL's disk_full.
        Some("13" | "53100") => FailureKind::Full,
        _ if matches!(error, sqlx::Error::PoolTimedOut) => FailureKind::Busy,
        _ if matches!(&error, sqlx::Error::Io(io) if sinkron_core::backup::is_full(io)) => {
            FailureKind::Full
        }
        _ => FailureKind::Other,
    };
    DbFailure::new(kind, error)
}

/// A driver's error while working on the data.
pub fn store_error(error: sqlx::Error) -> StoreError {
    StoreError::Database(failure(error))
}

/// A driver's error while opening the database at `path`.
pub fn open_error(path: &Path, error: sqlx::Error) -> StoreError {
    StoreError::Open {
        path: path.to_path_buf(),
        source: failure(error),
    }
}

/// A migration that did not run; damaged when SQLite said so while running it.
pub fn migrate_error(error: sqlx::migrate::MigrateError) -> StoreError {
    let kind = match &error {
        sqlx::migrate::MigrateError::Execute(source) => match &source {
            sqlx::Error::Database(d) if d.code().is_some_and(|c| c == "11" || c == "26") => {
                FailureKind::Damaged
            }
            _ => FailureKind::Other,
        },
        _ => FailureKind::Other,
    };
    StoreError::Migrate(DbFailure::new(kind, error))
}

/// `?` on a driver's result inside the adapters: `query.fetch_one(..).await.db()?`.
pub trait Db<T> {
    fn db(self) -> Result<T, StoreError>;
}

impl<T> Db<T> for Result<T, sqlx::Error> {
    fn db(self) -> Result<T, StoreError> {
        self.map_err(store_error)
    }
}

/// A line of the list's columns, in the order [`rows::at`] reads them; the queue's own list,
/// [`QUEUE_SELECT`], names the same columns in the same order.
pub const SUMMARY_COLUMNS: &str =
    "id, reg_number, applicant_name, nik, status, created_at, channel";

/// The queue's columns and its two marks, the same SQL on every backend, ready for `AND …`
/// filters: [`rows::queue_item`] reads them. `duplicate`: another open request has the same NIK.
/// `photo_check`: a photo of it had problems when taken (the partial index
/// `documents_to_check` answers it without reading the photos' rows).
pub const QUEUE_SELECT: &str = "SELECT r.id, r.reg_number, r.applicant_name, r.nik, r.status, \
     r.created_at, r.channel, \
     CASE WHEN r.status IN ('Baru', 'Disetujui', 'Diproses') AND EXISTS (\
       SELECT 1 FROM requests d WHERE d.nik = r.nik AND d.id <> r.id \
       AND d.status IN ('Baru', 'Disetujui', 'Diproses')) THEN CAST(1 AS BIGINT) ELSE 0 END \
     AS duplicate, \
     CASE WHEN EXISTS (SELECT 1 FROM documents p WHERE p.request_id = r.id \
       AND p.problems <> '') THEN CAST(1 AS BIGINT) ELSE 0 END AS photo_check \
     FROM requests r WHERE 1 = 1";

/// The list's filters, the same SQL on every backend: the office days the request was made
/// (`created_at` is the same UTC text on both), the channel, and the operator who handled it
/// (a status row or a processing step in their name).
pub fn push_filters<'a, DB: sqlx::Database>(
    q: &QueueQuery,
    zone: OfficeZone,
    sql: &mut QueryBuilder<'a, DB>,
) where
    i64: 'a + sqlx::Encode<'a, DB> + sqlx::Type<DB>,
    String: 'a + sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let (from, to) = q.created_bounds(zone);
    if let Some(from) = from {
        sql.push(" AND r.created_at >= ").push_bind(from);
    }
    if let Some(to) = to {
        sql.push(" AND r.created_at < ").push_bind(to);
    }
    if let Some(channel) = q.channel {
        sql.push(" AND r.channel = ")
            .push_bind(channel.as_str().to_string());
    }
    if let Some(operator) = q.operator_id {
        sql.push(" AND r.id IN (SELECT request_id FROM status_history WHERE operator_id = ")
            .push_bind(operator)
            .push(" UNION SELECT request_id FROM process_steps WHERE operator_id = ")
            .push_bind(operator)
            .push(")");
    }
}

/// The keyset part of the queue's query, the same SQL on every backend: past the cursor, in
/// the chosen order, one row more than a page (so the page knows whether another follows).
pub fn push_keyset<'a, DB: sqlx::Database>(q: &QueueQuery, sql: &mut QueryBuilder<'a, DB>)
where
    i64: 'a + sqlx::Encode<'a, DB> + sqlx::Type<DB>,
{
    let newest = q.sort == QueueSort::Newest;
    if let Some(cursor) = q.cursor {
        sql.push(if newest {
            " AND r.id < "
        } else {
            " AND r.id > "
        })
        .push_bind(cursor);
    }
    sql.push(if newest {
        " ORDER BY r.id DESC"
    } else {
        " ORDER BY r.id ASC"
    });
    sql.push(" LIMIT ").push_bind(i64::from(q.page_size()) + 1);
}

/// A page from the rows [`push_keyset`] fetched, with its marks as of `today`.
pub fn queue_page(
    fetched: &[impl rows::Fields],
    q: &QueueQuery,
    zone: OfficeZone,
    calendar: &ServiceCalendar,
    today: NaiveDate,
    counts: StatusCounts,
) -> Result<QueuePage, StoreError> {
    let limit = q.page_size() as usize;
    let items = fetched
        .iter()
        .take(limit + 1)
        .map(|row| rows::queue_item(row, zone, calendar, today))
        .collect::<Result<Vec<QueueItem>, _>>()?;
    Ok(QueuePage::from_items(items, q, counts))
}
