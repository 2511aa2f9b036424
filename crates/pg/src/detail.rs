//! The plain reads behind the detail view on the server: settings, photos (facts and bytes),
//! corrections, notices, the NIK list and the other open requests for a NIK. The core puts the
//! detail view together from them (`RequestStore::request_detail`), as it does for SQLite.

use sinkron_core::identity::Nik;
use sinkron_core::{ChangeEntry, DocumentInfo, ImageSize, NoticeEntry, Status, StoreError};
use sinkron_sql::rows;
use sinkron_sql::Db;

use crate::desk::zone;
use crate::PgStore;

const INFO_COLUMNS: &str = "SELECT id, request_id, kind, mime, width, height, sha256, \
     octet_length(original)::BIGINT AS byte_size FROM documents";

impl PgStore {
    pub(crate) async fn documents_of_request(
        &self,
        request_id: i64,
    ) -> Result<Vec<DocumentInfo>, StoreError> {
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

    pub(crate) async fn document_facts(
        &self,
        document_id: i64,
    ) -> Result<Option<DocumentInfo>, StoreError> {
        let row = sqlx::query(&format!("{INFO_COLUMNS} WHERE id = $1"))
            .bind(document_id)
            .fetch_optional(&self.pool)
            .await
            .db()?;
        row.as_ref().map(rows::document_info).transpose()
    }

    pub(crate) async fn document_bytes(
        &self,
        document_id: i64,
        size: ImageSize,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let sql = match size {
            ImageSize::Thumb => "SELECT 'image/jpeg', thumbnail FROM documents WHERE id = $1",
            ImageSize::Preview => "SELECT 'image/jpeg', preview FROM documents WHERE id = $1",
            ImageSize::Original => "SELECT mime, original FROM documents WHERE id = $1",
        };
        sqlx::query_as(sql)
            .bind(document_id)
            .fetch_optional(&self.pool)
            .await
            .db()
    }

    pub(crate) async fn changes_of(&self, id: i64) -> Result<Vec<ChangeEntry>, StoreError> {
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

    pub(crate) async fn notices_of(&self, id: i64) -> Result<Vec<NoticeEntry>, StoreError> {
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

    pub(crate) async fn sync_niks_of(&self, id: i64) -> Result<Vec<String>, StoreError> {
        sqlx::query_scalar("SELECT nik FROM sync_niks WHERE request_id = $1 ORDER BY position")
            .bind(id)
            .fetch_all(&self.pool)
            .await
            .db()
    }

    pub(crate) async fn open_for_nik(
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
}
