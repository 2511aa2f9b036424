//! The office's own file on a disk that fills up (a small tmpfs this test mounts, as root):
//! the save that no longer fits is refused whole with `storage_full` and words an operator can
//! act on, every request committed before it is still there and whole, and once space is freed
//! the next save goes through.

use sinkron_core::RequestChanges as _;
use sinkron_core::RequestStore as _;

use chrono::{DateTime, TimeZone, Utc};
use sinkron_core::photo::{self, sample};
use sinkron_core::{validate_form, Actor, FormInput, ValidRequest};
use sinkron_sqlite::Store;
use sinkron_testing::disk::SmallDisk;

fn request() -> ValidRequest {
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "NIK tidak bisa daftar BPJS".into(),
        wa: "0812-3456-7890".into(),
    };
    validate_form(
        &input,
        chrono::NaiveDate::from_ymd_opt(2026, 12, 4).unwrap(),
    )
    .unwrap()
}

fn at(second: i64) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 12, 4, 1, 0, 0).unwrap() + chrono::Duration::seconds(second)
}

#[cfg(target_os = "linux")]
#[tokio::test]
async fn a_full_disk_refuses_a_save_whole_and_loses_nothing_committed() {
    let Some(disk) = SmallDisk::mount(3 * 1024) else {
        return;
    };
    let live = disk.path.join("sinkron.db");
    let store = Store::open(&live).await.unwrap();
    let who = Actor::named("Petugas Uji");
    let kk = photo::process(&sample::phone_photo(1600, 1200, 1)).unwrap();
    let ktp = photo::process(&sample::phone_photo(1200, 800, 2)).unwrap();
    let mut saved = 0;
    let mut refused = None;
    for i in 0..500 {
        match store
            .create_desk_request(&request(), &who, at(i), &kk, &ktp)
            .await
        {
            Ok(_) => saved += 1,
            Err(e) => {
                refused = Some(e);
                break;
            }
        }
    }
    let refused = refused.expect("the small disk filled up");
    assert!(saved > 0, "not even one request fitted");
    assert_eq!(refused.code().as_str(), "storage_full", "{refused}");
    let said = refused.payload().message;
    assert!(said.contains("Disk penyimpanan data penuh"), "{said}");
    assert!(said.contains("sudah tersimpan aman"), "{said}");

    // Nothing half-saved, nothing lost.
    assert_eq!(store.list_requests(1, 1).await.unwrap().total, saved);
    assert_eq!(store.integrity_check().await.unwrap(), "ok");

    // Space freed: the same save goes through.
    disk.resize(64 * 1024);
    store
        .create_desk_request(&request(), &who, at(1000), &kk, &ktp)
        .await
        .expect("saved once there is room");
    store.close().await;
    drop(store);
    let back = Store::open_checked(&live, None)
        .await
        .expect("the file opens");
    assert_eq!(back.list_requests(1, 1).await.unwrap().total, saved + 1);
    assert_eq!(back.integrity_check().await.unwrap(), "ok");
    back.close().await;
}
