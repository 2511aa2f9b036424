//! The Anjungan (kiosk): a PC in the public room where applicants submit by themselves. Whether
//! a PC is a kiosk is its own local config (`kiosk.json` in the OS config folder, or `--kiosk`).
//! The kiosk window has its own label and capability; every command that is not a kiosk command
//! is refused in Rust for it (`refusal`), and every kiosk command refuses any other window. The
//! kiosk needs no session: what it may do is exactly these commands, and the only photos it may
//! see are the ones it just took. Everything it holds for an applicant (photos, the receipt)
//! is dropped by `kiosk_reset`, which the page calls at every idle reset and every fresh start.

use std::path::PathBuf;
use std::sync::Mutex;
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sinkron_core::auth::Role;
use sinkron_core::kiosk::KioskSettings;
use sinkron_core::kiosk_store::{authorize_leave, kiosk_office, submit, LeaveError};
use sinkron_core::receipt::{self, Receipt};
use sinkron_core::store::PublicStatus;
use sinkron_core::Code;
use sinkron_core::{
    check_form, complete_submission, process_blocking, validate_form, AccountStore, DocumentKind,
    ErrorPayload, FormCheck, FormInput, PhotoError,
};
use tauri::ipc::{InvokeBody, Request, Response};
use tauri::webview::{PermissionKind, PermissionResponse, WebviewWindowBuilder};
use tauri::{AppHandle, Manager, Runtime, State, Window};

use crate::access::storage;
use crate::command_table::{caller, Caller};
use crate::db::Db;
use crate::photos::HeldPhoto;
use crate::session::{workstation, Need};
use crate::windows::{KIOSK_LABEL, MAIN_LABEL};
use crate::AppState;

/// Test-only: a folder holding `kk.jpg` and `ktp.jpg`, which stand in for the camera (WebKitGTK
/// under Xvfb has none). The page draws the frame into its canvas and captures it exactly as it
/// captures the live camera; read only when set.
pub const TEST_CAMERA_ENV: &str = "SINKRON_E2E_CAMERA_DIR";

/// The local config file's name in the OS config folder.
pub const CONFIG_FILE: &str = "kiosk.json";

/// This PC's own settings (not the office's): whether it is a kiosk.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct LocalConfig {
    pub kiosk: bool,
}

/// Whether this PC opens the kiosk (its `kiosk.json`).
pub fn is_kiosk<R: Runtime>(app: &AppHandle<R>) -> bool {
    crate::localfile::read::<R, LocalConfig>(app, CONFIG_FILE).kiosk
}

/// Whether this PC opens the kiosk: `--kiosk`, its `kiosk.json`, or a saved database login that
/// is a kiosk's. A kiosk's login never opens the operator's window at the public counter, with
/// or without `kiosk.json`.
pub fn opens_kiosk(flag: bool, kiosk_json: bool, kiosk_login: bool) -> bool {
    flag || kiosk_json || kiosk_login
}

/// Why a command is refused for `window`, if it is: the kiosk window may call kiosk commands
/// only, and no other window may call them. Checked for every invoke before any command runs.
pub fn refusal(window: &str, command: &str) -> Option<ErrorPayload> {
    let is_kiosk_command = caller(command) == Some(Caller::Kiosk);
    if window == KIOSK_LABEL && !is_kiosk_command {
        Some(ErrorPayload::new(
            Code::KioskForbidden,
            "Tidak tersedia di anjungan — silakan ke loket petugas",
        ))
    } else if window != KIOSK_LABEL && is_kiosk_command {
        Some(kiosk_only())
    } else {
        None
    }
}

/// What the kiosk holds for the applicant in front of it, besides the photos in `Pending`.
#[derive(Debug, Default)]
pub struct KioskMemory {
    receipt: Mutex<Option<Receipt>>,
}

impl KioskMemory {
    fn set(&self, receipt: Option<Receipt>) {
        *self.receipt.lock().unwrap_or_else(|e| e.into_inner()) = receipt;
    }

