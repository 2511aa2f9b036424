//! What citizens' data costs at an office's scale: COUNT synthetic requests (200,000 by
//! default), PHOTOS cancelled 200 days ago with real photos (300), AUDIT audit rows written one
//! by one as desks do (20,000); then the masa simpan count and run (delete, give the space
//! back), the audit chain check an admin's sign-in and Log Audit run, and a person's report.
//! `cargo bench -p sinkron-sqlite --bench privacy [-- COUNT [PHOTOS [AUDIT]]]`. Prints; asserts
//! nothing.

use std::time::Instant;

use chrono::{Duration, Utc};
use sinkron_core::photo::{self, sample};
use sinkron_core::retention::{self, PhotoRule};
use sinkron_core::store::person::person_report;
use sinkron_core::{
    validate_form, AccountStore as _, Action, Actor, FormInput, Nik, RequestChanges as _,
};
use sinkron_sqlite::Store;

fn ms(t: Instant) -> f64 {
    t.elapsed().as_secs_f64() * 1e3
}

#[tokio::main]
async fn main() {
    let numbers: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let count = numbers.first().copied().unwrap_or(200_000);
    let with_photos = numbers.get(1).copied().unwrap_or(300);
    let audit_rows = numbers.get(2).copied().unwrap_or(20_000);
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("sinkron.db");
    let store = Store::open(&live).await.unwrap();
    let t = Instant::now();
    store.seed_synthetic(count, 400, Utc::now()).await.unwrap();
    let kk = photo::process(&sample::phone_photo(1600, 1130, 1)).unwrap();
    let ktp = photo::process(&sample::phone_photo(1400, 880, 1)).unwrap();
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "Data tidak ditemukan".into(),
        wa: "081234567890".into(),
    };
    let old = Utc::now() - Duration::days(200);
    let request = validate_form(&input, old.date_naive()).unwrap();
    let actor = Actor::named("Petugas Bench");
    for _ in 0..with_photos {
        let id = store
            .create_desk_request(&request, &actor, old, &kk, &ktp)
            .await
            .unwrap()
            .id;
        store
            .act(
                id,
                1,
                Action::Cancel,
                Some("Data sudah sesuai"),
                &actor,
                old,
            )
            .await
            .unwrap();
    }
    for i in 0..audit_rows {
        store
            .audit(
                &actor,
                "open_request",
                Some(1 + i64::from(i % 1000)),
                None,
                Utc::now(),
            )
            .await
            .unwrap();
    }
    let size = || std::fs::metadata(&live).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    println!(
        "seeded {count} requests, {with_photos} with photos, {audit_rows} audit rows in {:.1} s; \
         file {:.0} MB",
        t.elapsed().as_secs_f64(),
        size()
    );

    let rule = PhotoRule { days: 90 };
    let t = Instant::now();
    let due = retention::preview(&store, rule, Utc::now()).await.unwrap();
    println!("masa simpan count ({due} due):    {:>8.1} ms", ms(t));
    let t = Instant::now();
    let done = retention::run(&store, rule, &actor, Utc::now())
        .await
        .unwrap();
    println!(
        "masa simpan run ({} photos):    {:>8.1} ms  (file {:.0} MB after)",
        done.photos,
        ms(t),
        size()
    );
    let t = Instant::now();
    let again = retention::run(&store, rule, &actor, Utc::now())
        .await
        .unwrap();
    println!(
        "masa simpan run again ({}):      {:>8.1} ms",
        again.photos,
        ms(t)
    );
    let t = Instant::now();
    let chain = store.check_audit_chain().await.unwrap();
    println!(
        "audit chain check:              {:>8.1} ms  ({chain:?})",
        ms(t)
    );
    let nik = Nik::parse("1610014107950001").unwrap();
    let t = Instant::now();
    let report = person_report(&store, &actor, &nik, Utc::now())
        .await
        .unwrap();
    println!(
        "person's report ({} requests):  {:>8.1} ms",
        report.requests.len(),
        ms(t)
    );
    store.close().await;
}
