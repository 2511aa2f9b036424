//! The machinery around a test: a private X display (Xvfb at 1366×768), a `tauri-driver` on a
//! free port (which starts WebKitWebDriver), the path of the `sinkron` binary, launching it on
//! a given database, and a screenshot under `target/e2e-screenshots/` when a step fails.
//! Every process started here is stopped here, by its own id.

use std::net::TcpListener;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::webdriver::{self, Session};

/// The screen the office uses.
pub const SCREEN: &str = "1366x768x24";

/// A running Xvfb and tauri-driver. Dropping it stops both.
#[derive(Debug)]
pub struct Harness {
    xvfb: Option<Child>,
    driver: Option<Child>,
    display: String,
    base: String,
    app: PathBuf,
    screenshots: PathBuf,
}

/// The workspace root (the e2e crate sits one level below it).
fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("workspace root")
        .to_path_buf()
}

/// Cargo's target directory as the build that made the app used it.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) if Path::new(&dir).is_absolute() => PathBuf::from(dir),
        Some(dir) => workspace_root().join(dir),
        None => workspace_root().join("target"),
    }
}

/// Finds an executable on PATH (or at an absolute path), without running it.
fn which(name: &str) -> Option<PathBuf> {
    let candidate = Path::new(name);
    if candidate.is_absolute() {
        return candidate.is_file().then(|| candidate.to_path_buf());
    }
    let mut dirs: Vec<PathBuf> = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect())
        .unwrap_or_default();
    // `cargo install` puts tauri-driver here, which is not always on PATH.
    if let Some(home) = std::env::var_os("CARGO_HOME") {
        dirs.push(PathBuf::from(home).join("bin"));
    }
    if let Some(home) = std::env::var_os("HOME") {
        dirs.push(PathBuf::from(home).join(".cargo").join("bin"));
    }
    let exe = format!("{name}{}", std::env::consts::EXE_SUFFIX);
    dirs.into_iter().map(|d| d.join(&exe)).find(|p| p.is_file())
}

/// `which`, or a loud failure naming what to install.
fn require(name: &str, install: &str) -> PathBuf {
    which(name).unwrap_or_else(|| {
        panic!(
            "E2E CANNOT RUN: `{name}` is not installed ({install}). This is a failure, not a skip."
        )
    })
}

fn free_port() -> u16 {
    TcpListener::bind(("127.0.0.1", 0))
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free local port")
}

/// Asks a process we started to stop (SIGTERM, so tauri-driver stops its WebKitWebDriver),
/// then kills it if it has not gone within a few seconds.
fn stop(child: &mut Child) {
    if let Ok(Some(_)) = child.try_wait() {
        return;
    }
    #[cfg(unix)]
    {
        let _ = Command::new("kill")
            .args(["-TERM", &child.id().to_string()])
            .stderr(Stdio::null())
            .status();
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = child.try_wait() {
                return;
            }
            sleep(Duration::from_millis(50));
        }
    }
    let _ = child.kill();
    let _ = child.wait();
}

impl Harness {
    /// Starts Xvfb and tauri-driver and finds the app binary; panics (fails the test) when any
    /// of them is missing.
    pub fn start() -> Harness {
        let xvfb_bin = require("Xvfb", "apt-get install xvfb");
        let driver_bin = require(
            "tauri-driver",
            "cargo install tauri-driver --locked --version '^2'",
        );
        let native = require("WebKitWebDriver", "apt-get install webkit2gtk-driver");
        let app = app_binary();

        let (xvfb, display) = start_xvfb(&xvfb_bin);
        let mut harness = Harness {
            xvfb: Some(xvfb),
            driver: None,
            display,
            base: String::new(),
            app,
            screenshots: target_dir().join("e2e-screenshots"),
        };

        let port = free_port();
        let native_port = loop {
            let p = free_port();
            if p != port {
                break p;
            }
        };
        let mut command = Command::new(&driver_bin);
        command
            .args([
                "--port",
                &port.to_string(),
                "--native-port",
                &native_port.to_string(),
            ])
            .arg("--native-driver")
            .arg(&native)
            .env("DISPLAY", &harness.display)
            // X11 only; and no WEBKIT_DISABLE_COMPOSITING_MODE: with it, WebKitWebDriver's
            // screenshots hang after a click.
            .env_remove("WAYLAND_DISPLAY")
            .stdin(Stdio::null())
            .stdout(Stdio::null());
        #[cfg(unix)]
        {
            use std::os::unix::process::CommandExt;
            command.process_group(0);
        }
        let driver = command
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start tauri-driver: {e}"));
        harness.driver = Some(driver);
        harness.base = format!("http://127.0.0.1:{port}");

        let deadline = Instant::now() + Duration::from_secs(30);
        while !webdriver::is_ready(&harness.base) {
            if let Some(Ok(Some(status))) = harness.driver.as_mut().map(Child::try_wait) {
                panic!("tauri-driver exited at start: {status}");
            }
            assert!(
                Instant::now() < deadline,
                "tauri-driver did not answer on port {port} in 30 s"
            );
            sleep(Duration::from_millis(100));
        }
        harness
    }

