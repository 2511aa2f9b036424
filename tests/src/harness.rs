//! The machinery around a test: a private X display (Xvfb at 1366×768), a `tauri-driver` on a
//! free port (which starts WebKitWebDriver), the path of the `sinkron` binary, launching it on
//! a given database, and a screenshot under `target/e2e-screenshots/` when a step fails.
//! Every process started here is stopped here, by its own id.
//!
//! The native file dialog cannot be driven over WebDriver, so the app is started with
//! `SINKRON_E2E_PICKED_PATH_FILE` naming a file of this harness: [`Harness::pick`] writes the
//! path the dialog "returns" there, [`Harness::pick_cancel`] empties it (the operator closed the
//! dialog). Everything after the dialog — reading, checking, holding the photo — is the real app.
//! The save dialog of the exports and the opener of "Kirim WA" are replaced the same way
//! (`SINKRON_E2E_SAVE_PATH_FILE`, `SINKRON_E2E_OPENED_URL_FILE`): [`Harness::save_to`] names the
//! file an export is written to, [`Harness::opened_links`] reads the wa.me links the app "opened".
//! The webview's own folders (XDG data, cache, config) are in the same scratch folder, so no
//! localStorage or cache is carried from one run to the next.

use std::net::TcpListener;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

use serde_json::json;

use crate::secrets::SecretService;
use crate::webdriver::{self, Session};

/// The screen the office uses.
pub const SCREEN: &str = "1366x768x24";

/// The environment variable that replaces the app's native file dialog (`src-tauri`'s
/// `photos::TEST_PICK_ENV`): each pick reads the path from the file it names.
pub const PICK_ENV: &str = "SINKRON_E2E_PICKED_PATH_FILE";

/// The environment variable that replaces the export's save dialog (`src-tauri`'s
/// `files::TEST_SAVE_ENV`): each save reads the path from the file it names (empty: cancelled).
pub const SAVE_ENV: &str = "SINKRON_E2E_SAVE_PATH_FILE";

/// The environment variable that replaces opening a wa.me link (`src-tauri`'s
/// `links::TEST_OPENED_ENV`): the app appends each link to the file it names, one per line.
pub const OPENED_ENV: &str = "SINKRON_E2E_OPENED_URL_FILE";
/// The folder of frames standing in for the kiosk's camera (the app's `kiosk::TEST_CAMERA_ENV`).
pub const CAMERA_ENV: &str = "SINKRON_E2E_CAMERA_DIR";