    fn receipt(&self) -> Option<Receipt> {
        self.receipt
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Whether anything of an applicant is held (for tests of the reset).
    pub fn holds_receipt(&self) -> bool {
        self.receipt().is_some()
    }
}

/// Opens the window for `label` from its entry in `tauri.conf.json` (the kiosk full screen, with
/// autofill off and no persistent web data), and closes the other one.
pub fn open_window<R: Runtime>(app: &AppHandle<R>, label: &str) -> tauri::Result<()> {
    let config = app
        .config()
        .app
        .windows
        .iter()
        .find(|w| w.label == label)
        .cloned()
        .ok_or_else(|| tauri::Error::WindowNotFound)?;
    if app.get_webview_window(label).is_none() {
        let builder = WebviewWindowBuilder::from_config(app, &config)?;
        let builder = if label == KIOSK_LABEL {
            // The next applicant is never offered the last one's name, and no web data (cache,
            // storage) outlives the process. Under WebDriver (tauri-driver sets the variable)
            // two things differ, because WebKitGTK's driver cannot do them: it cannot drive an
            // ephemeral context, so the default one is kept (the kiosk's photos are `no-store`
            // and refused once reset either way); and its clicks crash the web process of a
            // full-screen window on a bare X server, so the window covers the screen instead.
            let automated = std::env::var_os("TAURI_WEBVIEW_AUTOMATION").is_some();
            let builder = builder
                .general_autofill_enabled(false)
                .incognito(!automated)
                .fullscreen(!automated)
                // The document camera is the kiosk's own: no prompt for the applicant to answer
                // (an InPrivate WebView2 would ask at every start). Nothing else is granted.
                .on_permission_request(|_, kind| match kind {
                    PermissionKind::Camera => PermissionResponse::Allow,
                    _ => PermissionResponse::Deny,
                })
                .focused(true);
            match app.primary_monitor() {
                Ok(Some(screen)) if automated => {
                    let size = screen.size().to_logical::<f64>(screen.scale_factor());
                    builder
                        .inner_size(size.width, size.height)
                        .position(0.0, 0.0)
                }
                _ => builder,
            }
        } else {
            builder
        };
        let window = builder.build()?;
        if label != KIOSK_LABEL {
            crate::drawing::for_desk(&window)?;
        }
    }
    for other in [KIOSK_LABEL, MAIN_LABEL] {
        if other != label {
            if let Some(w) = app.get_webview_window(other) {
                w.destroy()?;
            }
        }
    }
    Ok(())
}

fn kiosk_only() -> ErrorPayload {
    ErrorPayload::new(Code::KioskOnly, "Perintah ini hanya untuk anjungan")
}

/// Each kiosk command's own check, behind the invoke handler's `refusal`.
fn kiosk_window<R: Runtime>(window: &Window<R>) -> Result<(), ErrorPayload> {
    if window.label() == KIOSK_LABEL {
        Ok(())
    } else {
        Err(kiosk_only())
    }
}

/// What the kiosk page needs to start.
#[derive(Debug, Clone, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct KioskInfo {
    pub office_name: String,
    pub service: String,
    pub idle_seconds: i64,
    pub countdown_seconds: i64,
    pub keyboard: bool,
    /// A receipt printer is set; without one the receipt goes through the print dialog.
    pub has_printer: bool,
    /// The test seam stands in for the camera.
    pub test_camera: bool,
    /// What ends kiosk mode: `admin` (an admin's account) or `dbLogin` (this kiosk's own login
    /// on the office's server, which reads no account).
    pub leave_with: &'static str,
    /// The core's longest name and problem text, so the kiosk's keyboard stops where the
    /// check would refuse.
    pub name_max: usize,
    pub problem_max: usize,
}

/// The start screen's facts and the kiosk's settings.
#[tauri::command]
pub async fn kiosk_info<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<KioskInfo, ErrorPayload> {
    kiosk_window(&window)?;
    let store = state.any_store()?;
    let (settings, kiosk): (_, KioskSettings) =
        kiosk_office(store.kiosk()).await.map_err(storage)?;
    Ok(KioskInfo {
        leave_with: store.kiosk().leave_with().await.map_err(storage)?.as_str(),
        office_name: settings.office_name,
        service: receipt::SERVICE_NAME.to_string(),
        idle_seconds: kiosk.idle_seconds,
        countdown_seconds: kiosk.countdown_seconds,
        keyboard: kiosk.keyboard,
        has_printer: kiosk.printer.is_some(),
        test_camera: std::env::var_os(TEST_CAMERA_ENV).is_some(),
        name_max: sinkron_core::identity::NAME_MAX,
        problem_max: sinkron_core::identity::PROBLEM_MAX,
    })
}

