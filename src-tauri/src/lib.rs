//! Sinkron's desktop shell. It opens the window described in `tauri.conf.json`, owns the one
//! piece of app state (the store), and exposes one thin command per use case (`commands.rs`).
//! Every rule lives in `sinkron-core`; nothing here decides whether data is valid.

mod auth_commands;
mod commands;
mod files;
#[cfg(test)]
mod ipc_tests;
mod kiosk;
mod links;
mod photos;
mod session;
mod state;

use std::ffi::OsString;
use std::path::PathBuf;

use tauri::{App, Builder, Context, DragDropEvent, Manager, Runtime, WindowEvent};

pub use state::AppState;

/// The database file's name inside the OS app-data folder.
pub const DB_FILE_NAME: &str = "sinkron.db";

/// What the command line may say: `--db PATH` (or `--db=PATH`) points the app at another
/// database file instead of the one in the app-data folder; `--kiosk` starts the Anjungan
/// whatever this PC's config says.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Args {
    pub db: Option<PathBuf>,
    pub kiosk: bool,
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
            } else if arg == "--db" {
                parsed.db = args.next().map(PathBuf::from);
            } else if let Some(path) = arg.to_str().and_then(|a| a.strip_prefix("--db=")) {
                parsed.db = Some(PathBuf::from(path));
            }
        }
        parsed
    }
}

/// Builds the app around the store: registers the commands, builds with `context`, opens the
/// database (`db`, or `sinkron.db` in the app-data folder) and manages the state. `run()` and
/// the tests both come through here, so a test app is the real app on another runtime.
/// Nothing is done in `.setup()`, which `tauri::test::mock_builder` does not run.
pub fn build_app<R: Runtime>(
    builder: Builder<R>,
    context: Context<R>,
    db: Option<PathBuf>,
) -> tauri::Result<App<R>> {
    let app = builder
        .plugin(tauri_plugin_opener::init())
        .invoke_handler(commands::handler())
        .register_asynchronous_uri_scheme_protocol(photos::SCHEME, photos::protocol)
        .on_window_event(|window, event| {
            // The OS's file drop: remember the paths; the page says which slot it landed on.
            if let WindowEvent::DragDrop(DragDropEvent::Drop { paths, .. }) = event {
                let state = window.state::<AppState>();
                state.pending.dropped(window.label(), paths.clone());
            }
        })
        .build(context)?;
    let db = db.or_else(|| {
        app.path()
            .app_data_dir()
            .ok()
            .map(|dir| dir.join(DB_FILE_NAME))
    });
    app.manage(AppState::open(db));
    Ok(app)
}

/// Starts Sinkron: the entry point of the `sinkron` binary. Opens the operator's window, or the
/// kiosk's when `--kiosk` is given or this PC's config says it is a kiosk.
pub fn run() {
    let args = Args::parse(std::env::args_os().skip(1));
    let context = tauri::generate_context!("../tauri.conf.json");
    let started = build_app(Builder::default(), context, args.db).and_then(|app| {
        let is_kiosk = args.kiosk
            || kiosk::config_path(app.handle())
                .is_some_and(|path| kiosk::LocalConfig::load(&path).kiosk);
        let label = if is_kiosk {
            kiosk::KIOSK_LABEL
        } else {
            kiosk::MAIN_LABEL
        };
        kiosk::open_window(app.handle(), label)?;
        Ok(app)
    });
    match started {
        Ok(app) => app.run(|_, _| {}),
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
    fn kiosk_flag_is_read() {
        assert!(!args(&[]).kiosk);
        assert!(args(&["--kiosk", "--db", "a.db"]).kiosk);
    }
}
