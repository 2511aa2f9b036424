//! A request and its two photos are saved in one transaction and read back
//! one rendition at a time, against a real SQLite file.

use chrono::{TimeZone, Utc};
use sinkron_core::photo::{self, sample};
use sinkron_core::AccountPort;
use sinkron_core::RequestChanges as _;
use sinkron_core::RequestStore as _;
use sinkron_core::{
    validate_form, Channel, DocumentKind, FormInput, ImageSize, ProcessedPhoto, ValidRequest,
};
use sinkron_sqlite::Store;

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
        chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap(),
    )
    .unwrap()
}

fn photos() -> (ProcessedPhoto, ProcessedPhoto) {
    let kk = photo::process(&sample::phone_photo(800, 600, 6)).unwrap();
    let rgb = sample::document_rgb(500, 320);
    let mut png = Vec::new();
    let mut encoder = png::Encoder::new(&mut png, 500, 320);
    encoder.set_color(png::ColorType::Rgb);
    let mut writer = encoder.write_header().unwrap();
    writer.write_image_data(&rgb).unwrap();
    writer.finish().unwrap();
    let ktp = photo::process(&png).unwrap();
    (kk, ktp)
}

async fn fresh() -> (tempfile::TempDir, std::path::PathBuf, Store) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("sinkron.db");
    let store = Store::open(&path).await.unwrap();
    (dir, path, store)
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 27, 3, 15, 0).unwrap()
}

#[tokio::test]
async fn a_request_and_both_photos_are_saved_together() {
    let (_dir, _path, store) = fresh().await;
    let (kk, ktp) = photos();
    let created = store
        .create_request_with_photos(&request(), Channel::Kiosk, now(), &kk, &ktp)
        .await
        .unwrap();
    assert_eq!(created.reg_number, "SD-261127-0001");
    assert_eq!(store.history(created.id).await.unwrap().len(), 1);
    let docs = store.documents_of(created.id).await.unwrap();
    assert_eq!(docs.len(), 2);
    assert_eq!(docs[0].kind, DocumentKind::Kk);
    assert_eq!(docs[1].kind, DocumentKind::Ktp);
    assert_eq!((docs[0].width, docs[0].height), (800, 600));
    assert_eq!(docs[0].mime, "image/jpeg");
    assert_eq!(docs[0].sha256, kk.sha256);
    assert_eq!(docs[0].byte_size, kk.original.len() as i64);
    assert_eq!(docs[1].mime, "image/png");
    assert_eq!(docs[1].request_id, created.id);
    let info = store.document_info(docs[1].id).await.unwrap().unwrap();
    assert_eq!(info, docs[1]);
}

#[tokio::test]
async fn document_image_returns_each_size() {
    let (_dir, _path, store) = fresh().await;
    let (kk, ktp) = photos();
    let created = store
        .create_request_with_photos(&request(), Channel::Desk, now(), &kk, &ktp)
        .await
        .unwrap();
    let docs = store.documents_of(created.id).await.unwrap();
    let image = |i: usize, size| {
        let store = store.clone();
        let id = docs[i].id;
        async move { store.document_image(id, size).await.unwrap().unwrap() }
    };
    assert_eq!(
        image(0, ImageSize::Thumb).await,
        ("image/jpeg".to_string(), kk.thumbnail.jpeg.clone())
    );
    assert_eq!(
        image(0, ImageSize::Preview).await,
        ("image/jpeg".to_string(), kk.preview.jpeg.clone())
    );
    assert_eq!(
        image(0, ImageSize::Original).await,
        ("image/jpeg".to_string(), kk.original.clone())
    );
    assert_eq!(
        image(1, ImageSize::Original).await,
        ("image/png".to_string(), ktp.original.clone())
    );
    assert_eq!(
        image(1, ImageSize::Thumb).await.0,
        "image/jpeg",
        "a PNG's thumbnail is a JPEG"
    );
    assert_eq!(
        store.document_image(9_999, ImageSize::Thumb).await.unwrap(),
        None
    );
    assert!(store.documents_of(9_999).await.unwrap().is_empty());
    assert_eq!(ImageSize::parse("preview"), Some(ImageSize::Preview));
    assert_eq!(ImageSize::parse("../etc"), None);
}

#[tokio::test]
async fn a_failure_after_the_request_insert_leaves_nothing() {
    let (_dir, path, store) = fresh().await;
    // The second document's insert fails, after the request, its history row,
    // its number and the first document were written.
    let side = sqlx::SqlitePool::connect(&format!("sqlite:{}", path.display()))
        .await
        .unwrap();
    sqlx::query(
        "CREATE TRIGGER refuse_ktp BEFORE INSERT ON documents WHEN NEW.kind = 'ktp' \
         BEGIN SELECT RAISE(ABORT, 'disk full'); END",
    )
    .execute(&side)
    .await
    .unwrap();
    let (kk, ktp) = photos();
    let err = store
        .create_request_with_photos(&request(), Channel::Kiosk, now(), &kk, &ktp)
        .await
        .unwrap_err();
    assert_eq!(err.code(), "storage_failed");
    for table in ["requests", "status_history", "documents", "reg_sequences"] {
        let n: i64 = sqlx::query_scalar(&format!("SELECT COUNT(*) FROM {table}"))
            .fetch_one(&side)
            .await
            .unwrap();
        assert_eq!(n, 0, "{table} kept a row");
    }
    sqlx::query("DROP TRIGGER refuse_ktp")
        .execute(&side)
        .await
        .unwrap();
    let created = store
        .create_request_with_photos(&request(), Channel::Kiosk, now(), &kk, &ktp)
        .await
        .unwrap();
    assert_eq!(
        created.reg_number, "SD-261127-0001",
        "the number was not used up"
    );
}

#[tokio::test]
async fn a_desk_request_names_its_operator_in_history_and_audit() {
    let (_d, _p, store) = fresh().await;
    let (kk, ktp) = photos();
    let rina = sinkron_core::Actor {
        operator_id: None,
        name: "Rina Sari".into(),
        role: None,
        workstation: "LOKET-1".into(),
    };
    let created = store
        .create_desk_request(&request(), &rina, now(), &kk, &ktp)
        .await
        .unwrap();
    let history = store.history(created.id).await.unwrap();
    assert_eq!(history[0].operator_name, "Rina Sari");
    let audit = store
        .audit_entries(&sinkron_core::AuditFilter {
            action: Some("create_request".into()),
            limit: 10,
            ..Default::default()
        })
        .await
        .unwrap();
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].request_id, Some(created.id));
}
