//! The app's two windows' labels, named here once: the operator's window and the Anjungan's.
//! The capability files (`capabilities/*.json`) grant their commands to these labels, and the
//! kiosk refusal, the photo scheme and the window switch tell the windows apart by them.

/// The operator's window: the desk's views, with its session.
pub const MAIN_LABEL: &str = "main";
/// The kiosk window (Anjungan); its capability is `capabilities/kiosk-window.json`.
pub const KIOSK_LABEL: &str = "kiosk";
