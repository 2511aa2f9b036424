//! Prints how fast the core does what a desk does all day: parse a NIK, check
//! a whole form, save a request (one fsync'd transaction), read a list page.
//! `cargo bench -p sinkron-core`. Figures only; nothing here asserts a time.

use sinkron_core::RequestStore as _;
use std::hint::black_box;
use std::time::{Duration, Instant};

use chrono::Utc;
use sinkron_core::{check_form, validate_form, Channel, FormInput, Nik};
use sinkron_sqlite::Store;

fn report(what: &str, n: u32, took: Duration) {
    let per = took / n;
    println!("{what:<40} {n:>7} runs  {per:>12.2?} each");
}

fn input(serial: u32) -> FormInput {
    FormInput {
        name: "Drs. H. Ahmad, S.H.".into(),
        nik: format!("1610 0141 0795 {serial:04}"),
        kk: "1610-0102-0315-0003".into(),
        problem: "NIK 1610014107950001 tdk bisa daftar BPJS / data tidak ditemukan di BANK".into(),
        wa: "+62 812-3456-7890".into(),
    }
}

fn main() {
    let today = sinkron_core::zone::today_wib();

    let n = 200_000;
    let t = Instant::now();
    for i in 0..n {
        black_box(Nik::parse_on(black_box(&format!("16100141079{:05}", i % 9999 + 1)), today).ok());
    }
    report("Nik::parse", n, t.elapsed());

    let n = 50_000;
    let form = input(1);
    let t = Instant::now();
    for _ in 0..n {
        black_box(check_form(black_box(&form), today));
    }
    report("check_form (5 fields)", n, t.elapsed());

    let rt = tokio::runtime::Runtime::new().unwrap();
    rt.block_on(async {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open(&dir.path().join("bench.db")).await.unwrap();
        let n = 500;
        let reqs: Vec<_> = (1..=n)
            .map(|i| validate_form(&input(i), today).unwrap())
            .collect();
        let mut worst = Duration::ZERO;
        let t = Instant::now();
        for r in &reqs {
            let one = Instant::now();
            store
                .create_request(r, Channel::Desk, Utc::now())
                .await
                .unwrap();
            worst = worst.max(one.elapsed());
        }
        report("create_request (WAL, synchronous=FULL)", n, t.elapsed());
        println!("{:<40} {worst:>32.2?}", "  slowest single save");

        let n = 200;
        let t = Instant::now();
        for i in 0..n {
            black_box(store.list_requests(i % 10 + 1, 50).await.unwrap());
        }
        report("list_requests (50 rows of 500)", n, t.elapsed());
    });
}
