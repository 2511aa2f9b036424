//! Opening a WhatsApp notice through the OS. Only `https://wa.me/` links leave the app, opened
//! from Rust with the opener plugin; the window itself holds no opener permission. End-to-end
//! tests cannot see a browser open, so a test-only seam writes the link to a file instead.

use sinkron_core::Code;
use sinkron_core::ErrorPayload;
use tauri::{AppHandle, Runtime};
use tauri_plugin_opener::OpenerExt;

/// The only links the app opens.
pub const WA_PREFIX: &str = "https://wa.me/";

/// Test-only: when set, the link is appended (one per line) to the file this names instead of
/// being opened.
pub const TEST_OPENED_ENV: &str = "SINKRON_E2E_OPENED_URL_FILE";

/// Opens a wa.me link with the OS's default handler (the browser or WhatsApp Desktop).
pub fn open_wa<R: Runtime>(app: &AppHandle<R>, link: &str) -> Result<(), ErrorPayload> {
    if !link.starts_with(WA_PREFIX) {
        return Err(ErrorPayload::new(
            Code::LinkRefused,
            "Tautan ini bukan tautan WhatsApp — pesan tidak dibuka",
        ));
    }
    if let Some(file) = std::env::var_os(TEST_OPENED_ENV) {
        use std::io::Write;
        return std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(file)
            .and_then(|mut f| writeln!(f, "{link}"))
            .map_err(|e| {
                eprintln!("sinkron: test link file: {e}");
                ErrorPayload::new(Code::LinkFailed, "Tautan WhatsApp tidak dapat dibuka")
            });
    }
    app.opener().open_url(link, None::<&str>).map_err(|e| {
        eprintln!("sinkron: cannot open {link}: {e}");
        ErrorPayload::new(
            Code::LinkFailed,
            "WhatsApp tidak dapat dibuka di komputer ini — salin pesannya lalu kirim lewat HP \
             kantor",
        )
    })
}
