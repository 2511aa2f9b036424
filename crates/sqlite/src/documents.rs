//! Documents on the SQLite file: the KK and KTP-el photos of a request, saved in the same
//! transaction as the request itself (so a crash never leaves one without the other), and
//! read back one size at a time for the image protocol.

use chrono::{DateTime, Utc};
use sinkron_core::form::ValidRequest;
use sinkron_core::photo::{DocumentKind, ProcessedPhoto};
use sinkron_core::store::{stamp, Channel, CreatedRequest, StoreError};
use sinkron_sql::Db;
use sqlx::{Sqlite, Transaction};

use crate::requests::insert_request;
use crate::Store;

impl Store {
    /// Saves a request as Baru together with its two photos: registration
    /// number, request, first history row and both documents in one write
    /// transaction — all of it or nothing.
    pub async fn create_request_with_photos(
        &self,
        req: &ValidRequest,
        channel: Channel,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<CreatedRequest, StoreError> {
        let mut tx = self.write().await?;
        let created = insert_request(&mut tx, req, channel, now).await?;
        for (kind, photo) in [(DocumentKind::Kk, kk), (DocumentKind::Ktp, ktp)] {
            insert_document(&mut tx, created.id, kind, photo, now).await?;
        }
        tx.commit().await.db()?;
        Ok(created)
    }
}

pub(crate) const INFO_COLUMNS: &str = "SELECT id, request_id, kind, mime, width, height, sha256, \
     length(original) AS byte_size, problems, corners FROM documents";

/// Writes one photo inside the caller's write transaction.
pub(crate) async fn insert_document(
    tx: &mut Transaction<'static, Sqlite>,
    request_id: i64,
    kind: DocumentKind,
    photo: &ProcessedPhoto,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    sqlx::query_scalar(
        "INSERT INTO documents \
         (request_id, kind, sha256, mime, width, height, original, preview, thumbnail, created_at, \
         problems, corners) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
    )
    .bind(request_id)
    .bind(kind.as_str())
    .bind(&photo.sha256)
    .bind(photo.mime)
    .bind(i64::from(photo.width))
    .bind(i64::from(photo.height))
    .bind(&photo.original)
    .bind(&photo.preview.jpeg)
    .bind(&photo.thumbnail.jpeg)
    .bind(stamp(now))
    .bind(photo.stored_problems(kind))
    .bind(photo.stored_outline())
    .fetch_one(&mut **tx)
    .await
    .db()
}
