//! Laporan data pribadi: an admin types a NIK and sees everything the office holds and did on
//! it (`sinkron_core::store::person`); the lookup is recorded in the audit log before anything
//! is shown. On the server the audit rows themselves are readable by admins only.

use chrono::Utc;
use sinkron_core::store::person::{person_report as report, PersonReport};
use sinkron_core::{Code, ErrorPayload, Nik};
use tauri::{Runtime, State, Window};

use crate::access::{guard, storage};
use crate::session::Need;
use crate::AppState;

/// The report for `nik` (admins); a NIK that does not parse is refused beside its field.
#[tauri::command]
pub async fn person_report<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    nik: String,
) -> Result<PersonReport, ErrorPayload> {
    let (store, actor) = guard(&window, &state, Need::Admin).await?;
    let nik = Nik::parse(&nik).map_err(|e| {
        let mut payload = ErrorPayload::new(Code::FormInvalid, e.to_string());
        payload.field = Some("nik".into());
        payload
    })?;
    report(&**store, &actor, &nik, Utc::now())
        .await
        .map_err(storage)
}
