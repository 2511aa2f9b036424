//! Fills a database with synthetic requests ("Contoh …" names, valid-shaped
//! NIKs, statuses across the workflow) for trying the app at scale. Never run
//! by the app itself. `cargo xtask seed --db PATH [--count N] [--days D]`.

use std::path::PathBuf;
use std::process::ExitCode;

use chrono::Utc;
use sinkron_sqlite::Store;

#[tokio::main]
async fn main() -> ExitCode {
    let mut db: Option<PathBuf> = None;
    let mut count: u32 = 10_000;
    let mut days: u32 = 120;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let value = args.next();
        match (arg.as_str(), value) {
            ("--db", Some(v)) => db = Some(PathBuf::from(v)),
            ("--count", Some(v)) => count = v.parse().unwrap_or(count),
            ("--days", Some(v)) => days = v.parse().unwrap_or(days),
            _ => {
                eprintln!("usage: seed --db PATH [--count N] [--days D]");
                return ExitCode::FAILURE;
            }
        }
    }
    let Some(db) = db else {
        eprintln!("usage: seed --db PATH [--count N] [--days D]");
        return ExitCode::FAILURE;
    };
    let store = match Store::open(&db).await {
        Ok(s) => s,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::FAILURE;
        }
    };
    match store.seed_synthetic(count, days, Utc::now()).await {
        Ok(total) => {
            println!(
                "{count} synthetic requests added; {total} in {}",
                db.display()
            );
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{e}");
            ExitCode::FAILURE
        }
    }
}
