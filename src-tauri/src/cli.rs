//! What the `sinkron` binary does before, or instead of, opening a window: `--version`,
//! `--self-check DIR` (the build's real parts exercised without a webview, so the Windows build
//! can be proven under Wine and an IT person can test a desk), and the check that the webview
//! exists at all. WebView2 is a separate Microsoft runtime on Windows; without it Tauri stops at
//! an English dialog a Disdukcapil operator cannot act on, so we look first and say in
//! Indonesian what to install.

use std::path::Path;

/// The date this binary was built (`YYYY-MM-DD`, UTC; `SOURCE_DATE_EPOCH` when set).
pub const BUILD_DATE: &str = env!("SINKRON_BUILD_DATE");

/// The platform this binary was built for (`x86_64-pc-windows-gnu`, …).
pub const TARGET: &str = env!("SINKRON_TARGET");

/// When set, the "cannot start" message is written to this file instead of a dialog (tests,
/// and the Wine check, where a dialog would wait for a click nobody makes).
pub const TEST_DIALOG_ENV: &str = "SINKRON_E2E_DIALOG_FILE";

/// `Sinkron 0.3.0 (dibangun 2026-12-04, x86_64-pc-windows-gnu)`: what `--version` prints.
pub fn version_line() -> String {
    format!(
        "Sinkron {} (dibangun {BUILD_DATE}, {TARGET})",
        sinkron_core::VERSION
    )
}

/// Runs the self-check in `dir`, printing one line per step; the process's exit code.
pub fn self_check(dir: &Path) -> i32 {
    println!("{}", version_line());
    let checked = tauri::async_runtime::block_on(sinkron_sqlite::selfcheck::run(dir))
        .map_err(|e| e.to_string())
        .and_then(|mut lines| {
            lines.push(crate::dbkey::self_check().map_err(|e| format!("credential store: {e}"))?);
            Ok(lines)
        });
    match checked {
        Ok(lines) => {
            for line in lines {
                println!("  {line}");
            }
            println!("self-check ok");
            0
        }
        Err(error) => {
            println!("self-check FAILED: {error}");
            1
        }
    }
}

/// The title of the dialog shown when the window cannot be opened.
pub const NO_WEBVIEW_TITLE: &str = "Sinkron tidak dapat dibuka";

/// What an operator or the office's IT reads when WebView2 is missing: what it is, what to
/// install, and where to get it.
pub fn no_webview_text(detail: &str) -> String {
    format!(
        "Sinkron memerlukan Microsoft Edge WebView2 Runtime, yang belum terpasang di komputer \
         ini.\n\nPasang \"WebView2 Runtime\" dari Microsoft (Evergreen Standalone Installer, \
         x64; cari \"WebView2 Runtime\" di situs Microsoft) atau minta bagian IT memasangnya, \
         lalu buka Sinkron lagi. Windows 10 dan 11 yang diperbarui biasanya sudah memilikinya.\
         \n\nData kantor di komputer ini aman dan tidak berubah.\n\n(Keterangan teknis: \
         {detail})"
    )
}

/// Whether the webview this platform needs is there; `Err` says why not. On Windows this asks
/// the WebView2 loader for the installed runtime's version, as Tauri will when it builds the
/// window; elsewhere the webview is a library the binary is linked to.
pub fn webview_present() -> Result<String, String> {
    tauri::webview_version().map_err(|e| e.to_string())
}

/// Tells the person at the PC that Sinkron cannot start, and why: a native dialog, or the file
/// named by [`TEST_DIALOG_ENV`].
pub fn tell_cannot_start(text: &str) {
    eprintln!("sinkron: {NO_WEBVIEW_TITLE}: {text}");
    if let Some(path) = std::env::var_os(TEST_DIALOG_ENV) {
        let _ = std::fs::write(path, format!("{NO_WEBVIEW_TITLE}\n{text}\n"));
        return;
    }
    rfd::MessageDialog::new()
        .set_level(rfd::MessageLevel::Error)
        .set_title(NO_WEBVIEW_TITLE)
        .set_description(text)
        .set_buttons(rfd::MessageButtons::Ok)
        .show();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn version_line_names_version_build_date_and_platform() {
        let line = version_line();
        assert!(line.starts_with(&format!("Sinkron {} ", sinkron_core::VERSION)));
        assert!(line.contains(BUILD_DATE) && line.contains(TARGET));
        let date = chrono::NaiveDate::parse_from_str(BUILD_DATE, "%Y-%m-%d");
        assert!(date.is_ok(), "{BUILD_DATE}");
    }

    #[test]
    fn no_webview_text_says_what_to_install_in_indonesian() {
        let text = no_webview_text("not found");
        assert!(text.contains("WebView2 Runtime"));
        assert!(text.contains("Pasang"));
        assert!(text.contains("not found"));
    }

    #[test]
    fn self_check_exit_code_is_zero_when_every_step_passes() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(self_check(dir.path()), 0);
    }

    #[test]
    fn tauri_conf_version_is_the_crates_version() {
        // The Windows file properties and the installer take the version from tauri.conf.json.
        let conf: serde_json::Value =
            serde_json::from_str(include_str!("../../tauri.conf.json")).unwrap();
        assert_eq!(conf["version"], sinkron_core::VERSION);
    }
}
