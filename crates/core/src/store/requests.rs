//! Requests (Pengajuan): saving one with its registration number and first
//! history row in a single transaction, listing them newest first, and reading
//! one back with its status history.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::{Sqlite, Transaction};

use super::workflow::Actor;
use super::{rows, stamp, Store, StoreError};
use crate::checkcode;
use crate::form::ValidRequest;
use crate::status::Status;
use crate::zone::OfficeZone;

/// Where a request was typed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Channel {
    /// At the counter, by an operator.
    Desk,
    /// At the Anjungan, by the applicant.
    Kiosk,
}

impl Channel {
    /// The stored word (`desk`, `kiosk`).
    pub fn as_str(self) -> &'static str {
        match self {
            Channel::Desk => "desk",
            Channel::Kiosk => "kiosk",
        }
    }

    /// The stored word read back.
    pub fn parse(s: &str) -> Result<Channel, StoreError> {
        match s {
            "desk" => Ok(Channel::Desk),
            "kiosk" => Ok(Channel::Kiosk),
            other => Err(StoreError::Corrupt(format!("channel {other:?}"))),
        }
    }
}

/// What saving returns: the row id and the number the applicant is told.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct CreatedRequest {
    pub id: i64,
    /// `SD-261127-0007`.
    pub reg_number: String,
    /// The check code for the receipt: shown once, stored only as a hash.
    pub check_code: String,
}

/// One line of the request list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestSummary {
    pub id: i64,
    pub reg_number: String,
    pub applicant_name: String,
    /// `161001******0001`.
    pub nik_masked: String,
    pub status: Status,
    /// UTC, RFC 3339.
    pub created_at: String,
    /// `27 Nov 2026 10.15 WIB`, in the office's zone.
    pub created_at_display: String,
    pub channel: Channel,
}

/// A page of the list, with the counts the frame shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestPage {
    pub items: Vec<RequestSummary>,
    pub total: i64,
    /// 1-based.
    pub page: u32,
    pub per_page: u32,
    /// Requests still Baru, Disetujui or Diproses.
    pub open_count: i64,
}

/// One request, whole.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RequestRecord {
    pub id: i64,
    pub reg_number: String,
    pub applicant_name: String,
    pub nik: String,
    pub kk_number: String,
    pub problem: String,
    /// `+628…`.
    pub wa_number: String,
    pub status: Status,
    pub version: i64,
    pub channel: Channel,
    pub created_at: String,
    pub updated_at: String,
}

/// One row of the status history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    pub from: Option<Status>,
    pub to: Status,
    pub operator_name: String,
    pub note: Option<String>,
    pub at: String,
    pub at_display: String,
}

/// `SD-261127-0007`: service, office-local date, the day's sequence.
pub(crate) fn reg_number(day: &str, seq: i64) -> String {
    format!("SD-{day}-{seq:04}")
}

impl Store {
    /// Saves a request as Baru: allocates the registration number, writes the
    /// request and its first history row, all in one transaction.
    pub async fn create_request(
        &self,
        req: &ValidRequest,
        channel: Channel,
        now: DateTime<Utc>,
    ) -> Result<CreatedRequest, StoreError> {
        let mut tx = self.write().await?;
        let created = insert_request(&mut tx, req, channel, now).await?;
        tx.commit().await?;
        Ok(created)
    }

    /// The list, newest first; `page` is 1-based.
    pub async fn list_requests(&self, page: u32, per_page: u32) -> Result<RequestPage, StoreError> {
        let page = page.max(1);
        let per_page = per_page.clamp(1, 500);
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT id, reg_number, applicant_name, nik, status, created_at, channel \
             FROM requests ORDER BY id DESC LIMIT ? OFFSET ?",
        )
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(&self.pool)
        .await?;
        let items = rows
            .iter()
            .map(|row| rows::request_summary(row, zone).map(|(summary, _)| summary))
            .collect::<Result<Vec<_>, _>>()?;
        let counts = self.status_counts().await?;
        Ok(RequestPage {
            items,
            total: counts.all,
            page,
            per_page,
            open_count: counts.open,
        })
    }

    /// One request by its id.
    pub async fn get_request(&self, id: i64) -> Result<RequestRecord, StoreError> {
        let row = sqlx::query(
            "SELECT id, reg_number, applicant_name, nik, kk_number, problem, wa_number, status, \
             version, channel, created_at, updated_at FROM requests WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?
        .ok_or(StoreError::NotFound(id))?;
        rows::request_record(&row)
    }

    /// One request by its registration number (`SD-261127-0007`).
    pub async fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> Result<Option<RequestRecord>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM requests WHERE reg_number = ?")
            .bind(reg_number.trim().to_ascii_uppercase())
            .fetch_optional(&self.pool)
            .await?;
        match id {
            Some(id) => Ok(Some(self.get_request(id).await?)),
            None => Ok(None),
        }
    }

    /// The status history of a request, oldest first.
    pub async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT from_status, to_status, operator_name, note, at FROM status_history \
             WHERE request_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| rows::history_entry(row, zone))
            .collect()
    }
}

