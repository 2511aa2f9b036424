//! Paper at the desk: the receipt printed again with a new check code, the case file's print
//! recorded in the audit log, Daftar Pengajuan as filtered (to print, or saved as a workbook),
//! and this PC's choice of receipt paper (58 mm, 80 mm or A4, kept
//! in its own `cetak.json`, since the printer is the PC's). The page lays itself out with the
//! print stylesheet and opens the print dialog; what is printed, and who may print it, is
//! decided here and in the core.

use chrono::Utc;
use serde::Serialize;
use sinkron_core::changes::{CasePrint, RequestChanges as _};
use sinkron_core::paper::{PrintSettings, PrintView, ReceiptPaper};
use sinkron_core::receipt::Receipt;
use sinkron_core::store::{list_xlsx, QueueItem, QueueQuery, LIST_MAX};
use sinkron_core::{AccountStore as _, Code, ErrorPayload};
use tauri::{AppHandle, Runtime, State, Window};

use crate::access::{guard, storage};
use crate::session::Need;
use crate::AppState;

/// This PC's print choices file, in the app's config folder.
pub const PRINT_CONFIG_FILE: &str = "cetak.json";

/// A new check code for request `id` and its receipt to print; the old code stops opening Cek
/// Status. Audited as `reprint_receipt`.
#[tauri::command]
pub async fn reprint_receipt<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    id: i64,
) -> Result<Receipt, ErrorPayload> {
    let (store, actor) = guard(&window, &state, Need::Operator).await?;
    store
        .reprint_receipt(id, &actor, Utc::now())
        .await
        .map_err(storage)
}

/// Records that the signed-in operator prints request `id`'s case file (audited as
/// `print_case_file` before anything is printed) and returns what its header says.
#[tauri::command]
pub async fn print_case_file<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    id: i64,
) -> Result<CasePrint, ErrorPayload> {
    let (store, actor) = guard(&window, &state, Need::Operator).await?;
    store
        .record_case_print(id, &actor, Utc::now())
        .await
        .map_err(storage)
}

/// This PC's print choices (what a PC that chose nothing gets: A4).
#[tauri::command]
pub async fn print_settings<R: Runtime>(
    app: AppHandle<R>,
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<PrintView, ErrorPayload> {
    guard(&window, &state, Need::Operator).await?;
    Ok(crate::localfile::read::<R, PrintSettings>(&app, PRINT_CONFIG_FILE).view())
}

/// Saves this PC's receipt paper, checked by the core (`58`, `80` or `a4`).
#[tauri::command]
pub async fn save_print_settings<R: Runtime>(
    app: AppHandle<R>,
    window: Window<R>,
    state: State<'_, AppState>,
    receipt_paper: String,
) -> Result<PrintView, ErrorPayload> {
    guard(&window, &state, Need::Admin).await?;
    let settings = PrintSettings {
        receipt_paper: ReceiptPaper::parse(&receipt_paper).map_err(|e| e.payload())?,
    };
    crate::localfile::write(&app, PRINT_CONFIG_FILE, &settings)?;
    Ok(settings.view())
}

/// An operator as the list's filter names them.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct OperatorName {
    pub id: i64,
    pub display_name: String,
    pub active: bool,
}

/// Every account, for the list's "Petugas" filter (names only, for every operator).
#[tauri::command]
pub async fn queue_operators<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<Vec<OperatorName>, ErrorPayload> {
    let (store, _actor) = guard(&window, &state, Need::Operator).await?;
    let operators = store.operators().await.map_err(storage)?;
    Ok(operators
        .into_iter()
        .map(|o| OperatorName {
            id: o.id,
            display_name: o.display_name,
            active: o.active,
        })
        .collect())
}

/// The whole list as filtered (every page, at most `LIST_MAX` rows), to print.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct WholeList {
    pub items: Vec<QueueItem>,
    /// More rows matched than a list holds.
    pub truncated: bool,
    pub max: usize,
    /// `5 Des 2026 09.02 WIB`: when it was read.
    pub at_display: String,
}

#[tauri::command]
pub async fn whole_list<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    query: QueueQuery,
) -> Result<WholeList, ErrorPayload> {
    let (store, _actor) = guard(&window, &state, Need::Operator).await?;
    let now = Utc::now();
    let (items, truncated) = store.whole_list(&query, now).await.map_err(storage)?;
    let zone = store.settings().await.map_err(storage)?.zone;
    Ok(WholeList {
        items,
        truncated,
        max: LIST_MAX,
        at_display: zone.format(now),
    })
}

/// What saving the list did: how many rows, and the file name (`None`: cancelled).
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ListSaved {
    pub count: usize,
    pub truncated: bool,
    pub file_name: Option<String>,
}

/// The whole list as filtered, saved as an XLSX workbook where the operator chooses, headed by
/// `title` (the window's words for the filters); audited as `export_list`.
#[tauri::command]
pub async fn export_list<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    query: QueueQuery,
    title: String,
) -> Result<ListSaved, ErrorPayload> {
    let (store, actor) = guard(&window, &state, Need::Operator).await?;
    let now = Utc::now();
    let (items, truncated) = store.whole_list(&query, now).await.map_err(storage)?;
    let title: String = title.chars().take(200).collect();
    let bytes = list_xlsx(&title, &items).map_err(|e| {
        eprintln!("sinkron: list xlsx: {e}");
        ErrorPayload::new(
            Code::ExportFailed,
            "Berkas Excel tidak dapat dibuat — coba lagi",
        )
    })?;
    let today = store.settings().await.map_err(storage)?.zone.today(now);
    let suggested = format!("daftar-pengajuan-{}.xlsx", today.format("%Y%m%d"));
    let Some(path) = crate::files::save_path(&window, &suggested, "Buku kerja Excel", "xlsx").await
    else {
        return Ok(ListSaved {
            count: items.len(),
            truncated,
            file_name: None,
        });
    };
    crate::files::write_whole(&path, &bytes).await?;
    let detail = format!("{} pengajuan", items.len());
    store
        .audit(&actor, "export_list", None, Some(&detail), Utc::now())
        .await
        .map_err(storage)?;
    Ok(ListSaved {
        count: items.len(),
        truncated,
        file_name: Some(crate::photos::file_name(&path)),
    })
}
