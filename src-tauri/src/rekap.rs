//! Rekap for the desk: the core's report of a period (`sinkron_core::rekap`), on screen and as
//! an Excel workbook (*Unduh Excel*). Every operator sees the office's figures; the per-operator
//! table is an admin's, or a petugas's where the office allows it in Pengaturan (comparing
//! colleagues is the head of section's business unless the office says otherwise).

use chrono::Utc;
use serde::Serialize;

use sinkron_core::rekap::{report_as, workbook::workbook, Period, Rekap};
use sinkron_core::{AccountStore as _, Code, ErrorPayload};
use tauri::{Runtime, State, Window};

use crate::access::{guard, storage};
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
    report_as(&**store, period, Utc::now(), actor.role)
        .await
        .map_err(|e| e.payload())
}

/// What saving the workbook did: the file name (`None`: the dialog was cancelled).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RekapSaved {
    pub file_name: Option<String>,
}

/// The Rekap of `period` as an XLSX workbook, saved where the operator chooses; audited as
/// `export_rekap` with the period.
#[tauri::command]
pub async fn export_rekap<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    period: Period,
) -> Result<RekapSaved, ErrorPayload> {
    let (store, actor) = guard(&window, &state, Need::Operator).await?;
    let r = report_as(&**store, period, Utc::now(), actor.role)
        .await
        .map_err(|e| e.payload())?;
    let bytes = workbook(&r).map_err(|e| {
        eprintln!("sinkron: rekap xlsx: {e}");
        ErrorPayload::new(
            Code::ExportFailed,
            "Berkas Excel tidak dapat dibuat — coba lagi",
        )
    })?;
    let suggested = format!(
        "rekap-sinkronisasi-{}-{}.xlsx",
        r.summary.days.from.format("%Y%m%d"),
        r.summary.days.to.format("%Y%m%d")
    );
    let Some(path) = crate::files::save_path(&window, &suggested, "Buku kerja Excel", "xlsx").await
    else {
        return Ok(RekapSaved { file_name: None });
    };
    crate::files::write_whole(&path, &bytes).await?;
    store
        .audit(
            &actor,
            "export_rekap",
            None,
            Some(&r.period_display),
            Utc::now(),
        )
        .await
        .map_err(storage)?;
    Ok(RekapSaved {
        file_name: Some(crate::photos::file_name(&path)),
    })
}
