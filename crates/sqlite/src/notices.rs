//! WhatsApp notices on the SQLite file: the stored templates and the notices opened for a
//! request (the message itself is composed by the core).

use sinkron_core::status::Status;
use sinkron_core::store::{effective_template, template_key, NoticeEntry, StoreError};
use sinkron_sql::{rows, Db};

use crate::{put_setting, Store};

impl Store {
    /// The template for a status: the office's own, or the default.
    pub async fn wa_template(&self, status: Status) -> Result<String, StoreError> {
        let own: Option<String> = sqlx::query_scalar("SELECT value FROM settings WHERE key = ?")
            .bind(template_key(status))
            .fetch_optional(&self.pool)
            .await
            .db()?;
        Ok(effective_template(own, status))
    }

    /// Saves the office's template for a status (blank restores the default).
    pub async fn save_wa_template(&self, status: Status, template: &str) -> Result<(), StoreError> {
        let mut tx = self.write().await?;
        put_setting(&mut tx, &template_key(status), template.trim()).await?;
        tx.commit().await.db()?;
        Ok(())
    }

    /// The notices opened for a request, oldest first.
    pub async fn notices(&self, id: i64) -> Result<Vec<NoticeEntry>, StoreError> {
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
}
