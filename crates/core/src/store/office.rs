//! Pengaturan read and saved whole: the office settings, the working calendar, the WhatsApp
//! templates and the kiosk's settings, in one write transaction with its audit row, so a
//! half-saved settings page never exists.
//!
//! Settings are stored as `(key, value)` rows on every backend. How they are read
//! ([`form_from_settings`], [`kiosk_from_settings`], [`idle_minutes_from`]) and which rows a
//! saved page writes ([`settings_rows`]) is decided here once; a backend only reads all rows and
//! writes a set of them (`RequestStore::all_settings`, `RequestChanges::save_office`).

use std::collections::BTreeMap;

use super::notices::{effective_template, template_key};
use super::Settings;
use crate::kiosk::KioskSettings;
use crate::office::{OfficeForm, ValidOffice};
use crate::retention::{PhotoRule, PHOTO_DAYS_DEFAULT, PHOTO_DAYS_KEY};
use crate::status::Status;
use crate::workdays::ServiceCalendar;
use crate::zone::OfficeZone;

fn get<'a>(rows: &'a [(String, String)], key: &str) -> Option<&'a str> {
    rows.iter().find(|(k, _)| k == key).map(|(_, v)| v.as_str())
}

/// The office's name, zone and default operator name from the setting rows.
pub fn settings_from(rows: &[(String, String)]) -> Settings {
    Settings {
        office_name: get(rows, "office_name").unwrap_or_default().to_string(),
        zone: get(rows, "office_zone")
            .and_then(OfficeZone::from_code)
            .unwrap_or_default(),
        operator_name: get(rows, "operator_name").unwrap_or("Petugas").to_string(),
        petugas_export: get(rows, "petugas_export").is_some_and(|v| v.trim() == "1"),
        office_province: get(rows, "office_province")
            .map(str::trim)
            .filter(|code| crate::region::province(code).is_some())
            .map(str::to_string),
        petugas_rekap_operators: get(rows, "petugas_rekap_operators")
            .is_some_and(|v| v.trim() == "1"),
        signer: crate::office::Signer {
            place: get(rows, "signer_place").unwrap_or_default().to_string(),
            title: get(rows, "signer_title").unwrap_or_default().to_string(),
            name: get(rows, "signer_name").unwrap_or_default().to_string(),
            nip: get(rows, "signer_nip").unwrap_or_default().to_string(),
        },
    }
}

/// Minutes without activity before a session locks (`idle_minutes`, default 15).
pub fn idle_minutes_from(value: Option<&str>) -> i64 {
    value
        .and_then(|v| v.trim().parse::<i64>().ok())
        .filter(|m| (crate::office::IDLE_MIN..=crate::office::IDLE_MAX).contains(m))
        .unwrap_or(crate::auth::IDLE_MINUTES_DEFAULT)
}

/// The kiosk's settings; each one missing or unreadable falls back to its default.
pub fn kiosk_from_settings(rows: &[(String, String)]) -> KioskSettings {
    let mut kiosk = KioskSettings::default();
    if let Some(Ok(n)) = get(rows, "kiosk_idle_seconds").map(crate::kiosk::parse_idle_seconds) {
        kiosk.idle_seconds = n;
    }
    if let Some(v) = get(rows, "kiosk_keyboard") {
        kiosk.keyboard = v.trim() != "0";
    }
    if let Some(v) = get(rows, "kiosk_printer") {
        kiosk.printer = crate::kiosk::parse_printer(v).ok().flatten();
    }
    kiosk
}

