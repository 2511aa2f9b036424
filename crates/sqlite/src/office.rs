//! The settings rows on the SQLite file: all of them for the core to read
//! (`sinkron_core::store::office`), and the working calendar the queue's marks need.

use sinkron_core::kiosk::KioskSettings;
use sinkron_core::office::OfficeForm;
use sinkron_core::store::StoreError;
use sinkron_sql::Db;

use crate::Store;
use sinkron_core::store::office::{form_from_settings, idle_minutes_from, kiosk_from_settings};

impl Store {
    /// Every stored setting.
    pub async fn all_settings(&self) -> Result<Vec<(String, String)>, StoreError> {
        sqlx::query_as("SELECT key, value FROM settings")
            .fetch_all(&self.pool)
            .await
            .db()
    }

    /// Minutes without activity before a session locks (setting `idle_minutes`, default 15).
    pub async fn idle_minutes(&self) -> Result<i64, StoreError> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'idle_minutes'")
                .fetch_optional(&self.pool)
                .await
                .db()?;
        Ok(idle_minutes_from(value.as_deref()))
    }

    /// The kiosk's settings; each one missing or unreadable falls back to its default.
    pub async fn kiosk_settings(&self) -> Result<KioskSettings, StoreError> {
        Ok(kiosk_from_settings(&self.all_settings().await?))
    }

    /// The settings page as stored: every template filled (the office's own or the default).
    pub async fn office_form(&self) -> Result<OfficeForm, StoreError> {
        Ok(form_from_settings(&self.all_settings().await?))
    }
}
