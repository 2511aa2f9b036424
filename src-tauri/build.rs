//! Build script: reads the root `tauri.conf.json`, generates one `allow-<command>` permission
//! per app command (the capability file grants exactly these), and on Windows embeds the icon.

/// The app's commands; each gets an `allow-…`/`deny-…` permission. Keep in step with
/// `commands.rs` and `capabilities/` (the kiosk's own list is `kiosk::KIOSK_COMMANDS`).
const COMMANDS: &[&str] = &[
    "check",
    "save_request",
    "queue",
    "request_detail",
    "act",
    "correct_field",
    "set_sync_niks",
    "send_wa",
    "record_step_batch",
    "export_niks",
    "office_settings",
    "save_office_settings",
    "pick_photo",
    "drop_photo",
    "remove_photo",
    "clear_photos",
    "about",
    "session_state",
    "first_run_setup",
    "sign_in",
    "sign_out",
    "lock_session",
    "list_operators",
    "create_operator",
    "set_operator_active",
    "set_operator_role",
    "reset_password",
    "audit_log",
    "kiosk_enter",
    "kiosk_info",
    "kiosk_check",
    "kiosk_capture",
    "kiosk_remove_photo",
    "kiosk_submit",
    "kiosk_print",
    "kiosk_lookup",
    "kiosk_reset",
    "kiosk_leave",
    "kiosk_test_frame",
    "db_settings",
    "db_test",
    "db_save",
    "db_use_local",
    "app_restart",
    "db_move",
];

fn main() {
    // `generate_context!` embeds `ui/` when the crate compiles; new files there must rebuild it.
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=../icons");
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(COMMANDS));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}
