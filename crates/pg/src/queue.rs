//! Daftar Pengajuan on the server: the same tabs, search, sort, keyset paging and marks as the
//! SQLite store's queue. How the search box is read (`Search::read`), the age, overdue and
//! duplicate marks (`QueueItem::build`) and the calendar (`ServiceCalendar::from_settings`) come
//! from the core; only the SQL is PostgreSQL's (`search.sql` holds its indexes).

use chrono::{DateTime, Utc};
use sinkron_core::store::{like_escape, office, Search};
use sinkron_core::workdays::ServiceCalendar;
use sinkron_core::RequestStore;
use sinkron_core::{QueuePage, QueueQuery, StoreError};
use sinkron_sql::Db;
use sqlx::{Postgres, QueryBuilder};

use crate::PgStore;

impl PgStore {
    pub(crate) async fn queue_page(
        &self,
        q: &QueueQuery,
        now: DateTime<Utc>,
    ) -> Result<QueuePage, StoreError> {
        // One read of the settings gives both the zone and the calendar.
        let rows = self.all_settings().await?;
        let zone = office::settings_from(&rows).zone;
        let calendar =
            ServiceCalendar::from_settings(rows.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let today = zone.today(now);

        let mut sql: QueryBuilder<Postgres> = QueryBuilder::new(
            "SELECT r.id, r.reg_number, r.applicant_name, r.nik, r.status, r.created_at, \
             r.channel, CASE WHEN r.status IN ('Baru', 'Disetujui', 'Diproses') AND EXISTS (\
               SELECT 1 FROM requests d WHERE d.nik = r.nik AND d.id <> r.id \
               AND d.status IN ('Baru', 'Disetujui', 'Diproses')) THEN 1::BIGINT ELSE 0 END \
             AS duplicate \
             FROM requests r WHERE TRUE",
        );
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
        sinkron_sql::push_keyset(q, &mut sql);
        let fetched = sql.build().fetch_all(&self.pool).await.db()?;
        let counts = self.counts().await?;
        sinkron_sql::queue_page(&fetched, q, zone, &calendar, today, counts)
    }
}
