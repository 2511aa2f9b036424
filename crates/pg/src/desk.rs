//! The desks' side of the office's server: the same [`RequestStore`] the embedded SQLite file
//! gives, so the core's behaviour suite runs unchanged against both. Writes take the request's
//! row lock (`SELECT … FOR UPDATE`) where SQLite takes `BEGIN IMMEDIATE`; the state machine,
//! the NIK list and every message come from `sinkron-core`.

use async_trait::async_trait;

use chrono::{DateTime, Utc};
use sinkron_core::identity::Nik;
use sinkron_core::rekap::{OpenPast, RekapCounts};
use sinkron_core::store::{like_escape, ReplacedPhoto, Search, SettingsCache};
use sinkron_core::workflow::Transition;
use sinkron_core::{
    Actor, ChangeEntry, DocumentInfo, DocumentKind, HistoryEntry, ImageSize, NoticeEntry,
    OfficeZone, QueuePage, QueueQuery, RequestPage, RequestRecord, RequestStore, Status,
    StatusCounts, StepEntry, StoreError,
};
use sinkron_sql::Db;
use sinkron_sql::{rekap, rows};
use sqlx::QueryBuilder;
use sqlx::{PgConnection, Postgres, Transaction};

use crate::PgStore;

/// The columns of a document row, as `rows::document_info` reads them.
const INFO_COLUMNS: &str = "SELECT id, request_id, kind, mime, width, height, sha256, \
     byte_size, problems, corners FROM documents";

/// What `rows::request_record` reads.
const REQUEST_COLUMNS: &str = "SELECT id, reg_number, applicant_name, nik, kk_number, problem, \
     wa_number, status, version, channel, created_at, updated_at FROM requests";

