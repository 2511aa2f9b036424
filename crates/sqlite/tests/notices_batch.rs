//! WhatsApp notices, batch steps and NIK exports against a real SQLite file.

use chrono::Utc;
use sinkron_core::store::{export_csv, export_niks_text, export_xlsx};
use sinkron_core::AccountPort as _;
use sinkron_core::AccountStore as _;
use sinkron_core::KioskStore as _;
use sinkron_core::RequestChanges as _;
use sinkron_core::RequestStore as _;
use sinkron_core::{validate_form, Action, Actor, Channel, FormInput, Status, Step};
use sinkron_sqlite::Store;

fn rina() -> Actor {
    Actor::named("Rina")
}

async fn fresh() -> (tempfile::TempDir, Store) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("n.db")).await.unwrap();
    (dir, store)
}

async fn add(store: &Store, nik: &str, problem: &str) -> i64 {
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: nik.into(),
        kk: "1610010203150003".into(),
        problem: problem.into(),
        wa: "0812-3456-7890".into(),
    };
    let v = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    store
        .create_request(&v, Channel::Desk, Utc::now())
        .await
        .unwrap()
        .id
}

#[tokio::test]
async fn a_wa_notice_links_to_the_number_and_is_recorded() {
    let (_d, store) = fresh().await;
    let id = add(&store, "1610014107950001", "NIK tidak ditemukan").await;
    let notice = store.open_wa_notice(id, &rina(), Utc::now()).await.unwrap();
    assert!(notice.link.starts_with("https://wa.me/6281234567890?text="));
    assert!(notice.text.contains("SD-"));
    let seen = store.notices(id).await.unwrap();
    assert_eq!((seen.len(), seen[0].status), (1, Status::Baru));
}

#[tokio::test]
async fn a_wa_notice_never_carries_a_nik_or_kk() {
    let (_d, store) = fresh().await;
    let id = add(&store, "1610014107950001", "x").await;
    let note = "NIK 1610014107950001 dan KK 1610010203150003 tidak cocok dengan foto";
    store
        .act(id, 1, Action::Cancel, Some(note), &rina(), Utc::now())
        .await
        .unwrap();
    let notice = store.open_wa_notice(id, &rina(), Utc::now()).await.unwrap();
    for secret in ["1610014107950001", "1610010203150003"] {
        assert!(!notice.text.contains(secret));
        assert!(!notice.link.contains(secret));
    }
    assert!(
        notice.text.contains("tidak cocok"),
        "the rest of the note is kept"
    );
}

#[tokio::test]
async fn an_office_template_replaces_the_default() {
    let (_d, store) = fresh().await;
    let id = add(&store, "1610014107950001", "x").await;
    store
        .save_wa_template(Status::Baru, "Halo {nama}, nomor {nomor}.")
        .await
        .unwrap();
    let notice = store.open_wa_notice(id, &rina(), Utc::now()).await.unwrap();
    assert!(notice.text.starts_with("Halo Siti Aminah, nomor SD-"));
}

