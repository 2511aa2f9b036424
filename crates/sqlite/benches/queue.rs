//! The queue with 200,000 synthetic requests: for every query the list issues
//! (tab page, counts, NIK prefix, KK prefix, name part, registration number,
//! deep keyset page), the median and p90 through the store API next to the
//! same SQL run raw, in one run. The raw SQL runs twice: on a connection of its own, which is
//! the SQL's whole cost (the store reads the queue on a connection of its own too), and
//! through a pool, as most callers run SQL. The three are timed in turn, in every order.
//! `cargo bench -p sinkron-sqlite --bench queue [-- COUNT]`. Prints; asserts nothing.
//!
//! Beside the wall-clock times, the CPU time the process spent on each call (every thread's,
//! on Unix): a page is a dozen hand-offs between the caller's thread and the connection's,
//! and on a shared 2-core VM what a hand-off waits for changes with the host's load, while
//! the work done does not.
//!
//! The file is read as the app leaves it: without `ANALYZE`'s statistics, which the app never
//! gathers. A second table reads it again after `ANALYZE`: with `sqlite_stat4` present, SQLite
//! prepares a statement again whenever a value bound to an indexed column's comparison changes
//! or is bound anew, which the API's bound statements pay on every call and the raw column's
//! literal SQL, prepared once, does not.

use sinkron_core::RequestStore as _;
use std::time::{Duration, Instant};

use chrono::Utc;
use sinkron_core::{QueueQuery, QueueSort, Status};
use sinkron_sqlite::Store;
use sqlx::sqlite::{SqliteConnection, SqlitePoolOptions};
use sqlx::Connection as _;

const RUNS: usize = 201;

/// The order of the three timings in a run (API, own connection, pool): every order in turn,
/// so each timing follows each other one equally often.
const ORDERS: [[u8; 3]; 6] = [
    [0, 1, 2],
    [0, 2, 1],
    [1, 0, 2],
    [1, 2, 0],
    [2, 0, 1],
    [2, 1, 0],
];

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() * 9 / 10])
}

/// The CPU time this process has used so far, all its threads together.
#[cfg(unix)]
fn cpu_now() -> Duration {
    let t = rustix::time::clock_gettime(rustix::time::ClockId::ProcessCPUTime);
    Duration::new(t.tv_sec as u64, t.tv_nsec as u32)
}

