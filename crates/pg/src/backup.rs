//! Backups of the office's server, for its admin (`sinkron-pg-admin backup` / `restore`): one
//! `pg_dump -Fc` archive and, beside it, the counts of what it holds. The counts and the dump
//! read the same snapshot (`pg_export_snapshot`, then `pg_dump --snapshot`), so a restore can be
//! checked exactly: it goes into an empty database, the roles and grants are installed again
//! (`PgStore::install`), and every table's rows are counted against the backup's own. The dump
//! is written under a temporary name and renamed only once `pg_restore --list` has read it
//! whole; a failed backup leaves no file under a backup's name.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use sqlx::postgres::{PgConnectOptions, PgSslMode};
use sqlx::{Connection, Executor, PgConnection, Row};
use thiserror::Error;

use crate::{PgError, PgStore, SchemaCheck};

/// The tables whose rows a backup counts, and a restore compares.
pub const COUNTED: &[&str] = &[
    "requests",
    "status_history",
    "process_steps",
    "documents",
    "sync_niks",
    "request_changes",
    "notices",
    "operators",
    "audit_log",
    "settings",
];

/// Why a backup or a restore did not happen.
#[derive(Debug, Error)]
pub enum PgBackupError {
    #[error("{0} tidak ditemukan — pasang paket postgresql-client (versi sama atau lebih baru dari server)")]
    ToolMissing(&'static str),
    #[error("{tool} gagal: {detail}")]
    Tool { tool: &'static str, detail: String },
    #[error("berkas cadangan {0}: {1}")]
    File(PathBuf, std::io::Error),
    #[error("cadangan tidak lolos pemeriksaan: {0}")]
    Verify(String),
    #[error("database tujuan tidak kosong — pulihkan ke database baru yang kosong")]
    TargetNotEmpty,
    #[error(transparent)]
    Server(#[from] PgError),
}

impl From<sqlx::Error> for PgBackupError {
    fn from(e: sqlx::Error) -> Self {
        PgBackupError::Server(PgError::Database(e))
    }
}

/// What a backup wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PgBackup {
    pub path: PathBuf,
    pub bytes: u64,
    /// Rows per table in the backup's snapshot.
    pub counts: BTreeMap<String, i64>,
}

/// Where the counts of a backup at `dump` are kept: `<dump>.counts`, one `table rows` a line.
pub fn counts_path(dump: &Path) -> PathBuf {
    let mut name = dump.as_os_str().to_owned();
    name.push(".counts");
    PathBuf::from(name)
}

/// `tool` (`pg_dump`, `pg_restore`): on the PATH, or the newest in Debian's
/// `/usr/lib/postgresql/<version>/bin`.
fn tool(name: &'static str) -> Result<PathBuf, PgBackupError> {
    let mut found: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_string_lossy().parse::<u32>().ok()?;
            let path = e.path().join("bin").join(name);
            path.exists().then_some((version, path))
        })
        .collect();
    found.sort();
    if let Some((_, path)) = found.pop() {
        return Ok(path);
    }
    let on_path = Command::new(name).arg("--version").output();
    match on_path {
        Ok(out) if out.status.success() => Ok(PathBuf::from(name)),
        _ => Err(PgBackupError::ToolMissing(name)),
    }
}

/// Runs `cmd` with the connection's password in the environment (never on the command line).
fn run(
    name: &'static str,
    mut cmd: Command,
    password: Option<&str>,
) -> Result<String, PgBackupError> {
    if let Some(password) = password {
        cmd.env("PGPASSWORD", password);
    }
    let out = cmd.output().map_err(|_| PgBackupError::ToolMissing(name))?;
    if out.status.success() {
        Ok(String::from_utf8_lossy(&out.stdout).into_owned())
    } else {
        Err(PgBackupError::Tool {
            tool: name,
            detail: String::from_utf8_lossy(&out.stderr).trim().to_string(),
        })
    }
}