/// The settings page from every stored setting: every template filled (the office's own or
/// the default).
pub fn form_from_settings(rows: &[(String, String)]) -> OfficeForm {
    let calendar =
        ServiceCalendar::from_settings(rows.iter().map(|(k, v)| (k.as_str(), v.as_str())));
    let kiosk = kiosk_from_settings(rows);
    let settings = settings_from(rows);
    // Grouped as it is printed, as the office typed it: the form reads either back.
    let signer_nip = settings.signer.nip_shown();
    let retention = PhotoRule::from_setting(get(rows, PHOTO_DAYS_KEY));
    let mut templates = BTreeMap::new();
    for status in Status::ALL {
        let own = get(rows, &template_key(status)).map(str::to_string);
        templates.insert(status.as_str().to_string(), effective_template(own, status));
    }
    OfficeForm {
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
        idle_minutes: idle_minutes_from(get(rows, "idle_minutes")).to_string(),
        kiosk_idle_seconds: kiosk.idle_seconds.to_string(),
        kiosk_keyboard: kiosk.keyboard,
        kiosk_printer: kiosk.printer.map(|p| p.to_string()).unwrap_or_default(),
        petugas_export: settings.petugas_export,
        retention_photo_days: retention.map_or(PHOTO_DAYS_DEFAULT, |r| r.days).to_string(),
        retention_in_force: retention.is_some(),
        office_province: settings.office_province.unwrap_or_default(),
        signer_place: settings.signer.place,
        signer_title: settings.signer.title,
        signer_name: settings.signer.name,
        signer_nip,
        petugas_rekap_operators: settings.petugas_rekap_operators,
        provinces: crate::region::provinces()
            .into_iter()
            .map(|(code, name)| (code, name.to_string()))
            .collect(),
    }
}

/// The rows a checked settings page writes, all together. A template equal to the default is
/// stored empty, so a later change of the default reaches the office.
pub fn settings_rows(office: &ValidOffice) -> Vec<(String, String)> {
    let cal = &office.calendar;
    let holidays = cal
        .holidays
        .iter()
        .map(|d| d.format("%Y-%m-%d").to_string())
        .collect::<Vec<_>>()
        .join(",");
    let kiosk = &office.kiosk;
    let mut rows = vec![
        ("office_name", office.office_name.clone()),
        ("office_zone", office.zone.code().to_string()),
        ("operator_name", office.operator_name.clone()),
        (
            "office_province",
            office.office_province.clone().unwrap_or_default(),
        ),
        ("service_target_days", cal.target_days.to_string()),
        (
            "saturday_is_workday",
            if cal.saturday_is_workday { "1" } else { "0" }.to_string(),
        ),
        ("holidays", holidays),
        ("idle_minutes", office.idle_minutes.to_string()),
        (
            "petugas_export",
            if office.petugas_export { "1" } else { "0" }.to_string(),
        ),
        (
            "petugas_rekap_operators",
            if office.petugas_rekap_operators {
                "1"
            } else {
                "0"
            }
            .to_string(),
        ),
        ("signer_place", office.signer.place.clone()),
        ("signer_title", office.signer.title.clone()),
        ("signer_name", office.signer.name.clone()),
        ("signer_nip", office.signer.nip.clone()),
        (PHOTO_DAYS_KEY, office.retention.days.to_string()),
        ("kiosk_idle_seconds", kiosk.idle_seconds.to_string()),
        (
            "kiosk_keyboard",
            if kiosk.keyboard { "1" } else { "0" }.to_string(),
        ),
        (
            "kiosk_printer",
            kiosk
                .printer
                .as_ref()
                .map(|p| p.to_string())
                .unwrap_or_default(),
        ),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect::<Vec<_>>();
    for (status, template) in &office.templates {
        let default = crate::notify::default_template(*status);
        let value = if template == default { "" } else { template };
        rows.push((template_key(*status), value.to_string()));
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
        pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect()
    }

    #[test]
    fn the_settings_page_shows_a_saved_nip_grouped_as_printed() {
        let form = form_from_settings(&rows(&[("signer_nip", "198001012005011001")]));
        assert_eq!(form.signer_nip, "19800101 200501 1 001");
        assert_eq!(
            crate::office::parse_nip(&form.signer_nip).unwrap(),
            "198001012005011001"
        );
    }

    #[test]
    fn the_settings_page_leaves_a_blank_nip_blank() {
        assert_eq!(form_from_settings(&[]).signer_nip, "");
    }
}
