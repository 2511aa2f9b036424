//! Rekap in the real window (issue 20): three months of synthetic requests on the office's file,
//! the month's figures on screen equal to what the core reports for the same file, last month
//! and a custom range, a reversed range refused beside the dates, and an overdue request a
//! click away from its detail view. Then the report as the office sends it: the signature block
//! typed in Pengaturan (a short NIP refused beside its field), *Cetak* printed to an A4 PDF
//! (headless Chromium, as `paper.rs` does) and read back, *Unduh Excel* saved and read back.
//! Screenshots at 1366×768; the PDF's pages as PNG.

use calamine::{Data, Reader, Xlsx};
use chrono::Utc;
use serde_json::json;
use sinkron_core::rekap::workbook;
use sinkron_core::rekap::{self, Period};
use sinkron_e2e::paper::{
    out_dir, pdf_pages, pdf_png, pdf_text, print_to_pdf, printed, stub_print,
};
use sinkron_e2e::ui::{click, text_of, WAIT};
use sinkron_e2e::{Harness, Session};
use sinkron_sqlite::Store;

/// The number shown in a tile (`1.234` as the office writes it); an error while the page is
/// drawing it again (the node replaced under the query), for a wait to try again.
fn tile_now(s: &Session, id: &str) -> sinkron_e2e::webdriver::Result<i64> {
    let text = text_of(s, &format!("#{id} .rk-tile-value"))?.unwrap_or_default();
    Ok(text.replace('.', "").trim().parse().unwrap_or(-1))
}

/// [`tile_now`] once the page is drawn.
fn tile(s: &Session, id: &str) -> i64 {
    tile_now(s, id).unwrap()
}

/// Types `value` into the input `css` as a person would (an `input` event follows).
fn set_value(s: &Session, css: &str, value: &str) {
    s.execute(
        "const i = document.querySelector(arguments[0]); i.value = arguments[1]; \
         i.dispatchEvent(new Event('input', { bubbles: true }));",
        json!([css, value]),
    )
    .unwrap();
}