/// The connection arguments of `options` for libpq's tools (the password goes by environment).
/// The database goes as a connection string, so the tools keep the URL's TLS choice: its
/// `sslmode` and `sslrootcert` (without them, libpq reads `PGSSLMODE` / `PGSSLROOTCERT` as
/// sqlx does).
fn conn_args(options: &PgConnectOptions, url: &str) -> Vec<String> {
    let mut args = vec![
        "--host".to_string(),
        options.get_host().to_string(),
        "--port".to_string(),
        options.get_port().to_string(),
        "--username".to_string(),
        options.get_username().to_string(),
    ];
    let mut conninfo = vec![format!(
        "sslmode={}",
        libpq_ssl_mode(options.get_ssl_mode())
    )];
    if let Some(db) = options.get_database() {
        conninfo.push(format!("dbname={}", conninfo_value(db)));
    }
    if let Some(ca) = url_query(url, &["sslrootcert", "ssl-root-cert"]) {
        conninfo.push(format!("sslrootcert={}", conninfo_value(&ca)));
    }
    args.push("--dbname".to_string());
    args.push(conninfo.join(" "));
    args
}

/// libpq's word for sqlx's mode.
fn libpq_ssl_mode(mode: PgSslMode) -> &'static str {
    match mode {
        PgSslMode::Disable => "disable",
        PgSslMode::Allow => "allow",
        PgSslMode::Prefer => "prefer",
        PgSslMode::Require => "require",
        PgSslMode::VerifyCa => "verify-ca",
        PgSslMode::VerifyFull => "verify-full",
    }
}

/// A value in a libpq connection string: quoted, with backslash and quote escaped.
fn conninfo_value(value: &str) -> String {
    format!("'{}'", value.replace('\\', "\\\\").replace('\'', "\\'"))
}

/// The first of `keys` in the URL's query, percent-decoded.
fn url_query(url: &str, keys: &[&str]) -> Option<String> {
    let query = url.split_once('?')?.1;
    query.split('&').find_map(|pair| {
        let (key, value) = pair.split_once('=')?;
        keys.contains(&key).then(|| percent_decode(value)).flatten()
    })
}

async fn count_rows(conn: &mut PgConnection) -> Result<BTreeMap<String, i64>, PgBackupError> {
    let mut counts = BTreeMap::new();
    for table in COUNTED {
        let n: i64 = sqlx::query(&format!("SELECT count(*) FROM {table}"))
            .fetch_one(&mut *conn)
            .await?
            .try_get(0)?;
        counts.insert(table.to_string(), n);
    }
    Ok(counts)
}

fn write_counts(path: &Path, counts: &BTreeMap<String, i64>) -> Result<(), PgBackupError> {
    let text: String = counts.iter().map(|(t, n)| format!("{t} {n}\n")).collect();
    std::fs::write(path, text).map_err(|e| PgBackupError::File(path.to_path_buf(), e))
}

/// The counts kept beside the dump at `dump`.
pub fn read_counts(dump: &Path) -> Result<BTreeMap<String, i64>, PgBackupError> {
    let path = counts_path(dump);
    let text = std::fs::read_to_string(&path).map_err(|e| PgBackupError::File(path.clone(), e))?;
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            let (table, n) = l
                .split_once(' ')
                .ok_or_else(|| PgBackupError::Verify(format!("{}: {l:?}", path.display())))?;
            let n = n
                .trim()
                .parse::<i64>()
                .map_err(|_| PgBackupError::Verify(format!("{}: {l:?}", path.display())))?;
            Ok((table.to_string(), n))
        })
        .collect()
}

/// The password in a `postgres://user:password@host/db` URL, percent-decoded, for the tools'
/// environment.
fn url_password(url: &str) -> Option<String> {
    let rest = url.split_once("://")?.1;
    let userinfo = rest.split_once('@')?.0;
    percent_decode(userinfo.split_once(':')?.1)
}

fn percent_decode(encoded: &str) -> Option<String> {
    let bytes = encoded.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let Ok(b) = u8::from_str_radix(&encoded[i + 1..i + 3], 16) {
                out.push(b);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).ok()
}

fn parse(url: &str) -> Result<(PgConnectOptions, Option<String>), PgBackupError> {
    let options = url
        .parse::<PgConnectOptions>()
        .map_err(|e| PgBackupError::Server(PgError::Connect(e)))?;
    Ok((options, url_password(url)))
}

