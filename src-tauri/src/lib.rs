//! Sinkron's desktop shell. It opens the window described in `tauri.conf.json`, owns the one
//! piece of app state (the store), and exposes one thin command per use case (`commands.rs`).
//! Every rule lives in `sinkron-core`; nothing here decides whether data is valid.

mod access;
mod auth_commands;
mod backups;
pub mod cli;
mod command_table;
mod commands;
mod db;
mod db_commands;
mod dbconfig;
mod dbkey;
pub mod drawing;
mod files;
mod heap;
mod invoke;
#[cfg(test)]
mod ipc_tests;
mod kiosk;
mod links;
mod localfile;
mod person_report;
mod photos;
mod printing;
mod rekap;
mod retention;
mod session;
mod state;
mod windows;

use std::ffi::OsString;
use std::path::PathBuf;

use tauri::{
    App, AppHandle, Builder, Context, DragDropEvent, Emitter, Manager, Runtime, WindowEvent,
};

pub use state::{AppState, Database};

/// The database file's name inside the OS app-data folder.
pub const DB_FILE_NAME: &str = "sinkron.db";

/// The event the operator's window hears when another desk or the kiosk created or changed a
/// request on the office's server; the payload is the request's id.
pub const REQUESTS_CHANGED: &str = "requests-changed";

/// What the command line may say: `--db PATH` (or `--db=PATH`) points the app at another
/// database file instead of the one in the app-data folder; `--pg URL` (or `--pg=URL`) at an
/// office server, for tests and scripts (the password is in the URL, so people use Pengaturan);
/// `--kiosk` starts the Anjungan whatever this PC's config says. `--version` prints the version
/// and `--self-check DIR` checks the build in DIR (`cli.rs`); neither opens a window.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    pub db: Option<PathBuf>,
    pub pg: Option<String>,
    pub kiosk: bool,
    pub version: bool,
    pub self_check: Option<PathBuf>,
}

impl Args {
    /// Reads the arguments after the program name; unknown ones are ignored (WebDriver and
    /// desktop launchers may add their own).
    pub fn parse<I: IntoIterator<Item = OsString>>(args: I) -> Args {
        let mut parsed = Args::default();
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            if arg == "--kiosk" {
                parsed.kiosk = true;
            } else if arg == "--version" || arg == "-V" {
                parsed.version = true;
            } else if arg == "--self-check" {
                parsed.self_check = args.next().map(PathBuf::from);
            } else if arg == "--db" {
                parsed.db = args.next().map(PathBuf::from);
            } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
                parsed.db = Some(PathBuf::from(path));
            } else if arg == "--pg" {
                parsed.pg = args.next().and_then(|u| u.into_string().ok());
            } else if let Some(url) = arg.to_str().and_then(|a| a.strip_prefix("--pg=")) {
                parsed.pg = Some(url.to_string());
            }
        }
        parsed
    }
}

/// Builds the app around the store: registers the commands, builds with `context`, opens the
/// database (`database`, or what this PC's `database.json` says, by default `sinkron.db` in
/// the app-data folder) and manages the state. `run()` and the tests both come through here,
/// so a test app is the real app on another runtime. Nothing is done in `.setup()`, which
/// `tauri::test::mock_builder` does not run.
pub fn build_app<R: Runtime>(
    builder: Builder<R>,
    context: Context<R>,
    database: Option<Database>,
) -> tauri::Result<App<R>> {
    let app = builder
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(invoke::handler())
        .register_asynchronous_uri_scheme_protocol(photos::SCHEME, photos::protocol)
        .on_window_event(|window, event| {
            // The OS's file drop: remember the paths; the page says which slot it landed on.
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                let state = window.state::<AppState>();
                state.pending.dropped(window.label(), paths.clone());
            }
        })
        .build(context)?;
    let database = database.unwrap_or_else(|| configured(app.handle()));
    app.manage(AppState::open(database));
    watch_server(app.handle());
    Ok(app)
}

/// What this PC's config says: the office's server with the password from the credential
/// store, the embedded file in the app-data folder, or that the config cannot be read.
fn configured<R: Runtime>(app: &AppHandle<R>) -> Database {
    let config = match dbconfig::load_strict(app) {
        Ok(config) => config,
        Err(why) => return Database::Unreadable(why),
    };
    match config.server {
        Some(server) => {
            let password = dbconfig::stored_password(&server).unwrap_or_else(|e| {
                eprintln!("sinkron: {}", e.message);
                None
            });
            Database::Server(server, password)
        }
        None => Database::File(
            app.path()
                .app_data_dir()
                .ok()
                .map(|dir| dir.join(DB_FILE_NAME)),
        ),
    }
}

