//! The Windows build, made and checked on Linux: `cargo xtask bundle-windows` cross-compiles
//! the release app for `x86_64-pc-windows-gnu` with Debian's mingw and wraps it in the NSIS
//! installer written in `installer/windows/sinkron.nsi` (Debian's makensis; nothing is
//! downloaded). `cargo xtask test` then proves the installer under Wine in a throwaway prefix:
//! a silent install, the files, shortcuts, icon and version resource, an upgrade that keeps the
//! office's data, `sinkron.exe --version` and `--self-check`, the Indonesian message when
//! WebView2 is missing, and a silent uninstall that leaves the data. The window itself needs
//! WebView2, which Wine lacks: that is the one part not run here.

use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

use crate::{apt_install, cargo, root, step, Result};

pub const TARGET: &str = "x86_64-pc-windows-gnu";
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the Windows bundle needs from Debian: the mingw toolchain (libjpeg-turbo is C and the
/// resource compiler is mingw's windres), makensis, and cmake + nasm for libjpeg-turbo.
pub const BUNDLE_PACKAGES: &[&str] = &["gcc-mingw-w64-x86-64", "nsis", "cmake", "nasm"];
/// What the Wine check needs on top: Wine itself and wrestool to read the exe's resources.
pub const WINE_PACKAGES: &[&str] = &["wine", "wine64", "icoutils"];

/// The installer this version's bundle writes.
pub fn installer_path() -> PathBuf {
    root()
        .join("target/bundle")
        .join(format!("Sinkron_{VERSION}_x64-setup.exe"))
}

fn release_dir() -> PathBuf {
    root().join("target").join(TARGET).join("release")
}

/// Whether the Rust target for Windows is installed; adds it when it is not. `false` when it
/// cannot be added here (no rustup, no network to its dist server).
pub fn ensure_target() -> bool {
    let installed = Command::new("rustup")
        .args(["target", "list", "--installed"])
        .output()
        .map(|o| {
            String::from_utf8_lossy(&o.stdout)
                .lines()
                .any(|l| l == TARGET)
        })
        .unwrap_or(false);
    installed
        || Command::new("rustup")
            .args(["target", "add", TARGET])
            .status()
            .map(|s| s.success())
            .unwrap_or(false)
}

/// `cargo xtask bundle-windows`: the release exe and its installer; prints both sizes.
pub fn bundle() -> Result<PathBuf> {
    apt_install(BUNDLE_PACKAGES)?;
    if !ensure_target() {
        return Err(format!("the Rust target {TARGET} cannot be installed here"));
    }
    step(
        &format!("cargo build --release for {TARGET}"),
        cargo().args([
            "build",
            "--release",
            "--locked",
            "--target",
            TARGET,
            "-p",
            "sinkron-app",
            "--features",
            "custom-protocol",
        ]),
    )?;
    let dir = release_dir();
    let exe = dir.join("sinkron.exe");
    for needed in [&exe, &dir.join("WebView2Loader.dll")] {
        if !needed.is_file() {
            return Err(format!("{} was not built", needed.display()));
        }
    }
    let out = installer_path();
    let bundle_dir = out.parent().expect("target/bundle");
    fs::create_dir_all(bundle_dir).map_err(|e| format!("{}: {e}", bundle_dir.display()))?;
    step(
        "makensis (installer/windows/sinkron.nsi)",
        Command::new("makensis")
            .arg("-V2")
            .arg(format!("-DVERSION={VERSION}"))
            .arg(format!("-DSRCDIR={}", dir.display()))
            .arg(format!("-DROOT={}", root().display()))
            .arg(format!("-DOUTFILE={}", out.display()))
            .arg(root().join("installer/windows/sinkron.nsi")),
    )?;
    println!(
        "\nsinkron.exe: {}\ninstaller:   {} ({})",
        size_text(&exe),
        out.display(),
        size_text(&out)
    );
    Ok(out)
}

fn size_text(path: &Path) -> String {
    let bytes = fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    format!("{:.1} MB ({bytes} bytes)", bytes as f64 / 1_048_576.0)
}

/// A throwaway 64-bit Wine prefix under `target/wine`, with the test-only `ProcessPrng`
/// stand-in in its system32 (Debian 12's Wine 8 lacks it; see `installer/windows/wine/`).
struct Wine {
    prefix: PathBuf,
}

impl Wine {
    fn create() -> Result<Wine> {
        let base = root().join("target/wine");
        let prefix = base.join("prefix");
        let _ = fs::remove_dir_all(&prefix);
        fs::create_dir_all(&base).map_err(|e| format!("{}: {e}", base.display()))?;
        let wine = Wine { prefix };
        step(
            "wineboot (fresh 64-bit prefix)",
            &mut wine.command("wineboot", &["-i"]),
        )?;
        wine.wait()?;
        let dll = base.join("bcryptprimitives.dll");
        step(
            "build the test-only ProcessPrng stand-in (mingw)",
            Command::new("x86_64-w64-mingw32-gcc")
                .args(["-shared", "-O2", "-o"])
                .arg(&dll)
                .arg(root().join("installer/windows/wine/bcryptprimitives.c"))
                .arg("-ladvapi32"),
        )?;
        let system32 = wine.prefix.join("drive_c/windows/system32");
        fs::copy(&dll, system32.join("bcryptprimitives.dll"))
            .map_err(|e| format!("copy the stand-in into the prefix: {e}"))?;
        Ok(wine)
    }

    fn command(&self, program: &str, args: &[&str]) -> Command {
        let mut cmd = Command::new(program);
        cmd.args(args)
            .env("WINEPREFIX", &self.prefix)
            .env("WINEARCH", "win64")
            .env("WINEDEBUG", "-all")
            // No Mono or Gecko prompts (they would download); the stand-in DLL first.
            .env("WINEDLLOVERRIDES", "mscoree,mshtml=;bcryptprimitives=n,b")
            .env_remove("DISPLAY")
            .stdin(Stdio::null());
        cmd
    }

    /// Waits until every process in the prefix has ended (an uninstaller re-runs itself).
    fn wait(&self) -> Result {
        self.command("wineserver", &["-w"])
            .status()
            .map(|_| ())
            .map_err(|e| format!("wineserver -w: {e}"))
    }

    fn run(&self, what: &str, args: &[&str]) -> Result<Output> {
        let output = self
            .command("wine", args)
            .output()
            .map_err(|e| format!("{what}: cannot start wine: {e}"))?;
        self.wait()?;
        Ok(output)
    }

    /// A Windows path (`C:\…`) as a path on this machine.
    fn unix(&self, windows: &str) -> PathBuf {
        let rest = windows
            .strip_prefix("C:\\")
            .or_else(|| windows.strip_prefix("c:\\"))
            .unwrap_or(windows);
        self.prefix.join("drive_c").join(rest.replace('\\', "/"))
    }

    /// What `%NAME%` is inside the prefix.
    fn env_var(&self, name: &str) -> Result<String> {
        let out = self.run("cmd", &["cmd", "/c", &format!("echo %{name}%")])?;
        let value = String::from_utf8_lossy(&out.stdout).trim().to_string();
        if value.is_empty() || value.contains('%') {
            return Err(format!("%{name}% is not set in the Wine prefix"));
        }
        Ok(value)
    }
}

fn text(output: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    )
}

