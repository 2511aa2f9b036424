//! Build script: reads the root `tauri.conf.json`, generates one `allow-<command>` permission
//! per app command (the capability file grants exactly these), on Windows embeds the icon and
//! the version resource (from `tauri.conf.json`), and records the build date and target for
//! `--version` and the About screen.

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
    "db_upgrade",
    "backup_state",
    "backup_choose_folder",
    "backup_now",
    "backup_restore",
];

fn main() {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    println!("cargo:rustc-env=SINKRON_BUILD_DATE={}", build_date());
    println!(
        "cargo:rustc-env=SINKRON_TARGET={}",
        std::env::var("TARGET").unwrap_or_default()
    );
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

/// Today in UTC as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH` for reproducible builds.
fn build_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or_default()
        });
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
