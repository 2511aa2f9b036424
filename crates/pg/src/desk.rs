//! The desks' side of the office's server: the same [`RequestStore`] the embedded SQLite file
//! gives, so the core's behaviour suite runs unchanged against both. Writes take the request's
//! row lock (`SELECT … FOR UPDATE`) where SQLite takes `BEGIN IMMEDIATE`; the state machine,
//! the NIK list and every message come from `sinkron-core`.

use std::future::Future;

use chrono::{DateTime, Utc};
use sinkron_core::checkcode;
use sinkron_core::identity::Nik;
use sinkron_core::store::rows;
use sinkron_core::store::{stamp, BatchOutcome};
use sinkron_core::workflow::{clean_note, decide, State, Transition};
use sinkron_core::{
    ActError, Acted, Action, Actor, ChangeEntry, CreatedRequest, DocumentInfo, DocumentKind, Field,
    HistoryEntry, ImageSize, NoticeEntry, OfficeZone, ProcessedPhoto, QueuePage, QueueQuery,
    RequestPage, RequestRecord, RequestStore, Status, StatusCounts, Step, StepEntry, StoreError,
    ValidRequest, WaNotice,
};
use sqlx::{PgConnection, Postgres, Row, Transaction};

use crate::PgStore;

/// What `rows::request_record` reads.
const REQUEST_COLUMNS: &str = "SELECT id, reg_number, applicant_name, nik, kk_number, problem, \
     wa_number, status, version, channel, created_at, updated_at FROM requests";

/// The office's zone, for the times a screen shows.
pub(crate) async fn zone(conn: &mut PgConnection) -> Result<OfficeZone, StoreError> {
    let code: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'office_zone'")
            .fetch_optional(conn)
            .await?;
    Ok(code
        .as_deref()
        .and_then(OfficeZone::from_code)
        .unwrap_or_default())
}

