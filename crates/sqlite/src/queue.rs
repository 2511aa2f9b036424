//! Daftar Pengajuan on the SQLite file: the status tab, the search as the operator types, keyset
//! paging and the counts per status. Every query here is meant to stay well under 20 ms with
//! 200,000 requests (`cargo bench -p sinkron-sqlite --bench queue`).

use chrono::{DateTime, Utc};
use sinkron_core::status::Status;
use sinkron_core::store::{
    like_escape, prefix_end, QueuePage, QueueQuery, Search, StatusCounts, StoreError,
};
use sinkron_core::workdays::ServiceCalendar;
use sinkron_sql::Db;
use sqlx::{QueryBuilder, Sqlite};

use crate::{put_setting, Store};

impl Store {
    /// The five counts and their sums.
    pub async fn status_counts(&self) -> Result<StatusCounts, StoreError> {
        let rows: Vec<(String, i64)> = sqlx::query_as("SELECT status, n FROM status_counts")
            .fetch_all(&self.pool)
            .await
            .db()?;
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

    /// The office's working calendar and service target.
    pub async fn calendar(&self) -> Result<ServiceCalendar, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT key, value FROM settings \
             WHERE key IN ('service_target_days', 'saturday_is_workday', 'holidays')",
        )
        .fetch_all(&self.pool)
        .await
        .db()?;
        Ok(ServiceCalendar::from_settings(
            rows.iter().map(|(k, v)| (k.as_str(), v.as_str())),
        ))
    }

    /// Changes the working calendar and service target.
    pub async fn save_calendar(&self, cal: &ServiceCalendar) -> Result<(), StoreError> {
        let holidays = cal
            .holidays
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect::<Vec<_>>();
        let mut tx = self.write().await?;
        for (key, value) in [
            ("service_target_days", cal.target_days.to_string()),
            (
                "saturday_is_workday",
                if cal.saturday_is_workday { "1" } else { "0" }.to_string(),
            ),
            ("holidays", holidays.join(",")),
        ] {
            put_setting(&mut tx, key, &value).await?;
        }
        tx.commit().await.db()?;
        Ok(())
    }

    /// A page of the queue. `now` decides ages and overdue marks.
    pub async fn queue(&self, q: &QueueQuery, now: DateTime<Utc>) -> Result<QueuePage, StoreError> {
        let zone = self.settings().await?.zone;
        let calendar = self.calendar().await?;
        let today = zone.today(now);

        let mut sql: QueryBuilder<Sqlite> = QueryBuilder::new(
            "SELECT r.id, r.reg_number, r.applicant_name, r.nik, r.status, r.created_at, r.channel, \
             CASE WHEN r.status IN ('Baru', 'Disetujui', 'Diproses') AND EXISTS (\
               SELECT 1 FROM requests d WHERE d.nik = r.nik AND d.id <> r.id \
               AND d.status IN ('Baru', 'Disetujui', 'Diproses')) THEN 1 ELSE 0 END AS duplicate \
             FROM requests r WHERE 1 = 1",
        );
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
            Search::Name(text) => {
                sql.push(" AND r.applicant_name LIKE ")
                    .push_bind(format!("%{}%", like_escape(&text)))
                    .push(" ESCAPE '\\'");
            }
        }
        sinkron_sql::push_keyset(q, &mut sql);
        let fetched = sql.build().fetch_all(&self.pool).await.db()?;
        let counts = self.status_counts().await?;
        sinkron_sql::queue_page(&fetched, q, zone, &calendar, today, counts)
    }
}
