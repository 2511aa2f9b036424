//! Pengaturan read and saved whole: the office settings, the working calendar and the WhatsApp
//! templates in one write transaction with its audit row, so a half-saved settings page never
//! exists.

use chrono::{DateTime, Utc};

use super::notices::template_key;
use super::operators::audit_tx;
use super::workflow::Actor;
use super::{put_setting, stamp, Store, StoreError};
use crate::office::{OfficeForm, ValidOffice};
use crate::status::Status;

impl Store {
    /// Minutes without activity before a session locks (setting `idle_minutes`, default 15).
    pub async fn idle_minutes(&self) -> Result<i64, StoreError> {
        let value: Option<String> =
            sqlx::query_scalar("SELECT value FROM settings WHERE key = 'idle_minutes'")
                .fetch_optional(&self.pool)
                .await?;
        Ok(value
            .and_then(|v| v.trim().parse::<i64>().ok())
            .filter(|m| (crate::office::IDLE_MIN..=crate::office::IDLE_MAX).contains(m))
            .unwrap_or(crate::auth::IDLE_MINUTES_DEFAULT))
    }

    /// The settings page as stored: every template filled (the office's own or the default).
    pub async fn office_form(&self) -> Result<OfficeForm, StoreError> {
        let settings = self.settings().await?;
        let calendar = self.calendar().await?;
        let mut templates = std::collections::BTreeMap::new();
        for status in Status::ALL {
            templates.insert(status.as_str().to_string(), self.wa_template(status).await?);
        }
        Ok(OfficeForm {
            office_name: settings.office_name,
            zone: settings.zone.code().to_string(),
            operator_name: settings.operator_name,
            target_days: calendar.target_days.to_string(),
            saturday_is_workday: calendar.saturday_is_workday,
            holidays: calendar
                .holidays
                .iter()
                .map(|d| d.format("%Y-%m-%d").to_string())
                .collect::<Vec<_>>()
                .join("\n"),
            templates,
            idle_minutes: self.idle_minutes().await?.to_string(),
        })
    }

    /// Saves checked settings, calendar and templates together.
    pub async fn save_office(
        &self,
        office: &ValidOffice,
        actor: &Actor,
        now: DateTime<Utc>,
    ) -> Result<(), StoreError> {
        let cal = &office.calendar;
        let holidays = cal
            .holidays
            .iter()
            .map(|d| d.format("%Y-%m-%d").to_string())
            .collect::<Vec<_>>()
            .join(",");
        let mut tx = self.write().await?;
        put_setting(&mut tx, "office_name", &office.office_name).await?;
        put_setting(&mut tx, "office_zone", office.zone.code()).await?;
        put_setting(&mut tx, "operator_name", &office.operator_name).await?;
        put_setting(&mut tx, "service_target_days", &cal.target_days.to_string()).await?;
        let saturday = if cal.saturday_is_workday { "1" } else { "0" };
        put_setting(&mut tx, "saturday_is_workday", saturday).await?;
        put_setting(&mut tx, "holidays", &holidays).await?;
        put_setting(&mut tx, "idle_minutes", &office.idle_minutes.to_string()).await?;
        for (status, template) in &office.templates {
            let default = crate::notify::default_template(*status);
            let value = if template == default { "" } else { template };
            put_setting(&mut tx, &template_key(*status), value).await?;
        }
        audit_tx(&mut tx, actor, "settings", None, None, &stamp(now)).await?;
        tx.commit().await?;
        Ok(())
    }
}
