//! A private OS credential store for one test, as a signed-in Linux desktop has one: its own
//! D-Bus session bus (`dbus-launch`) with gnome-keyring answering the Secret Service API, its
//! login keyring created and unlocked with a throwaway password. The app under test reaches it
//! through `DBUS_SESSION_BUS_ADDRESS` only, so the machine's own keyring is never touched.
//! Both processes are stopped on drop.

use std::io::Write;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::thread::sleep;
use std::time::{Duration, Instant};

/// A running session bus and keyring daemon.
#[derive(Debug)]
pub struct SecretService {
    bus_pid: u32,
    keyring: Option<Child>,
    /// `DBUS_SESSION_BUS_ADDRESS` for the app.
    pub address: String,
}

fn missing(name: &str, package: &str) -> ! {
    panic!(
        "E2E CANNOT RUN: `{name}` is not installed (apt-get install {package}). This is a failure, not a skip."
    )
}

impl SecretService {
    /// Starts both with `home` as their home folder (the keyring file goes under it).
    pub fn start(home: &Path) -> SecretService {
        let data = home.join("data");
        let runtime = home.join("run");
        for dir in [&data, &runtime] {
            std::fs::create_dir_all(dir).expect("a keyring folder");
        }
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let _ = std::fs::set_permissions(&runtime, std::fs::Permissions::from_mode(0o700));
        }
        let out = Command::new("dbus-launch")
            .arg("--sh-syntax")
            .env("HOME", home)
            .stdin(Stdio::null())
            .output()
            .unwrap_or_else(|_| missing("dbus-launch", "dbus-x11"));
        let text = String::from_utf8_lossy(&out.stdout);
        let value = |key: &str| -> String {
            let line = text
                .lines()
                .find(|l| l.starts_with(&format!("{key}=")))
                .unwrap_or_else(|| panic!("dbus-launch said no {key}: {text}"));
            line[key.len() + 1..]
                .trim_end_matches(';')
                .trim_matches('\'')
                .to_string()
        };
        let address = value("DBUS_SESSION_BUS_ADDRESS");
        let bus_pid: u32 = value("DBUS_SESSION_BUS_PID").parse().expect("bus pid");
        let mut keyring = Command::new("gnome-keyring-daemon")
            .args(["--foreground", "--unlock", "--components=secrets"])
            .env("HOME", home)
            .env("XDG_DATA_HOME", &data)
            .env("XDG_RUNTIME_DIR", &runtime)
            .env("DBUS_SESSION_BUS_ADDRESS", &address)
            .stdin(Stdio::piped())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap_or_else(|_| missing("gnome-keyring-daemon", "gnome-keyring"));
        // The login keyring's password, then end of input: it is created and unlocked.
        if let Some(mut stdin) = keyring.stdin.take() {
            let _ = stdin.write_all(b"e2e-keyring");
        }
        let service = SecretService {
            bus_pid,
            keyring: Some(keyring),
            address,
        };
        service.wait_until_served();
        service
    }

    /// Waits until the Secret Service name is owned on the bus.
    fn wait_until_served(&self) {
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            let owned = Command::new("dbus-send")
                .args([
                    "--session",
                    "--print-reply",
                    "--dest=org.freedesktop.DBus",
                    "/org/freedesktop/DBus",
                    "org.freedesktop.DBus.NameHasOwner",
                    "string:org.freedesktop.secrets",
                ])
                .env("DBUS_SESSION_BUS_ADDRESS", &self.address)
                .output()
                .map(|o| String::from_utf8_lossy(&o.stdout).contains("boolean true"))
                .unwrap_or(false);
            if owned {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "gnome-keyring did not take org.freedesktop.secrets in 15 s"
            );
            sleep(Duration::from_millis(100));
        }
    }
}

impl Drop for SecretService {
    fn drop(&mut self) {
        if let Some(mut keyring) = self.keyring.take() {
            let _ = keyring.kill();
            let _ = keyring.wait();
        }
        let _ = Command::new("kill")
            .arg(self.bus_pid.to_string())
            .stderr(Stdio::null())
            .status();
    }
}
