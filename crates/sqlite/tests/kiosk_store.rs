//! The Anjungan against a real SQLite file: a kiosk request is saved with its photos and its
//! receipt's check code opens Cek Status; a NIK with an open request is taken silently; the
//! kiosk settings round-trip through Pengaturan.

use chrono::{TimeZone, Utc};
use sinkron_core::office::check_office;
use sinkron_core::photo::{self, sample};
use sinkron_core::KioskStore as _;
use sinkron_core::RequestChanges as _;
use sinkron_core::RequestStore as _;
use sinkron_core::{validate_form, Actor, Channel, FormInput, ProcessedPhoto, ValidRequest};
use sinkron_sqlite::Store;

fn request() -> ValidRequest {
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "NIK 1610xxxxxxx tdk bisa daftar BPJS / bank".into(),
        wa: "0812-3456-7890".into(),
    };
    validate_form(
        &input,
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap()
}

fn photos() -> (ProcessedPhoto, ProcessedPhoto) {
    let kk = photo::process(&sample::phone_photo(800, 600, 1)).unwrap();
    let ktp = photo::process(&sample::phone_photo(640, 400, 1)).unwrap();
    (kk, ktp)
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap()
}

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("sinkron.db")).await.unwrap();
    (dir, store)
}

#[tokio::test]
async fn kiosk_receipt_code_opens_cek_status() {
    let (_dir, store) = fresh().await;
    let (kk, ktp) = photos();
    let receipt = sinkron_core::kiosk_store::submit(&store, &request(), now(), &kk, &ktp)
        .await
        .unwrap();
    assert_eq!(receipt.reg_number, "SD-261127-0001");
    assert_eq!(receipt.nik_masked, "161001******0001");
    assert_eq!(receipt.at_display, "27 Nov 2026 10.15 WIB");
    assert!(receipt.qr_svg.starts_with("<?xml") || receipt.qr_svg.contains("<svg"));
    let status = store
        .lookup_status(&receipt.reg_number, &receipt.check_code, now())
        .await
        .unwrap();
    assert_eq!(status.status, sinkron_core::Status::Baru);
    let page = store.list_requests(1, 10).await.unwrap();
    assert_eq!(page.items[0].channel, Channel::Kiosk);
}

#[tokio::test]
async fn kiosk_takes_a_nik_with_an_open_request_silently() {
    let (_dir, store) = fresh().await;
    let (kk, ktp) = photos();
    let first = sinkron_core::kiosk_store::submit(&store, &request(), now(), &kk, &ktp).await;
    let second = sinkron_core::kiosk_store::submit(&store, &request(), now(), &kk, &ktp).await;
    assert_eq!(first.unwrap().reg_number, "SD-261127-0001");
    assert_eq!(second.unwrap().reg_number, "SD-261127-0002");
    let open = store.open_requests_for_nik(&request().nik).await.unwrap();
    assert_eq!(open.len(), 2, "both kept for the operators to see");
}

#[tokio::test]
async fn kiosk_settings_default_then_round_trip_through_pengaturan() {
    let (_dir, store) = fresh().await;
    let kiosk = store.kiosk_settings().await.unwrap();
    assert_eq!((kiosk.idle_seconds, kiosk.countdown_seconds), (90, 20));
    assert!(kiosk.keyboard);
    assert_eq!(kiosk.printer, None);
    let mut form = store.office_form().await.unwrap();
    assert_eq!(form.kiosk_idle_seconds, "90");
    form.kiosk_idle_seconds = "45".into();
    form.kiosk_keyboard = false;
    form.kiosk_printer = "192.168.1.50".into();
    let valid = check_office(&form).unwrap();
    let admin = Actor::named("Admin");
    store.save_office(&valid, &admin, now()).await.unwrap();
    let kiosk = store.kiosk_settings().await.unwrap();
    assert_eq!(kiosk.idle_seconds, 45);
    assert!(!kiosk.keyboard);
    assert_eq!(kiosk.printer.unwrap().to_string(), "192.168.1.50:9100");
    assert_eq!(
        store.office_form().await.unwrap().kiosk_printer,
        "192.168.1.50:9100"
    );
}

#[tokio::test]
async fn cek_status_masks_a_nik_typed_into_the_cancellation_note() {
    let (_dir, store) = fresh().await;
    let (kk, ktp) = photos();
    let receipt = sinkron_core::kiosk_store::submit(&store, &request(), now(), &kk, &ktp)
        .await
        .unwrap();
    let id = store.list_requests(1, 10).await.unwrap().items[0].id;
    let note = "NIK 1610014107950001 tidak cocok dengan KK 1610-0102-0315-0003, ajukan ulang";
    store
        .act(
            id,
            1,
            sinkron_core::Action::Cancel,
            Some(note),
            &Actor::named("Rina"),
            now(),
        )
        .await
        .unwrap();
    let shown =
        sinkron_core::kiosk_store::lookup(&store, &receipt.reg_number, &receipt.check_code, now())
            .await
            .unwrap()
            .note
            .expect("the officer's note");
    assert!(!shown.contains("1610014107950001"), "{shown}");
    assert!(!shown.contains("0102-0315"), "{shown}");
    assert!(shown.contains("161001******0001"), "{shown}");
    assert!(shown.contains("ajukan ulang"), "{shown}");
}