/// Backs the server at `url` (the schema owner's) up into `dump` (`pg_dump -Fc`), with the
/// counts of the same snapshot beside it, checked readable by `pg_restore --list` before it
/// takes its name.
pub async fn backup(url: &str, dump: &Path) -> Result<PgBackup, PgBackupError> {
    let (options, password) = parse(url)?;
    let (options, password) = (&options, password.as_deref());
    let pg_dump = tool("pg_dump")?;
    let pg_restore = tool("pg_restore")?;
    let mut conn = PgConnection::connect_with(options).await?;
    conn.execute("BEGIN ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        .await?;
    let snapshot: String = sqlx::query_scalar("SELECT pg_export_snapshot()")
        .fetch_one(&mut conn)
        .await?;
    let counts = count_rows(&mut conn).await?;
    let temp = dump.with_extension("tmp");
    let mut cmd = Command::new(&pg_dump);
    cmd.args(conn_args(options, url))
        .args(["--format", "custom", "--snapshot", &snapshot, "--file"])
        .arg(&temp);
    let dumped = run("pg_dump", cmd, password);
    conn.execute("COMMIT").await?;
    conn.close().await?;
    if let Err(e) = dumped {
        let _ = std::fs::remove_file(&temp);
        return Err(e);
    }
    let mut list = Command::new(&pg_restore);
    list.arg("--list").arg(&temp);
    if let Err(e) = run("pg_restore", list, None) {
        let _ = std::fs::remove_file(&temp);
        return Err(PgBackupError::Verify(e.to_string()));
    }
    write_counts(&counts_path(dump), &counts)?;
    std::fs::rename(&temp, dump).map_err(|e| PgBackupError::File(dump.to_path_buf(), e))?;
    let bytes = std::fs::metadata(dump)
        .map_err(|e| PgBackupError::File(dump.to_path_buf(), e))?
        .len();
    Ok(PgBackup {
        path: dump.to_path_buf(),
        bytes,
        counts,
    })
}

/// Restores `dump` into the empty database at `url` (as its owner), installs the roles and
/// grants again, and compares every counted table with the backup's counts. The PCs' logins
/// belong to the server, not the database: on a new server, make them again
/// (`sinkron-pg-admin login`).
pub async fn restore(url: &str, dump: &Path) -> Result<BTreeMap<String, i64>, PgBackupError> {
    let (options, password) = parse(url)?;
    let (options, password) = (&options, password.as_deref());
    let pg_restore = tool("pg_restore")?;
    let wanted = read_counts(dump)?;
    let target = PgStore::connect_with(options.clone()).await?;
    if SchemaCheck::of(&target.schema().await?) != SchemaCheck::NotInstalled {
        return Err(PgBackupError::TargetNotEmpty);
    }
    let mut cmd = Command::new(&pg_restore);
    cmd.args(conn_args(options, url))
        .args([
            "--no-owner",
            "--no-privileges",
            "--no-comments",
            "--single-transaction",
            "--exit-on-error",
        ])
        .arg(dump);
    run("pg_restore", cmd, password)?;
    target.install().await?;
    let mut conn = PgConnection::connect_with(options).await?;
    let found = count_rows(&mut conn).await?;
    conn.close().await?;
    target.pool().close().await;
    if found != wanted {
        return Err(PgBackupError::Verify(format!(
            "isi database hasil pemulihan berbeda dari cadangan: {found:?} ≠ {wanted:?}"
        )));
    }
    Ok(found)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args_of(url: &str) -> Vec<String> {
        let (options, _) = parse(url).unwrap();
        conn_args(&options, url)
    }

    #[test]
    fn the_tools_keep_the_urls_tls_choice_and_ca() {
        let args = args_of(
            "postgres://pemilik:rahasia@server:5433/sinkron?sslmode=verify-full&sslrootcert=/etc/ca%20kantor.crt",
        );
        assert_eq!(
            args,
            [
                "--host",
                "server",
                "--port",
                "5433",
                "--username",
                "pemilik",
                "--dbname",
                "sslmode=verify-full dbname='sinkron' sslrootcert='/etc/ca kantor.crt'",
            ]
        );
        assert!(!args.concat().contains("rahasia"));
    }

    #[test]
    fn a_quote_in_a_conninfo_value_is_escaped() {
        assert_eq!(conninfo_value(r"a'b\c"), r"'a\'b\\c'");
    }
}