fn check(what: &str, holds: bool, detail: impl FnOnce() -> String) -> Result {
    if holds {
        println!("    ok  {what}");
        Ok(())
    } else {
        Err(format!("Wine check: {what}: {}", detail()))
    }
}

/// The installed files and shortcuts that every install must leave.
fn check_installed(wine: &Wine, install: &Path) -> Result {
    for file in [
        "sinkron.exe",
        "WebView2Loader.dll",
        "uninstall.exe",
        "LICENSE-wilayah.txt",
    ] {
        check(
            &format!("Program Files\\Sinkron\\{file}"),
            install.join(file).is_file(),
            || "missing".into(),
        )?;
    }
    check(
        "the Wine stand-in DLL is not part of the install",
        !install.join("bcryptprimitives.dll").exists(),
        || "bcryptprimitives.dll was installed".into(),
    )?;
    let start_menu = wine
        .prefix
        .join("drive_c/ProgramData/Microsoft/Windows/Start Menu/Programs/Sinkron.lnk");
    check("Start menu shortcut", start_menu.is_file(), || {
        start_menu.display().to_string()
    })?;
    let desktop = wine.prefix.join("drive_c/users/Public/Desktop/Sinkron.lnk");
    check("desktop shortcut", desktop.is_file(), || {
        desktop.display().to_string()
    })?;
    let key = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Sinkron";
    let reg = wine.run("reg query", &["reg", "query", key, "/v", "DisplayVersion"])?;
    check(
        &format!("Apps & features entry at version {VERSION}"),
        text(&reg).contains(VERSION),
        || text(&reg),
    )
}

