//! The kiosk's statements on the SQLite file (the core's `KioskStore`): its settings rows, a
//! request sent with both photos, and Cek Status (a request's public status for its
//! registration number and check code, wrong codes throttled per number as sign-in is).

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use sinkron_core::auth::{lockout_wait, wait_text};
use sinkron_core::checkcode;
use sinkron_core::form::ValidRequest;
use sinkron_core::kiosk_store::{KioskSent, KioskStore};
use sinkron_core::photo::ProcessedPhoto;
use sinkron_core::status::Status;
use sinkron_core::store::RequestStore as _;
use sinkron_core::store::{parse_stamp, stamp, status_explanation, LookupError, PublicStatus};
use sinkron_core::store::{Channel, StoreError};
use sinkron_sql::Db;

use crate::Store;

#[async_trait]
impl KioskStore for Store {
    async fn kiosk_rows(&self) -> Result<Vec<(String, String)>, StoreError> {
        self.all_settings().await
    }

    async fn save_kiosk_request(
        &self,
        req: &ValidRequest,
        now: DateTime<Utc>,
        kk: &ProcessedPhoto,
        ktp: &ProcessedPhoto,
    ) -> Result<KioskSent, StoreError> {
        let created = self
            .create_request_with_photos(req, Channel::Kiosk, now, kk, ktp)
            .await?;
        Ok(KioskSent {
            reg_number: created.reg_number,
            check_code: created.check_code,
            at: now,
        })
    }

    /// Looks up a request by registration number and check code.
    async fn lookup_status(
        &self,
        reg_number: &str,
        code: &str,
        now: DateTime<Utc>,
    ) -> Result<PublicStatus, LookupError> {
        let reg = reg_number.trim().to_ascii_uppercase();
        let failures = self.lookup_failures(&reg).await?;
        if let Some(wait) = lockout_wait(&failures, now) {
            return Err(LookupError::LockedOut(wait_text(wait)));
        }
        let row: Option<(i64, Option<String>)> =
            sqlx::query_as("SELECT id, check_code_hash FROM requests WHERE reg_number = ?")
                .bind(&reg)
                .fetch_optional(&self.pool)
                .await
                .db()?;
        let typed = code.to_string();
        let stored = row.as_ref().and_then(|(_, h)| h.clone());
        let ok = match stored {
            Some(hash) => tokio::task::spawn_blocking(move || checkcode::verify(&typed, &hash))
                .await
                .unwrap_or(false),
            None => false,
        };
        let mut tx = self.write().await?;
        sqlx::query("INSERT INTO status_lookups (reg_number, success, at) VALUES (?, ?, ?)")
            .bind(&reg)
            .bind(i64::from(ok))
            .bind(stamp(now))
            .execute(&mut *tx)
            .await
            .db()?;
        tx.commit().await.db()?;
        let (id, _) = match (row, ok) {
            (Some(r), true) => r,
            _ => return Err(LookupError::NoMatch),
        };
        let zone = self.settings().await?.zone;
        let rec = self.get_request(id).await?;
        let history = self.history(id).await?;
        let last = history.last();
        let note = match rec.status {
            Status::Dibatalkan => last.and_then(|h| h.note.clone()),
            _ => None,
        };
        let steps = self
            .steps(id)
            .await?
            .into_iter()
            .map(|s| (s.label, s.at))
            .collect::<Vec<_>>();
        Ok(PublicStatus {
            reg_number: rec.reg_number,
            status: rec.status,
            explanation: status_explanation(rec.status).to_string(),
            submitted: zone.format(parse_stamp(&rec.created_at)?),
            last_change: last.map(|h| h.at_display.clone()).unwrap_or_default(),
            note,
            steps,
        })
    }
}
