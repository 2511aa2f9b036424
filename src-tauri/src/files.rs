//! Saving an export where the operator chooses: the native save dialog (rfd), then one write
//! through a temporary file in the same folder renamed into place, so a full disk or a crash
//! never leaves half a spreadsheet under the chosen name. End-to-end tests cannot drive a native
//! dialog; a test-only seam names the path the dialog would have returned.

use std::path::{Path, PathBuf};

use sinkron_core::Code;
use sinkron_core::ErrorPayload;
use tauri::{Runtime, Window};

/// Test-only: when set, the save dialog is not shown; the path to save to is read from the file
/// this variable names (empty: the operator cancelled).
pub const TEST_SAVE_ENV: &str = "SINKRON_E2E_SAVE_PATH_FILE";

/// Asks where to save `suggested`; `None` when the operator cancelled.
pub async fn save_path<R: Runtime>(
    window: &Window<R>,
    suggested: &str,
    label: &str,
    ext: &str,
) -> Option<PathBuf> {
    if let Some(file) = std::env::var_os(TEST_SAVE_ENV) {
        let text = std::fs::read_to_string(file).unwrap_or_default();
        let path = text.trim();
        return (!path.is_empty()).then(|| PathBuf::from(path));
    }
    rfd::AsyncFileDialog::new()
        .set_title(format!("Simpan — {label}"))
        .set_file_name(suggested)
        .add_filter(label, &[ext])
        .set_parent(window)
        .save_file()
        .await
        .map(|handle| handle.path().to_path_buf())
}

/// Writes `bytes` to `path` whole or not at all.
pub async fn write_whole(path: &Path, bytes: &[u8]) -> Result<(), ErrorPayload> {
    let path = path.to_path_buf();
    let bytes = bytes.to_vec();
    tauri::async_runtime::spawn_blocking(move || write_blocking(&path, &bytes))
        .await
        .map_err(|e| failed(&e.to_string()))?
}

fn write_blocking(path: &Path, bytes: &[u8]) -> Result<(), ErrorPayload> {
    use std::io::Write;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = path.with_file_name(format!(".{name}.sinkron-tmp"));
    let result = (|| {
        let mut file = std::fs::File::create(&temp)?;
        file.write_all(bytes)?;
        file.sync_all()?;
        std::fs::rename(&temp, path)
    })();
    result.map_err(|e| {
        let _ = std::fs::remove_file(&temp);
        failed(&e.to_string())
    })
}

fn failed(detail: &str) -> ErrorPayload {
    eprintln!("sinkron: export not saved: {detail}");
    ErrorPayload::new(
        Code::ExportNotSaved,
        "Berkas tidak dapat disimpan di folder itu (mungkin penuh, hanya-baca, atau berkasnya \
         sedang dibuka di Excel) — tutup berkasnya atau pilih folder lain",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_write_lands_whole_and_leaves_no_temporary_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("nik.csv");
        write_blocking(&path, b"NIK\r\n").unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"NIK\r\n");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn a_folder_that_does_not_exist_is_a_clear_error() {
        let dir = tempfile::tempdir().unwrap();
        let err = write_blocking(&dir.path().join("no/such/nik.csv"), b"x").unwrap_err();
        assert_eq!(err.code, "export_not_saved");
        assert!(!err.message.contains("no/such"));
    }
}
