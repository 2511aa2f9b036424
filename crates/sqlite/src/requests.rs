//! Requests on the SQLite file: the statements that save one (its registration number from the
//! day's sequence row, the row, its NIK list and first history row), shared by the desk's and
//! the kiosk's path, and the list and reads of requests and their history.

use chrono::{DateTime, Utc};
use sinkron_core::checkcode;
use sinkron_core::form::ValidRequest;
use sinkron_core::store::{reg_number, stamp, Actor, Channel, CreatedRequest, StoreError};
use sinkron_core::zone::OfficeZone;
use sinkron_sql::Db;
use sqlx::{Sqlite, Transaction};

use crate::Store;

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
        tx.commit().await.db()?;
        Ok(created)
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
    .await
    .db()?;
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
    .await
    .db()?;
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
    sqlx::query_scalar(
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
    .await
    .db()
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
            .await
            .db()?;
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
    .await
    .db()?;
    Ok(())
}
