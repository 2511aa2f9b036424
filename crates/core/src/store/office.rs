//! Pengaturan read and saved whole: the office settings, the working calendar and the WhatsApp
//! templates in one write transaction with its audit row, so a half-saved settings page never
//! exists.

use chrono::{DateTime, Utc};

use super::notices::template_key;
use super::operators::audit_tx;
use super::workflow::Actor;
use super::{put_setting, stamp, Store, StoreError};
use crate::kiosk::KioskSettings;
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

    /// The kiosk's settings; each one missing or unreadable falls back to its default.
    pub async fn kiosk_settings(&self) -> Result<KioskSettings, StoreError> {
        let rows: Vec<(String, String)> = sqlx::query_as(
            "SELECT key, value FROM settings \
             WHERE key IN ('kiosk_idle_seconds', 'kiosk_keyboard', 'kiosk_printer')",
        )
        .fetch_all(&self.pool)
        .await?;
        let mut kiosk = KioskSettings::default();
        for (key, value) in rows {
            match key.as_str() {
                "kiosk_idle_seconds" => {
                    if let Ok(n) = crate::kiosk::parse_idle_seconds(&value) {
                        kiosk.idle_seconds = n;
                    }
                }
                "kiosk_keyboard" => kiosk.keyboard = value.trim() != "0",
                "kiosk_printer" => {
                    kiosk.printer = crate::kiosk::parse_printer(&value).ok().flatten()
                }
                _ => {}
            }
        }
        Ok(kiosk)
    }

    /// The settings page as stored: every template filled (the office's own or the default).
    pub async fn office_form(&self) -> Result<OfficeForm, StoreError> {
        let settings = self.settings().await?;
        let calendar = self.calendar().await?;
        let kiosk = self.kiosk_settings().await?;
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
            kiosk_idle_seconds: kiosk.idle_seconds.to_string(),
            kiosk_keyboard: kiosk.keyboard,
            kiosk_printer: kiosk.printer.map(|p| p.to_string()).unwrap_or_default(),
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
        let kiosk = &office.kiosk;
        put_setting(
            &mut tx,
            "kiosk_idle_seconds",
            &kiosk.idle_seconds.to_string(),
        )
        .await?;
        put_setting(
            &mut tx,
            "kiosk_keyboard",
            if kiosk.keyboard { "1" } else { "0" },
        )
        .await?;
        let printer = kiosk.printer.as_ref().map(|p| p.to_string());
        put_setting(&mut tx, "kiosk_printer", printer.as_deref().unwrap_or("")).await?;
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
