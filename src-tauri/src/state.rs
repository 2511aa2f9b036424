//! The app's state: the store, opened once at start (the embedded SQLite file or the office's
//! server, as this PC's config says), the photos held for the desk form, and who is signed in.
//! A database that cannot be opened does not kill the window: every command then answers with
//! the store's error payload, so the operator reads what to do instead of seeing the app
//! vanish — and an admin can fix the connection from the sign-in screen.

use std::path::PathBuf;
use std::sync::{Arc, Mutex};

use serde::Serialize;
use sinkron_core::Code;
use sinkron_core::ErrorPayload;
use sinkron_pg::{connection_label, ServerSettings};
use sinkron_sqlite::Store;
use sqlx::postgres::PgConnectOptions;

use crate::db::Db;
use crate::kiosk::KioskMemory;
use crate::photos::Pending;
use crate::session::Sessions;

/// Which database to open at start.
#[derive(Debug, Clone)]
pub enum Database {
    /// The embedded SQLite file at this path (`None`: there is no app-data folder).
    File(Option<PathBuf>),
    /// The office's server as this PC's config names it, with the password from the OS
    /// credential store (`None`: no password is stored).
    Server(ServerSettings, Option<String>),
    /// A server by URL (`--pg URL`), for tests and scripts; nothing is saved.
    Url(String),
    /// This PC's `database.json` exists but cannot be read (why, naming the file): nothing is
    /// opened, and the sign-in screen says so and offers the Database kantor card.
    Unreadable(String),
}

/// Which engine a database is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum DbKind {
    Sqlite,
    Postgres,
}

/// What the running app uses, for the About screen and Pengaturan.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct InUse {
    pub kind: DbKind,
    /// The file's path, or `login@host:port/database`.
    pub label: String,
    /// The SQLite file, when that is what runs.
    #[serde(skip)]
    pub file: Option<PathBuf>,
    /// The server settings when they came from this PC's config (not from `--pg`).
    #[serde(skip)]
    pub server: Option<ServerSettings>,
}

impl InUse {
    fn server(label: String, server: Option<ServerSettings>) -> InUse {
        InUse {
            kind: DbKind::Postgres,
            label,
            file: None,
            server,
        }
    }
}

/// Managed by Tauri; commands borrow it through `State<AppState>`.
#[derive(Debug)]
pub struct AppState {
    in_use: InUse,
    /// What this PC opened at start: the file, or the server as this PC's own login (a kiosk's,
    /// or a desk PC's, which reaches no table).
    store: Result<Arc<Db>, ErrorPayload>,
    /// On the office's server, where a desk's operators sign in as their own logins: the
    /// server, its database and its TLS, without a user.
    gate: Option<Box<PgConnectOptions>>,
    /// The signed-in operator's own connection to the server (with a gate).
    operator_store: Mutex<Option<Arc<Db>>>,
    /// Photos picked at the desk and not saved yet.
    pub pending: Pending,
    /// Stored photos' straightened documents made for the desk lately.
    pub straightened: crate::photos::Straightened,
    /// Who is signed in, per window.
    pub sessions: Sessions,
    /// The kiosk's receipt for the applicant in front of it.
    pub kiosk: KioskMemory,
    /// Whether a backup is being made now (one at a time).
    pub backups: crate::backups::Running,
    /// The database file was replaced by a restore: nothing may use the closed store until the
    /// app starts again.
    replaced: std::sync::atomic::AtomicBool,
}

/// Whether a `postgres://` URL names a user (`user[:password]@host`).
fn names_a_user(url: &str) -> bool {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split(['/', '?']).next().unwrap_or("").contains('@')
}

fn unavailable(message: &str) -> ErrorPayload {
    ErrorPayload::new(Code::StorageUnavailable, message)
}

impl AppState {
    /// Opens the database, blocking on Tauri's async runtime so the pool lives on the runtime
    /// that later runs the commands.
    pub fn open(database: Database) -> AppState {
        // `--pg` without a user: no PC login, the operators sign in straight away.
        let mut gate_only = None;
        let (in_use, store) = match database {
            Database::File(path) => {
                let store = match &path {
                    // Opened under this PC's key (a plain file is encrypted once, here) and
                    // checked beside the sign-in screen: every write waits for the check, so a
                    // damaged file is never written to.
                    Some(path) => crate::dbkey::for_file(path).and_then(|key| {
                        tauri::async_runtime::block_on(Store::open_checking(path, key.as_ref()))
                            .map(Db::Sqlite)
                            .map_err(|error| {
                                eprintln!("sinkron: {error}");
                                error.payload()
                            })
                    }),
                    None => {
                        eprintln!("sinkron: no app-data folder; start with --db PATH");
                        Err(unavailable(
                            "Folder data aplikasi tidak ditemukan — hubungi admin",
                        ))
                    }
                };
                let in_use = InUse {
                    kind: DbKind::Sqlite,
                    label: path
                        .as_ref()
                        .map(|p| p.display().to_string())
                        .unwrap_or_default(),
                    file: path,
                    server: None,
                };
                (in_use, store)
            }
            Database::Server(server, password) => {
                let store = match password {
                    Some(password) => tauri::async_runtime::block_on(Db::connect(
                        server.connect_options(&password),
                    )),
                    None => Err(ErrorPayload::new(
                        Code::DbUnreachable,
                        "Kata sandi database kantor belum tersimpan di komputer ini — \
                         atur koneksi database lagi",
                    )),
                };
                (InUse::server(server.label(), Some(server)), store)
            }
            Database::Unreadable(why) => {
                eprintln!("sinkron: database.json unreadable: {why}");
                (
                    InUse::server(String::new(), None),
                    Err(ErrorPayload::new(
                        Code::DbConfigUnreadable,
                        format!(
                            "Pengaturan database komputer ini tidak terbaca ({why}), jadi Sinkron \
                             tidak membuka data apa pun — admin: atur koneksi database lagi"
                        ),
                    )),
                )
            }
            Database::Url(url) => match url.parse::<PgConnectOptions>() {
                Ok(options) if !names_a_user(&url) => {
                    let label = connection_label(&options);
                    gate_only = Some(Box::new(options));
                    (
                        InUse::server(label, None),
                        Err(ErrorPayload::new(
                            Code::SessionRequired,
                            "Silakan masuk dulu dengan nama pengguna dan kata sandi",
                        )),
                    )
                }
                Ok(options) => (
                    InUse::server(connection_label(&options), None),
                    tauri::async_runtime::block_on(Db::connect(options)),
                ),
                Err(e) => (
                    InUse::server(String::new(), None),
                    Err(ErrorPayload::new(Code::DbUnreachable, e.to_string())),
                ),
            },
        };
        if let Err(error) = &store {
            eprintln!("sinkron: database not opened: {}", error.message);
        }
        // A desk PC's own login (or none, with `--pg` and no user): the operators sign in as
        // themselves, through the gate.
        let (store, gate) = match store {
            Ok(db) if db.is_desk_pc_login() => {
                let gate = db.gate_options();
                (Ok(db), gate)
            }
            other => (other, gate_only),
        };
        AppState {
            in_use,
            store: store.map(Arc::new),
            gate,
            operator_store: Mutex::new(None),
            pending: Pending::default(),
            straightened: crate::photos::Straightened::default(),
            sessions: Sessions::default(),
            kiosk: KioskMemory::default(),
            backups: Default::default(),
            replaced: Default::default(),
        }
    }

