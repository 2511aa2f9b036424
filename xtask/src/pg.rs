//! A throwaway PostgreSQL server for the tests (Debian's `postgresql` package): a fresh cluster
//! in a temporary folder (which the `postgres` user can reach) on a free loopback port, password authentication on, stopped when the
//! value is dropped.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use crate::{is_root, step, Result};

/// A running test server; stopped on drop.
#[derive(Debug)]
pub struct TestServer {
    dir: PathBuf,
    data: PathBuf,
    pg_ctl: PathBuf,
    as_postgres: bool,
    /// A superuser URL (`postgres://postgres:…@127.0.0.1:PORT/postgres`).
    pub url: String,
}

fn bin_dir() -> Option<PathBuf> {
    let mut versions: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .ok()?
        .filter_map(|e| e.ok())
        .filter_map(|e| {
            let v = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let bin = e.path().join("bin");
            bin.join("initdb").is_file().then_some((v, bin))
        })
        .collect();
    versions.sort();
    versions.pop().map(|(_, bin)| bin)
}

/// Runs `program` as the `postgres` user when we are root (PostgreSQL refuses to run as root).
fn command(program: &Path, as_postgres: bool) -> Command {
    if as_postgres {
        let mut c = Command::new("runuser");
        c.args(["-u", "postgres", "--"]).arg(program);
        c
    } else {
        Command::new(program)
    }
}

/// Starts a fresh cluster. Fails (never skips) when PostgreSQL is not installed.
pub fn start() -> Result<TestServer> {
    let bin = bin_dir()
        .ok_or("PostgreSQL not found under /usr/lib/postgresql (apt-get install postgresql)")?;
    // Under the temp folder, not target/: the `postgres` user must be able to reach it.
    let dir = std::env::temp_dir().join(format!("sinkron-pg-test-{}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
    let password = "sinkron-uji-lokal";
    let pwfile = dir.join("pw");
    std::fs::write(&pwfile, password).map_err(|e| e.to_string())?;
    let as_postgres = is_root();
    if as_postgres {
        step(
            "chown the test cluster's folder to postgres",
            Command::new("chown").args(["-R", "postgres"]).arg(&dir),
        )?;
    }
    let data = dir.join("data");
    step(
        "initdb (test PostgreSQL)",
        command(&bin.join("initdb"), as_postgres)
            .arg("-D")
            .arg(&data)
            .args(["-U", "postgres", "--auth=scram-sha-256", "-E", "UTF8"])
            .arg(format!("--pwfile={}", pwfile.display()))
            .stdout(std::process::Stdio::null()),
    )?;
    let port = TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .map_err(|e| format!("no free port: {e}"))?;
    let pg_ctl = bin.join("pg_ctl");
    step(
        &format!("start test PostgreSQL on 127.0.0.1:{port}"),
        command(&pg_ctl, as_postgres)
            .arg("-D")
            .arg(&data)
            .arg("-o")
            .arg(format!(
                "-p {port} -k {} -c listen_addresses=127.0.0.1",
                dir.display()
            ))
            .arg("-l")
            .arg(dir.join("server.log"))
            .args(["-w", "start"]),
    )?;
    Ok(TestServer {
        dir,
        data,
        pg_ctl,
        as_postgres,
        url: format!("postgres://postgres:{password}@127.0.0.1:{port}/postgres"),
    })
}

impl Drop for TestServer {
    fn drop(&mut self) {
        let _ = step(
            "stop test PostgreSQL",
            command(&self.pg_ctl, self.as_postgres)
                .arg("-D")
                .arg(&self.data)
                .args(["-m", "fast", "-w", "stop"]),
        );
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}
