//! Paper at the desk: the receipt printed again with a new check code, the case file's print
//! recorded in the audit log, and this PC's choice of receipt paper (58 mm, 80 mm or A4, kept
//! in its own `cetak.json`, since the printer is the PC's). The page lays itself out with the
//! print stylesheet and opens the print dialog; what is printed, and who may print it, is
//! decided here and in the core.

use chrono::Utc;
use sinkron_core::changes::{CasePrint, RequestChanges as _};
use sinkron_core::paper::{PrintSettings, PrintView, ReceiptPaper};
use sinkron_core::receipt::Receipt;
use sinkron_core::ErrorPayload;
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
