//! The key of the office's SQLite file (encryption at rest, `sinkron_sqlite::cipher`): 32
//! random bytes made on this PC the first time the file is opened, kept in the OS credential
//! store of the signed-in account (Windows Credential Manager; the Secret Service on Linux;
//! the Keychain on macOS), never in a file. A plain file from an earlier version is encrypted
//! under it once, at that start. A lost key (a new Windows account, a reinstalled Windows)
//! leaves the file unreadable: the office restores a passphrase backup, which carries its own
//! key, and the restored file is put under this PC's key (README, "Kunci berkas data").

use std::path::Path;

use sinkron_core::store::KEY_TEXT;
use sinkron_core::{Code, ErrorPayload};
use sinkron_sqlite::{cipher, DbKey, FileKind};

/// The credential store's service and account names for the key.
const SERVICE: &str = "Sinkron berkas data";
const ACCOUNT: &str = "kunci";

/// Whether this PC has a credential store to ask. Linux without a session bus has none (and
/// asking would start a bus of its own, whose keyring nobody unlocks): the file stays plain
/// there, and says so at start. Windows always has one.
fn store_available() -> bool {
    !cfg!(target_os = "linux") || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

fn entry() -> Result<keyring::Entry, keyring::Error> {
    keyring::Entry::new(SERVICE, ACCOUNT)
}

/// For `--self-check`: a throwaway key kept in the credential store under its own account,
/// read back, compared and removed; the office's key is never touched.
pub fn self_check() -> Result<String, String> {
    if !store_available() {
        return Ok(
            "credential store: none on this PC (no session bus); the file stays plain".into(),
        );
    }
    let probe = keyring::Entry::new(SERVICE, "pemeriksaan").map_err(|e| e.to_string())?;
    let key = DbKey::generate().map_err(|e| e.to_string())?;
    probe
        .set_password(&key.to_hex())
        .map_err(|e| format!("keep: {e}"))?;
    let read = probe.get_password().map_err(|e| format!("read back: {e}"));
    let removed = probe
        .delete_credential()
        .map_err(|e| format!("remove: {e}"));
    if read? != key.to_hex() {
        return Err("the key read back differs".into());
    }
    removed?;
    Ok("credential store: a key kept, read back and removed".into())
}

/// The key kept in the credential store, if any.
fn stored() -> Result<Option<DbKey>, String> {
    match entry().and_then(|e| e.get_password()) {
        Ok(hex) => DbKey::parse(&hex).map(Some).map_err(|e| e.to_string()),
        Err(keyring::Error::NoEntry) => Ok(None),
        Err(other) => Err(other.to_string()),
    }
}

/// A new key, kept in the credential store and read back from it before it is used: a key
/// the store did not keep must never encrypt the file.
fn store_new() -> Result<DbKey, String> {
    let key = DbKey::generate().map_err(|e| e.to_string())?;
    entry()
        .and_then(|e| e.set_password(&key.to_hex()))
        .map_err(|e| e.to_string())?;
    match stored()? {
        Some(kept) if kept == key => Ok(key),
        _ => Err("the credential store did not keep the new key".into()),
    }
}

fn key_missing(why: &str) -> ErrorPayload {
    eprintln!("sinkron: the encrypted database cannot be opened: {why}");
    ErrorPayload::new(Code::StorageEncryption, KEY_TEXT)
}

/// The key to open the file at `path` with; `None` keeps a plain (or new) file plain when this
/// PC has no credential store. Blocking: call before the async runtime runs commands.
pub fn for_file(path: &Path) -> Result<Option<DbKey>, ErrorPayload> {
    let kind = cipher::file_kind(path).unwrap_or(FileKind::Missing);
    if !store_available() {
        // This PC never encrypts, so a file that is not plain SQLite is taken as damaged (the
        // open says so, and the sign-in screen offers the restore).
        eprintln!("sinkron: no credential store (no session bus): the file stays plain");
        return Ok(None);
    }
    match (stored(), kind) {
        (Ok(Some(key)), _) => Ok(Some(key)),
        (Ok(None), FileKind::Encrypted) => Err(key_missing("no key in the credential store")),
        (Err(why), FileKind::Encrypted) => Err(key_missing(&why)),
        (Ok(None), _) => match store_new() {
            Ok(key) => Ok(Some(key)),
            Err(why) => {
                eprintln!("sinkron: no key could be kept ({why}): the file stays plain for now");
                Ok(None)
            }
        },
        (Err(why), _) => {
            eprintln!("sinkron: credential store unreadable ({why}): the file stays plain for now");
            Ok(None)
        }
    }
}

/// The key a restored file is put under: the one kept, else a new one kept now; `None` when
/// this PC has no credential store (the restored file is then plain, as the live one was).
pub fn for_restore() -> Result<Option<DbKey>, ErrorPayload> {
    if !store_available() {
        return Ok(None);
    }
    let kept = match stored() {
        Ok(Some(key)) => key,
        Ok(None) => store_new().map_err(|why| key_missing(&why))?,
        Err(why) => return Err(key_missing(&why)),
    };
    Ok(Some(kept))
}
