//! Which database this PC uses, kept on the PC itself: `database.json` in the OS config folder
//! says "the embedded file" (the default when there is no such file) or "the office's server"
//! with its host, port, database and login. A file that cannot be read stops the start
//! ([`load_strict`]): a desk never falls back silently to the local file. The server's password is never
//! in that file: it lives in the OS credential store (Windows Credential Manager, the Secret
//! Service on Linux, the Keychain on macOS) under the login's label.

use serde::{Deserialize, Serialize};
use sinkron_core::Code;
use sinkron_core::ErrorPayload;
use sinkron_pg::ServerSettings;
use tauri::{AppHandle, Runtime};

/// The file's name in the OS config folder, beside the kiosk's `kiosk.json`.
pub const DB_CONFIG_FILE: &str = "database.json";

/// The credential store's service name for the server passwords.
const KEYRING_SERVICE: &str = "Sinkron database kantor";

/// This PC's choice of database.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct DbConfig {
    /// `None`: the embedded SQLite file.
    pub server: Option<ServerSettings>,
}

/// This PC's choice for the screens that show it; missing or unreadable shows as the
/// embedded file (the start reads it with [`load_strict`]).
pub fn load<R: Runtime>(app: &AppHandle<R>) -> DbConfig {
    crate::localfile::read(app, DB_CONFIG_FILE)
}

/// This PC's choice at start: missing means the embedded file; unreadable is an error that
/// names the file.
pub fn load_strict<R: Runtime>(app: &AppHandle<R>) -> Result<DbConfig, String> {
    crate::localfile::read_strict(app, DB_CONFIG_FILE)
}

/// Writes this PC's choice whole, so a crash leaves the old one.
pub fn save<R: Runtime>(app: &AppHandle<R>, config: &DbConfig) -> Result<(), ErrorPayload> {
    crate::localfile::write(app, DB_CONFIG_FILE, config)
}

pub(crate) fn keyring_error(error: keyring::Error) -> ErrorPayload {
    ErrorPayload::new(
        Code::CredentialStore,
        format!(
            "Penyimpanan kata sandi sistem operasi tidak dapat dipakai, jadi tidak ada yang \
             disimpan ({error}) — masuk ke komputer dengan akun pengguna biasa lalu coba lagi"
        ),
    )
}

fn entry(server: &ServerSettings) -> Result<keyring::Entry, ErrorPayload> {
    keyring::Entry::new(KEYRING_SERVICE, &server.label()).map_err(keyring_error)
}

/// The stored password for `server`, if there is one. Blocking: call off the async runtime.
pub fn stored_password(server: &ServerSettings) -> Result<Option<String>, ErrorPayload> {
    match entry(server)?.get_password() {
        Ok(password) => Ok(Some(password)),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(other) => Err(keyring_error(other)),
    }
}

/// Keeps `password` for `server` in the credential store. Blocking.
pub fn store_password(server: &ServerSettings, password: &str) -> Result<(), ErrorPayload> {
    entry(server)?.set_password(password).map_err(keyring_error)
}

/// Forgets the password for `server`; none stored is fine. Blocking.
pub fn forget_password(server: &ServerSettings) -> Result<(), ErrorPayload> {
    match entry(server)?.delete_credential() {
        Ok(()) | Err(keyring::Error::NoEntry) => Ok(()),
        Err(other) => Err(keyring_error(other)),
    }
}