/// On the office's server, tells the operator's window about every other desk's and the
/// kiosk's change as it happens (`LISTEN`), so its list refreshes within a second. A dropped
/// connection is dialled again every few seconds; the window also refreshes on focus and on a
/// short poll, so nothing depends on this alone.
fn watch_server<R: Runtime>(app: &AppHandle<R>) {
    let state = app.state::<AppState>();
    if state.gate().is_none() && !matches!(state.any_store().as_deref(), Ok(db::Db::Pg { .. })) {
        return;
    }
    let app = app.clone();
    tauri::async_runtime::spawn(async move {
        loop {
            // The PC's own login may listen (LISTEN needs no right); without one, the signed-in
            // operator's connection, once there is one.
            let state = app.state::<AppState>();
            let current = state.any_store().ok().or_else(|| state.operator_store());
            let store = match current.as_deref() {
                Some(db::Db::Pg { store, .. }) => store.clone(),
                _ => {
                    tokio::time::sleep(std::time::Duration::from_secs(2)).await;
                    continue;
                }
            };
            match store.watch().await {
                Ok(mut listener) => loop {
                    match listener.recv().await {
                        Ok(note) => {
                            let id = note.payload().parse::<i64>().unwrap_or_default();
                            let _ = app.emit_to(windows::MAIN_LABEL, REQUESTS_CHANGED, id);
                        }
                        Err(error) => {
                            eprintln!("sinkron: listening for changes: {error}");
                            break;
                        }
                    }
                },
                Err(error) => eprintln!("sinkron: listening for changes: {error}"),
            }
            tokio::time::sleep(std::time::Duration::from_secs(5)).await;
        }
    });
}

/// Starts Sinkron: the entry point of the `sinkron` binary. Opens the operator's window, or the
/// kiosk's when `--kiosk` is given or this PC's config says it is a kiosk.
pub fn run() {
    heap::keep_large_blocks_mapped();
    let args = Args::parse(std::env::args_os().skip(1));
    if args.version {
        println!("{}", cli::version_line());
        return;
    }
    if let Some(dir) = &args.self_check {
        std::process::exit(cli::self_check(dir));
    }
    if let Err(detail) = cli::webview_present() {
        cli::tell_cannot_start(&cli::no_webview_text(&detail));
        std::process::exit(1);
    }
    let context = tauri::generate_context!("../tauri.conf.json");
    let database = match (args.pg, args.db) {
        (Some(url), _) => Some(Database::Url(url)),
        (None, Some(path)) => Some(Database::File(Some(path))),
        (None, None) => None,
    };
    let started = build_app(Builder::default(), context, database).and_then(|app| {
        let kiosk_login = app
            .state::<AppState>()
            .any_store()
            .is_ok_and(|db| db.is_kiosk_login());
        let is_kiosk = kiosk::opens_kiosk(args.kiosk, kiosk::is_kiosk(app.handle()), kiosk_login);
        let label = if is_kiosk {
            windows::KIOSK_LABEL
        } else {
            windows::MAIN_LABEL
        };
        kiosk::open_window(app.handle(), label)?;
        // Only the real app backs up by itself: test apps built through `build_app` must never
        // touch a backup folder this PC's config may name.
        backups::schedule(app.handle());
        retention::schedule(app.handle());
        Ok(app)
    });
    match started {
        Ok(app) => app.run(|app, event| {
            if let tauri::RunEvent::Exit = event {
                backups::on_close(app);
            }
        }),
        Err(error) => {
            eprintln!("sinkron: cannot start: {error}");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Args {
        Args::parse(list.iter().map(OsString::from))
    }

    #[test]
    fn db_argument_overrides_the_default() {
        assert_eq!(args(&[]).db, None);
        assert_eq!(
            args(&["--db", "/tmp/a.db"]).db,
            Some(PathBuf::from("/tmp/a.db"))
        );
        assert_eq!(
            args(&["--db=/tmp/b.db"]).db,
            Some(PathBuf::from("/tmp/b.db"))
        );
        assert_eq!(
            args(&["--other", "--db", "c.db"]).db,
            Some(PathBuf::from("c.db"))
        );
        assert_eq!(args(&["--db"]).db, None);
    }

    #[test]
    fn pg_argument_names_a_server() {
        assert_eq!(args(&[]).pg, None);
        assert_eq!(
            args(&["--pg", "postgres://meja@h/sinkron"]).pg.as_deref(),
            Some("postgres://meja@h/sinkron")
        );
        assert_eq!(
            args(&["--pg=postgres://k@h/s", "--kiosk"]).pg.as_deref(),
            Some("postgres://k@h/s")
        );
    }

    #[test]
    fn kiosk_flag_is_read() {
        assert!(!args(&[]).kiosk);
        assert!(args(&["--kiosk", "--db", "a.db"]).kiosk);
    }

    #[test]
    fn version_and_self_check_are_read() {
        assert!(args(&["--version"]).version);
        assert!(args(&["-V"]).version);
        assert!(!args(&["--kiosk"]).version);
        assert_eq!(
            args(&["--self-check", "C:\\cek"]).self_check,
            Some(PathBuf::from("C:\\cek"))
        );
        assert_eq!(args(&["--self-check"]).self_check, None);
    }
}