/// The icon and the version resource in the installed exe (wrestool lists them by type:
/// 14 = group icon, 16 = version).
fn check_resources(exe: &Path) -> Result {
    let list = Command::new("wrestool")
        .arg("-l")
        .arg(exe)
        .output()
        .map_err(|e| format!("wrestool: {e}"))?;
    let listing = text(&list);
    check(
        "sinkron.exe has its icon",
        listing.contains("--type=14"),
        || listing.clone(),
    )?;
    let version = Command::new("wrestool")
        .args(["-x", "--raw", "--type=16"])
        .arg(exe)
        .output()
        .map_err(|e| format!("wrestool: {e}"))?;
    let utf16 = |s: &str| -> Vec<u8> { s.encode_utf16().flat_map(u16::to_le_bytes).collect() };
    let has = |needle: &str| {
        let needle = utf16(needle);
        version.stdout.windows(needle.len()).any(|w| w == needle)
    };
    check(
        "sinkron.exe's file properties name Sinkron, Disdukcapil and the version",
        has("Sinkron") && has("Disdukcapil") && has(VERSION),
        || format!("{} bytes of version resource", version.stdout.len()),
    )
}

/// The Wine checks of `cargo xtask test` on a built installer.
pub fn wine_check(installer: &Path) -> Result {
    apt_install(WINE_PACKAGES)?;
    println!(
        "\n==> Windows installer under Wine ({})",
        installer.display()
    );
    let wine = Wine::create()?;
    let setup = installer.to_string_lossy().to_string();

    let first = wine.run("silent install", &[&setup, "/S"])?;
    check(
        "silent install (/S) exits 0",
        first.status.success(),
        || text(&first),
    )?;
    let install = wine.unix("C:\\Program Files\\Sinkron");
    check_installed(&wine, &install)?;
    let exe = install.join("sinkron.exe");
    check_resources(&exe)?;

    // The office's data where the app keeps it; an upgrade must leave it as it is.
    let appdata = wine.env_var("APPDATA")?;
    let data_dir = wine.unix(&format!("{appdata}\\id.disdukcapil.sinkron"));
    fs::create_dir_all(&data_dir).map_err(|e| e.to_string())?;
    let db = data_dir.join("sinkron.db");
    let marker = b"data kantor: jangan disentuh oleh penginstal".to_vec();
    fs::write(&db, &marker).map_err(|e| e.to_string())?;
    fs::write(data_dir.join("database.json"), b"{\"host\":\"server\"}")
        .map_err(|e| e.to_string())?;

    let again = wine.run("upgrade (second silent install)", &[&setup, "/S"])?;
    check(
        "upgrade over the installed copy exits 0",
        again.status.success(),
        || text(&again),
    )?;
    check_installed(&wine, &install)?;
    check(
        "upgrade kept sinkron.db and database.json",
        fs::read(&db).ok() == Some(marker.clone()) && data_dir.join("database.json").is_file(),
        || "the data file changed".into(),
    )?;

    // An older installer over a newer Sinkron: asked first, refused when silent.
    let key = "HKLM\\Software\\Microsoft\\Windows\\CurrentVersion\\Uninstall\\Sinkron";
    let set_version = |v: &str| {
        wine.run(
            "reg add",
            &["reg", "add", key, "/v", "DisplayVersion", "/d", v, "/f"],
        )
    };
    set_version("99.0.0")?;
    let downgrade = wine.run("silent install over a newer version", &[&setup, "/S"])?;
    check(
        "a silent install over a newer Sinkron is refused",
        !downgrade.status.success() && fs::read(&db).ok() == Some(marker.clone()),
        || text(&downgrade),
    )?;
    set_version(VERSION)?;

    let exe_win = "C:\\Program Files\\Sinkron\\sinkron.exe";
    let version = wine.run("sinkron.exe --version", &[exe_win, "--version"])?;
    check(
        &format!("sinkron.exe --version says {VERSION}"),
        version.status.success() && text(&version).contains(&format!("Sinkron {VERSION} ")),
        || text(&version),
    )?;
    println!("        {}", text(&version).trim());

    let self_check = wine.run(
        "sinkron.exe --self-check",
        &[exe_win, "--self-check", "C:\\sinkron-self-check"],
    )?;
    println!("{}", text(&self_check).trim_end());
    check(
        "sinkron.exe --self-check passes under Wine",
        self_check.status.success() && text(&self_check).contains("self-check ok"),
        || text(&self_check),
    )?;
    check(
        "the self-check's database is encrypted (SQLCipher with its OpenSSL in the exe)",
        text(&self_check).contains("no NIK or name in clear"),
        || text(&self_check),
    )?;
    check(
        "the self-check kept a key in Windows Credential Manager and read it back",
        text(&self_check).contains("credential store: a key kept, read back and removed"),
        || text(&self_check),
    )?;

    // Wine has no WebView2: the app must say so in Indonesian instead of Tauri's English.
    let said = root().join("target/wine/no-webview.txt");
    let _ = fs::remove_file(&said);
    let window = wine
        .command("wine", &[exe_win])
        .env(
            "SINKRON_E2E_DIALOG_FILE",
            format!("Z:{}", said.display()).replace('/', "\\"),
        )
        .output()
        .map_err(|e| format!("sinkron.exe: {e}"))?;
    wine.wait()?;
    let message = fs::read_to_string(&said).unwrap_or_default();
    check(
        "without WebView2 sinkron.exe says in Indonesian what to install, and exits 1",
        window.status.code() == Some(1) && message.contains("Pasang \"WebView2 Runtime\""),
        || {
            format!(
                "exit {:?}; message {message:?}; {}",
                window.status.code(),
                text(&window)
            )
        },
    )?;

    let uninstall = wine.run(
        "silent uninstall",
        &["C:\\Program Files\\Sinkron\\uninstall.exe", "/S"],
    )?;
    check(
        "silent uninstall exits 0",
        uninstall.status.success(),
        || text(&uninstall),
    )?;
    check("uninstall removed sinkron.exe", !exe.exists(), || {
        "still there".into()
    })?;
    check(
        "uninstall kept the office's data (silent: never asked)",
        fs::read(&db).ok() == Some(marker),
        || "sinkron.db is gone".into(),
    )?;
    let reg = wine.run("reg query", &["reg", "query", key])?;
    check(
        "uninstall removed the Apps & features entry",
        !reg.status.success(),
        || text(&reg),
    )?;

    // IT staff who want no desktop icon.
    let bare = wine.run("silent install /NODESKTOP", &[&setup, "/S", "/NODESKTOP"])?;
    let desktop = wine.prefix.join("drive_c/users/Public/Desktop/Sinkron.lnk");
    check(
        "/NODESKTOP installs without the desktop shortcut",
        bare.status.success() && exe.is_file() && !desktop.exists(),
        || text(&bare),
    )?;
    Ok(())
}
