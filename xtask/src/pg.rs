//! A throwaway PostgreSQL server for the tests (Debian's `postgresql` package): a fresh cluster
//! in a temporary folder (which the `postgres` user can reach) on a free loopback port, password
//! authentication on, stopped when the value is dropped.
//!
//! Like an office's server should be, it takes TLS connections only: a CA made at start signs
//! its certificate, `pg_hba.conf` has `hostssl` lines and no `host` ones, and every test
//! connects with `PGSSLMODE=verify-full` against that CA ([`TestServer::env`]).

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
    /// The CA that signed the server's certificate (PEM).
    pub ca_file: PathBuf,
}

impl TestServer {
    /// Points a test command at this server: its URL, and TLS verified against its CA
    /// (sqlx and libpq's tools both read `PGSSLMODE` and `PGSSLROOTCERT`).
    pub fn env(&self, cmd: &mut Command) {
        cmd.env("SINKRON_TEST_PG_URL", &self.url)
            .env("PGSSLMODE", "verify-full")
            .env("PGSSLROOTCERT", &self.ca_file);
    }
}

/// `openssl` with `args`, quietly.
fn openssl(title: &str, args: &[&str], dir: &Path) -> Result {
    step(
        title,
        Command::new("openssl")
            .args(args)
            .current_dir(dir)
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null()),
    )
}

/// A CA (`ca.crt`) and the server's key and certificate signed by it (`server.key`,
/// `server.crt`), naming 127.0.0.1 and localhost.
fn make_certificates(dir: &Path) -> Result {
    openssl(
        "make the test server's CA",
        &[
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            "2",
            "-subj",
            "/CN=Sinkron test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.crt",
        ],
        dir,
    )?;
    openssl(
        "make the test server's key",
        &[
            "req",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-subj",
            "/CN=127.0.0.1",
            "-keyout",
            "server.key",
            "-out",
            "server.csr",
        ],
        dir,
    )?;
    std::fs::write(
        dir.join("server.ext"),
        "subjectAltName=IP:127.0.0.1,DNS:localhost\nbasicConstraints=CA:FALSE\n\
         keyUsage=digitalSignature,keyEncipherment\nextendedKeyUsage=serverAuth\n",
    )
    .map_err(|e| e.to_string())?;
    openssl(
        "sign the test server's certificate",
        &[
            "x509",
            "-req",
            "-in",
            "server.csr",
            "-CA",
            "ca.crt",
            "-CAkey",
            "ca.key",
            "-CAcreateserial",
            "-days",
            "2",
            "-extfile",
            "server.ext",
            "-out",
            "server.crt",
        ],
        dir,
    )?;
    let _ = std::fs::remove_file(dir.join("ca.key"));
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(
            dir.join("server.key"),
            std::fs::Permissions::from_mode(0o600),
        )
        .map_err(|e| e.to_string())?;
    }
    Ok(())
}

/// `ssl = on` with the certificate from [`make_certificates`], `auth_delay` after a refused
/// password, and an access file that allows TLS connections from this machine only (and the
/// local socket, for `pg_ctl`).
fn require_tls(data: &Path, dir: &Path) -> Result {
    use std::io::Write;
    let mut conf = std::fs::OpenOptions::new()
        .append(true)
        .open(data.join("postgresql.conf"))
        .map_err(|e| e.to_string())?;
    writeln!(
        conf,
        "\nssl = on\nssl_cert_file = '{}'\nssl_key_file = '{}'",
        dir.join("server.crt").display(),
        dir.join("server.key").display()
    )
    .map_err(|e| e.to_string())?;
    // As README asks of an office's server: each refused password waits before its answer, so
    // guessing an operator's password (their own login) is slow whatever the client is.
    writeln!(
        conf,
        "shared_preload_libraries = 'auth_delay'\nauth_delay.milliseconds = 500"
    )
    .map_err(|e| e.to_string())?;
    std::fs::write(
        data.join("pg_hba.conf"),
        "local   all all                scram-sha-256\n\
         hostssl all all 127.0.0.1/32   scram-sha-256\n\
         hostssl all all ::1/128        scram-sha-256\n",
    )
    .map_err(|e| e.to_string())
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
    make_certificates(&dir)?;
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
    require_tls(&data, &dir)?;
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
    let ca_file = dir.join("ca.crt");
    Ok(TestServer {
        dir,
        data,
        pg_ctl,
        as_postgres,
        url: format!("postgres://postgres:{password}@127.0.0.1:{port}/postgres"),
        ca_file,
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
