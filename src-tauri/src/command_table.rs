//! The one table of the app's commands and who may call each. `build.rs` reads this file (as
//! its own module: a build script cannot use the crate) to make one `allow-<command>`
//! permission per command; the invoke handler refuses the kiosk window every command but the
//! kiosk's and other windows the kiosk's (`kiosk::refusal`); the IPC tests walk it to prove that
//! every command refuses whoever it must, that each has a handler, and that the capability
//! files grant exactly these. A command's own `guard` checks the session in Rust as well.

/// Who may call a command.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Caller {
    /// Anyone at the operator's window, before sign-in: session state, the start's damage
    /// check, first-run setup, sign-in, About.
    Anyone,
    /// A signed-in operator (a petugas or an admin): the requests' work.
    Operator,
    /// A signed-in admin: accounts, settings, the audit log, the database, backups.
    Admin,
    /// The kiosk window only, which has no session.
    Kiosk,
}

/// Every command of the app, with who may call it.
pub const COMMANDS: &[(&str, Caller)] = &[
    ("check", Caller::Operator),
    ("save_request", Caller::Operator),
    ("queue", Caller::Operator),
    ("request_detail", Caller::Operator),
    ("act", Caller::Operator),
    ("correct_field", Caller::Operator),
    ("replace_photo", Caller::Operator),
    ("set_sync_niks", Caller::Operator),
    ("send_wa", Caller::Operator),
    ("reprint_receipt", Caller::Operator),
    ("print_case_file", Caller::Operator),
    ("queue_operators", Caller::Operator),
    ("whole_list", Caller::Operator),
    ("export_list", Caller::Operator),
    ("print_settings", Caller::Operator),
    ("save_print_settings", Caller::Admin),
    ("record_step_batch", Caller::Operator),
    ("export_niks", Caller::Operator),
    ("office_settings", Caller::Admin),
    ("save_office_settings", Caller::Admin),
    ("retention_preview", Caller::Admin),
    ("person_report", Caller::Admin),
    ("rekap", Caller::Operator),
    ("export_rekap", Caller::Operator),
    ("pick_photo", Caller::Operator),
    ("drop_photo", Caller::Operator),
    ("remove_photo", Caller::Operator),
    ("photo_quality", Caller::Operator),
    ("clear_photos", Caller::Operator),
    ("about", Caller::Anyone),
    ("session_state", Caller::Anyone),
    ("storage_check", Caller::Anyone),
    ("first_run_setup", Caller::Anyone),
    ("sign_in", Caller::Anyone),
    ("sign_out", Caller::Operator),
    ("lock_session", Caller::Operator),
    ("session_active", Caller::Operator),
    ("list_operators", Caller::Admin),
    ("create_operator", Caller::Admin),
    ("set_operator_active", Caller::Admin),
    ("set_operator_role", Caller::Admin),
    ("reset_password", Caller::Admin),
    ("audit_log", Caller::Admin),
    ("audit_chain", Caller::Admin),
    ("kiosk_enter", Caller::Admin),
    ("kiosk_info", Caller::Kiosk),
    ("kiosk_check", Caller::Kiosk),
    ("kiosk_capture", Caller::Kiosk),
    ("kiosk_scan_qr", Caller::Kiosk),
    ("kiosk_remove_photo", Caller::Kiosk),
    ("kiosk_submit", Caller::Kiosk),
    ("kiosk_print", Caller::Kiosk),
    ("kiosk_lookup", Caller::Kiosk),
    ("kiosk_reset", Caller::Kiosk),
    ("kiosk_leave", Caller::Kiosk),
    ("kiosk_test_frame", Caller::Kiosk),
    ("db_settings", Caller::Admin),
    ("db_test", Caller::Admin),
    ("db_pick_ca", Caller::Admin),
    ("db_save", Caller::Admin),
    ("db_use_local", Caller::Admin),
    ("app_restart", Caller::Admin),
    ("db_move", Caller::Admin),
    ("db_upgrade", Caller::Admin),
    ("backup_state", Caller::Admin),
    ("backup_choose_folder", Caller::Admin),
    ("backup_now", Caller::Admin),
    ("backup_restore", Caller::Admin),
    ("backup_set_passphrase", Caller::Admin),
    ("backup_clear_passphrase", Caller::Admin),
];

/// Who may call `command`; `None` for a name that is not a command of the app.
pub fn caller(command: &str) -> Option<Caller> {
    COMMANDS
        .iter()
        .find(|(name, _)| *name == command)
        .map(|(_, caller)| *caller)
}
