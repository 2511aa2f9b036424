//! The invoke handler: every command of the app, and before any of them runs the window check
//! of the command table (`kiosk::refusal`). It is the one module that names every command
//! module; they name none of each other (their shared helpers are `access`).

use tauri::{ipc::Invoke, Runtime};

/// The invoke handler with every command of the app. Before any command runs, the kiosk window
/// is refused everything but the kiosk's commands, and other windows the kiosk's commands
/// (`kiosk::refusal`), whatever the capability files say.
pub fn handler<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    let commands = all_commands();
    move |invoke: Invoke<R>| {
        let label = invoke.message.webview_ref().label().to_string();
        if let Some(refused) = crate::kiosk::refusal(&label, invoke.message.command()) {
            invoke.resolver.reject(refused);
            return true;
        }
        commands(invoke)
    }
}

fn all_commands<R: Runtime>() -> impl Fn(Invoke<R>) -> bool + Send + Sync + 'static {
    tauri::generate_handler![
        crate::commands::check,
        crate::commands::save_request,
        crate::commands::queue,
        crate::commands::request_detail,
        crate::commands::act,
        crate::commands::correct_field,
        crate::rekap::rekap,
        crate::rekap::export_rekap,
        crate::commands::replace_photo,
        crate::commands::set_sync_niks,
        crate::commands::send_wa,
        crate::printing::reprint_receipt,
        crate::printing::print_case_file,
        crate::printing::queue_operators,
        crate::printing::whole_list,
        crate::printing::export_list,
        crate::printing::print_settings,
        crate::printing::save_print_settings,
        crate::commands::record_step_batch,
        crate::commands::export_niks,
        crate::commands::office_settings,
        crate::commands::save_office_settings,
        crate::retention::retention_preview,
        crate::person_report::person_report,
        crate::commands::pick_photo,
        crate::commands::drop_photo,
        crate::commands::remove_photo,
        crate::commands::photo_quality,
        crate::commands::clear_photos,
        crate::commands::about,
        crate::auth_commands::session_state,
        crate::auth_commands::storage_check,
        crate::auth_commands::first_run_setup,
        crate::auth_commands::sign_in,
        crate::auth_commands::sign_out,
        crate::auth_commands::lock_session,
        crate::auth_commands::session_active,
        crate::auth_commands::list_operators,
        crate::auth_commands::create_operator,
        crate::auth_commands::set_operator_active,
        crate::auth_commands::set_operator_role,
        crate::auth_commands::reset_password,
        crate::auth_commands::audit_log,
        crate::auth_commands::audit_chain,
        crate::kiosk::kiosk_info,
        crate::kiosk::kiosk_check,
        crate::kiosk::kiosk_capture,
        crate::kiosk::kiosk_scan_qr,
        crate::kiosk::kiosk_remove_photo,
        crate::kiosk::kiosk_submit,
        crate::kiosk::kiosk_print,
        crate::kiosk::kiosk_lookup,
        crate::kiosk::kiosk_reset,
        crate::kiosk::kiosk_leave,
        crate::kiosk::kiosk_test_frame,
        crate::kiosk::kiosk_enter,
        crate::db_commands::db_settings,
        crate::db_commands::db_test,
        crate::db_commands::db_pick_ca,
        crate::db_commands::db_save,
        crate::db_commands::db_use_local,
        crate::db_commands::app_restart,
        crate::db_commands::db_move,
        crate::db_commands::db_upgrade,
        crate::backups::backup_state,
        crate::backups::backup_choose_folder,
        crate::backups::backup_now,
        crate::backups::backup_restore,
        crate::backups::backup_set_passphrase,
        crate::backups::backup_clear_passphrase
    ]
}
