//! Rekap for the desk: the core's report of a period (`sinkron_core::rekap`). Every operator sees
//! the office's figures; the per-operator table is an admin's (comparing colleagues is the head
//! of section's business, not the desk's).

use chrono::Utc;
use sinkron_core::auth::Role;
use sinkron_core::rekap::{report, Period, Rekap};
use sinkron_core::ErrorPayload;
use tauri::{Runtime, State, Window};

use crate::access::guard;
use crate::session::Need;
use crate::AppState;

/// The Rekap of `period` (`{ kind: 'this_month' }`, `{ kind: 'custom', from, to }`, …).
#[tauri::command]
pub async fn rekap<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    period: Period,
) -> Result<Rekap, ErrorPayload> {
    let (store, actor) = guard(&window, &state, Need::Operator).await?;
    let admin = actor.role == Some(Role::Admin);
    report(&**store, period, Utc::now(), admin)
        .await
        .map_err(|e| e.payload())
}