/// Checks the form as the applicant types, field by field, as at the desk.
#[tauri::command]
pub async fn kiosk_check<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: FormInput,
) -> Result<FormCheck, ErrorPayload> {
    kiosk_window(&window)?;
    let store = state.any_store()?;
    let settings = kiosk_office(store.kiosk()).await.map_err(storage)?.0;
    let today = settings.zone.today(Utc::now());
    Ok(check_form(&input, today).naming_other_provinces(settings.office_province.as_deref()))
}

/// A frame taken with the camera (the raw JPEG bytes as the request body, the slot in the
/// `x-kind` header): the same intake as a picked file, then held for this kiosk only.
#[tauri::command]
pub async fn kiosk_capture<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    request: Request<'_>,
) -> Result<HeldPhoto, ErrorPayload> {
    kiosk_window(&window)?;
    let kind = request
        .headers()
        .get("x-kind")
        .and_then(|v| v.to_str().ok())
        .and_then(DocumentKind::parse)
        .ok_or_else(|| ErrorPayload::new(Code::PhotoKind, "Pilih foto KK atau KTP-el"))?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(PhotoError::Failed("not raw".into()).payload_for(kind));
    };
    // Refused before the body is copied for decoding.
    if bytes.len() > sinkron_core::photo::MAX_BYTES {
        return Err(PhotoError::TooLarge { bytes: bytes.len() }.payload_for(kind));
    }
    let photo = process_blocking(bytes.clone())
        .await
        .map_err(|e| e.payload_for(kind))?;
    let name = match kind {
        DocumentKind::Kk => "Foto Kartu Keluarga",
        DocumentKind::Ktp => "Foto KTP-el",
    };
    Ok(state
        .pending
        .hold(window.label(), kind, photo, name.to_string()))
}

/// Cek Status: the registration number in a camera frame (raw JPEG bytes) of the receipt's QR
/// code, or `None`. The frame is searched in memory and dropped.
#[tauri::command]
pub async fn kiosk_scan_qr<R: Runtime>(
    window: Window<R>,
    request: Request<'_>,
) -> Result<Option<String>, ErrorPayload> {
    kiosk_window(&window)?;
    let InvokeBody::Raw(bytes) = request.body() else {
        return Err(PhotoError::Failed("not raw".into()).payload());
    };
    if bytes.len() > sinkron_core::photo::MAX_BYTES {
        return Err(PhotoError::TooLarge { bytes: bytes.len() }.payload());
    }
    let frame = bytes.clone();
    tauri::async_runtime::spawn_blocking(move || sinkron_core::qr::reg_number_in_frame(&frame))
        .await
        .map_err(|e| PhotoError::Failed(e.to_string()).payload())?
        .map_err(|e| e.payload())
}

/// "Ulangi": drops one photo taken.
#[tauri::command]
pub async fn kiosk_remove_photo<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    kind: String,
) -> Result<(), ErrorPayload> {
    kiosk_window(&window)?;
    state
        .pending
        .remove(window.label(), crate::access::kind(&kind)?);
    Ok(())
}

/// "Kirim": saves the request with the two photos just taken, as Baru, from the kiosk. A NIK
/// with an open request is taken silently (the operators' list marks it). Returns the receipt;
/// the photos are dropped from memory and the receipt kept only until the next reset.
#[tauri::command]
pub async fn kiosk_submit<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    input: FormInput,
) -> Result<Receipt, ErrorPayload> {
    kiosk_window(&window)?;
    let store = state.any_store()?;
    let now = Utc::now();
    let today = kiosk_office(store.kiosk())
        .await
        .map_err(storage)?
        .0
        .zone
        .today(now);
    let (kk, ktp) = state.pending.both(window.label());
    let (valid, kk, ktp) =
        complete_submission(validate_form(&input, today), kk.as_deref(), ktp.as_deref())?;
    let receipt = submit(store.kiosk(), &valid, now, kk, ktp)
        .await
        .map_err(storage)?;
    state.pending.clear(window.label());
    state.kiosk.set(Some(receipt.clone()));
    Ok(receipt)
}