#[tokio::test]
async fn a_batch_step_moves_the_approved_and_skips_the_rest() {
    let (_d, store) = fresh().await;
    let a = add(&store, "1610014107950001", "x").await;
    let b = add(&store, "1610014107950002", "x").await;
    let new_one = add(&store, "1610014107950003", "x").await;
    store
        .act(a, 1, Action::Approve, None, &rina(), Utc::now())
        .await
        .unwrap();
    store
        .act(b, 1, Action::Approve, None, &rina(), Utc::now())
        .await
        .unwrap();
    let out = store
        .record_step_batch(
            &[a, b, new_one, 999],
            Step::KonsolidasiManual,
            Some("batch 1"),
            &rina(),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(out.done, [a, b]);
    assert_eq!(
        out.skipped.iter().map(|s| s.0).collect::<Vec<_>>(),
        [new_one, 999]
    );
    assert_eq!(store.get_request(a).await.unwrap().status, Status::Diproses);
    assert_eq!(store.steps(b).await.unwrap().len(), 1);
    assert_eq!(
        store.get_request(new_one).await.unwrap().status,
        Status::Baru
    );
}

#[tokio::test]
async fn exports_keep_the_nik_as_text() {
    let (_d, store) = fresh().await;
    let a = add(&store, "1610014107950001", "anak 1610010101240002 juga").await;
    let rows = store.export_rows(&[a]).await.unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(
        export_niks_text(&rows),
        "1610014107950001\r\n1610010101240002"
    );
    let csv = String::from_utf8(export_csv(&rows)).unwrap();
    assert!(csv.starts_with('\u{feff}'));
    assert!(csv.contains(";=\"1610014107950001\";Baru\r\n"));
    let xlsx = export_xlsx(&rows).unwrap();
    assert_eq!(&xlsx[..2], b"PK", "an XLSX is a zip file");
}

#[tokio::test]
async fn the_check_code_opens_only_its_own_request_status() {
    let (_d, store) = fresh().await;
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "x".into(),
        wa: "0812-3456-7890".into(),
    };
    let v = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    let made = store
        .create_request(&v, Channel::Kiosk, Utc::now())
        .await
        .unwrap();
    let other = store
        .create_request(&v, Channel::Kiosk, Utc::now())
        .await
        .unwrap();
    let seen = store
        .lookup_status(
            &made.reg_number,
            &made.check_code.to_lowercase(),
            Utc::now(),
        )
        .await
        .unwrap();
    assert_eq!(
        (seen.status, seen.reg_number.as_str()),
        (Status::Baru, made.reg_number.as_str())
    );
    let json = serde_json::to_string(&seen).unwrap();
    assert!(
        !json.contains("1610014107950001") && !json.contains("Siti"),
        "{json}"
    );
    let err = store
        .lookup_status(&made.reg_number, &other.check_code, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(err.code(), "lookup_no_match");
}

#[tokio::test]
async fn wrong_check_codes_lock_the_number_for_a_while() {
    let (_d, store) = fresh().await;
    let id = add(&store, "1610014107950001", "x").await;
    let reg = store.get_request(id).await.unwrap().reg_number;
    let t0 = Utc::now();
    for i in 0..5 {
        let _ = store
            .lookup_status(&reg, "XXXXXX", t0 + chrono::Duration::seconds(i))
            .await;
    }
    let err = store
        .lookup_status(&reg, "XXXXXX", t0 + chrono::Duration::seconds(6))
        .await
        .unwrap_err();
    assert_eq!(err.code(), "lookup_locked_out");
}

#[tokio::test]
async fn a_cancelled_request_shows_the_officers_note() {
    let (_d, store) = fresh().await;
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "x".into(),
        wa: "0812-3456-7890".into(),
    };
    let v = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    let made = store
        .create_request(&v, Channel::Desk, Utc::now())
        .await
        .unwrap();
    let note = "Foto KK tidak terbaca, silakan ajukan ulang";
    store
        .act(made.id, 1, Action::Cancel, Some(note), &rina(), Utc::now())
        .await
        .unwrap();
    let seen = store
        .lookup_status(&made.reg_number, &made.check_code, Utc::now())
        .await
        .unwrap();
    assert_eq!(seen.note.as_deref(), Some(note));
}

#[tokio::test]
async fn settings_page_saves_whole_and_reads_back() {
    use sinkron_core::office::check_office;
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(&dir.path().join("office.db")).await.unwrap();
    let mut form = store.office_form().await.unwrap();
    assert_eq!(form.templates.len(), 5, "every status has its template");
    form.office_name = "Disdukcapil Kabupaten Ogan Ilir".into();
    form.operator_name = "Rina".into();
    form.target_days = "5".into();
    form.saturday_is_workday = true;
    form.holidays = "2026-12-25 Natal".into();
    form.templates
        .insert("Baru".into(), "Halo {nama}, nomor {nomor}.".into());
    let valid = check_office(&form).unwrap();
    store
        .save_office(
            &valid,
            &sinkron_core::Actor::named("Rina"),
            chrono::Utc::now(),
        )
        .await
        .unwrap();
    let back = store.office_form().await.unwrap();
    assert_eq!(back.office_name, "Disdukcapil Kabupaten Ogan Ilir");
    assert_eq!(back.target_days, "5");
    assert!(back.saturday_is_workday);
    assert_eq!(back.holidays, "2026-12-25");
    assert_eq!(back.templates["Baru"], "Halo {nama}, nomor {nomor}.");
    let cal = store.calendar().await.unwrap();
    assert_eq!(cal.target_days, 5);
}

