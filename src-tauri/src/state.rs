//! The app's state: the store, opened once at start, the photos held for the desk form, and
//! who is signed in. A database that cannot be
//! opened does not kill the window: every command then answers with the store's error payload,
//! so the operator reads what to do instead of seeing the app vanish.

use std::path::{Path, PathBuf};

use sinkron_core::{ErrorPayload, Store};

use crate::kiosk::KioskMemory;
use crate::photos::Pending;
use crate::session::Sessions;

/// Managed by Tauri; commands borrow it through `State<AppState>`.
#[derive(Debug)]
pub struct AppState {
    db_path: Option<PathBuf>,
    store: Result<Store, ErrorPayload>,
    /// Photos picked at the desk and not saved yet.
    pub pending: Pending,
    /// Who is signed in, per window.
    pub sessions: Sessions,
    /// The kiosk's receipt for the applicant in front of it.
    pub kiosk: KioskMemory,
}

impl AppState {
    /// Opens (creating if needed) the database at `db_path`, blocking on Tauri's async runtime
    /// so the store's pool lives on the runtime that later runs the commands.
    pub fn open(db_path: Option<PathBuf>) -> AppState {
        let store = match &db_path {
            Some(path) => tauri::async_runtime::block_on(Store::open(path)).map_err(|error| {
                eprintln!("sinkron: {error}");
                error.payload()
            }),
            None => {
                eprintln!("sinkron: no app-data folder; start with --db PATH");
                Err(ErrorPayload::new(
                    "storage_unavailable",
                    "Folder data aplikasi tidak ditemukan — hubungi admin",
                ))
            }
        };
        AppState {
            db_path,
            store,
            pending: Pending::default(),
            sessions: Sessions::default(),
            kiosk: KioskMemory::default(),
        }
    }

    /// The store, or why it is not there.
    pub fn store(&self) -> Result<&Store, ErrorPayload> {
        self.store.as_ref().map_err(Clone::clone)
    }

    /// Where the database is (or was meant to be), for the About screen.
    pub fn db_path(&self) -> Option<&Path> {
        self.db_path.as_deref()
    }
}