/// A running Xvfb and tauri-driver. Dropping it stops both.
#[derive(Debug)]
pub struct Harness {
    xvfb: Option<Child>,
    /// The folder whose `kk.jpg` / `ktp.jpg` stand in for the kiosk's camera.
    camera_dir: PathBuf,
    driver: Option<Child>,
    display: String,
    base: String,
    app: PathBuf,
    screenshots: PathBuf,
    /// The file the app reads a "picked" path from.
    pick_file: PathBuf,
    /// The file the app reads the path to save an export to from.
    save_file: PathBuf,
    /// The file the app appends the wa.me links it would open to.
    opened_file: PathBuf,
    /// The OS credential store, when the test asked for one.
    secrets: Option<SecretService>,
    /// Holds `pick_file` and the webview's folders; removed on drop (after the processes stop).
    scratch: Option<tempfile::TempDir>,
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
        Harness::start_on(SCREEN)
    }

    /// As [`Harness::start`], on a screen of another size (`1920x1080x24`, for the kiosk).
    pub fn start_on(screen: &str) -> Harness {
        Harness::start_with(screen, false)
    }

    /// As [`Harness::start`], with a private OS credential store (a Secret Service on its own
    /// session bus) that the app keeps the server's password in.
    pub fn start_with_secrets() -> Harness {
        Harness::start_with(SCREEN, true)
    }

    fn start_with(screen: &str, secrets: bool) -> Harness {
        let xvfb_bin = require("Xvfb", "apt-get install xvfb");
        let driver_bin = require(
            "tauri-driver",
            "cargo install tauri-driver --locked --version '^2'",
        );
        let native = require("WebKitWebDriver", "apt-get install webkit2gtk-driver");
        let app = app_binary();

        let scratch = tempfile::Builder::new()
            .prefix("sinkron-e2e-")
            .tempdir()
            .expect("a scratch folder for the harness");
        let pick_file = scratch.path().join("picked-path");
        // Empty: a pick before any `pick()` is a cancelled dialog, never a stale path.
        std::fs::write(&pick_file, b"").expect("create the picked-path file");
        // Likewise: an export before any `save_to()` is a cancelled save dialog.
        let save_file = scratch.path().join("save-path");
        std::fs::write(&save_file, b"").expect("create the save-path file");
        // Not created: the app creates it with the first link it "opens".
        let opened_file = scratch.path().join("opened-links");
        let xdg: Vec<(&str, PathBuf)> = ["XDG_DATA_HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME"]
            .into_iter()
            .map(|var| (var, scratch.path().join(var.to_lowercase())))
            .collect();
        for (_, dir) in &xdg {
            std::fs::create_dir_all(dir).expect("a webview folder");
        }

        let camera_dir = scratch.path().join("camera");
        std::fs::create_dir_all(&camera_dir).expect("the camera folder");
        let secrets = secrets.then(|| SecretService::start(&scratch.path().join("keyring")));
        let (xvfb, display) = start_xvfb(&xvfb_bin, screen);
        let mut harness = Harness {
            xvfb: Some(xvfb),
            camera_dir,
            driver: None,
            display,
            base: String::new(),
            app,
            screenshots: target_dir().join("e2e-screenshots"),
            pick_file,
            save_file,
            opened_file,
            secrets,
            scratch: Some(scratch),
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
            // Inherited by WebKitWebDriver and from it by the app.
            .env(PICK_ENV, &harness.pick_file)
            .env(SAVE_ENV, &harness.save_file)
            .env(OPENED_ENV, &harness.opened_file)
            .env(CAMERA_ENV, &harness.camera_dir)
            .envs(xdg)
            .envs(
                harness
                    .secrets
                    .iter()
                    .map(|s| ("DBUS_SESSION_BUS_ADDRESS", s.address.clone())),
            )
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

    /// The next time the app opens its file dialog, it "returns" `path`.
    pub fn pick(&self, path: &Path) {
        std::fs::write(&self.pick_file, path.as_os_str().as_encoded_bytes())
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", self.pick_file.display()));
    }

    /// The next time the app opens its file dialog, the operator closes it without a file.
    pub fn pick_cancel(&self) {
        std::fs::write(&self.pick_file, b"")
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", self.pick_file.display()));
    }

    /// The next export the app saves goes to `path` (as if chosen in the save dialog).
    pub fn save_to(&self, path: &Path) {
        std::fs::write(&self.save_file, path.as_os_str().as_encoded_bytes())
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", self.save_file.display()));
    }

    /// The next export's save dialog is closed without a file.
    pub fn save_cancel(&self) {
        std::fs::write(&self.save_file, b"")
            .unwrap_or_else(|e| panic!("cannot write {}: {e}", self.save_file.display()));
    }

    /// Every wa.me link the app has "opened" so far, oldest first.
    pub fn opened_links(&self) -> Vec<String> {
        match std::fs::read_to_string(&self.opened_file) {
            Ok(text) => text.lines().map(str::to_string).collect(),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Vec::new(),
            Err(e) => panic!("cannot read {}: {e}", self.opened_file.display()),
        }
    }

    /// Starts the app on `db` and returns its session once the form is on screen: on an empty
    /// database it creates [`ADMIN_USER`] on the first-run screen, otherwise it signs in as them.
    pub fn launch(&self, db: &Path) -> Session {
        self.launch_with(db, &[])
    }

    /// As [`Harness::launch`], with more arguments for the app (`--pg URL`: the office's
    /// server, which wins over the database file).
    pub fn launch_with(&self, db: &Path, extra: &[&str]) -> Session {
        self.through_the_gate(self.open_app_with(db, extra), "launch")
    }

    /// Passes the gate of a freshly started app and waits for the intake form; on failure a
    /// screenshot named `name`.
    fn through_the_gate(&self, session: Session, name: &str) -> Session {
        let signed_in = pass_the_gate(&session);
        if let Err(e) =
            signed_in.and_then(|()| session.wait_for("#f-name", Duration::from_secs(30)))
        {
            self.screenshot(&session, name);
            panic!("the intake form did not appear: {e}");
        }
        // An admin's sign-in notices (no backup, a broken audit chain) arrive a moment later
        // and push the page down; a click aimed before they land would miss its button.
        if let Err(e) = session.wait_for(SIGNED_IN_SETTLED, Duration::from_secs(30)) {
            self.screenshot(&session, name);
            panic!("the sign-in notices were never decided: {e}");
        }
        session
    }

    /// Starts the app on `db` and returns its session once the gate (first-run setup or
    /// sign-in) is on screen, without getting through it.
    pub fn launch_at_gate(&self, db: &Path) -> Session {
        self.launch_at_gate_with(db, &[])
    }

    /// As [`Harness::launch_at_gate`], with more arguments for the app (`--pg URL`).
    pub fn launch_at_gate_with(&self, db: &Path, extra: &[&str]) -> Session {
        let session = self.open_app_with(db, extra);
        if let Err(e) = session.wait_for(GATE_OPEN, Duration::from_secs(30)) {
            self.screenshot(&session, "launch-at-gate");
            panic!("the gate did not appear: {e}");
        }
        session
    }

    /// The kiosk's camera will show `kk` and `ktp` (JPEG files) as its live pictures.
    pub fn camera(&self, kk: &Path, ktp: &Path) {
        for (from, name) in [(kk, "kk.jpg"), (ktp, "ktp.jpg")] {
            std::fs::copy(from, self.camera_dir.join(name))
                .unwrap_or_else(|e| panic!("cannot copy {}: {e}", from.display()));
        }
    }

    /// The kiosk's camera will show `jpeg` when Cek Status scans a receipt's QR code.
    pub fn camera_qr(&self, jpeg: &Path) {
        std::fs::copy(jpeg, self.camera_dir.join("qr.jpg"))
            .unwrap_or_else(|e| panic!("cannot copy {}: {e}", jpeg.display()));
    }

    /// Starts the app as the kiosk (`--kiosk`) on `db` and returns its session once the start
    /// screen is up.
    pub fn launch_kiosk(&self, db: &Path) -> Session {
        self.launch_kiosk_with(db, &[])
    }

    /// As [`Harness::launch_kiosk`], with more arguments for the app (`--pg URL`).
    pub fn launch_kiosk_with(&self, db: &Path, extra: &[&str]) -> Session {
        let mut args = vec!["--kiosk"];
        args.extend_from_slice(extra);
        let session = self.open_app_with(db, &args);
        if let Err(e) = session.wait_for("[data-act=\"start\"]", Duration::from_secs(30)) {
            self.screenshot(&session, "launch-kiosk");
            panic!("the kiosk's start screen did not appear: {e}");
        }
        session
    }

    /// Starts the app on `db` with more arguments (a new WebDriver session).
    fn open_app_with(&self, db: &Path, extra: &[&str]) -> Session {
        let mut args = vec!["--db".to_string(), db.display().to_string()];
        args.extend(extra.iter().map(|a| a.to_string()));
        self.open_app_args(args)
    }

    /// Starts the app as a person does, without `--db`: on what this PC's config says (the
    /// harness's own config folder), and passes the gate.
    pub fn launch_as_configured(&self) -> Session {
        self.through_the_gate(self.open_app_args(Vec::new()), "launch-as-configured")
    }

    /// A file of this PC's own config (`database.json`, `kiosk.json`) as the app writes it.
    pub fn config_file(&self, name: &str) -> PathBuf {
        self.scratch
            .as_ref()
            .expect("scratch")
            .path()
            .join("xdg_config_home")
            .join("id.disdukcapil.sinkron")
            .join(name)
    }

    fn open_app_args(&self, args: Vec<String>) -> Session {
        let capabilities = json!({
            "capabilities": {
                "alwaysMatch": {
                    "browserName": "wry",
                    "tauri:options": {
                        "application": self.app.display().to_string(),
                        "args": args,
                    }
                }
            }
        });
        Session::new(&self.base, capabilities)
            .unwrap_or_else(|e| panic!("cannot start {}: {e}", self.app.display()))
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
        drop(self.secrets.take());
        // Only now that nothing writes into it any more.
        drop(self.scratch.take());
    }
}

/// The administrator every test database gets on its first start (the app has no account yet).
pub const ADMIN_USER: &str = "e2e.admin";
/// Their password (the rules: 10–128 characters, not the username).
pub const ADMIN_PASSWORD: &str = "sandi-uji-e2e-2026";

/// The gate (first-run setup, sign-in or the lock screen) is on screen.
pub const GATE_OPEN: &str = "#gate:not([hidden]) #g-submit";

/// Signed in, and an admin's sign-in notices (no backup, a broken audit chain), which push the
/// page down, have landed: a click aimed now stays on its button.
pub const SIGNED_IN_SETTLED: &str = "body[data-sign-in='done']";

/// Waits for the window to show either the intake form (already signed in) or the gate, and
/// gets through the gate: on an empty database it creates [`ADMIN_USER`], otherwise it signs in
/// as them. Any refusal shown on the gate fails the launch with its text.
fn pass_the_gate(s: &Session) -> webdriver::Result<()> {
    const GATE: &str = GATE_OPEN;
    let timeout = Duration::from_secs(30);
    // One look at the page, not two: the intake form is also built under the sign-in card, so
    // a form seen just after a look that found no card may be the one under it.
    let look = format!(
        "return document.querySelector({GATE:?}) ? 'gate' \
           : (document.getElementById('f-name') ? 'form' : null);"
    );
    let first = s.wait_until("the intake form or the sign-in gate", timeout, |s| {
        Ok(match s.execute(&look, json!([]))?.as_str() {
            Some("gate") => Some(true),
            Some("form") => Some(false),
            _ => None,
        })
    })?;
    if !first {
        return Ok(());
    }
    let first_run = !s.find_all("#gate #g-again")?.is_empty();
    let fill = |css: &str, text: &str| -> webdriver::Result<()> {
        let field = s.find(css)?;
        field.clear()?;
        field.send_keys(text)
    };
    fill("#g-username", ADMIN_USER)?;
    if first_run {
        fill("#g-display", "Operator Uji E2E")?;
        fill("#g-password", ADMIN_PASSWORD)?;
        fill("#g-again", ADMIN_PASSWORD)?;
    } else {
        fill("#g-password", ADMIN_PASSWORD)?;
    }
    s.find("#g-submit")?.click()?;
    s.wait_until("the gate to open", timeout, |s| {
        if let Some(err) = s.find_all("#gate .msg-error, #gate .form-summary")?.first() {
            let text = err.text()?;
            if !text.trim().is_empty() {
                return Err(webdriver::Error(format!("the gate refused: {text}")));
            }
        }
        Ok(s.find_all(GATE)?.is_empty().then_some(()))
    })
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
fn start_xvfb(bin: &Path, screen: &str) -> (Child, String) {
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
                screen,
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