#[tokio::test]
async fn a_reprinted_receipt_s_code_opens_cek_status_and_the_old_one_no_longer_does() {
    let (_d, store) = fresh().await;
    let input = FormInput {
        name: "Siti Aminah".into(),
        nik: "1610014107950001".into(),
        kk: "1610010203150003".into(),
        problem: "x".into(),
        wa: "0812-3456-7890".into(),
    };
    let v = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    let made = store
        .create_request(&v, Channel::Desk, Utc::now())
        .await
        .unwrap();
    let again = store
        .reprint_receipt(made.id, &rina(), Utc::now())
        .await
        .unwrap();
    assert_eq!(again.reg_number, made.reg_number);
    assert_eq!(again.nik_masked, "161001******0001");
    assert!(again.reprinted_display.is_some(), "says it is a reprint");
    let new_code = again.check_code.replace(' ', "");
    assert_ne!(new_code, made.check_code);
    let old = store
        .lookup_status(&made.reg_number, &made.check_code, Utc::now())
        .await
        .unwrap_err();
    assert_eq!(old.code(), "lookup_no_match");
    let seen = store
        .lookup_status(&made.reg_number, &again.check_code, Utc::now())
        .await
        .unwrap();
    assert_eq!(seen.reg_number, made.reg_number);
    let audit = store
        .audit_entries(&sinkron_core::AuditFilter::default())
        .await
        .unwrap();
    let row = audit
        .iter()
        .find(|e| e.action == "reprint_receipt")
        .expect("an audit row for the reprint");
    assert_eq!(row.request_id, Some(made.id));
}

#[tokio::test]
async fn a_receipt_for_a_request_that_does_not_exist_is_not_found() {
    let (_d, store) = fresh().await;
    let e = store
        .reprint_receipt(404, &rina(), Utc::now())
        .await
        .unwrap_err();
    assert!(
        matches!(e, sinkron_core::StoreError::NotFound(404)),
        "{e:?}"
    );
}

#[tokio::test]
async fn printing_a_case_file_is_audited_with_who_and_which_request() {
    let (_d, store) = fresh().await;
    let id = add(&store, "1610014107950001", "x").await;
    let printed = store
        .record_case_print(id, &rina(), Utc::now())
        .await
        .unwrap();
    assert_eq!(printed.printed_by, "Rina");
    assert!(printed.printed_at_display.ends_with("WIB"), "{printed:?}");
    let audit = store
        .audit_entries(&sinkron_core::AuditFilter::default())
        .await
        .unwrap();
    assert!(
        audit
            .iter()
            .any(|e| e.action == "print_case_file" && e.request_id == Some(id)),
        "{audit:?}"
    );
}

#[tokio::test]
async fn the_list_keeps_the_requests_an_operator_handled_and_those_of_a_channel() {
    let (_d, store) = fresh().await;
    let admin = store
        .create_first_admin(
            "dewi",
            "Dewi",
            "kata-sandi-kantor-1",
            "kata-sandi-kantor-1",
            "PC",
            Utc::now(),
        )
        .await
        .unwrap();
    let dewi = admin.actor("PC");
    let untouched = add(&store, "1610014107950001", "x").await;
    let approved = add(&store, "1610010107950002", "x").await;
    store
        .act(approved, 1, Action::Approve, None, &dewi, Utc::now())
        .await
        .unwrap();
    let input = FormInput {
        name: "Rudi".into(),
        nik: "1610010107950003".into(),
        kk: "1610010203150003".into(),
        problem: "x".into(),
        wa: "0812-3456-7890".into(),
    };
    let v = validate_form(&input, sinkron_core::zone::today_wib()).unwrap();
    let from_kiosk = store
        .create_request(&v, Channel::Kiosk, Utc::now())
        .await
        .unwrap()
        .id;
    let shown = |q: sinkron_core::QueueQuery| {
        let store = store.clone();
        async move {
            store
                .queue(&q, Utc::now())
                .await
                .unwrap()
                .items
                .iter()
                .map(|i| i.summary.id)
                .collect::<Vec<_>>()
        }
    };
    let by_dewi = sinkron_core::QueueQuery {
        operator_id: Some(admin.id),
        ..Default::default()
    };
    assert_eq!(shown(by_dewi).await, [approved]);
    let kiosk = sinkron_core::QueueQuery {
        channel: Some(Channel::Kiosk),
        ..Default::default()
    };
    assert_eq!(shown(kiosk).await, [from_kiosk]);
    let desk = sinkron_core::QueueQuery {
        channel: Some(Channel::Desk),
        ..Default::default()
    };
    assert_eq!(shown(desk).await, [approved, untouched]);
}
