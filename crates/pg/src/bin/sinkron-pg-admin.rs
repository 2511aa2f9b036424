//! The office admin's tool for the PostgreSQL server, for the steps that happen once per office
//! or per PC, before any desk connects (run through `cargo xtask pg-admin …`):
//!
//! - `install --url URL`: the schema, or the upgrade of an older one, and the roles, grants and
//!   functions, in one transaction (again is safe);
//! - `sql`: the same install of a fresh database as one script, for psql;
//! - `login --url URL --name NAME --role operator|kiosk`: a PC's own login in a group role; the
//!   password is read from standard input, never from the command line;
//! - `admin --url URL --name USERNAME --display NAME`: the office's first admin account and its
//!   own server login (password on standard input); the other accounts are made at a desk;
//! - `password --url URL --name USERNAME`: a new password for an account (on standard input),
//!   which also gives an account from before schema 7 its own server login;
//! - `import --url URL --db PATH`: install, then move the office's SQLite file onto the server
//!   (PATH a plain file, or a passphrase backup `….db.age` with the passphrase on stdin)
//!   in one transaction and print the counts that were compared;
//! - `backup --url URL --file PATH`: a `pg_dump -Fc` archive of one snapshot, with the counts of
//!   that snapshot beside it (`PATH.counts`), readable again before it takes its name;
//! - `restore --url URL --file PATH`: into an empty database, the roles and grants installed
//!   again, every counted table compared with the backup's counts.
//!
//! `URL` is the schema owner's `postgres://user:password@host:port/database`.

use std::io::BufRead;
use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use sinkron_core::backup::Passphrase;
use sinkron_core::{AccountPort as _, AccountStore as _, Actor};
use sinkron_pg::{backup, GroupRole, PgStore};

const USAGE: &str = "sinkron-pg-admin install --url URL\n\
    sinkron-pg-admin sql   (a fresh install as one script, for psql)\n\
    sinkron-pg-admin login --url URL --name NAME --role operator|kiosk   (password on stdin)\n\
    sinkron-pg-admin admin --url URL --name USERNAME --display NAME   (password on stdin)\n\
    sinkron-pg-admin password --url URL --name USERNAME   (password on stdin)\n\
    sinkron-pg-admin import --url URL --db PATH   (a ….db.age backup: passphrase on stdin)\n\
    sinkron-pg-admin backup --url URL --file PATH\n\
    sinkron-pg-admin restore --url URL --file PATH   (into an empty database)";

fn value(args: &[String], flag: &str) -> Option<String> {
    args.iter()
        .position(|a| a == flag)
        .and_then(|i| args.get(i + 1))
        .cloned()
}