/// The office's zone, for the times a screen shows.
pub(crate) async fn zone(conn: &mut PgConnection) -> Result<OfficeZone, StoreError> {
    let code: Option<String> =
        sqlx::query_scalar("SELECT value FROM settings WHERE key = 'office_zone'")
            .fetch_optional(conn)
            .await
            .db()?;
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
            "INSERT INTO status_history (request_id, from_status, to_status, operator_id, \
             operator_name, note, at, cancel_reason) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(id)
        .bind(t.from.as_str())
        .bind(t.to.as_str())
        .bind(actor.operator_id)
        .bind(&actor.name)
        .bind(note)
        .bind(at)
        .bind(t.cancel_reason.map(|r| r.code()))
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

#[async_trait]
impl RequestStore for PgStore {
    async fn get_request(&self, id: i64) -> Result<RequestRecord, StoreError> {
        let row = sqlx::query(&format!("{REQUEST_COLUMNS} WHERE id = $1"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await
            .db()?
            .ok_or(StoreError::NotFound(id))?;
        rows::request_record(&row)
    }

    async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        let mut conn = self.pool.acquire().await.db()?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT from_status, to_status, operator_name, note, at, cancel_reason FROM status_history \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .db()?;
        rows.iter()
            .map(|row| rows::history_entry(row, zone))
            .collect()
    }

    async fn steps(&self, id: i64) -> Result<Vec<StepEntry>, StoreError> {
        let mut conn = self.pool.acquire().await.db()?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT step, operator_name, note, at FROM process_steps \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .db()?;
        rows.iter().map(|row| rows::step_entry(row, zone)).collect()
    }

    async fn list_requests(&self, page: u32, per_page: u32) -> Result<RequestPage, StoreError> {
        let page = page.max(1);
        let per_page = per_page.clamp(1, 500);
        let mut conn = self.pool.acquire().await.db()?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(&format!(
            "SELECT {} FROM requests ORDER BY id DESC LIMIT $1 OFFSET $2",
            sinkron_sql::SUMMARY_COLUMNS
        ))
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(&mut *conn)
        .await
        .db()?;
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

    async fn status_counts(&self) -> Result<StatusCounts, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, n FROM status_counts")
            .fetch_all(&self.pool)
            .await
            .db()?;
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

    async fn queue(&self, q: &QueueQuery, now: DateTime<Utc>) -> Result<QueuePage, StoreError> {
        // The counts do not depend on the page: read beside the zone and calendar.
        let ((zone, calendar), counts) =
            tokio::try_join!(self.zone_and_calendar(), self.status_counts())?;
        let today = zone.today(now);

        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(sinkron_sql::QUEUE_SELECT);
        if let Some(status) = q.status {
            sql.push(" AND r.status = ").push_bind(status.as_str());
        }
        match Search::read(&q.search) {
            Search::None => {}
            Search::RegNumber(p) => {
                sql.push(" AND r.reg_number LIKE ")
                    .push_bind(format!("{}%", like_escape(&p)))
                    .push(" ESCAPE '\\'");
            }
            Search::Number(p) => {
                sql.push(" AND (r.nik LIKE ")
                    .push_bind(format!("{p}%"))
                    .push(" OR r.kk_number LIKE ")
                    .push_bind(format!("{p}%"))
                    .push(")");
            }
            Search::Name(text) => {
                sql.push(" AND r.applicant_name ILIKE ")
                    .push_bind(format!("%{}%", like_escape(&text)))
                    .push(" ESCAPE '\\'");
            }
        }
        sinkron_sql::push_filters(q, zone, &mut sql);
        sinkron_sql::push_keyset(q, &mut sql);
        let fetched = sql.build().fetch_all(&self.pool).await.db()?;
        sinkron_sql::queue_page(&fetched, q, zone, &calendar, today, counts)
    }

    async fn documents_of(&self, request_id: i64) -> Result<Vec<DocumentInfo>, StoreError> {
        let rows = sqlx::query(&format!(
            "{INFO_COLUMNS} WHERE request_id = $1 \
             ORDER BY CASE kind WHEN 'kk' THEN 0 ELSE 1 END, id"
        ))
        .bind(request_id)
        .fetch_all(&self.pool)
        .await
        .db()?;
        rows.iter().map(rows::document_info).collect()
    }

    async fn document_info(&self, document_id: i64) -> Result<Option<DocumentInfo>, StoreError> {
        let row = sqlx::query(&format!("{INFO_COLUMNS} WHERE id = $1"))
            .bind(document_id)
            .fetch_optional(&self.pool)
            .await
            .db()?;
        row.as_ref().map(rows::document_info).transpose()
    }

    async fn document_image(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let sql = match size {
            ImageSize::Thumb => "SELECT 'image/jpeg', thumbnail FROM documents WHERE id = $1",
            // Only the owner reads these directly (a backup, an import): logins read them
            // through `document_image_recorded`.
            ImageSize::Preview => "SELECT 'image/jpeg', preview FROM documents WHERE id = $1",
            ImageSize::Original => "SELECT mime, original FROM documents WHERE id = $1",
        };
        sqlx::query_as(sql)
            .bind(document_id)
            .fetch_optional(&self.pool)
            .await
            .db()
    }

    async fn document_image_recorded(
        &self,
        document_id: i64,
        size: ImageSize,
        workstation: &str,
    ) -> Option<Result<Option<(String, Vec<u8>)>, StoreError>> {
        // The server records the view (in the login's own name) before it hands the bytes over;
        // no login may read a preview or an original any other way.
        let read = sqlx::query_as("SELECT mime, bytes FROM sinkron_photo($1, $2, $3)")
            .bind(document_id)
            .bind(size.as_str())
            .bind(workstation)
            .fetch_optional(&self.pool)
            .await
            .db();
        Some(read)
    }

    async fn replaced_photos(&self, id: i64) -> Result<Vec<ReplacedPhoto>, StoreError> {
        let mut conn = self.pool.acquire().await.db()?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(&format!(
            "{} WHERE request_id = $1 ORDER BY id",
            rows::REPLACED_COLUMNS
        ))
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .db()?;
        rows.iter()
            .map(|row| rows::replaced_photo(row, zone))
            .collect()
    }

    async fn replaced_info(
        &self,
        replaced_id: i64,
    ) -> Result<Option<(i64, DocumentKind)>, StoreError> {
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT request_id, kind FROM replaced_documents WHERE id = $1")
                .bind(replaced_id)
                .fetch_optional(&self.pool)
                .await
                .db()?;
        row.map(|(request, kind)| Ok((request, rows::document_kind(&kind)?)))
            .transpose()
    }

    async fn replaced_image(
        &self,
        replaced_id: i64,
        size: ImageSize,
    ) -> Result<Option<Vec<u8>>, StoreError> {
        let sql = match size {
            ImageSize::Thumb => "SELECT thumbnail FROM replaced_documents WHERE id = $1",
            // Only the owner reads this directly: logins read it through
            // `replaced_image_recorded`.
            ImageSize::Preview => "SELECT preview FROM replaced_documents WHERE id = $1",
            ImageSize::Original => return Ok(None),
        };
        sqlx::query_scalar(sql)
            .bind(replaced_id)
            .fetch_optional(&self.pool)
            .await
            .db()
    }

    async fn replaced_image_recorded(
        &self,
        replaced_id: i64,
        workstation: &str,
    ) -> Option<Result<Option<Vec<u8>>, StoreError>> {
        let read = sqlx::query_scalar("SELECT sinkron_photo_old($1, $2)")
            .bind(replaced_id)
            .bind(workstation)
            .fetch_one(&self.pool)
            .await
            .db();
        Some(read)
    }

    /// The counts read in one snapshot, so they agree with each other while desks write.
    async fn rekap_counts(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<RekapCounts, StoreError> {
        let (from, to) = (from.to_string(), to.to_string());
        let mut tx = self.pool.begin().await.db()?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .db()?;
        let mut all = Vec::with_capacity(rekap::COUNTS.len());
        for sql in rekap::COUNTS {
            all.push(
                sqlx::query(&rekap::for_postgres(sql))
                    .bind(&from)
                    .bind(&to)
                    .fetch_all(&mut *tx)
                    .await
                    .db()?,
            );
        }
        tx.commit().await.db()?;
        rekap::counts(&all)
    }

    /// The count and the oldest rows read in one snapshot, so they agree.
    async fn open_before(&self, before: &str, limit: i64) -> Result<OpenPast, StoreError> {
        let mut tx = self.pool.begin().await.db()?;
        sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            .execute(&mut *tx)
            .await
            .db()?;
        let total: i64 = sqlx::query_scalar(&rekap::for_postgres(rekap::OPEN_BEFORE_COUNT))
            .bind(before)
            .fetch_one(&mut *tx)
            .await
            .db()?;
        let rows = sqlx::query(&rekap::for_postgres(rekap::OPEN_BEFORE))
            .bind(before)
            .bind(limit)
            .fetch_all(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        Ok(OpenPast {
            total,
            oldest: rows
                .iter()
                .map(rekap::open_request)
                .collect::<Result<_, _>>()?,
        })
    }

    async fn changes(&self, id: i64) -> Result<Vec<ChangeEntry>, StoreError> {
        let mut conn = self.pool.acquire().await.db()?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT field, old_value, new_value, reason, operator_name, at FROM request_changes \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .db()?;
        rows.iter()
            .map(|row| rows::change_entry(row, zone))
            .collect()
    }

    async fn notices(&self, id: i64) -> Result<Vec<NoticeEntry>, StoreError> {
        let mut conn = self.pool.acquire().await.db()?;
        let zone = zone(&mut conn).await?;
        let rows = sqlx::query(
            "SELECT status, template, operator_name, at FROM notices \
             WHERE request_id = $1 ORDER BY id",
        )
        .bind(id)
        .fetch_all(&mut *conn)
        .await
        .db()?;
        rows.iter()
            .map(|row| rows::notice_entry(row, zone))
            .collect()
    }

    async fn sync_niks(&self, id: i64) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar("SELECT nik FROM sync_niks WHERE request_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .db()
    }

    async fn requests_with_nik(&self, nik: &Nik) -> Result<Vec<(i64, bool, bool)>, StoreError> {
        let rows: Vec<(i64, bool, bool)> = sqlx::query_as(
            "SELECT r.id, r.nik = $1, \
             EXISTS (SELECT 1 FROM sync_niks s WHERE s.request_id = r.id AND s.nik = $1) \
             FROM requests r \
             WHERE r.nik = $1 OR r.id IN (SELECT request_id FROM sync_niks WHERE nik = $1) \
             ORDER BY r.id",
        )
        .bind(nik.as_str())
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(rows)
    }

    async fn photos_deleted(&self, id: i64) -> Result<Option<(String, u32)>, StoreError> {
        let row: Option<(String, i32)> = sqlx::query_as(
            "SELECT deleted_at, rule_days FROM photo_deletions WHERE request_id = $1",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .db()?;
        Ok(row.map(|(at, days)| (at, u32::try_from(days).unwrap_or_default())))
    }

    async fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> Result<Vec<(i64, String, Status)>, StoreError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, reg_number, status FROM requests \
             WHERE nik = $1 AND status NOT IN ('Selesai', 'Dibatalkan') ORDER BY id DESC",
        )
        .bind(nik.as_str())
        .fetch_all(&self.pool)
        .await
        .db()?;
        rows.into_iter()
            .map(|(id, reg, word)| Ok((id, reg, rows::status(&word)?)))
            .collect()
    }

    async fn all_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        Ok(sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await
            .db()?)
    }

    fn settings_cache(&self) -> Option<&SettingsCache> {
        Some(&self.settings)
    }

    async fn settings_version(&self) -> Result<i64, StoreError> {
        sqlx::query_scalar("SELECT version FROM settings_version")
            .fetch_one(&self.pool)
            .await
            .db()
    }

    async fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> Result<Option<RequestRecord>, StoreError> {
        let reg = reg_number.trim().to_ascii_uppercase();
        let row = sqlx::query(&format!("{REQUEST_COLUMNS} WHERE reg_number = $1"))
            .bind(reg)
            .fetch_optional(&self.pool)
            .await
            .db()?;
        row.as_ref().map(rows::request_record).transpose()
    }
}