/// Prints the receipt just given on the network thermal printer. Only the kiosk's own last
/// receipt can be printed: the page never sends bytes to the printer.
#[tauri::command]
pub async fn kiosk_print<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<(), ErrorPayload> {
    kiosk_window(&window)?;
    let store = state.any_store()?;
    let Some(printer) = kiosk_office(store.kiosk())
        .await
        .map_err(storage)?
        .1
        .printer
    else {
        return Err(ErrorPayload::new(
            Code::PrinterNotSet,
            "Printer struk belum diatur — cetak lewat dialog cetak atau panggil petugas",
        ));
    };
    let Some(receipt) = state.kiosk.receipt() else {
        return Err(ErrorPayload::new(
            Code::ReceiptGone,
            "Tanda terima sudah tidak ada di layar — tanyakan nomor registrasi ke petugas",
        ));
    };
    let bytes = receipt::escpos(&receipt);
    tauri::async_runtime::spawn_blocking(move || {
        receipt::send(&printer, &bytes, Duration::from_secs(8))
    })
    .await
    .map_err(|e| ErrorPayload::new(Code::PrinterInterrupted, e.to_string()))?
    .map_err(|e| {
        eprintln!("sinkron: receipt not printed: {e}");
        e.payload()
    })
}

/// Cek Status: the registration number and the check code from the receipt. Wrong codes for
/// one number make it wait (the core's throttle).
#[tauri::command]
pub async fn kiosk_lookup<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    reg_number: String,
    code: String,
) -> Result<PublicStatus, ErrorPayload> {
    kiosk_window(&window)?;
    let store = state.any_store()?;
    sinkron_core::kiosk_store::lookup(store.kiosk(), &reg_number, &code, Utc::now())
        .await
        .map_err(|e| e.payload())
}

/// Forgets everything held for the applicant: photos taken and the last receipt.
#[tauri::command]
pub async fn kiosk_reset<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<(), ErrorPayload> {
    kiosk_window(&window)?;
    state.pending.clear(window.label());
    state.kiosk.set(None);
    Ok(())
}

/// Leaving kiosk mode: an admin's user name and password (checked and throttled as sign-in is),
/// or on a kiosk's own server login this login's name and password (`sinkron_core::kiosk_store::authorize_leave`);
/// then this PC is no longer a kiosk and the operator's window opens at its sign-in screen.
#[tauri::command]
pub async fn kiosk_leave<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
    username: String,
    password: String,
) -> Result<(), ErrorPayload> {
    kiosk_window(&window)?;
    let now = Utc::now();
    let station = workstation();
    if let Some(gate) = state.gate() {
        // A desk PC on the server: the admin is checked by the server, as their own login.
        let admin = Db::connect_operator(gate, &username, &password).await?;
        let left = admin_leaves(&admin, &station, now).await;
        if let Db::Pg { store, .. } = &admin {
            store.pool().close().await;
        }
        left?;
    } else {
        let store = state.any_store()?;
        let leave = authorize_leave(store.kiosk(), &**store, &username, &password, &station, now);
        if let Some(actor) = leave.await.map_err(|e| e.payload())? {
            store
                .audit(&actor, "kiosk_leave", None, None, now)
                .await
                .map_err(storage)?;
            let _ = store.sign_out(&actor, "kiosk", now).await;
        }
    }
    state.pending.clear(window.label());
    state.kiosk.set(None);
    set_kiosk(window.app_handle(), false)?;
    switch_to(window.app_handle(), MAIN_LABEL);
    Ok(())
}

/// An admin's own server login ends kiosk mode: only an admin's, recorded in their name.
async fn admin_leaves(admin: &Db, station: &str, now: DateTime<Utc>) -> Result<(), ErrorPayload> {
    let op = admin
        .sign_in_by_login(station, now)
        .await
        .map_err(|e| e.payload())?;
    let actor = op.actor(station);
    if op.role != Role::Admin {
        let _ = admin.sign_out(&actor, "kiosk", now).await;
        return Err(LeaveError::NotAdmin.payload());
    }
    admin
        .audit(&actor, "kiosk_leave", None, None, now)
        .await
        .map_err(storage)?;
    let _ = admin.sign_out(&actor, "kiosk", now).await;
    Ok(())
}