    /// The store for the operator's window, or why it is not there. A kiosk's server login
    /// reads no request, so a desk on it is told to set the connection up again.
    pub fn store(&self) -> Result<Arc<Db>, ErrorPayload> {
        if self.gate.is_some() {
            self.not_replaced()?;
            return self.operator_store().ok_or_else(|| {
                ErrorPayload::new(
                    Code::SessionRequired,
                    "Silakan masuk dulu dengan nama pengguna dan kata sandi",
                )
            });
        }
        let db = self.any_store()?;
        if db.is_kiosk_login() {
            return Err(ErrorPayload::new(
                Code::DbKioskLogin,
                "Komputer ini tersambung ke database kantor dengan login anjungan — \
                 atur koneksi database dengan login meja petugas",
            ));
        }
        Ok(db)
    }

    /// The store whatever login it is on: the kiosk's commands use only what a kiosk's
    /// login may do.
    /// Once the start's check has found the SQLite file damaged, the store is refused as if it
    /// had not opened (the sign-in screen then offers the restore).
    pub fn any_store(&self) -> Result<Arc<Db>, ErrorPayload> {
        self.not_replaced()?;
        let db = self.store.clone()?;
        if let Db::Sqlite(store) = &*db {
            if let Some(damage) = store.found_damaged() {
                return Err(damage.payload());
            }
        }
        Ok(db)
    }

    /// Waits for the start's check of the SQLite file: the damage it found, or `Ok` (also on
    /// the server, which has no such check, and when nothing opened: the sign-in screen has
    /// already said why).
    pub async fn checked(&self) -> Result<(), ErrorPayload> {
        if let Ok(Db::Sqlite(store)) = self.store.as_deref() {
            if let Err(damage) = store.soundness().await {
                eprintln!("sinkron: the start's check: {damage}");
                return Err(damage.payload());
            }
        }
        Ok(())
    }

    fn not_replaced(&self) -> Result<(), ErrorPayload> {
        if self.replaced.load(std::sync::atomic::Ordering::SeqCst) {
            return Err(ErrorPayload::new(
                Code::StorageReplaced,
                "Berkas data diganti oleh pemulihan — mulai ulang Sinkron",
            ));
        }
        Ok(())
    }

    /// Where operators sign in as their own server logins (`None`: the desk checks passwords
    /// itself, on the file).
    pub fn gate(&self) -> Option<&PgConnectOptions> {
        self.gate.as_deref()
    }

    /// The signed-in operator's own connection, if any.
    pub fn operator_store(&self) -> Option<Arc<Db>> {
        self.operator_store
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Keeps (or, with `None`, drops) the signed-in operator's connection; the one it
    /// replaces is closed.
    pub async fn set_operator_store(&self, db: Option<Arc<Db>>) {
        let old = std::mem::replace(
            &mut *self
                .operator_store
                .lock()
                .unwrap_or_else(|e| e.into_inner()),
            db,
        );
        if let Some(old) = old {
            if let Db::Pg { store, .. } = &*old {
                store.pool().close().await;
            }
        }
    }

    /// Closes the SQLite file for a restore; from now on every command is told to restart.
    pub async fn close_for_restore(&self) {
        self.replaced
            .store(true, std::sync::atomic::Ordering::SeqCst);
        if let Ok(db) = &self.store {
            if let Db::Sqlite(store) = &**db {
                store.close().await;
            }
        }
    }

    /// Whether the database this window needs is not usable, so the connection may be set up
    /// without signing in (nobody can sign in anyway).
    pub fn store_unusable(&self) -> bool {
        if self.gate.is_some() {
            // Without a PC login there is nothing to be unusable before a sign-in.
            return self
                .any_store()
                .is_err_and(|e| e.code != Code::SessionRequired);
        }
        self.store().is_err()
    }

    /// What the app uses now.
    pub fn in_use(&self) -> &InUse {
        &self.in_use
    }
}
