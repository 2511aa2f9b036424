//! Project tasks behind `cargo xtask`: the two commands of the README (`run`
//! and `test`) and the rebuild of the embedded region table. They live in Rust
//! so that they work the same on Linux CI and on a Windows desk, and so that
//! each command installs what it needs on Debian/Ubuntu before it starts.

use std::env;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

mod pg;
mod wilayah;
mod windows;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let (task, rest) = match args.split_first() {
        Some((t, rest)) => (t.as_str(), rest.to_vec()),
        None => ("help", Vec::new()),
    };
    let result = match task {
        "run" => run_app(&rest),
        "test" => test_all(),
        "wilayah" => wilayah::rebuild(&root(), rest.first().map(PathBuf::from)),
        "seed" => seed(&rest),
        "pg-sql" => pg_sql(),
        "test-pg" => test_pg(&rest),
        "bench-pg" => bench_pg(&rest),
        "bench-ui" => bench_ui(&rest),
        "pg-admin" => pg_admin(&rest),
        "bundle-windows" => windows::bundle().map(|_| ()),
        "test-windows" => windows_installer(),
        _ => {
            eprintln!(
                "usage: cargo xtask <task>\n\
                 \n  run [-- ARGS]   install what the app needs (Debian/Ubuntu) and start Sinkron\
                 \n  test            install test tools, then fmt, clippy, every test, e2e, Windows installer\
                 \n                  built and checked under Wine\
                 \n  wilayah [CSV]   rebuild crates/core/data/wilayah.tsv from the source CSV\
                 \n  seed --db PATH [--count N] [--days D]\
                 \n                  add synthetic requests (\"Contoh …\") to try the app at scale\
                 \n  pg-sql          print a fresh PostgreSQL install (schema, roles) as one script for psql\
                 \n  test-pg [ARGS]  start a throwaway PostgreSQL server and run sinkron-pg's tests on it\
                 \n                  (ARGS go to cargo test, e.g. `-- --nocapture killed`)\
                 \n  pg-admin ARGS   the office's PostgreSQL server: install | login | import (see --help)\
                 \n  bench-pg        the desks' benchmark on SQLite and on a throwaway PostgreSQL server\
                 \n  bench-ui [-- --requests N --photos P --runs R --db PATH]\
                 \n                  the release app's window timed from action to painted on 200,000\
                 \n                  requests, with its memory at start (beside a minimal Tauri window) and\
                 \n                  after every 100 detail views\
                 \n  bundle-windows  the release app for x86_64-pc-windows-gnu and its NSIS installer\
                 \n                  (target/bundle/Sinkron_<version>_x64-setup.exe)\
                 \n  test-windows    bundle-windows, then the installer's checks under Wine (part of test)"
            );
            return if task == "help" {
                ExitCode::SUCCESS
            } else {
                ExitCode::FAILURE
            };
        }
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("xtask {task}: {e}");
            ExitCode::FAILURE
        }
    }
}

type Result<T = ()> = std::result::Result<T, String>;

/// The workspace root (xtask lives one level below it).
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask sits inside the workspace")
        .to_path_buf()
}

fn cargo() -> Command {
    let mut cmd = Command::new(env::var_os("CARGO").unwrap_or_else(|| "cargo".into()));
    cmd.current_dir(root());
    cmd
}

fn step(title: &str, cmd: &mut Command) -> Result {
    println!("\n==> {title}");
    let status = cmd
        .status()
        .map_err(|e| format!("{title}: cannot start: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("{title}: failed ({status})"))
    }
}

/// Whether this process runs as root (no sudo needed; PostgreSQL must not run as us).
fn is_root() -> bool {
    Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false)
}

fn has_workspace_member(dir: &str) -> bool {
    root().join(dir).join("Cargo.toml").is_file()
}

/// Debian/Ubuntu: install the packages that are missing, with sudo when not root.
fn apt_install(packages: &[&str]) -> Result {
    if !cfg!(target_os = "linux") || !Path::new("/usr/bin/apt-get").exists() {
        return Ok(());
    }
    let missing: Vec<&str> = packages
        .iter()
        .copied()
        .filter(|p| {
            !Command::new("dpkg-query")
                .args(["-W", "-f=${Status}", p])
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).contains("install ok installed"))
                .unwrap_or(false)
        })
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let is_root = is_root();
    let sudo = |args: &[&str]| {
        let mut cmd = if is_root {
            Command::new(args[0])
        } else {
            let mut c = Command::new("sudo");
            c.arg(args[0]);
            c
        };
        cmd.args(&args[1..])
            .env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    step("apt-get update", &mut sudo(&["apt-get", "update", "-q"]))?;
    let mut args = vec!["apt-get", "install", "-y", "-q", "--no-install-recommends"];
    args.extend(&missing);
    step(
        &format!("apt-get install {}", missing.join(" ")),
        &mut sudo(&args),
    )
}

