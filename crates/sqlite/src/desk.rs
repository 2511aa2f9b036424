//! The desk's reads on the SQLite file, as the core's [`RequestStore`]: every method is a
//! query here or in its sibling modules, so the shell holds the store as `dyn DeskStore` and
//! nothing is forwarded by hand.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::identity::Nik;
use sinkron_core::status::Status;
use sinkron_core::store::{
    ChangeEntry, DocumentInfo, HistoryEntry, ImageSize, NoticeEntry, QueuePage, QueueQuery,
    ReplacedPhoto, RequestPage, RequestRecord, RequestStore, StatusCounts, StepEntry, StoreError,
};
use sinkron_core::zone::OfficeZone;
use sinkron_core::DocumentKind;
use sqlx::sqlite::{SqliteConnection, SqliteRow};
use sqlx::{QueryBuilder, Sqlite};

use sinkron_core::rekap::{OpenPast, RekapCounts};
use sinkron_core::store::{like_escape, prefix_end, Search, SettingsCache};
use sinkron_sql::rows::Fields as _;
use sinkron_sql::{rekap, rows, Db};

use crate::documents::INFO_COLUMNS;
use crate::reader::Held;
use crate::Store;

#[async_trait]
impl RequestStore for Store {
    /// One request by its id.
    async fn get_request(&self, id: i64) -> Result<RequestRecord, StoreError> {
        let row = sqlx::query(
            "SELECT id, reg_number, applicant_name, nik, kk_number, problem, wa_number, status, \
             version, channel, created_at, updated_at FROM requests WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .db()?
        .ok_or(StoreError::NotFound(id))?;
        rows::request_record(&row)
    }

    /// The status history of a request, oldest first.
    async fn history(&self, id: i64) -> Result<Vec<HistoryEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT from_status, to_status, operator_name, note, at, cancel_reason FROM status_history \
             WHERE request_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .db()?;
        rows.iter()
            .map(|row| rows::history_entry(row, zone))
            .collect()
    }