/// Test seam: the frame the camera would give for `kind`, from [`TEST_CAMERA_ENV`].
#[tauri::command]
pub async fn kiosk_test_frame<R: Runtime>(
    window: Window<R>,
    kind: String,
) -> Result<Response, ErrorPayload> {
    kiosk_window(&window)?;
    // `qr`: the receipt held to the camera at Cek Status.
    let name = if kind == "qr" {
        "qr"
    } else {
        crate::access::kind(&kind)?.as_str()
    };
    let unavailable = || ErrorPayload::new(Code::CameraUnavailable, "Kamera tidak tersedia");
    let dir = std::env::var_os(TEST_CAMERA_ENV).ok_or_else(unavailable)?;
    let path = PathBuf::from(dir).join(format!("{name}.jpg"));
    let bytes = std::fs::read(path).map_err(|_| unavailable())?;
    Ok(Response::new(bytes))
}

/// Pengaturan → "Jadikan PC ini anjungan" (admin): this PC becomes a kiosk now and at every start.
#[tauri::command]
pub async fn kiosk_enter<R: Runtime>(
    window: Window<R>,
    state: State<'_, AppState>,
) -> Result<(), ErrorPayload> {
    let (store, actor) = crate::access::guard(&window, &state, Need::Admin).await?;
    let now = Utc::now();
    store
        .audit(&actor, "kiosk_enter", None, None, now)
        .await
        .map_err(storage)?;
    set_kiosk(window.app_handle(), true)?;
    if let Some(op) = state.sessions.end(window.label()) {
        let _ = store
            .sign_out(&op.actor(&workstation()), "kiosk", now)
            .await;
    }
    state.pending.clear(window.label());
    switch_to(window.app_handle(), KIOSK_LABEL);
    Ok(())
}

pub(crate) fn set_kiosk<R: Runtime>(app: &AppHandle<R>, kiosk: bool) -> Result<(), ErrorPayload> {
    crate::localfile::write(app, CONFIG_FILE, &LocalConfig { kiosk })
}

/// Opens `label`'s window and closes the other, after this command has answered.
fn switch_to<R: Runtime>(app: &AppHandle<R>, label: &'static str) {
    let handle = app.clone();
    let _ = app.run_on_main_thread(move || {
        if let Err(e) = open_window(&handle, label) {
            eprintln!("sinkron: cannot open the {label} window: {e}");
        }
    });
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;

    #[test]
    fn a_kiosk_login_opens_the_kiosk_without_kiosk_json() {
        assert!(opens_kiosk(false, false, true));
        assert!(opens_kiosk(false, true, false));
        assert!(opens_kiosk(true, false, false));
        assert!(!opens_kiosk(false, false, false));
    }

    #[test]
    fn kiosk_window_may_call_kiosk_commands_only() {
        assert!(refusal(KIOSK_LABEL, "kiosk_submit").is_none());
        assert_eq!(
            refusal(KIOSK_LABEL, "queue").unwrap().code,
            "kiosk_forbidden"
        );
        assert_eq!(
            refusal(KIOSK_LABEL, "sign_in").unwrap().code,
            "kiosk_forbidden"
        );
    }

    #[test]
    fn other_windows_may_not_call_kiosk_commands() {
        assert_eq!(
            refusal(MAIN_LABEL, "kiosk_submit").unwrap().code,
            "kiosk_only"
        );
        assert!(refusal(MAIN_LABEL, "queue").is_none());
    }

    #[test]
    fn local_config_round_trips_and_a_bad_file_means_not_a_kiosk() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub").join(CONFIG_FILE);
        let load = |path: &Path| crate::localfile::load::<LocalConfig>(path);
        assert!(!load(&path).kiosk);
        crate::localfile::save(&LocalConfig { kiosk: true }, &path).unwrap();
        assert!(load(&path).kiosk);
        std::fs::write(&path, "{not json").unwrap();
        assert!(!load(&path).kiosk);
    }
}