/// Not measured off Unix: the CPU columns read zero there.
#[cfg(not(unix))]
fn cpu_now() -> Duration {
    Duration::ZERO
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

/// The API's own statement, run raw: what the queue costs beyond its SQL.
const SELECT: &str = sinkron_sql::QUEUE_SELECT;

#[tokio::main]
async fn main() {
    let count: u32 = std::env::args()
        .skip(1)
        .find_map(|a| a.parse().ok())
        .unwrap_or(200_000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("queue.db");
    let store = Store::open(&path).await.unwrap();
    let t = Instant::now();
    let total = store.seed_synthetic(count, 400, Utc::now()).await.unwrap();
    println!(
        "seeded {total} requests in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let url = format!("sqlite:{}", path.display());
    let mut own = SqliteConnection::connect(&url).await.unwrap();
    // Like the store's pool: no ping before each use of a connection to a local file.
    let raw = SqlitePoolOptions::new()
        .test_before_acquire(false)
        .connect(&url)
        .await
        .unwrap();

    let mid_id: i64 = (total / 2).max(1);
    let some_nik: String = sqlx::query_scalar("SELECT nik FROM requests WHERE id = ?")
        .bind(mid_id)
        .fetch_one(&raw)
        .await
        .unwrap();
    let some_reg: String = sqlx::query_scalar("SELECT reg_number FROM requests WHERE id = ?")
        .bind(mid_id)
        .fetch_one(&raw)
        .await
        .unwrap();
    let nik_prefix = some_nik[..10].to_string();
    let kk_prefix = "16710110".to_string();

    let q =
        |status: Option<Status>, search: &str, cursor: Option<i64>, sort: QueueSort| QueueQuery {
            status,
            search: search.to_string(),
            sort,
            cursor,
            limit: 50,
            ..QueueQuery::default()
        };
    let cases: Vec<(&str, QueueQuery, String)> = vec![
        (
            "tab Semua, first page",
            q(None, "", None, QueueSort::Newest),
            format!("{SELECT} ORDER BY r.id DESC LIMIT 51"),
        ),
        (
            "tab Baru, first page",
            q(Some(Status::Baru), "", None, QueueSort::Newest),
            format!("{SELECT} AND r.status = 'Baru' ORDER BY r.id DESC LIMIT 51"),
        ),
        (
            "tab Diproses, oldest first",
            q(Some(Status::Diproses), "", None, QueueSort::Oldest),
            format!("{SELECT} AND r.status = 'Diproses' ORDER BY r.id ASC LIMIT 51"),
        ),
        (
            "tab Selesai, deep keyset page",
            q(Some(Status::Selesai), "", Some(mid_id), QueueSort::Newest),
            format!("{SELECT} AND r.status = 'Selesai' AND r.id < {mid_id} ORDER BY r.id DESC LIMIT 51"),
        ),
        (
            "NIK prefix (10 digits)",
            q(None, &nik_prefix, None, QueueSort::Newest),
            format!(
                "{SELECT} AND r.id IN (SELECT id FROM requests WHERE nik >= '{nik_prefix}' AND nik < '{}' \
                 UNION SELECT id FROM requests WHERE kk_number >= '{nik_prefix}' AND kk_number < '{}') \
                 ORDER BY r.id DESC LIMIT 51",
                next(&nik_prefix),
                next(&nik_prefix)
            ),
        ),
        (
            "KK prefix (8 digits)",
            q(None, &kk_prefix, None, QueueSort::Newest),
            format!(
                "{SELECT} AND r.id IN (SELECT id FROM requests WHERE nik >= '{kk_prefix}' AND nik < '{}' \
                 UNION SELECT id FROM requests WHERE kk_number >= '{kk_prefix}' AND kk_number < '{}') \
                 ORDER BY r.id DESC LIMIT 51",
                next(&kk_prefix),
                next(&kk_prefix)
            ),
        ),
        (
            "name part 'rahma' (trigram)",
            q(None, "rahma", None, QueueSort::Newest),
            format!(
                "{SELECT} AND r.id IN (SELECT rowid FROM requests_name_fts WHERE requests_name_fts \
                 MATCH '\"rahma\"') ORDER BY r.id DESC LIMIT 51"
            ),
        ),
        (
            "name part 'yu' (short, LIKE)",
            q(None, "yu", None, QueueSort::Newest),
            format!("{SELECT} AND r.applicant_name LIKE '%' || 'yu' || '%' ESCAPE '\\' ORDER BY r.id DESC LIMIT 51"),
        ),
        (
            "registration number",
            q(None, &some_reg, None, QueueSort::Newest),
            format!(
                "{SELECT} AND r.reg_number >= '{some_reg}' AND r.reg_number < '{}' ORDER BY r.id DESC LIMIT 51",
                next(&some_reg)
            ),
        ),
    ];

    let now = Utc::now();
    println!("\nas the app keeps the file (no statistics):");
    table(&store, &mut own, &raw, &cases, now).await;
    let mut api = Vec::new();
    let mut rawt = Vec::new();
    for _ in 0..RUNS {
        let t = Instant::now();
        std::hint::black_box(store.status_counts().await.unwrap());
        api.push(t.elapsed());
        let t = Instant::now();
        std::hint::black_box(
            sqlx::query("SELECT status, COUNT(*) FROM requests GROUP BY status")
                .fetch_all(&raw)
                .await
                .unwrap(),
        );
        rawt.push(t.elapsed());
    }
    let (a50, a90) = stats(api);
    let (r50, r90) = stats(rawt);
    println!(
        "{:<30} {:>6.2}ms {:>6.2}ms {:>6.2}ms {:>6.2}ms   (raw = GROUP BY; api = trigger-kept table)",
        "status counts",
        ms(a50),
        ms(a90),
        ms(r50),
        ms(r90)
    );
    println!("\n(api includes settings + calendar reads, counts, age/overdue marks; the page query alone is the raw column)");

    sqlx::query("ANALYZE").execute(&raw).await.unwrap();
    println!("\nafter ANALYZE (which the app never runs):");
    table(&store, &mut own, &raw, &cases, now).await;
}

/// One line per case: the API's median and p90 beside the raw SQL's on a connection of its
/// own, and their ratio; the same two medians in CPU time, and their ratio; then the raw SQL's
/// median through a pool, and the API's ratio to it.
async fn table(
    store: &Store,
    own: &mut SqliteConnection,
    pool: &sqlx::SqlitePool,
    cases: &[(&str, QueueQuery, String)],
    now: chrono::DateTime<Utc>,
) {
    println!(
        "\n{:<30} {:>8} {:>8} {:>8} {:>8} {:>6} {:>8} {:>8} {:>6} {:>9} {:>6}",
        "query (50 rows)",
        "api p50",
        "api p90",
        "raw p50",
        "raw p90",
        "ratio",
        "api cpu",
        "raw cpu",
        "ratio",
        "pool p50",
        "ratio"
    );
    for (name, query, sql) in cases {
        let (mut api, mut raw, mut pooled) = (Vec::new(), Vec::new(), Vec::new());
        let (mut api_cpu, mut raw_cpu) = (Vec::new(), Vec::new());
        for run in 0..RUNS {
            for turn in ORDERS[run % ORDERS.len()] {
                let cpu = cpu_now();
                let t = Instant::now();
                match turn {
                    0 => {
                        std::hint::black_box(store.queue(query, now).await.unwrap());
                        api.push(t.elapsed());
                        api_cpu.push(cpu_now() - cpu);
                    }
                    1 => {
                        std::hint::black_box(sqlx::query(sql).fetch_all(&mut *own).await.unwrap());
                        raw.push(t.elapsed());
                        raw_cpu.push(cpu_now() - cpu);
                    }
                    _ => {
                        std::hint::black_box(sqlx::query(sql).fetch_all(pool).await.unwrap());
                        pooled.push(t.elapsed());
                        // sqlx gives the connection back in a task of its own, which pings
                        // the connection's thread: let it finish before the next timing. Not
                        // by sleeping, which would leave the next timing a CPU gone idle.
                        while pool.num_idle() < pool.size() as usize {
                            tokio::task::yield_now().await;
                        }
                    }
                }
            }
        }
        let (a50, a90) = stats(api);
        let (r50, r90) = stats(raw);
        let (ac50, _) = stats(api_cpu);
        let (rc50, _) = stats(raw_cpu);
        let (p50, _) = stats(pooled);
        println!(
            "{name:<30} {:>6.2}ms {:>6.2}ms {:>6.2}ms {:>6.2}ms {:>5.2}x {:>6.2}ms {:>6.2}ms {:>5.2}x {:>7.2}ms {:>5.2}x",
            ms(a50),
            ms(a90),
            ms(r50),
            ms(r90),
            a50.as_secs_f64() / r50.as_secs_f64(),
            ms(ac50),
            ms(rc50),
            ac50.as_secs_f64() / rc50.as_secs_f64().max(f64::MIN_POSITIVE),
            ms(p50),
            a50.as_secs_f64() / p50.as_secs_f64()
        );
    }
}

fn next(prefix: &str) -> String {
    let mut b = prefix.as_bytes().to_vec();
    let last = b.pop().unwrap();
    b.push(last + 1);
    String::from_utf8(b).unwrap()
}
