//! This PC's own small config files in the OS config folder (`kiosk.json`, `database.json`),
//! written whole (a temp file, then a rename), so a crash mid-write leaves the old file. A
//! missing file means the defaults. One that exists but cannot be read is the caller's choice:
//! `kiosk.json` is read leniently ([`read`]), while `database.json` fails closed ([`read_strict`]):
//! a desk must never fall back silently to a local file holding an office's old data.

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

/// This PC's file `name`: the defaults when it is missing, or why it cannot be read (naming the
/// file) when it exists but is not readable or not what it should be.
pub fn read_strict<R: Runtime, T: DeserializeOwned + Default>(
    app: &AppHandle<R>,
    name: &str,
) -> Result<T, String> {
    match path(app, name) {
        Some(path) => load_strict(&path),
        None => Ok(T::default()),
    }
}

/// The file's contents; the defaults when it is missing; why not, naming the file, otherwise.
pub fn load_strict<T: DeserializeOwned + Default>(path: &Path) -> Result<T, String> {
    match std::fs::read_to_string(path) {
        Ok(text) => serde_json::from_str(&text).map_err(|e| {
            eprintln!("sinkron: {}: {e}", path.display());
            format!(
                "{}: isinya rusak di baris {}, kolom {}",
                path.display(),
                e.line(),
                e.column()
            )
        }),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(T::default()),
        Err(e) => {
            eprintln!("sinkron: {}: {e}", path.display());
            Err(format!("{}: tidak dapat dibuka", path.display()))
        }
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, Default, PartialEq, serde::Deserialize)]
    struct Sample {
        kiosk: bool,
    }

    #[test]
    fn a_missing_file_is_the_defaults_even_when_read_strictly() {
        let dir = tempfile::tempdir().unwrap();
        let read: Result<Sample, String> = load_strict(&dir.path().join("database.json"));
        assert_eq!(read, Ok(Sample::default()));
    }

    #[test]
    fn a_broken_file_read_strictly_is_an_error_naming_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("database.json");
        std::fs::write(&path, "{ \"server\": ").unwrap();
        let read: Result<Sample, String> = load_strict(&path);
        let why = read.expect_err("a broken file is not the defaults");
        assert!(why.contains("database.json"), "{why}");
        // …while the lenient read still gives the defaults.
        assert_eq!(load::<Sample>(&path), Sample::default());
    }
}
