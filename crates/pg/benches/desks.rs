//! The desk's operations timed on both backends with the same office: COUNT synthetic requests
//! (default 100,000) are seeded into a SQLite file, which is then moved onto a fresh database
//! on the PostgreSQL server of `SINKRON_TEST_PG_URL` with `PgStore::import_sqlite` (timed too).
//! Each operation runs through the `RequestStore` and `RequestChanges` traits; the median and
//! p90 are printed side by side. Without a server only SQLite's column is printed.
//! `cargo xtask bench-pg [COUNT [DAYS]]` starts a throwaway server and runs this (Rekap's figures
//! are meant for 200,000 requests over three years: `200000 1095`). Prints; asserts nothing.
//!
//! On PostgreSQL the same operations are timed over TLS (as `PGSSLMODE` / the URL say; the test
//! server verifies against its CA) and, when the server still takes it, over plain TCP, rounds
//! alternating, so TLS's cost is read from one run. A `hostssl`-only server refuses the plain
//! connection and the bench says so, and times the schema owner's connection beside instead.
//! The PG column is a desk as it is since schema 7: the operator's own login, with the server's
//! rights and checks; the owner's column is what a desk was before (one login, no checks).

use std::time::{Duration, Instant};

use chrono::{Datelike, NaiveDate, Utc};
use sinkron_core::photo::{self, sample};
use sinkron_core::rekap::{self, Period};
use sinkron_core::{
    validate_form, Action, Actor, FormInput, QueueQuery, RequestChanges, RequestStore, Status,
};
use sinkron_pg::PgStore;
use sinkron_sqlite::Store;
use sqlx::postgres::{PgConnectOptions, PgSslMode};

const RUNS: usize = 41;

type Figures = Vec<(&'static str, Duration, Duration)>;

fn stats(mut v: Vec<Duration>) -> (Duration, Duration) {
    v.sort();
    (v[v.len() / 2], v[v.len() * 9 / 10])
}

fn ms(d: Duration) -> String {
    format!("{:.2}", d.as_secs_f64() * 1000.0)
}

async fn time<F, Fut>(mut f: F) -> (Duration, Duration)
where
    F: FnMut(usize) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut v = Vec::with_capacity(RUNS);
    for i in 0..RUNS {
        let t = Instant::now();
        f(i).await;
        v.push(t.elapsed());
    }
    stats(v)
}

async fn measure<S: RequestStore + RequestChanges>(
    s: &S,
    baru: &[i64],
    some: i64,
    nik_prefix: &str,
) -> Figures {
    let who = Actor::named("Petugas Bench");
    let req = validate_form(
        &FormInput {
            name: "Siti Aminah".into(),
            nik: "1610014107950001".into(),
            kk: "1610010203150003".into(),
            problem: "Data tidak ditemukan di BPJS Kesehatan".into(),
            wa: "0812-3456-7890".into(),
        },
        sinkron_core::zone::today_wib(),
    )
    .unwrap();
    let kk = photo::process(&sample::phone_photo(1600, 1200, 1)).unwrap();
    let ktp = photo::process(&sample::phone_photo(1200, 800, 1)).unwrap();
    let mut out: Figures = Vec::new();
    let (a, b) = time(|_| async {
        s.list_requests(1, 50).await.unwrap();
    })
    .await;
    out.push(("list, first page (50)", a, b));
    let (a, b) = time(|_| async {
        s.list_requests(100, 50).await.unwrap();
    })
    .await;
    out.push(("list, page 100 (50)", a, b));
    let (a, b) = time(|_| async {
        s.status_counts().await.unwrap();
    })
    .await;
    out.push(("status counts", a, b));
    for (what, status, search) in [
        ("queue: tab Baru, first page", Some(Status::Baru), ""),
        ("queue: NIK prefix (10 digits)", None, nik_prefix),
        ("queue: name part 'rahma'", None, "rahma"),
        ("queue: name part 'yu' (short)", None, "yu"),
    ] {
        let q = QueueQuery {
            status,
            search: search.to_string(),
            limit: 50,
            ..Default::default()
        };
        let (a, b) = time(|_| async {
            s.queue(&q, Utc::now()).await.unwrap();
        })
        .await;
        out.push((what, a, b));
    }
    let (a, b) = time(|_| async {
        s.get_request(some).await.unwrap();
        s.history(some).await.unwrap();
        s.steps(some).await.unwrap();
    })
    .await;
    out.push(("open one (request, history, steps)", a, b));
    let mut versions = Vec::new();
    for id in baru {
        versions.push(s.get_request(*id).await.unwrap().version);
    }
    let (a, b) = time(|i| {
        let (id, version, who) = (baru[i], versions[i], &who);
        async move {
            s.act(id, version, Action::Approve, None, who, Utc::now())
                .await
                .unwrap();
        }
    })
    .await;
    out.push(("approve (row lock / BEGIN IMMEDIATE)", a, b));
    let (a, b) = time(|_| async {
        s.create_desk_request(&req, &who, Utc::now(), &kk, &ktp)
            .await
            .unwrap();
    })
    .await;
    out.push(("save a desk request with 2 photos", a, b));
    for (what, period) in rekap_periods() {
        let (a, b) = time(|_| async {
            rekap::report(s, period, Utc::now(), true).await.unwrap();
        })
        .await;
        out.push((what, a, b));
    }
    out
}