pub(crate) async fn audit(
    tx: &mut Transaction<'static, Postgres>,
    actor: &Actor,
    action: &str,
    request_id: Option<i64>,
    detail: Option<&str>,
    at: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO audit_log (at, operator_id, role, workstation, action, request_id, detail) \
         VALUES ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(at)
    .bind(actor.operator_id)
    .bind(actor.role.map(|r| r.code()))
    .bind(&actor.workstation)
    .bind(action)
    .bind(request_id)
    .bind(detail)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// The request row as a write sees it, locked until the write's transaction ends.
pub(crate) struct Current {
    pub status: Status,
    pub version: i64,
    pub updated_by: String,
    pub dwh_recorded: bool,
}

pub(crate) async fn lock_current(
    tx: &mut Transaction<'static, Postgres>,
    id: i64,
) -> Result<Current, ActError> {
    let row = sqlx::query(
        "SELECT status, version, COALESCE(updated_by, '') AS updated_by, \
         EXISTS (SELECT 1 FROM process_steps p \
                 WHERE p.request_id = r.id AND p.step = 'sinkronisasi_dwh') AS dwh \
         FROM requests r WHERE id = $1 FOR UPDATE",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(StoreError::NotFound(id))?;
    Ok(Current {
        status: rows::status(row.try_get("status")?)?,
        version: row.try_get("version")?,
        updated_by: row.try_get("updated_by")?,
        dwh_recorded: row.try_get("dwh")?,
    })
}

pub(crate) async fn write_transition(
    tx: &mut Transaction<'static, Postgres>,
    id: i64,
    t: &Transition,
    note: Option<&str>,
    actor: &Actor,
    at: &str,
) -> Result<(), sqlx::Error> {
    if t.changes_status() {
        sqlx::query(
            "INSERT INTO status_history \
             (request_id, from_status, to_status, operator_id, operator_name, note, at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(id)
        .bind(t.from.as_str())
        .bind(t.to.as_str())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(note)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    if let Some(step) = t.step {
        sqlx::query(
            "INSERT INTO process_steps (request_id, step, operator_id, operator_name, note, at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(id)
        .bind(step.code())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(note)
        .bind(at)
        .execute(&mut **tx)
        .await?;
    }
    Ok(())
}

impl PgStore {
    async fn create_desk_request_tx(
        &self,
        req: &ValidRequest,
        by: &Actor,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<CreatedRequest, StoreError> {
        let mut tx = self.pool.begin().await?;
        let zone = zone(&mut tx).await?;
        let at = stamp(now);
        let reg_number: String = sqlx::query_scalar("SELECT next_reg_number($1::TIMESTAMPTZ)")
            .bind(&at)
            .fetch_one(&mut *tx)
            .await?;
        let check_code = checkcode::generate();
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO requests \
             (reg_number, applicant_name, nik, kk_number, problem, wa_number, status, version, \
              channel, created_at, updated_at, updated_by, check_code_hash) \
             VALUES ($1, $2, $3, $4, $5, $6, 'Baru', 1, 'desk', $7, $7, $8, hash_check_code($9)) \
             RETURNING id",
        )
        .bind(&reg_number)
        .bind(req.name.as_str())
        .bind(req.nik.as_str())
        .bind(req.kk.as_str())
        .bind(req.problem.as_str())
        .bind(req.wa.e164())
        .bind(&at)
        .bind(&by.name)
        .bind(&check_code)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "INSERT INTO status_history \
             (request_id, from_status, to_status, operator_id, operator_name, note, at) \
             VALUES ($1, NULL, 'Baru', $2, $3, NULL, $4)",
        )
        .bind(id)
        .bind(by.operator_id)
        .bind(&by.name)
        .bind(&at)
        .execute(&mut *tx)
        .await?;
        let niks = req.initial_sync_niks(zone.today(now));
        sqlx::query(
            "INSERT INTO sync_niks (request_id, position, nik) \
             SELECT $1, n.position - 1, n.nik FROM unnest($2::TEXT[]) WITH ORDINALITY AS n(nik, position) \
             ON CONFLICT DO NOTHING",
        )
        .bind(id)
        .bind(&niks)
        .execute(&mut *tx)
        .await?;
        for (kind, photo) in [(DocumentKind::Kk, kk), (DocumentKind::Ktp, ktp)] {
            sqlx::query(
                "INSERT INTO documents (request_id, kind, sha256, mime, width, height, original, \
                 preview, thumbnail, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
            )
            .bind(id)
            .bind(kind.as_str())
            .bind(&photo.sha256)
            .bind(photo.mime)
            .bind(i64::from(photo.width))
            .bind(i64::from(photo.height))
            .bind(&photo.original)
            .bind(&photo.preview.jpeg)
            .bind(&photo.thumbnail.jpeg)
            .bind(&at)
            .execute(&mut *tx)
            .await?;
        }
        audit(
            &mut tx,
            by,
            "create_request",
            Some(id),
            Some(&reg_number),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(CreatedRequest {
            id,
            reg_number,
            check_code,
        })
    }

    async fn act_tx(
        &self,
        id: i64,
        expected_version: i64,
        action: Action,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<Acted, ActError> {
        let mut tx = self.pool.begin().await?;
        let seen = lock_current(&mut tx, id).await?;
        if seen.version != expected_version {
            return Err(ActError::changed(seen.status, &seen.updated_by));
        }
        let t = decide(
            State {
                status: seen.status,
                dwh_recorded: seen.dwh_recorded,
            },
            action,
            note,
        )?;
        let at = stamp(now);
        let note = clean_note(note);
        // The row is locked: the version cannot have moved since it was read.
        sqlx::query(
            "UPDATE requests SET status = $1, version = version + 1, updated_at = $2, \
             updated_by = $3 WHERE id = $4",
        )
        .bind(t.to.as_str())
        .bind(&at)
        .bind(&actor.name)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        write_transition(&mut tx, id, &t, note.as_deref(), actor, &at).await?;
        let detail = format!("{} → {}", t.from, t.to);
        audit(
            &mut tx,
            actor,
            &action.audit_code(),
            Some(id),
            Some(&detail),
            &at,
        )
        .await?;
        tx.commit().await?;
        Ok(Acted {
            status: t.to,
            version: seen.version + 1,
        })
    }

    async fn get_request_by_id(&self, id: i64) -> Result<RequestRecord, StoreError> {
        let row = sqlx::query(&format!("{REQUEST_COLUMNS} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound(id))?;
        rows::request_record(&row)
    }

    async fn history_of(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT from_status, to_status, operator_name, note, at FROM status_history \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter()
            .map(|row| rows::history_entry(row, zone))
            .collect()
    }

    async fn steps_of(&self, id: i64) -> Result<Vec<StepEntry>, StoreError> {
        let mut conn = self.pool.acquire().await?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT step, operator_name, note, at FROM process_steps \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await?;
        rows.iter().map(|row| rows::step_entry(row, zone)).collect()
    }

    async fn list_page(&self, page: u32, per_page: u32) -> Result<RequestPage, StoreError> {
        let page = page.max(1);
        let per_page = per_page.clamp(1, 500);
        let mut conn = self.pool.acquire().await?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT id, reg_number, applicant_name, nik, status, created_at, channel \
             FROM requests ORDER BY id DESC LIMIT $1 OFFSET $2",
        )
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(&mut *conn)
        .await?;
        let items = rows
            .iter()
            .map(|row| rows::request_summary(row, zone).map(|(summary, _)| summary))
            .collect::<Result<Vec<_>, _>>()?;
        let counts = self.counts().await?;
        Ok(RequestPage {
            items,
            total: counts.all,
            page,
            per_page,
            open_count: counts.open,
        })
    }

    pub(crate) async fn counts(&self) -> Result<StatusCounts, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, n FROM status_counts")
            .fetch_all(&self.pool)
            .await?;
        let mut c = StatusCounts::default();
        for (word, n) in rows {
            match rows::status(&word)? {
                Status::Baru => c.baru = n,
                Status::Disetujui => c.disetujui = n,
                Status::Diproses => c.diproses = n,
                Status::Selesai => c.selesai = n,
                Status::Dibatalkan => c.dibatalkan = n,
            }
        }
        c.open = c.baru + c.disetujui + c.diproses;
        c.all = c.open + c.selesai + c.dibatalkan;
        Ok(c)
    }
}

impl RequestStore for PgStore {
    fn create_desk_request(
        &self,
        req: &ValidRequest,
        by: &Actor,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> impl Future<Output = Result<CreatedRequest, StoreError>> + Send {
        self.create_desk_request_tx(req, by, now, kk, ktp)
    }

    fn act(
        &self,
        id: i64,
        expected_version: i64,
        action: Action,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Acted, ActError>> + Send {
        self.act_tx(id, expected_version, action, note, actor, now)
    }

    fn get_request(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<RequestRecord, StoreError>> + Send {
        self.get_request_by_id(id)
    }

    fn history(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<HistoryEntry>, StoreError>> + Send {
        self.history_of(id)
    }

    fn steps(&self, id: i64) -> impl Future<Output = Result<Vec<StepEntry>, StoreError>> + Send {
        self.steps_of(id)
    }

    fn list_requests(
        &self,
        page: u32,
        per_page: u32,
    ) -> impl Future<Output = Result<RequestPage, StoreError>> + Send {
        self.list_page(page, per_page)
    }

    fn status_counts(&self) -> impl Future<Output = Result<StatusCounts, StoreError>> + Send {
        self.counts()
    }

    fn queue(
        &self,
        q: &QueueQuery,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<QueuePage, StoreError>> + Send {
        self.queue_page(q, now)
    }

    fn documents_of(
        &self,
        request_id: i64,
    ) -> impl Future<Output = Result<Vec<DocumentInfo>, StoreError>> + Send {
        self.documents_of_request(request_id)
    }

    fn document_info(
        &self,
        document_id: i64,
    ) -> impl Future<Output = Result<Option<DocumentInfo>, StoreError>> + Send {
        self.document_facts(document_id)
    }

    fn document_image(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> impl Future<Output = Result<Option<(String, Vec<u8>)>, StoreError>> + Send {
        self.document_bytes(document_id, size)
    }

    fn changes(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<ChangeEntry>, StoreError>> + Send {
        self.changes_of(id)
    }

    fn notices(
        &self,
        id: i64,
    ) -> impl Future<Output = Result<Vec<NoticeEntry>, StoreError>> + Send {
        self.notices_of(id)
    }

    fn sync_niks(&self, id: i64) -> impl Future<Output = Result<Vec<String>, StoreError>> + Send {
        self.sync_niks_of(id)
    }

    fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> impl Future<Output = Result<Vec<(i64, String, Status)>, StoreError>> + Send {
        self.open_for_nik(nik)
    }

    async fn all_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await?)
    }

    fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> impl Future<Output = Result<Option<RequestRecord>, StoreError>> + Send {
        let reg = reg_number.trim().to_ascii_uppercase();
        async move {
            let row = sqlx::query(&format!("{REQUEST_COLUMNS} WHERE reg_number = $1"))
                .bind(reg)
                .fetch_optional(&self.pool)
                .await?;
            row.as_ref().map(rows::request_record).transpose()
        }
    }

    fn record_step_batch(
        &self,
        ids: &[i64],
        step: Step,
        note: Option<&str>,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<BatchOutcome, ActError>> + Send {
        self.record_step_batch_tx(ids, step, note, actor, now)
    }

    fn put_settings(
        &self,
        rows: &[(String, String)],
        actor: &Actor,
        action: &str,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<(), StoreError>> + Send {
        self.put_settings_tx(rows, actor, action, now)
    }

    fn correct_field(
        &self,
        id: i64,
        expected_version: i64,
        field: Field,
        value: &str,
        reason: &str,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Acted, ActError>> + Send {
        self.correct_field_tx(id, expected_version, field, value, reason, actor, now)
    }

    fn set_sync_niks(
        &self,
        id: i64,
        niks: &[String],
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<Vec<String>, ActError>> + Send {
        self.set_sync_niks_tx(id, niks, actor, now)
    }

    fn open_wa_notice(
        &self,
        id: i64,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> impl Future<Output = Result<WaNotice, StoreError>> + Send {
        self.open_wa_notice_tx(id, actor, now)
    }
}
