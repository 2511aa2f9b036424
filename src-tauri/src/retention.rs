//! Masa simpan in the app: the count an admin sees on Pengaturan before saving a rule
//! (`retention_preview`), and the run itself (`sinkron_core::retention`) once a day while the app
//! is open and right after an admin saves the page. The rule is the office's stored setting, so
//! every desk applies the same one; on the server the server checks it again for each request.

use std::sync::Mutex;

use chrono::{NaiveDate, Utc};
use serde::Serialize;
use sinkron_core::retention::{self, PhotoRule, RetentionOutcome, PHOTO_DAYS_KEY};
use sinkron_core::{Code, ErrorPayload};
use tauri::{AppHandle, Manager, Runtime, State, Window};

use crate::access::{automatic, beside_fields, guard, storage};
use crate::session::Need;
use crate::AppState;

/// How often a running app looks whether today's run is done.
const CHECK_EVERY: std::time::Duration = std::time::Duration::from_secs(10 * 60);

/// The office-local day of the last finished run in this app.
static LAST_RUN: Mutex<Option<NaiveDate>> = Mutex::new(None);

/// What Pengaturan shows under the days field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionPreview {
    pub days: u32,
    /// Finished requests whose photos this rule would delete now.
    pub due: i64,
}

/// How many finished requests' photos `days` would delete today (admins).
#[tauri::command]
pub async fn retention_preview<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    days: String,
) -> Result<RetentionPreview, ErrorPayload> {
    let (store, _) = guard(&window, &state, Need::Admin).await?;
    let days = retention::parse_days(&days).map_err(|message| {
        beside_fields(
            Code::SettingsInvalid,
            "Masa simpan foto perlu diperbaiki",
            [("retentionPhotoDays".to_string(), message)],
        )
    })?;
    let due = retention::preview(&**store, PhotoRule { days }, Utc::now())
        .await
        .map_err(storage)?;
    Ok(RetentionPreview { days, due })
}

/// Applies the office's stored rule now; nothing when no admin has saved one.
pub async fn run_now(state: &AppState) -> Result<RetentionOutcome, ErrorPayload> {
    let store = state.store()?;
    let rows = store.all_settings().await.map_err(storage)?;
    let Some(rule) = PhotoRule::from_setting(
        rows.iter()
            .find(|(k, _)| k == PHOTO_DAYS_KEY)
            .map(|(_, v)| v.as_str()),
    ) else {
        return Ok(RetentionOutcome::default());
    };
    let zone = sinkron_core::store::office::settings_from(&rows).zone;
    let now = Utc::now();
    let done = retention::run(&**store, rule, &automatic(), now)
        .await
        .map_err(storage)?;
    *LAST_RUN.lock().unwrap_or_else(|e| e.into_inner()) = Some(zone.today(now));
    if done.requests > 0 {
        eprintln!(
            "sinkron: masa simpan: {} foto dari {} pengajuan dihapus",
            done.photos, done.requests
        );
    }
    Ok(done)
}

/// Runs in the background (after an admin saved the rule): a failure is logged, the next daily
/// check tries again.
pub fn run_soon<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        if let Err(e) = run_now(&app.state::<AppState>()).await {
            eprintln!("sinkron: masa simpan: {}", e.message);
        }
    });
}

/// Once per office-local day while the app runs (and at start); skipped while nobody may read
/// requests here (a server desk before sign-in, a kiosk's login).
pub fn schedule<R: Runtime>(app: &AppHandle<R>) {
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            let state = app.state::<AppState>();
            if let Ok(store) = state.store() {
                let zone = store.settings().await.map(|s| s.zone).unwrap_or_default();
                let today = zone.today(Utc::now());
                let last = *LAST_RUN.lock().unwrap_or_else(|e| e.into_inner());
                if last != Some(today) {
                    if let Err(e) = run_now(&state).await {
                        eprintln!("sinkron: masa simpan: {}", e.message);
                    }
                }
            }
            tokio::time::sleep(CHECK_EVERY).await;
        }
    });
}
