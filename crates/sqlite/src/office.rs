//! Settings rows written on the SQLite file: one row inside a caller's transaction (the core's
//! `RequestChanges::save_office` writes a whole settings page through it), and two small
//! writes that tests and the demo data use to set an office up. Reading settings is the core's
//! (`RequestStore::all_settings`, then `sinkron_core::store::office`).

use sinkron_core::status::Status;
use sinkron_core::store::{template_key, Settings, StoreError};
use sinkron_sql::Db;
use sqlx::{Sqlite, Transaction};

use crate::Store;

impl Store {
    /// Changes the office settings.
    pub async fn save_settings(&self, settings: &Settings) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        for (key, value) in [
            ("office_name", settings.office_name.as_str()),
            ("office_zone", settings.zone.code()),
            ("operator_name", settings.operator_name.as_str()),
        ] {
            put_setting(&mut tx, key, value).await?;
        }
        tx.commit().await.db()?;
        Ok(())
    }

    /// Saves the office's template for a status (blank restores the default).
    pub async fn save_wa_template(&self, status: Status, template: &str) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        put_setting(&mut tx, &template_key(status), template.trim()).await?;
        tx.commit().await.db()?;
        Ok(())
    }
}

/// Writes one setting inside the caller's write transaction (insert or replace); a new zone
/// counts Rekap's summary again in the same transaction.
pub(crate) async fn put_setting(
    tx: &mut Transaction<'static, Sqlite>,
    key: &str,
    value: &str,
) -> Result<(), StoreError> {
    sqlx::query(
        "INSERT INTO settings (key, value) VALUES (?, ?) \
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
    )
    .bind(key)
    .bind(value)
    .execute(&mut **tx)
    .await
    .db()?;
    if key == "office_zone" {
        crate::rekap::follow_zone(tx).await?;
    }
    Ok(())
}
