//! Backups at an office's scale: COUNT synthetic requests (200,000 by default) plus PHOTOS
//! requests saved with real KK and KTP-el photos (2,000 by default), then the times of the
//! start-up `quick_check`, a full `integrity_check`, a backup (copy + verify + rename), the
//! copy's verification on its own, an encrypted backup (age with a passphrase: copy, verify,
//! encrypt, read back), and restores of both; with the files' sizes.
//! `cargo bench -p sinkron-core --bench backup [-- COUNT [PHOTOS]]`. Prints; asserts nothing.

use std::time::Instant;

use chrono::Utc;
use sinkron_core::backup::Retention;
use sinkron_core::photo::{self, sample};
use sinkron_core::{validate_form, FormInput};
use sinkron_sqlite::backup;
use sinkron_sqlite::Store;

fn mb(bytes: u64) -> f64 {
    bytes as f64 / 1_048_576.0
}

#[tokio::main]
async fn main() {
    let numbers: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let count = numbers.first().copied().unwrap_or(200_000);
    let with_photos = numbers.get(1).copied().unwrap_or(2_000);
    let dir = tempfile::tempdir().unwrap();
    let live = dir.path().join("sinkron.db");
    let store = Store::open(&live).await.unwrap();
    let t = Instant::now();
    store.seed_synthetic(count, 400, Utc::now()).await.unwrap();
    let kk = photo::process(&sample::phone_photo(1600, 1130, 1)).unwrap();
    let ktp = photo::process(&sample::phone_photo(1400, 880, 1)).unwrap();
    let input = FormInput {
        name: "Contoh Foto".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "Data tidak ditemukan".into(),
        wa: "081234567890".into(),
    };
    let request = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    for _ in 0..with_photos {
        sinkron_core::kiosk_store::submit(&store, &request, Utc::now(), &kk, &ktp)
            .await
            .unwrap();
    }
    let size = std::fs::metadata(&live).map(|m| m.len()).unwrap_or(0);
    println!(
        "seeded {count} requests + {with_photos} with photos ({:.0} KB per pair) in {:.1} s; \
         file {:.0} MB",
        (kk.original.len()
            + kk.preview.jpeg.len()
            + kk.thumbnail.jpeg.len()
            + ktp.original.len()
            + ktp.preview.jpeg.len()
            + ktp.thumbnail.jpeg.len()) as f64
            / 1024.0,
        t.elapsed().as_secs_f64(),
        mb(size)
    );

    let t = Instant::now();
    let quick = store.quick_check().await.unwrap();
    println!(
        "quick_check (every start): {:>8.0} ms  ({quick})",
        t.elapsed().as_secs_f64() * 1e3
    );
    let t = Instant::now();
    let full = store.integrity_check().await.unwrap();
    println!(
        "integrity_check:           {:>8.0} ms  ({full})",
        t.elapsed().as_secs_f64() * 1e3
    );

    let folder = dir.path().join("cadangan");
    let t = Instant::now();
    let report = store
        .backup_into(&folder, Utc::now(), &Retention::default(), None)
        .await
        .unwrap();
    println!(
        "backup (copy+verify+rename):{:>8.0} ms  ({:.0} MB, {} requests, {} photos)",
        t.elapsed().as_secs_f64() * 1e3,
        mb(report.copy.bytes),
        report.requests,
        report.documents
    );
    let t = Instant::now();
    backup::verify(&report.copy.path, None).await.unwrap();
    println!(
        "verify a copy:             {:>8.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );

    let passphrase = sinkron_core::backup::Passphrase::parse("kopi pagi di kantor desa").unwrap();
    let t = Instant::now();
    let sealed = store
        .backup_into(
            // Its own folder: retention keeps one copy a day, and the plain one is restored
            // below too.
            &dir.path().join("cadangan-terenkripsi"),
            Utc::now(),
            &Retention::default(),
            Some(&passphrase),
        )
        .await
        .unwrap();
    println!(
        "encrypted backup (+encrypt+read back): {:>5.0} ms  ({:.0} MB)",
        t.elapsed().as_secs_f64() * 1e3,
        mb(sealed.copy.bytes)
    );

    store.close().await;
    drop(store);
    let now = sinkron_core::OfficeZone::Wib.local_time(Utc::now());
    let t = Instant::now();
    let restored = backup::restore(&sealed.copy.path, &live, now, Some(&passphrase), None)
        .await
        .unwrap();
    println!(
        "restore an encrypted copy: {:>8.0} ms  ({} requests)",
        t.elapsed().as_secs_f64() * 1e3,
        restored.facts.requests
    );
    let now = now + chrono::Duration::seconds(1);
    let t = Instant::now();
    let restored = backup::restore(&report.copy.path, &live, now, None, None)
        .await
        .unwrap();
    println!(
        "restore (verify+copy+check+swap): {:>4.0} ms  ({} requests)",
        t.elapsed().as_secs_f64() * 1e3,
        restored.facts.requests
    );
    let t = Instant::now();
    let back = Store::open_checked(&live, None).await.unwrap();
    println!(
        "open the restored file:    {:>8.0} ms",
        t.elapsed().as_secs_f64() * 1e3
    );
    back.close().await;
}