/// libjpeg-turbo (photos) is built from source: cmake, and nasm for its SIMD code.
const BUILD_PACKAGES: &[&str] = &[
    "libwebkit2gtk-4.1-dev",
    // The OS credential store's client (the `keyring` crate's Secret Service over D-Bus).
    "libdbus-1-dev",
    "build-essential",
    "pkg-config",
    "cmake",
    "nasm",
];
/// The e2e tests draw their own phone photos with ImageMagick and the DejaVu fonts, and print
/// the kiosk's and the desk's paper to PDF with Chromium (WebKitGTK cannot print to a file); the
/// PostgreSQL tests run against a server started from Debian's package.
const TEST_PACKAGES: &[&str] = &[
    "xvfb",
    "webkit2gtk-driver",
    // The Windows installer (`windows.rs`): mingw, makensis, Wine and wrestool.
    "gcc-mingw-w64-x86-64",
    "nsis",
    "wine",
    "wine64",
    "icoutils",
    "imagemagick",
    "fonts-dejavu-core",
    "chromium",
    // The printed PDFs read back: pdftotext, pdfinfo, pdftoppm.
    "poppler-utils",
    "postgresql",
    // The test server's CA and certificate are made at test time.
    "openssl",
    // A private Secret Service for the test that saves the server's password (`secrets.rs`).
    "gnome-keyring",
    "dbus-x11",
];

fn run_app(args: &[String]) -> Result {
    apt_install(BUILD_PACKAGES)?;
    let mut cmd = cargo();
    cmd.args(["run", "--package", "sinkron-app", "--"]);
    cmd.args(args.iter().filter(|a| a.as_str() != "--"));
    step("cargo run sinkron-app", &mut cmd)
}

/// Synthetic data for trying the app: never part of `run` or `test`.
fn seed(args: &[String]) -> Result {
    let mut cmd = cargo();
    cmd.args([
        "run",
        "--release",
        "-p",
        "sinkron-sqlite",
        "--example",
        "seed",
        "--",
    ]);
    cmd.args(args);
    step("seed synthetic requests", &mut cmd)
}

fn on_path(program: &str) -> bool {
    env::var_os("PATH")
        .map(|paths| env::split_paths(&paths).any(|dir| dir.join(program).is_file()))
        .unwrap_or(false)
}

fn ensure_tauri_driver() -> Result {
    if !cfg!(target_os = "linux") || on_path("tauri-driver") {
        return Ok(());
    }
    step(
        "cargo install tauri-driver",
        cargo().args(["install", "tauri-driver", "--locked", "--version", "^2"]),
    )
}

fn test_all() -> Result {
    let app = has_workspace_member("src-tauri");
    if app {
        apt_install(&[BUILD_PACKAGES, TEST_PACKAGES].concat())?;
        ensure_tauri_driver()?;
    } else {
        apt_install(&BUILD_PACKAGES[1..])?;
    }
    step(
        "cargo fmt --check",
        cargo().args(["fmt", "--all", "--", "--check"]),
    )?;
    step(
        "cargo clippy",
        cargo().args([
            "clippy",
            "--workspace",
            "--all-targets",
            "--",
            "-D",
            "warnings",
        ]),
    )?;
    let e2e = has_workspace_member("tests");
    // A real PostgreSQL server for sinkron-pg's tests, stopped when this function returns.
    let postgres = if cfg!(target_os = "linux") {
        Some(pg::start()?)
    } else {
        None
    };
    let mut unit = cargo();
    unit.args(["test", "--workspace"]);
    if let Some(server) = &postgres {
        server.env(&mut unit);
    }
    if e2e {
        unit.args(["--exclude", "sinkron-e2e"]);
    }
    step("cargo test (every crate but the end-to-end one)", &mut unit)?;
    if app && e2e {
        step(
            "cargo build sinkron-app (debug, for e2e)",
            cargo().args(["build", "-p", "sinkron-app"]),
        )?;
        // The two-app test runs a kiosk and two desks on the same server.
        let mut windows = cargo();
        windows.args(["test", "-p", "sinkron-e2e", "--", "--test-threads=1"]);
        if let Some(server) = &postgres {
            server.env(&mut windows);
        }
        step("end-to-end tests (real window under Xvfb)", &mut windows)?;
    }
    if app {
        windows_installer()?;
    }
    println!("\nAll checks passed.");
    Ok(())
}