/// Allocates the registration number and writes the request with its first history row (→ Baru)
/// and its NIK list inside the caller's write transaction, so that callers adding more rows (the
/// photos) commit all of it at once or nothing. The kiosk's requests and the synthetic ones take
/// this path on SQLite; a desk's is the core's `RequestChanges::create_desk_request`, built from
/// the same statements. The first history row names the kiosk, or the settings' operator name.
pub(crate) async fn insert_request(
    tx: &mut Transaction<'static, Sqlite>,
    req: &ValidRequest,
    channel: Channel,
    now: DateTime<Utc>,
) -> Result<CreatedRequest, StoreError> {
    let settings: Vec<(String, String)> = sqlx::query_as(
        "SELECT key, value FROM settings WHERE key IN ('office_zone', 'operator_name')",
    )
    .fetch_all(&mut **tx)
    .await?;
    let setting = |k: &str| {
        settings
            .iter()
            .find(|(key, _)| key == k)
            .map(|(_, v)| v.as_str())
    };
    let zone = setting("office_zone")
        .and_then(OfficeZone::from_code)
        .unwrap_or_default();
    let actor = match channel {
        Channel::Desk => Actor::named(setting("operator_name").unwrap_or("Petugas")),
        Channel::Kiosk => Actor::named("Pemohon (Anjungan)"),
    };
    let reg_number = next_reg_number(tx, zone, now).await?;
    let check_code = checkcode::generate();
    let id = insert_row(tx, &reg_number, req, channel, &check_code, &actor, now).await?;
    first_history(tx, id, &actor, now).await?;
    insert_sync_niks(tx, id, &req.initial_sync_niks(zone.today(now))).await?;
    Ok(CreatedRequest {
        id,
        reg_number,
        check_code,
    })
}

/// The next registration number of the office's day of `now`, from the per-day sequence row.
pub(crate) async fn next_reg_number(
    tx: &mut Transaction<'static, Sqlite>,
    zone: OfficeZone,
    now: DateTime<Utc>,
) -> Result<String, StoreError> {
    let day = zone.today(now).format("%y%m%d").to_string();
    let seq: i64 = sqlx::query_scalar(
        "INSERT INTO reg_sequences (day, last) VALUES (?, 1) \
         ON CONFLICT (day) DO UPDATE SET last = reg_sequences.last + 1 \
         RETURNING last",
    )
    .bind(&day)
    .fetch_one(&mut **tx)
    .await?;
    Ok(reg_number(&day, seq))
}

/// The request row, as Baru at version 1, with the hash of its check code; its id.
pub(crate) async fn insert_row(
    tx: &mut Transaction<'static, Sqlite>,
    reg_number: &str,
    req: &ValidRequest,
    channel: Channel,
    check_code: &str,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    let at = stamp(now);
    Ok(sqlx::query_scalar(
        "INSERT INTO requests \
         (reg_number, applicant_name, nik, kk_number, problem, wa_number, status, version, \
          channel, created_at, updated_at, updated_by, check_code_hash) \
         VALUES (?, ?, ?, ?, ?, ?, 'Baru', 1, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(reg_number)
    .bind(req.name.as_str())
    .bind(req.nik.as_str())
    .bind(req.kk.as_str())
    .bind(req.problem.as_str())
    .bind(req.wa.e164())
    .bind(channel.as_str())
    .bind(&at)
    .bind(&at)
    .bind(&by.name)
    .bind(checkcode::hash(check_code))
    .fetch_one(&mut **tx)
    .await?)
}

/// A request's NIKs to synchronise, in this order (the request has none yet).
pub(crate) async fn insert_sync_niks(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
    niks: &[String],
) -> Result<(), StoreError> {
    for (position, nik) in niks.iter().enumerate() {
        sqlx::query("INSERT INTO sync_niks (request_id, position, nik) VALUES (?, ?, ?)")
            .bind(id)
            .bind(position as i64)
            .bind(nik)
            .execute(&mut **tx)
            .await?;
    }
    Ok(())
}

/// The first history row of a new request (→ Baru), naming `by`.
pub(crate) async fn first_history(
    tx: &mut Transaction<'static, Sqlite>,
    id: i64,
    by: &Actor,
    now: DateTime<Utc>,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO status_history \
         (request_id, from_status, to_status, operator_id, operator_name, note, at) \
         VALUES (?, NULL, 'Baru', ?, ?, NULL, ?)",
    )
    .bind(id)
    .bind(by.operator_id)
    .bind(&by.name)
    .bind(stamp(now))
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reg_number_is_short_and_readable() {
        assert_eq!(reg_number("261127", 7), "SD-261127-0007");
        assert_eq!(reg_number("261127", 12345), "SD-261127-12345");
    }
}