    /// The processing steps of a request, oldest first.
    async fn steps(&self, id: i64) -> Result<Vec<StepEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT step, operator_name, note, at FROM process_steps WHERE request_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await.db()?;
        rows.iter().map(|row| rows::step_entry(row, zone)).collect()
    }

    /// The list, newest first; `page` is 1-based.
    async fn list_requests(&self, page: u32, per_page: u32) -> Result<RequestPage, StoreError> {
        let page = page.max(1);
        let per_page = per_page.clamp(1, 500);
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(&format!(
            "SELECT {} FROM requests ORDER BY id DESC LIMIT ? OFFSET ?",
            sinkron_sql::SUMMARY_COLUMNS
        ))
        .bind(i64::from(per_page))
        .bind(i64::from(page - 1) * i64::from(per_page))
        .fetch_all(&self.pool)
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

    /// The five counts and their sums.
    async fn status_counts(&self) -> Result<StatusCounts, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, n FROM status_counts")
            .fetch_all(&self.pool)
            .await
            .db()?;
        counts_of(rows)
    }

    /// A page of the queue. `now` decides ages and overdue marks.
    async fn queue(&self, q: &QueueQuery, now: DateTime<Utc>) -> Result<QueuePage, StoreError> {
        let mut held = self.reader.get(&self.pool.connect_options()).await.db()?;
        let Held { conn, kept } = &mut *held;
        let mut fresh = None;
        // The file as the last page found it, at settings still kept: one round trip, the
        // file's data version and then the page. What was seen stands while that version has
        // not moved (a write landing between the two statements is counted at the next page);
        // otherwise it is read again, and the page stands if the settings did not change.
        let at_kept_settings =
            kept.and_then(|seen| Some((seen, self.settings.get(seen.settings_version)?)));
        if let Some((seen, (zone, calendar))) = at_kept_settings {
            let fetched = queue_rows(conn, q, zone, DATA_VERSION_FIRST).await?;
            let (version, page) = fetched
                .split_first()
                .ok_or_else(|| StoreError::Corrupt("no data version".into()))?;
            let unchanged = version.int("data_version")? == seen.data_version;
            let now_seen = if unchanged {
                seen
            } else {
                read_seen(conn).await?
            };
            *kept = Some(now_seen);
            if now_seen.settings_version == seen.settings_version {
                let today = zone.today(now);
                return sinkron_sql::queue_page(page, q, zone, &calendar, today, now_seen.counts);
            }
            fresh = Some(now_seen);
        }
        // Nothing seen yet, or a setting changed since: the settings version and counts first,
        // then the zone and calendar at that version, then the page.
        let seen = match fresh {
            Some(seen) => seen,
            None => read_seen(conn).await?,
        };
        *kept = Some(seen);
        let (zone, calendar) = match self.settings.get(seen.settings_version) {
            Some(hit) => hit,
            None => self.zone_and_calendar().await?,
        };
        let fetched = queue_rows(conn, q, zone, "").await?;
        sinkron_sql::queue_page(&fetched, q, zone, &calendar, zone.today(now), seen.counts)
    }

    /// The photos of a request, KK first.
    async fn documents_of(&self, request_id: i64) -> Result<Vec<DocumentInfo>, StoreError> {
        let rows = sqlx::query(&format!(
            "{INFO_COLUMNS} WHERE request_id = ? \
             ORDER BY CASE kind WHEN 'kk' THEN 0 ELSE 1 END, id"
        ))
        .bind(request_id)
        .fetch_all(&self.pool)
        .await
        .db()?;
        rows.iter().map(rows::document_info).collect()
    }

    /// One stored photo's facts (for the audit log, or to check which request
    /// an image belongs to before serving it).
    async fn document_info(&self, document_id: i64) -> Result<Option<DocumentInfo>, StoreError> {
        let row = sqlx::query(&format!("{INFO_COLUMNS} WHERE id = ?"))
            .bind(document_id)
            .fetch_optional(&self.pool)
            .await
            .db()?;
        row.as_ref().map(rows::document_info).transpose()
    }

    /// One rendition of a stored photo: its mime type and bytes, or `None`
    /// when there is no such document.
    async fn document_image(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let sql = match size {
            ImageSize::Thumb => "SELECT 'image/jpeg', thumbnail FROM documents WHERE id = ?",
            ImageSize::Preview => "SELECT 'image/jpeg', preview FROM documents WHERE id = ?",
            ImageSize::Original => "SELECT mime, original FROM documents WHERE id = ?",
        };
        sqlx::query_as(sql)
            .bind(document_id)
            .fetch_optional(&self.pool)
            .await
            .db()
    }

    async fn replaced_photos(&self, id: i64) -> Result<Vec<ReplacedPhoto>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(&format!(
            "{} WHERE request_id = ? ORDER BY id",
            rows::REPLACED_COLUMNS
        ))
        .bind(id)
        .fetch_all(&self.pool)
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
            sqlx::query_as("SELECT request_id, kind FROM replaced_documents WHERE id = ?")
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
            ImageSize::Thumb => "SELECT thumbnail FROM replaced_documents WHERE id = ?",
            ImageSize::Preview => "SELECT preview FROM replaced_documents WHERE id = ?",
            ImageSize::Original => return Ok(None),
        };
        sqlx::query_scalar(sql)
            .bind(replaced_id)
            .fetch_optional(&self.pool)
            .await
            .db()
    }

    /// The counts read in one transaction, so they agree with each other while desks
    /// write.
    async fn rekap_counts(
        &self,
        from: chrono::NaiveDate,
        to: chrono::NaiveDate,
    ) -> Result<RekapCounts, StoreError> {
        let (from, to) = (from.to_string(), to.to_string());
        let mut tx = self.pool.begin().await.db()?;
        let mut all = Vec::with_capacity(rekap::COUNTS.len());
        for sql in rekap::COUNTS {
            all.push(
                sqlx::query(sql)
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

    /// The count and the oldest rows read in one transaction, so they agree.
    async fn open_before(&self, before: &str, limit: i64) -> Result<OpenPast, StoreError> {
        let mut tx = self.pool.begin().await.db()?;
        let total: i64 = sqlx::query_scalar(rekap::OPEN_BEFORE_COUNT)
            .bind(before)
            .fetch_one(&mut *tx)
            .await
            .db()?;
        let rows = sqlx::query(rekap::OPEN_BEFORE)
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

    /// The corrections of a request, oldest first.
    async fn changes(&self, id: i64) -> Result<Vec<ChangeEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT field, old_value, new_value, reason, operator_name, at FROM request_changes \
             WHERE request_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await
        .db()?;
        rows.iter()
            .map(|row| rows::change_entry(row, zone))
            .collect()
    }

    /// The notices opened for a request, oldest first.
    async fn notices(&self, id: i64) -> Result<Vec<NoticeEntry>, StoreError> {
        let zone = self.settings().await?.zone;
        let rows = sqlx::query(
            "SELECT status, template, operator_name, at FROM notices WHERE request_id = ? ORDER BY id",
        )
        .bind(id)
        .fetch_all(&self.pool)
        .await.db()?;
        rows.iter()
            .map(|row| rows::notice_entry(row, zone))
            .collect()
    }

    /// NIK yang disinkronkan, in the order the operator keeps them.
    async fn sync_niks(&self, id: i64) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar("SELECT nik FROM sync_niks WHERE request_id = ? ORDER BY position")
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .db()
    }

    async fn requests_with_nik(&self, nik: &Nik) -> Result<Vec<(i64, bool, bool)>, StoreError> {
        let rows: Vec<(i64, bool, bool)> = sqlx::query_as(
            "SELECT r.id, r.nik = ?1, \
             EXISTS (SELECT 1 FROM sync_niks s WHERE s.request_id = r.id AND s.nik = ?1) \
             FROM requests r \
             WHERE r.nik = ?1 OR r.id IN (SELECT request_id FROM sync_niks WHERE nik = ?1) \
             ORDER BY r.id",
        )
        .bind(nik.as_str())
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(rows)
    }

    async fn photos_deleted(&self, id: i64) -> Result<Option<(String, u32)>, StoreError> {
        let row: Option<(String, i64)> = sqlx::query_as(
            "SELECT deleted_at, rule_days FROM photo_deletions WHERE request_id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await
        .db()?;
        Ok(row.map(|(at, days)| (at, u32::try_from(days).unwrap_or_default())))
    }

    /// Open requests (not Selesai or Dibatalkan) for a NIK, newest first:
    /// what the desk warns about before saving a duplicate.
    async fn open_requests_for_nik(
        &self,
        nik: &Nik,
    ) -> Result<Vec<(i64, String, Status)>, StoreError> {
        let rows: Vec<(i64, String, String)> = sqlx::query_as(
            "SELECT id, reg_number, status FROM requests \
             WHERE nik = ? AND status NOT IN ('Selesai', 'Dibatalkan') ORDER BY id DESC",
        )
        .bind(nik.as_str())
        .fetch_all(&self.pool)
        .await
        .db()?;
        rows.into_iter()
            .map(|(id, reg, word)| {
                let status =
                    Status::parse(&word).ok_or_else(|| StoreError::Corrupt(word.clone()))?;
                Ok((id, reg, status))
            })
            .collect()
    }

    /// One request by its registration number (`SD-261127-0007`).
    async fn find_by_reg_number(
        &self,
        reg_number: &str,
    ) -> Result<Option<RequestRecord>, StoreError> {
        let id: Option<i64> = sqlx::query_scalar("SELECT id FROM requests WHERE reg_number = ?")
            .bind(reg_number.trim().to_ascii_uppercase())
            .fetch_optional(&self.pool)
            .await
            .db()?;
        match id {
            Some(id) => Ok(Some(self.get_request(id).await?)),
            None => Ok(None),
        }
    }

    /// Every stored setting.
    async fn all_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await
            .db()
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
}

/// Put before [`sinkron_sql::QUEUE_SELECT`]: the file's data version as the first row, in the
/// same round trip to the connection's thread as the page. A statement of its own, not a column
/// of the page's (`pragma_data_version` prepares a statement inside at every run).
const DATA_VERSION_FIRST: &str = "PRAGMA data_version; ";

/// What the queue read at one state of the file, kept with its connection between pages.
/// `data_version` is SQLite's count on that connection, moved on whenever another connection
/// commits (the queue's own never writes): while it stands, the settings version and the
/// counts read with it still hold.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Seen {
    data_version: i64,
    settings_version: i64,
    counts: StatusCounts,
}

/// The file's data version, the settings version and the five counts, in one statement.
async fn read_seen(conn: &mut SqliteConnection) -> Result<Seen, StoreError> {
    let rows: Vec<(String, i64)> = sqlx::query_as(
        "SELECT '#data', data_version FROM pragma_data_version \
         UNION ALL SELECT '#settings', version FROM settings_version \
         UNION ALL SELECT status, n FROM status_counts",
    )
    .fetch_all(&mut *conn)
    .await
    .db()?;
    let (marks, counts): (Vec<_>, Vec<_>) = rows.into_iter().partition(|(w, _)| w.starts_with('#'));
    let mark = |name: &str| {
        marks
            .iter()
            .find(|(word, _)| word == name)
            .map(|(_, n)| *n)
            .ok_or_else(|| StoreError::Corrupt(format!("no {name}")))
    };
    Ok(Seen {
        data_version: mark("#data")?,
        settings_version: mark("#settings")?,
        counts: counts_of(counts)?,
    })
}

/// The queue's rows for `q`: [`sinkron_sql::QUEUE_SELECT`] after `lead` (nothing, or
/// [`DATA_VERSION_FIRST`]) with the search, the filters (days in `zone`) and the keyset page.
async fn queue_rows(
    conn: &mut SqliteConnection,
    q: &QueueQuery,
    zone: OfficeZone,
    lead: &str,
) -> Result<Vec<SqliteRow>, StoreError> {
    let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(lead);
    sql.push(sinkron_sql::QUEUE_SELECT);
    if let Some(status) = q.status {
        sql.push(" AND r.status = ").push_bind(status.as_str());
    }
    match Search::read(&q.search) {
        Search::None => {}
        Search::RegNumber(p) => {
            sql.push(" AND r.reg_number >= ").push_bind(p.clone());
            sql.push(" AND r.reg_number < ").push_bind(prefix_end(&p));
        }
        Search::Number(p) => {
            sql.push(" AND r.id IN (SELECT id FROM requests WHERE nik >= ")
                .push_bind(p.clone())
                .push(" AND nik < ")
                .push_bind(prefix_end(&p))
                .push(" UNION SELECT id FROM requests WHERE kk_number >= ")
                .push_bind(p.clone())
                .push(" AND kk_number < ")
                .push_bind(prefix_end(&p))
                .push(")");
        }
        Search::Name(text) if text.chars().count() >= 3 => {
            let phrase = format!("\"{}\"", text.replace('"', "\"\""));
            sql.push(
                " AND r.id IN (SELECT rowid FROM requests_name_fts \
                 WHERE requests_name_fts MATCH ",
            )
            .push_bind(phrase)
            .push(")");
        }
        // The pattern is built around the bound text, not bound whole: SQLite prepares a
        // statement again each time a value bound as a LIKE pattern is bound anew.
        Search::Name(text) => {
            sql.push(" AND r.applicant_name LIKE '%' || ")
                .push_bind(like_escape(&text))
                .push(" || '%' ESCAPE '\\'");
        }
    }
    sinkron_sql::push_filters(q, zone, &mut sql);
    sinkron_sql::push_keyset(q, &mut sql);
    sql.build().fetch_all(&mut *conn).await.db()
}

/// The five counts and their sums, from `(status, count)` rows.
fn counts_of(rows: Vec<(String, i64)>) -> Result<StatusCounts, StoreError> {
    let mut c = StatusCounts::default();
    for (word, n) in rows {
        match Status::parse(&word) {
            Some(Status::Baru) => c.baru = n,
            Some(Status::Disetujui) => c.disetujui = n,
            Some(Status::Diproses) => c.diproses = n,
            Some(Status::Selesai) => c.selesai = n,
            Some(Status::Dibatalkan) => c.dibatalkan = n,
            None => return Err(StoreError::Corrupt(format!("status {word:?}"))),
        }
    }
    c.open = c.baru + c.disetujui + c.diproses;
    c.all = c.open + c.selesai + c.dibatalkan;
    Ok(c)
}
