//! What encryption at rest costs a desk, side by side in one run: the same office (COUNT
//! synthetic requests, 50,000 by default, and PHOTOS with real KK and KTP-el photos, 200) in a
//! plain file and in an encrypted one; then a save with photos, a queue page, a name search
//! and a detail (record, history, documents, a preview) on each; and the one-off conversion of
//! the plain file at the first start of a version with encryption.
//! `cargo bench -p sinkron-sqlite --bench encryption [-- COUNT [PHOTOS]]`. Prints; asserts
//! nothing.

use std::path::Path;
use std::time::{Duration, Instant};

use chrono::Utc;
use sinkron_core::photo::{self, sample, ProcessedPhoto};
use sinkron_core::store::{ImageSize, QueueQuery};
use sinkron_core::{
    validate_form, Actor, FormInput, RequestChanges as _, RequestStore as _, ValidRequest,
};
use sinkron_sqlite::{cipher, DbKey, Store};

fn request(serial: u32) -> ValidRequest {
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: format!("16100141079{:05}", serial % 9999 + 1),
        kk: "1610010203150003".into(),
        problem: "Data tidak ditemukan".into(),
        wa: "081234567890".into(),
    };
    validate_form(&input, sinkron_core::zone::today_wib()).unwrap()
}

/// The median of `runs` timings of `f`.
async fn median<F, Fut>(runs: u32, mut f: F) -> Duration
where
    F: FnMut(u32) -> Fut,
    Fut: std::future::Future<Output = ()>,
{
    let mut times = Vec::new();
    for i in 0..runs {
        let t = Instant::now();
        f(i).await;
        times.push(t.elapsed());
    }
    times.sort();
    times[times.len() / 2]
}

struct Figures {
    save: Duration,
    queue: Duration,
    search: Duration,
    detail: Duration,
    mb: f64,
}

async fn fill(store: &Store, count: u32, photos: u32, kk: &ProcessedPhoto, ktp: &ProcessedPhoto) {
    store.seed_synthetic(count, 400, Utc::now()).await.unwrap();
    let actor = Actor::named("Petugas Bench");
    for i in 0..photos {
        store
            .create_desk_request(&request(i), &actor, Utc::now(), kk, ktp)
            .await
            .unwrap();
    }
}

async fn measure(store: &Store, path: &Path, kk: &ProcessedPhoto, ktp: &ProcessedPhoto) -> Figures {
    let actor = &Actor::named("Petugas Bench");
    let save = median(20, |i| async move {
        store
            .create_desk_request(&request(10_000 + i), actor, Utc::now(), kk, ktp)
            .await
            .unwrap();
    })
    .await;
    let page = QueueQuery {
        limit: 50,
        ..Default::default()
    };
    let queue = median(50, |_| async {
        std::hint::black_box(store.queue(&page, Utc::now()).await.unwrap());
    })
    .await;
    let by_name = QueueQuery {
        search: "Aminah".into(),
        limit: 50,
        ..Default::default()
    };
    let search = median(50, |_| async {
        std::hint::black_box(store.queue(&by_name, Utc::now()).await.unwrap());
    })
    .await;
    let newest = store.queue(&page, Utc::now()).await.unwrap().items[0]
        .summary
        .id;
    let detail = median(50, |_| async move {
        std::hint::black_box(store.get_request(newest).await.unwrap());
        std::hint::black_box(store.history(newest).await.unwrap());
        let documents = store.documents_of(newest).await.unwrap();
        std::hint::black_box(
            store
                .document_image(documents[0].id, ImageSize::Preview)
                .await
                .unwrap(),
        );
    })
    .await;
    Figures {
        save,
        queue,
        search,
        detail,
        mb: std::fs::metadata(path).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0,
    }
}

#[tokio::main]
async fn main() {
    let numbers: Vec<u32> = std::env::args()
        .skip(1)
        .filter_map(|a| a.parse().ok())
        .collect();
    let count = numbers.first().copied().unwrap_or(50_000);
    let photos = numbers.get(1).copied().unwrap_or(200);
    let kk = photo::process(&sample::phone_photo(1600, 1130, 1)).unwrap();
    let ktp = photo::process(&sample::phone_photo(1400, 880, 1)).unwrap();
    let dir = tempfile::tempdir().unwrap();
    let key = DbKey::generate().unwrap();

    let mut figures = Vec::new();
    for (label, key) in [("plain", None), ("encrypted", Some(&key))] {
        let path = dir.path().join(format!("{label}.db"));
        let store = Store::open_keyed(&path, key).await.unwrap();
        fill(&store, count, photos, &kk, &ktp).await;
        figures.push((label, measure(&store, &path, &kk, &ktp).await));
        store.close().await;
    }
    println!("{count} requests, {photos} with photos; medians");
    println!(
        "{:<10} {:>10} {:>10} {:>10} {:>10} {:>9}",
        "", "save+foto", "queue 50", "cari nama", "detail", "file MB"
    );
    for (label, f) in &figures {
        println!(
            "{label:<10} {:>10.2?} {:>10.2?} {:>10.2?} {:>10.2?} {:>9.1}",
            f.save, f.queue, f.search, f.detail, f.mb
        );
    }

    let plain = dir.path().join("plain.db");
    let mb = std::fs::metadata(&plain).map(|m| m.len()).unwrap_or(0) as f64 / 1_048_576.0;
    let t = Instant::now();
    cipher::change_key(&plain, None, Some(&key)).await.unwrap();
    let took = t.elapsed();
    println!(
        "first start: the plain file ({mb:.1} MB) encrypted in place in {took:.2?} ({:.0} MB/s)",
        mb / took.as_secs_f64()
    );
}