    /// The `sinkron` binary under test.
    pub fn app(&self) -> &Path {
        &self.app
    }

    /// The X display the app runs on (`:N`).
    pub fn display(&self) -> &str {
        &self.display
    }

    /// Starts the app on `db` and returns its session once the form is on screen.
    pub fn launch(&self, db: &Path) -> Session {
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": {
                        "application": self.app.display().to_string(),
                        "args": ["--db", db.display().to_string()],
                    }
                }
            }
        });
        let session = Session::new(&self.base, capabilities)
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.app.display()));
        if let Err(e) = session.wait_for("#f-name", Duration::from_secs(30)) {
            self.screenshot(&session, "launch");
            panic!("the intake form did not appear: {e}");
        }
        session
    }

    /// Runs a step; if it panics, saves a screenshot named `name` first, then fails.
    pub fn step<T>(&self, session: &Session, name: &str, f: impl FnOnce() -> T) -> T {
        match catch_unwind(AssertUnwindSafe(f)) {
            Ok(value) => value,
            Err(panic) => {
                self.screenshot(session, name);
                resume_unwind(panic)
            }
        }
    }

    /// Saves the window as `target/e2e-screenshots/<name>.png` (best effort).
    pub fn screenshot(&self, session: &Session, name: &str) {
        let path = self.screenshots.join(format!("{name}.png"));
        let saved = session
            .screenshot_png()
            .map_err(|e| e.to_string())
            .and_then(|png| {
                std::fs::create_dir_all(&self.screenshots).map_err(|e| e.to_string())?;
                std::fs::write(&path, png).map_err(|e| e.to_string())
            });
        match saved {
            Ok(()) => eprintln!("e2e: screenshot saved to {}", path.display()),
            Err(e) => eprintln!("e2e: no screenshot for {name}: {e}"),
        }
    }
}

impl Drop for Harness {
    fn drop(&mut self) {
        if let Some(mut driver) = self.driver.take() {
            stop(&mut driver);
            // WebKitWebDriver and any app it left behind share tauri-driver's process group.
            #[cfg(unix)]
            {
                let _ = Command::new("kill")
                    .args(["-KILL", "--", &format!("-{}", driver.id())])
                    .stderr(Stdio::null())
                    .status();
            }
        }
        if let Some(mut xvfb) = self.xvfb.take() {
            stop(&mut xvfb);
        }
    }
}

/// The debug `sinkron` binary: `SINKRON_BIN` if set, else built now with
/// `cargo build -p sinkron-app` (a no-op when it is fresh) into the current target dir.
fn app_binary() -> PathBuf {
    if let Some(bin) = std::env::var_os("SINKRON_BIN") {
        let bin = PathBuf::from(bin);
        assert!(bin.is_file(), "SINKRON_BIN={} is not a file", bin.display());
        return bin;
    }
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let status = Command::new(cargo)
        .args(["build", "-p", "sinkron-app", "--bin", "sinkron"])
        .current_dir(workspace_root())
        .status()
        .expect("cannot run cargo to build the app");
    assert!(status.success(), "cargo build -p sinkron-app failed");
    let bin = target_dir()
        .join("debug")
        .join(format!("sinkron{}", std::env::consts::EXE_SUFFIX));
    assert!(bin.is_file(), "no app binary at {}", bin.display());
    bin
}

/// Starts Xvfb on the first free display from :90 up and waits for its socket.
fn start_xvfb(bin: &Path) -> (Child, String) {
    for n in 90..190 {
        let lock = PathBuf::from(format!("/tmp/.X{n}-lock"));
        let socket = PathBuf::from(format!("/tmp/.X11-unix/X{n}"));
        if lock.exists() || socket.exists() {
            continue;
        }
        let display = format!(":{n}");
        let mut child = Command::new(bin)
            .args([
                display.as_str(),
                "-screen",
                "0",
                SCREEN,
                "-nolisten",
                "tcp",
                "-noreset",
            ])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot start Xvfb: {e}"));
        let deadline = Instant::now() + Duration::from_secs(10);
        loop {
            if socket.exists() {
                return (child, display);
            }
            if let Ok(Some(_)) = child.try_wait() {
                break; // display taken meanwhile: try the next one
            }
            if Instant::now() >= deadline {
                stop(&mut child);
                break;
            }
            sleep(Duration::from_millis(50));
        }
    }
    panic!("E2E CANNOT RUN: Xvfb did not start on any display :90–:189");
}