/// A year (last year, whole) and a month (last month), for Rekap.
fn rekap_periods() -> [(&'static str, Period); 2] {
    let year = sinkron_core::zone::today_wib().year() - 1;
    [
        (
            "rekap: a year (last year)",
            Period::Custom {
                from: NaiveDate::from_ymd_opt(year, 1, 1).unwrap(),
                to: NaiveDate::from_ymd_opt(year, 12, 31).unwrap(),
            },
        ),
        ("rekap: a month (last month)", Period::LastMonth),
    ]
}

/// The same period's headline counts grouped straight from the rows by office day, as one
/// would without the summary tables: received per day and channel, status rows per day and
/// status, steps per day, the finished requests' dates. `day` is the backend's expression for
/// a stored stamp's office day (WIB), `?1`/`?2` the period's first and last day.
const NAIVE: [&str; 4] = [
    "SELECT {day(created_at)} AS d, channel, count(*) FROM requests \
     WHERE {day(created_at)} BETWEEN ?1 AND ?2 GROUP BY 1, 2",
    "SELECT {day(at)} AS d, to_status, count(*) FROM status_history \
     WHERE {day(at)} BETWEEN ?1 AND ?2 GROUP BY 1, 2",
    "SELECT {day(at)} AS d, step, count(*) FROM process_steps \
     WHERE {day(at)} BETWEEN ?1 AND ?2 GROUP BY 1, 2",
    "SELECT r.created_at, h.at FROM status_history h JOIN requests r ON r.id = h.request_id \
     WHERE h.to_status = 'Selesai' AND {day(h.at)} BETWEEN ?1 AND ?2",
];

/// [`NAIVE`] for SQLite (`date(at, '+7 hours')`) or PostgreSQL.
fn naive(pg: bool) -> Vec<String> {
    NAIVE
        .iter()
        .map(|sql| {
            let mut sql = sql.to_string();
            for col in ["created_at", "h.at", "at"] {
                let day = if pg {
                    format!("to_char(substr({col}, 1, 19)::timestamp + interval '7 hours', 'YYYY-MM-DD')")
                } else {
                    format!("date({col}, '+7 hours')")
                };
                sql = sql.replace(&format!("{{day({col})}}"), &day);
            }
            if pg {
                sql = sql.replace("?1", "$1").replace("?2", "$2");
            }
            sql
        })
        .collect()
}

/// [`NAIVE`] timed for each of [`rekap_periods`] on `pool`.
async fn naive_times<DB: sqlx::Database>(pool: &sqlx::Pool<DB>, pg: bool) -> Figures
where
    for<'c> &'c sqlx::Pool<DB>: sqlx::Executor<'c, Database = DB>,
    for<'q> <DB as sqlx::Database>::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> String: sqlx::Encode<'q, DB> + sqlx::Type<DB>,
{
    let today = sinkron_core::zone::today_wib();
    let mut out = Vec::new();
    for (what, period) in rekap_periods() {
        let days = period.days(today).unwrap();
        let (from, to) = (days.from.to_string(), days.to.to_string());
        let statements = naive(pg);
        let (a, b) = time(|_| async {
            for sql in &statements {
                let rows = sqlx::query(sql)
                    .bind(from.clone())
                    .bind(to.clone())
                    .fetch_all(pool)
                    .await
                    .unwrap();
                std::hint::black_box(rows.len());
            }
        })
        .await;
        out.push((what, a, b));
    }
    out
}

#[tokio::main]
async fn main() {
    // `[COUNT [DAYS]]`: how many requests, made over how many days before now.
    let numbers: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let count = numbers.first().copied().unwrap_or(100_000);
    let span = numbers.get(1).copied().unwrap_or(400);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bench.db");
    let sqlite = Store::open(&path).await.unwrap();
    let t = Instant::now();
    let total = sqlite
        .seed_synthetic(count, span, Utc::now())
        .await
        .unwrap();
    println!(
        "seeded {total} requests over {span} days into SQLite in {:.1} s",
        t.elapsed().as_secs_f64()
    );
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    let baru: Vec<i64> = sqlx::query_scalar(&format!(
        "SELECT id FROM requests WHERE status = 'Baru' ORDER BY id DESC LIMIT {}",
        5 * RUNS
    ))
    .fetch_all(&raw)
    .await
    .unwrap();
    let some = total / 2;
    let some_nik: String = sqlx::query_scalar("SELECT nik FROM requests WHERE id = ?")
        .bind(some)
        .fetch_one(&raw)
        .await
        .unwrap();
    let nik_prefix = &some_nik[..10];
    raw.close().await;
    assert_eq!(baru.len(), 5 * RUNS, "enough Baru requests to approve");
    // Each timed round approves its own requests (SQLite's file is a separate copy).
    let round: Vec<&[i64]> = baru.chunks(RUNS).collect();
    let baru = round[0];

    let mut server = None;
    if let Ok(url) = std::env::var("SINKRON_TEST_PG_URL") {
        sqlite.close().await;
        let admin = PgStore::connect(&url).await.unwrap();
        let name = format!("sinkron_bench_{}", std::process::id());
        sqlx::raw_sql(&format!("DROP DATABASE IF EXISTS {name}"))
            .execute(admin.pool())
            .await
            .unwrap();
        sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
            .execute(admin.pool())
            .await
            .unwrap();
        let (base, _) = url.rsplit_once('/').unwrap();
        let pg = PgStore::connect(&format!("{base}/{name}")).await.unwrap();
        pg.install().await.unwrap();
        let t = Instant::now();
        let report = pg.import_sqlite(&path).await.unwrap();
        println!(
            "moved onto PostgreSQL in {:.1} s ({} requests, {} history rows, counts checked)",
            t.elapsed().as_secs_f64(),
            report.count("requests"),
            report.count("status_history")
        );
        sqlx::raw_sql("VACUUM ANALYZE")
            .execute(pg.pool())
            .await
            .unwrap();
        server = Some((admin, pg, name));
    }
    let sqlite = Store::open(&path).await.unwrap();
    let on_sqlite = measure(&sqlite, baru, some, nik_prefix).await;
    let mut on_pg = None;
    let mut on_plain = None;
    let mut other = "plain";
    if let Some((_, owner, name)) = &server {
        let url = std::env::var("SINKRON_TEST_PG_URL").unwrap();
        let (base, _) = url.rsplit_once('/').unwrap();
        let options: PgConnectOptions = format!("{base}/{name}").parse().unwrap();
        let plain = PgStore::connect_with(options.clone().ssl_mode(PgSslMode::Disable)).await;
        // A desk works as its operator's own login (schema 7): the server's grants, the audit
        // row's check of its operator, the accounts' functions are all in what is timed.
        sqlx::query("SELECT sinkron_account_create('bench', 'Petugas Bench', 'admin', $1)")
            .bind(sinkron_core::auth::scram_verifier("sandi-bench-kantor"))
            .execute(owner.pool())
            .await
            .unwrap();
        let pg = &PgStore::connect_with(
            options
                .username(&sinkron_pg::operator_login("bench", name))
                .password("sandi-bench-kantor"),
        )
        .await
        .unwrap();
        let tls: bool =
            sqlx::query_scalar("SELECT ssl FROM pg_stat_ssl WHERE pid = pg_backend_pid()")
                .fetch_one(pg.pool())
                .await
                .unwrap();
        println!(
            "PostgreSQL connection: {}",
            if tls { "TLS" } else { "plain TCP" }
        );
        match &plain {
            Ok(plain) => {
                // Round 1 warms both; round 2 is printed.
                measure(plain, round[1], some, nik_prefix).await;
                measure(pg, round[2], some, nik_prefix).await;
                on_plain = Some(measure(plain, round[3], some, nik_prefix).await);
                on_pg = Some(measure(pg, round[4], some, nik_prefix).await);
            }
            Err(e) => {
                // Next to it, the schema owner over the same TLS: what a desk did before its
                // rights were the server's (one shared login, no checks of its own).
                println!("plain TCP: refused by the server ({e}); timed beside: the owner");
                other = "owner";
                measure(owner, round[1], some, nik_prefix).await;
                measure(pg, round[2], some, nik_prefix).await;
                on_plain = Some(measure(owner, round[3], some, nik_prefix).await);
                on_pg = Some(measure(pg, round[4], some, nik_prefix).await);
            }
        }
    }

    println!(
        "\n{:<38} {:>11} {:>11} {:>11} {:>11} {:>11} {:>11}",
        "operation (ms)",
        "SQLite p50",
        "SQLite p90",
        "PG p50",
        "PG p90",
        format!("{other} p50"),
        format!("{other} p90")
    );
    let cell = |f: &Option<Figures>, i: usize| match f {
        Some(f) => (ms(f[i].1), ms(f[i].2)),
        None => ("-".into(), "-".into()),
    };
    for (i, (what, p50, p90)) in on_sqlite.iter().enumerate() {
        let (pg50, pg90) = cell(&on_pg, i);
        let (plain50, plain90) = cell(&on_plain, i);
        println!(
            "{what:<38} {:>11} {:>11} {pg50:>11} {pg90:>11} {plain50:>11} {plain90:>11}",
            ms(*p50),
            ms(*p90)
        );
    }
    // Rekap next to the naive GROUP BY it replaces, on the same data.
    let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    let naive_sqlite = naive_times(&raw, false).await;
    raw.close().await;
    let naive_pg = match &server {
        Some((_, owner, _)) => Some(naive_times(owner.pool(), true).await),
        None => None,
    };
    println!(
        "\n{:<38} {:>11} {:>11} {:>11} {:>11}",
        "naive GROUP BY by office day (ms)", "SQLite p50", "SQLite p90", "PG p50", "PG p90"
    );
    for (i, (what, p50, p90)) in naive_sqlite.iter().enumerate() {
        let (pg50, pg90) = cell(&naive_pg, i);
        println!(
            "{what:<38} {:>11} {:>11} {pg50:>11} {pg90:>11}",
            ms(*p50),
            ms(*p90)
        );
    }
    match server {
        Some((admin, pg, name)) => {
            pg.pool().close().await;
            sqlx::raw_sql(&format!("DROP DATABASE {name} WITH (FORCE)"))
                .execute(admin.pool())
                .await
                .unwrap();
        }
        None => println!(
            "\nPostgreSQL: not measured (SINKRON_TEST_PG_URL is not set; `cargo xtask bench-pg` starts a server)"
        ),
    }
}
