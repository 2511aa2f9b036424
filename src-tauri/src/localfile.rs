//! This PC's own small config files in the OS config folder (`kiosk.json`, `database.json`):
//! read leniently (missing or unreadable means the defaults, so a damaged file never stops the
//! app from starting) and written whole (a temp file, then a rename), so a crash mid-write
//! leaves the old file.

use std::path::{Path, PathBuf};

use serde::de::DeserializeOwned;
use serde::Serialize;
use sinkron_core::Code;
use sinkron_core::ErrorPayload;
use tauri::{AppHandle, Manager, Runtime};

/// Where this PC's file `name` lives: the app's folder in the OS config folder.
fn path<R: Runtime>(app: &AppHandle<R>, name: &str) -> Option<PathBuf> {
    app.path().app_config_dir().ok().map(|d| d.join(name))
}

/// This PC's file `name`, or the defaults (also when there is no config folder).
pub fn read<R: Runtime, T: DeserializeOwned + Default>(app: &AppHandle<R>, name: &str) -> T {
    path(app, name).map(|p| load(&p)).unwrap_or_default()
}

/// Writes this PC's file `name` whole, or says in the window's words why it could not.
pub fn write<R: Runtime, T: Serialize>(
    app: &AppHandle<R>,
    name: &str,
    value: &T,
) -> Result<(), ErrorPayload> {
    let cannot = || {
        ErrorPayload::new(
            Code::ConfigUnwritable,
            "Pengaturan PC ini tidak dapat disimpan — periksa ruang disk dan izin folder konfigurasi",
        )
    };
    let path = path(app, name).ok_or_else(cannot)?;
    save(value, &path).map_err(|e| {
        eprintln!("sinkron: {}: {e}", path.display());
        cannot()
    })
}

/// The file's contents, or the defaults when it is missing or unreadable.
pub fn load<T: DeserializeOwned + Default>(path: &Path) -> T {
    std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

/// Writes `value` as the whole file.
pub fn save<T: Serialize>(value: &T, path: &Path) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = path.with_extension("json.tmp");
    let text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    std::fs::write(&tmp, text)?;
    std::fs::rename(&tmp, path)
}
