//! What the morning start costs before the sign-in screen, on an office's encrypted file:
//! opening it (schema current, nothing to migrate), the damage check (`quick_check`, every page
//! read and decrypted), and so what the window waits for when the check runs before it
//! (`open_checked`) and beside it (`open_checking`, what the app does). Then `quick_check` per
//! table, to show where the check's time goes.
//! `cargo bench -p sinkron-sqlite --bench start [-- PATH | COUNT]`: PATH is a seeded plain file
//! (such as the one `cargo xtask bench-ui -- --db PATH` keeps), copied and encrypted here;
//! COUNT seeds that many synthetic requests instead (200,000 by default). Medians of warm
//! starts (the file in the OS's cache, as at a second start). Prints; asserts nothing.

use std::path::PathBuf;
use std::time::{Duration, Instant};

use chrono::Utc;
use sqlx::Connection as _;

use sinkron_sqlite::{cipher, DbKey, Store};

fn median(mut times: Vec<Duration>) -> Duration {
    times.sort();
    times[times.len() / 2]
}

#[tokio::main]
async fn main() {
    let arg = std::env::args().skip(1).find(|a| !a.starts_with('-'));
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    match arg.as_deref().map(|a| (a, a.parse::<u32>())) {
        Some((given, Err(_))) => {
            std::fs::copy(PathBuf::from(given), &path).unwrap();
        }
        other => {
            let count = other.and_then(|(_, n)| n.ok()).unwrap_or(200_000);
            let store = Store::open(&path).await.unwrap();
            store.seed_synthetic(count, 400, Utc::now()).await.unwrap();
            store.close().await;
        }
    }
    let key = DbKey::generate().unwrap();
    cipher::change_key(&path, None, Some(&key)).await.unwrap();
    let mb = std::fs::metadata(&path).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    println!("encrypted file: {mb:.0} MB");

    let runs = 7;
    let (mut open, mut check, mut before, mut beside) =
        (Vec::new(), Vec::new(), Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let store = Store::open_keyed(&path, Some(&key)).await.unwrap();
        open.push(t.elapsed());
        let t = Instant::now();
        assert_eq!(store.quick_check().await.unwrap(), "ok");
        check.push(t.elapsed());
        store.close().await;

        let t = Instant::now();
        let store = Store::open_checked(&path, Some(&key)).await.unwrap();
        before.push(t.elapsed());
        store.close().await;

        let t = Instant::now();
        let store = Store::open_checking(&path, Some(&key)).await.unwrap();
        beside.push(t.elapsed());
        store.soundness().await.unwrap();
        store.close().await;
    }
    println!("medians of {runs} warm starts");
    println!("open (schema current)               {:>9.1?}", median(open));
    println!(
        "quick_check                         {:>9.1?}",
        median(check)
    );
    println!(
        "window waits, check before it       {:>9.1?}",
        median(before)
    );
    println!(
        "window waits, check beside it       {:>9.1?}",
        median(beside)
    );

    println!("quick_check per table (with its indexes), once:");
    let options = cipher::keyed(
        sqlx::sqlite::SqliteConnectOptions::new().filename(&path),
        Some(&key),
    );
    let mut conn = sqlx::SqliteConnection::connect_with(&options)
        .await
        .unwrap();
    let tables: Vec<String> =
        sqlx::query_scalar("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .fetch_all(&mut conn)
            .await
            .unwrap();
    let mut times = Vec::new();
    for table in tables {
        let t = Instant::now();
        let found: String = sqlx::query_scalar(&format!(
            "PRAGMA quick_check(\"{}\")",
            table.replace('"', "\"\"")
        ))
        .fetch_one(&mut conn)
        .await
        .unwrap();
        times.push((t.elapsed(), table, found));
    }
    times.sort_by_key(|t| std::cmp::Reverse(t.0));
    for (took, table, found) in times.iter().take(8) {
        println!("  {table:<32} {took:>9.1?}  {found}");
    }
    let _ = conn.close().await;
}