/// Only the PostgreSQL tests, on a throwaway server (installed first when missing).
fn test_pg(args: &[String]) -> Result {
    apt_install(&["postgresql", "openssl"])?;
    let server = pg::start()?;
    let mut test = cargo();
    test.args(["test", "-p", "sinkron-pg"]).args(args);
    server.env(&mut test);
    step("cargo test -p sinkron-pg (real PostgreSQL)", &mut test)
}

/// `sinkron-pg-admin`: install the schema, create a PC's login, move an office from SQLite.
fn pg_admin(args: &[String]) -> Result {
    step("sinkron-pg-admin", pg_admin_command().args(args))
}

/// `cargo run` of `sinkron-pg-admin`, its arguments still to add.
fn pg_admin_command() -> Command {
    let mut cmd = cargo();
    cmd.args([
        "run",
        "-q",
        "--release",
        "-p",
        "sinkron-pg",
        "--bin",
        "sinkron-pg-admin",
        "--",
    ]);
    cmd
}

/// `cargo xtask pg-sql`: a fresh install as one script on standard output (only the SQL, so it
/// can be piped into psql).
fn pg_sql() -> Result {
    let status = pg_admin_command()
        .arg("sql")
        .status()
        .map_err(|e| format!("cannot start cargo: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("sinkron-pg-admin sql: {status}"))
    }
}

/// The desks' benchmark on SQLite and on a throwaway PostgreSQL server, side by side.
fn bench_pg(args: &[String]) -> Result {
    apt_install(&["postgresql", "openssl"])?;
    let server = pg::start()?;
    let mut bench = cargo();
    bench
        .args(["bench", "-p", "sinkron-pg", "--bench", "desks", "--"])
        .args(args);
    server.env(&mut bench);
    step(
        "cargo bench -p sinkron-pg --bench desks (SQLite and PostgreSQL)",
        &mut bench,
    )
}

/// What an operator waits for, in the real window of the release build
/// (`tests/examples/bench_ui.rs`).
fn bench_ui(args: &[String]) -> Result {
    apt_install(&[BUILD_PACKAGES, TEST_PACKAGES].concat())?;
    ensure_tauri_driver()?;
    // The minimal Tauri window to weigh the app against: same build, same profile.
    step(
        "cargo build --release -p sinkron-app (and the minimal window)",
        cargo().args([
            "build",
            "--release",
            "-p",
            "sinkron-app",
            "--bin",
            "sinkron",
            "--example",
            "minimal_window",
        ]),
    )?;
    let release = root().join("target").join("release");
    let app = release.join(format!("sinkron{}", env::consts::EXE_SUFFIX));
    let minimal = release
        .join("examples")
        .join(format!("minimal_window{}", env::consts::EXE_SUFFIX));
    let mut bench = cargo();
    bench
        .args([
            "run",
            "--release",
            "-p",
            "sinkron-e2e",
            "--example",
            "bench_ui",
            "--",
        ])
        .args(args)
        .env("SINKRON_BIN", &app)
        .env("SINKRON_MINIMAL_BIN", &minimal);
    step("bench_ui: the window timed", &mut bench)
}

/// The Windows installer built (the release cross-build type-checks everything `cargo check`
/// for Windows did) and proven under Wine. If the Rust target cannot be installed on this
/// machine, say so loudly and go on.
fn windows_installer() -> Result {
    if !windows::ensure_target() {
        println!(
            "\n!!! WARNING: the Rust target {} cannot be installed here; the Windows build and \
             its Wine checks were SKIPPED. Run `cargo xtask bundle-windows` on a machine that has it.",
            windows::TARGET
        );
        return Ok(());
    }
    let installer = windows::bundle()?;
    windows::wine_check(&installer)
}

/// Used by the region-table task too: read a file as UTF-8 with a clear error.
fn read_text(path: &Path) -> Result<String> {
    fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}