async fn run(args: &[String]) -> Result<String, String> {
    let task = args.first().map(String::as_str).unwrap_or("");
    if task == "sql" {
        return Ok(sinkron_pg::install_script());
    }
    let url = value(args, "--url").ok_or(USAGE)?;
    if task == "backup" || task == "restore" {
        let file = PathBuf::from(value(args, "--file").ok_or(USAGE)?);
        return backup_or_restore(task, &url, &file).await;
    }
    let store = PgStore::connect(&url).await.map_err(|e| e.to_string())?;
    match task {
        "install" => {
            let done = store.install().await.map_err(|e| e.to_string())?;
            Ok(match done.from {
                0 => format!("Skema {} dan peran database kantor terpasang.", done.to),
                from if from < done.to => {
                    format!(
                        "Skema database kantor diperbarui dari {from} ke {}.",
                        done.to
                    )
                }
                _ => format!(
                    "Skema database kantor sudah {}; peran dan fungsi dipasang ulang.",
                    done.to
                ),
            })
        }
        "admin" => {
            let name = value(args, "--name").ok_or(USAGE)?;
            let display = value(args, "--display").ok_or(USAGE)?;
            let password = stdin_password()?;
            let op = store
                .create_first_admin(&name, &display, &password, &password, SERVER, Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "Akun admin {} dibuat; masuk di meja petugas dengan nama pengguna itu.",
                op.username
            ))
        }
        "password" => {
            let name = value(args, "--name").ok_or(USAGE)?;
            let password = stdin_password()?;
            let wanted = name.trim().to_lowercase();
            let op = store
                .operators()
                .await
                .map_err(|e| e.to_string())?
                .into_iter()
                .find(|o| o.username == wanted)
                .ok_or_else(|| format!("Tidak ada akun bernama {wanted}"))?;
            let by = Actor {
                workstation: SERVER.into(),
                ..Actor::named("Pengelola server")
            };
            store
                .reset_password(&by, op.id, &password, &password, Utc::now())
                .await
                .map_err(|e| e.to_string())?;
            Ok(format!(
                "Kata sandi {} diganti; login servernya {}.",
                op.username,
                sinkron_pg::operator_login(&op.username, &database(&url))
            ))
        }
        "login" => {
            let name = value(args, "--name").ok_or(USAGE)?;
            let role = match value(args, "--role").as_deref() {
                Some("operator") => GroupRole::Operator,
                Some("kiosk") => GroupRole::Kiosk,
                _ => return Err(USAGE.into()),
            };
            let password = stdin_password()?;
            let password = password.as_str();
            if password.chars().count() < 12 {
                return Err(
                    "Kata sandi login terlalu pendek — pakai paling sedikit 12 karakter".into(),
                );
            }
            store
                .create_login(&name, password, role)
                .await
                .map_err(|e| e.to_string())?;
            Ok(format!("Login {name} dibuat dalam peran {}.", role.name()))
        }
        "import" => {
            let db = PathBuf::from(value(args, "--db").ok_or(USAGE)?);
            // A passphrase backup (the desk's file itself is encrypted under its account's
            // key): the passphrase on standard input.
            let sealed = db
                .file_name()
                .and_then(|n| n.to_str())
                .is_some_and(sinkron_core::backup::is_encrypted_name);
            let passphrase = if sealed {
                Some(Passphrase::stored(&stdin_password()?))
            } else {
                None
            };
            store.install().await.map_err(|e| e.to_string())?;
            let report = match passphrase {
                Some(passphrase) => {
                    let work =
                        std::env::temp_dir().join(format!("sinkron-impor-{}", std::process::id()));
                    let report = store.import_backup(&db, &passphrase, &work).await;
                    let _ = std::fs::remove_dir_all(&work);
                    report
                }
                None => store.import_sqlite(&db).await,
            }
            .map_err(|e| e.to_string())?;
            let mut out =
                String::from("Data kantor dipindahkan; jumlah baris sama di kedua sisi:\n");
            for (table, n) in &report.tables {
                out.push_str(&format!("  {table:<16} {n:>9}\n"));
            }
            out.push_str("Berkas SQLite tidak diubah.");
            Ok(out)
        }
        _ => Err(USAGE.into()),
    }
}

/// The database's name in a `postgres://…/database?…` URL.
fn database(url: &str) -> String {
    let path = url.rsplit_once('/').map_or("", |(_, db)| db);
    path.split('?').next().unwrap_or("").to_string()
}

/// The workstation the tool's audit rows name.
const SERVER: &str = "server (sinkron-pg-admin)";

/// One line of standard input, without its line end: a password never goes on the command line.
fn stdin_password() -> Result<String, String> {
    let mut password = String::new();
    std::io::stdin()
        .lock()
        .read_line(&mut password)
        .map_err(|e| e.to_string())?;
    Ok(password.trim_end_matches(['\r', '\n']).to_string())
}

/// `backup` or `restore`, with the counts it compared.
async fn backup_or_restore(
    task: &str,
    url: &str,
    file: &std::path::Path,
) -> Result<String, String> {
    let (mut out, counts) = if task == "backup" {
        let done = backup::backup(url, file).await.map_err(|e| e.to_string())?;
        (
            format!(
                "Cadangan {} dibuat ({} byte); isinya:\n",
                done.path.display(),
                done.bytes
            ),
            done.counts,
        )
    } else {
        let counts = backup::restore(url, file)
            .await
            .map_err(|e| e.to_string())?;
        (
            String::from("Cadangan dipulihkan; jumlah baris sama dengan cadangan:\n"),
            counts,
        )
    };
    for (table, n) in &counts {
        out.push_str(&format!("  {table:<16} {n:>9}\n"));
    }
    Ok(out.trim_end().to_string())
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match run(&args).await {
        Ok(done) => {
            println!("{done}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