#[test]
fn the_rekap_shows_the_cores_figures_for_a_month_and_a_range() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("rekap.db");
    // The first start makes the admin; then three months of requests are added to the file.
    harness.launch(&db).delete().expect("close the desk");
    let now = Utc::now();
    let (this_month, last_month) = tokio::runtime::Runtime::new().unwrap().block_on(async {
        let store = Store::open(&db).await.unwrap();
        store.seed_synthetic(2_500, 92, now).await.unwrap();
        let month = rekap::report(&store, Period::ThisMonth, now, true)
            .await
            .unwrap();
        let last = rekap::report(&store, Period::LastMonth, now, true)
            .await
            .unwrap();
        store.close().await;
        (month, last)
    });
    assert!(last_month.summary.received > 0, "seeded last month");

    let s = harness.launch(&db);
    harness.step(&s, "rekap-1-month", || {
        click(&s, "#nav-recap").unwrap();
        s.wait_until("the month's figures", WAIT, |s| {
            text_of(s, "#rk-received .rk-tile-value")
        })
        .unwrap();
        assert_eq!(tile(&s, "rk-received"), this_month.summary.received);
        assert_eq!(tile(&s, "rk-finished"), this_month.summary.finished);
        assert_eq!(tile(&s, "rk-cancelled"), this_month.summary.cancelled);
        // The chart's numbers are in its table, one row per day of the month so far.
        let rows = s
            .execute(
                "return document.querySelectorAll('#rk-chart-received-table tbody tr').length",
                json!([]),
            )
            .unwrap()
            .as_u64()
            .unwrap();
        assert_eq!(rows as usize, this_month.by_day.len());
        // The admin sees each operator's work.
        assert!(!s.find_all("#rk-operators").unwrap().is_empty());
    });
    harness.screenshot(&s, "rekap-1-month");
    s.execute(
        "document.querySelector('#rk-operators').scrollIntoView({ block: 'end' })",
        json!([]),
    )
    .unwrap();
    harness.screenshot(&s, "rekap-1-month-below");

    harness.step(&s, "rekap-2-last-month", || {
        click(&s, "[data-period='last_month']").unwrap();
        s.wait_until("last month's figures", WAIT, |s| {
            Ok((tile_now(s, "rk-received")? == last_month.summary.received).then_some(()))
        })
        .unwrap();
        assert_eq!(tile(&s, "rk-finished"), last_month.summary.finished);
    });
    harness.screenshot(&s, "rekap-2-last-month");

    harness.step(&s, "rekap-3-custom", || {
        click(&s, "[data-period='custom']").unwrap();
        s.wait_for("#rk-from", WAIT).unwrap();
        let set = |css: &str, value: &str| set_value(&s, css, value);
        set("#rk-from", "2026-12-31");
        set("#rk-to", "2026-01-01");
        click(&s, "#rk-apply").unwrap();
        s.wait_until("the reversed range refused", WAIT, |s| {
            text_of(s, "#rk-msg .msg-error")
        })
        .map(|text| assert!(text.contains("Tanggal awal"), "{text}"))
        .unwrap();
    });

    harness.step(&s, "rekap-4-overdue", || {
        click(&s, "[data-period='this_month']").unwrap();
        // Last month's page stays until this month's is drawn: wait for this month's figures.
        s.wait_until("this month's overdue list", WAIT, |s| {
            Ok((tile_now(s, "rk-received")? == this_month.summary.received)
                .then_some(())
                .and(text_of(s, "#rk-overdue-title")?))
        })
        .unwrap();
        if let Some(first) = this_month.overdue.first() {
            let button = format!("#rk-overdue [data-id='{}']", first.id);
            s.wait_until("the overdue request's button", WAIT, |s| {
                click(s, &button).map(Some)
            })
            .unwrap();
            s.wait_until("the overdue request's detail", WAIT, |s| {
                Ok(text_of(s, "#d-title")?.filter(|t| t.trim() == first.reg_number))
            })
            .unwrap();
        }
    });

    harness.step(&s, "rekap-5-signer", || {
        click(&s, "#nav-settings").unwrap();
        s.wait_for("#s-signerNip", WAIT).unwrap();
        let set = |css: &str, value: &str| set_value(&s, css, value);
        set("#s-signerPlace", "Indralaya");
        set("#s-signerName", "Drs. H. Ahmad Fauzi, M.Si");
        set("#s-signerNip", "1980 0101");
        click(&s, "#settings-save").unwrap();
        s.wait_until("the short NIP refused", WAIT, |s| {
            text_of(s, "#s-signerNip-msg .msg-error")
        })
        .map(|text| assert!(text.contains("18 angka"), "{text}"))
        .unwrap();
        // Typed without spaces, shown back as it is printed once saved.
        set("#s-signerNip", "198001012005011001");
        click(&s, "#settings-save").unwrap();
        s.wait_until("saved", WAIT, |s| {
            Ok(text_of(s, "#settings-status")?
                .filter(|t| t.contains("tersimpan") || t.contains("Tersimpan")))
        })
        .unwrap();
        let shown = s
            .execute(
                "return document.querySelector('#s-signerNip').value",
                json!([]),
            )
            .unwrap();
        assert_eq!(shown.as_str(), Some("19800101 200501 1 001"));
    });
    harness.screenshot(&s, "rekap-5-signer");

    let month_dir = tempfile::tempdir().expect("temp dir");
    harness.step(&s, "rekap-6-print", || {
        click(&s, "#nav-recap").unwrap();
        s.wait_until("the month's figures", WAIT, |s| {
            text_of(s, "#rk-received .rk-tile-value")
        })
        .unwrap();
        s.wait_until("the print button", WAIT, |s| {
            Ok(s.execute(
                "return !document.querySelector('#rk-print').disabled",
                json!([]),
            )?
            .as_bool()
            .filter(|b| *b))
        })
        .unwrap();
        stub_print(&s);
        click(&s, "#rk-print").unwrap();
        s.wait_until("the print dialog", WAIT, |s| {
            Ok((printed(s) >= 1).then_some(()))
        })
        .unwrap();
        let pdf = print_to_pdf(&s, "rekap-month", &[]);
        pdf_png(&pdf, "rekap-month");
        let pages = pdf_pages(&pdf);
        assert!((pages.width_mm - 210.0).abs() < 1.0, "A4: {pages:?}");
        let text = pdf_text(&pdf);
        for part in [
            "REKAPITULASI LAYANAN SINKRONISASI DATA",
            "Pengajuan diterima",
            "Ketepatan waktu",
            "Pengajuan diterima per hari",
            "Indralaya,",
            "Kepala Bidang Pemanfaatan Data dan Inovasi Pelayanan",
            "Drs. H. Ahmad Fauzi, M.Si",
            "NIP. 19800101 200501 1 001",
        ] {
            assert!(text.contains(part), "{part:?} in {text}");
        }
        let received = this_month.summary.received.to_string();
        assert!(text.contains(&received), "{received} in {text}");

        let xlsx = month_dir.path().join("rekap.xlsx");
        harness.save_to(&xlsx);
        click(&s, "#rk-excel").unwrap();
        s.wait_until("the workbook saved", WAIT, |s| {
            Ok(text_of(s, "#rk-excel-saved")?.filter(|t| t.contains("rekap.xlsx")))
        })
        .unwrap();
        // Kept beside the screenshots, for a person to open (and for LibreOffice to draw).
        std::fs::copy(&xlsx, out_dir().join("rekap-month.xlsx")).expect("a copy");
        let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("the workbook");
        assert!(book.sheet_names().contains(&workbook::BY_DAY.to_string()));
        let summary = book.worksheet_range(workbook::SUMMARY).unwrap();
        assert_eq!(
            summary.get_value((0, 0)),
            Some(&Data::String(workbook::TITLE.into()))
        );
        assert_eq!(
            summary.get_value((6, 2)),
            Some(&Data::Float(this_month.summary.received as f64)),
            "received this month"
        );
        assert!(summary
            .rows()
            .flatten()
            .any(|c| *c == Data::String("NIP. 19800101 200501 1 001".into())));
    });
    harness.screenshot(&s, "rekap-6-saved");
    s.delete().expect("close the desk");
}
