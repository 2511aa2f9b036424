//! Rekap with 200,000 synthetic requests made over three years: a year's and a month's whole
//! report through the store API (`sinkron_core::rekap::report`: the period and the period before,
//! every count, the open requests past the target), median and p90, next to a naive recount of
//! the same period's headline figures with GROUP BY over the office day (`date(…, '+7 hours')`)
//! on the raw tables. `cargo bench -p sinkron-sqlite --bench rekap [-- COUNT]`; with
//! `REKAP_DB=path` the seeded file is kept and reused by the next run. Prints; asserts nothing.

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, Utc};
use sinkron_core::rekap::{self, Period};
use sinkron_sqlite::Store;
use sqlx::SqlitePool;

const RUNS: usize = 21;

fn stats(mut v: Vec<Duration>) -> (f64, f64) {
    v.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    (ms(v[v.len() / 2]), ms(v[v.len() * 9 / 10]))
}

/// The naive recount: received per office day and channel, status rows per day and status,
/// steps per day, and the finished requests' dates, each a GROUP BY over `date()`.
const NAIVE: [&str; 4] = [
    "SELECT date(created_at, '+7 hours') AS d, channel, count(*) FROM requests \
     WHERE date(created_at, '+7 hours') BETWEEN ?1 AND ?2 GROUP BY 1, 2",
    "SELECT date(at, '+7 hours') AS d, to_status, count(*) FROM status_history \
     WHERE date(at, '+7 hours') BETWEEN ?1 AND ?2 GROUP BY 1, 2",
    "SELECT date(at, '+7 hours') AS d, step, count(*) FROM process_steps \
     WHERE date(at, '+7 hours') BETWEEN ?1 AND ?2 GROUP BY 1, 2",
    "SELECT r.created_at, h.at FROM status_history h JOIN requests r ON r.id = h.request_id \
     WHERE h.to_status = 'Selesai' AND date(h.at, '+7 hours') BETWEEN ?1 AND ?2",
];

#[tokio::main]
async fn main() {
    let count: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    // `REKAP_DB=path` keeps the seeded file for a later run (and for reading its plans).
    let path = std::env::var_os("REKAP_DB")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| dir.path().join("rekap.db"));
    let t = Instant::now();
    let store = Store::open(&path).await.unwrap();
    // A file seeded by an older build is migrated here, its Rekap summary counted whole.
    println!("opened in {:.2} s", t.elapsed().as_secs_f64());
    let now = Utc::now();
    let have: i64 = sqlx::query_scalar("SELECT count(*) FROM requests")
        .fetch_one(
            &SqlitePool::connect(&format!("sqlite:{}", path.display()))
                .await
                .unwrap(),
        )
        .await
        .unwrap();
    if have == 0 {
        let t = Instant::now();
        let total = store.seed_synthetic(count, 3 * 365, now).await.unwrap();
        println!(
            "seeded {total} requests over three years in {:.1} s",
            t.elapsed().as_secs_f64()
        );
    } else {
        println!("{have} requests already in {}", path.display());
    }
    let raw = SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    sqlx::query("ANALYZE").execute(&raw).await.unwrap();

    let today = sinkron_core::OfficeZone::Wib.today(now);
    let last_year = today.year() - 1;
    let periods = [
        (
            "a year (last year)",
            Period::Custom {
                from: NaiveDate::from_ymd_opt(last_year, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(last_year, 12, 31).unwrap(),
            },
        ),
        ("a month (last month)", Period::LastMonth),
    ];
    println!(
        "{:<22} {:>12} {:>12} {:>14} {:>14} {:>9}",
        "period", "store p50", "store p90", "naive p50", "naive p90", "received"
    );
    for (name, period) in periods {
        let mut api = Vec::with_capacity(RUNS);
        let mut received = 0;
        for _ in 0..RUNS {
            let t = Instant::now();
            let r = rekap::report(&store, period, now, true).await.unwrap();
            api.push(t.elapsed());
            received = r.summary.received;
        }
        let days = period.days(today).unwrap();
        let (from, to) = (days.from.to_string(), days.to.to_string());
        let mut naive = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let t = Instant::now();
            for sql in NAIVE {
                let rows = sqlx::query(sql)
                    .bind(&from)
                    .bind(&to)
                    .fetch_all(&raw)
                    .await
                    .unwrap();
                std::hint::black_box(rows.len());
            }
            naive.push(t.elapsed());
        }
        let (a50, a90) = stats(api);
        let (n50, n90) = stats(naive);
        println!(
            "{name:<22} {a50:>9.1} ms {a90:>9.1} ms {n50:>11.1} ms {n90:>11.1} ms {received:>9}"
        );
    }
}
