//! Paper at the desk, in the real window (issue 19): the receipt after saving, printed on this
//! PC's paper (58 mm, then A4 after a change in Pengaturan), read back from the PDF; its check
//! code opens Cek Status at the kiosk, where the camera reads the number from the receipt's QR
//! (the receipt's PDF drawn as a photo is the camera's frame); Cetak ulang from the detail view gives a new code and the
//! old one is refused; the KK photo is replaced with a reason and the old one stays in the
//! history, and a finished request offers no replacement; the case file prints on A4; the list filtered by day and operator is
//! printed and saved as XLSX, which is read back.
//!
//! The print dialog is replaced by a counter; what the page would have printed is printed by
//! headless Chromium (`sinkron_e2e::paper`).

use std::path::Path;

use calamine::{Reader, Xlsx};
use serde_json::json;
use sinkron_e2e::kiosk_ui::{click as kclick, keys, text, value};
use sinkron_e2e::paper::{
    out_dir, pdf_pages, pdf_photo, pdf_png, pdf_text, pdf_words, print_to_pdf, printed, stub_print,
};
use sinkron_e2e::ui::{
    act, attach, choose, click, detail_status, fill_form, list_rows, open_queue, open_request,
    text_of, type_into, SITI, WAIT,
};
use sinkron_e2e::{Fixtures, Harness, Session};

/// The e2e operator's display name (the harness's first admin).
const OPERATOR_NAME: &str = "Operator Uji E2E";

/// Waits for the Ganti foto dialog's message to show a refusal with `code`.
fn swap_refused(s: &Session, code: &str) {
    s.wait_until(&format!("the refusal {code}"), WAIT, |s| {
        let seen = s
            .execute(
                "const e = document.querySelector('dialog#swap .msg-error'); \
                 return e ? e.dataset.code : null",
                json!([]),
            )?
            .as_str()
            .map(str::to_string);
        Ok(seen.filter(|c| c == code))
    })
    .unwrap();
}

/// Whether the image `css` has loaded and decoded.
fn image_shown(s: &Session, css: &str) -> bool {
    s.execute(
        "const i = document.querySelector(arguments[0]); \
         return !!i && i.complete && i.naturalWidth > 0",
        json!([css]),
    )
    .unwrap()
    .as_bool()
    .unwrap_or(false)
}

/// Replaces the open request's KK photo from the detail view: the KTP-el's own photo is refused
/// as the KK, a reason too short is refused, then the KK photographed again is saved with its
/// reason, and the old photo shows in the history (who, when, why) and opens large.
fn replace_kk(harness: &Harness, s: &Session, dir: &Path) {
    let fx = Fixtures::shared();
    let before = s
        .execute(
            "return document.querySelector('.viewer[data-kind=kk] .viewer-img').src",
            json!([]),
        )
        .unwrap();
    click(s, "[data-act='replace-photo'][data-kind='kk']").unwrap();
    s.wait_for("dialog#swap[open] #swap-pick", WAIT).unwrap();
    harness.pick(&fx.ktp());
    click(s, "#swap-pick").unwrap();
    s.wait_until("the KTP-el photo held", WAIT, |s| {
        Ok(image_shown(s, "#swap-new-thumb").then_some(()))
    })
    .unwrap();
    type_into(s, "#swap-reason", "Foto KK buram, NIK tidak terbaca").unwrap();
    click(s, "#swap-confirm").unwrap();
    swap_refused(s, "photo_same_twice");

    let again = fx.kk_again(dir);
    let held_ktp = s
        .execute(
            "return document.querySelector('#swap-new-thumb').src",
            json!([]),
        )
        .unwrap();
    harness.pick(&again);
    click(s, "#swap-pick").unwrap();
    s.wait_until("the new KK photo held", WAIT, |s| {
        let src = s.execute(
            "return document.querySelector('#swap-new-thumb')?.src",
            json!([]),
        )?;
        Ok((src != held_ktp && image_shown(s, "#swap-new-thumb")).then_some(()))
    })
    .unwrap();
    s.find("#swap-reason").unwrap().clear().unwrap();
    type_into(s, "#swap-reason", "abc").unwrap();
    click(s, "#swap-confirm").unwrap();
    swap_refused(s, "photo_replace_reason_required");
    harness.screenshot(s, "paper-3b-replace-dialog");
    s.find("#swap-reason").unwrap().clear().unwrap();
    type_into(s, "#swap-reason", "Foto KK buram, NIK tidak terbaca").unwrap();
    click(s, "#swap-confirm").unwrap();

    s.wait_until("the replaced photo in the history", WAIT, |s| {
        text_of(s, "#d-replaced .tl-replaced")
    })
    .map(|text| {
        assert!(text.contains("Foto Kartu Keluarga diganti"), "{text}");
        assert!(text.contains("Foto KK buram, NIK tidak terbaca"), "{text}");
        assert!(text.contains(OPERATOR_NAME), "{text}");
    })
    .unwrap();
    s.wait_until("the new KK photo and the old one's thumbnail", WAIT, |s| {
        let now = s.execute(
            "return document.querySelector('.viewer[data-kind=kk] .viewer-img').src",
            json!([]),
        )?;
        Ok((now != before
            && image_shown(s, ".viewer[data-kind=kk] .viewer-img")
            && image_shown(s, "#d-replaced img"))
        .then_some(()))
    })
    .unwrap();
    harness.screenshot(s, "paper-3b-replaced");
    s.execute(
        "document.querySelector('#d-replaced').scrollIntoView({ block: 'center' })",
        json!([]),
    )
    .unwrap();
    harness.screenshot(s, "paper-3b-replaced-history");
    click(s, "#d-replaced [data-act='view-old']").unwrap();
    s.wait_until("the old photo large", WAIT, |s| {
        Ok(image_shown(s, "#old-photo-img").then_some(()))
    })
    .unwrap();
    // Decoded for painting, not only loaded, before the screenshot.
    s.execute_async(
        "const done = arguments[arguments.length - 1]; \
         document.querySelector('#old-photo-img').decode().then(() => \
           requestAnimationFrame(() => requestAnimationFrame(() => done(true))), () => done(false))",
        json!([]),
    )
    .unwrap();
    harness.screenshot(s, "paper-3b-old-photo");
    click(s, "#old-photo-cancel").unwrap();
}

/// Sets a date filter as the date picker does, and lets the list know.
fn set_filter(s: &Session, css: &str, value: &str) {
    s.execute(
        "const el = document.querySelector(arguments[0]); el.value = arguments[1]; \
         el.dispatchEvent(new Event('change'));",
        json!([css, value]),
    )
    .expect("filter set");
}

/// Chooses the receipt paper in Pengaturan → Cetak di PC ini and saves it.
fn choose_paper(s: &Session, paper: &str) {
    click(s, "#nav-settings").expect("Pengaturan");
    s.wait_for("#print-paper option[value='a4']", WAIT)
        .expect("the paper choices");
    // The office's settings above fill as they arrive; the card must not move under the click.
    s.wait_until("Pengaturan filled", WAIT, |s| {
        let name = s.find("#s-officeName")?.property("value")?;
        Ok(name.as_str().filter(|v| !v.is_empty()).map(|_| ()))
    })
    .expect("Pengaturan filled");
    choose(s, "#print-paper", paper).expect("paper chosen");
    click(s, "#print-save").expect("save");
    if let Err(e) = s.wait_until("the paper saved", WAIT, |s| {
        Ok(text_of(s, "#print-status")?.filter(|t| t.contains("tersimpan")))
    }) {
        let said = text_of(s, "#print-card").ok().flatten().unwrap_or_default();
        panic!("saved for this PC: {e}; the card says: {said}");
    }
}

/// Presses `button`, waits for the print dialog to be asked for (the `n`th time), and prints
/// what the page would have printed to `<name>.pdf`; its text.
fn print_with(s: &Session, button: &str, n: u64, name: &str) -> (std::path::PathBuf, String) {
    click(s, button).expect("print button");
    s.wait_until("the print dialog", WAIT, |s| {
        Ok((printed(s) >= n).then_some(()))
    })
    .expect("printed");
    let fx = Fixtures::shared();
    let pdf = print_to_pdf(s, name, &[("kk", &fx.kk()), ("ktp", &fx.ktp())]);
    pdf_png(&pdf, name);
    let text = pdf_text(&pdf);
    (pdf, text)
}

/// Every word of the PDF lies inside the page's printable width: nothing is cut off.
fn every_word_fits(pdf: &Path, width_mm: f64) {
    let words = pdf_words(pdf);
    assert!(words.len() > 20, "the receipt's words: {words:?}");
    for (word, left, right) in words {
        assert!(
            left >= 0.5 && right <= width_mm - 0.5,
            "{word:?} runs off the paper ({left:.1}–{right:.1} mm of {width_mm:.1} mm)"
        );
    }
}

/// Cek Status at the kiosk on `db` with `reg` and `code`: the status card, or the refusal.
/// `by_qr`: the number is read by the camera from the receipt's QR instead of typed.
fn kiosk_lookup(
    h: &Harness,
    db: &Path,
    reg: &str,
    code: &str,
    by_qr: bool,
) -> Result<String, String> {
    let k = h.launch_kiosk(db);
    kclick(&k, "[data-act=\"lookup\"]");
    k.wait_for("#k-lookup-reg", WAIT).expect("Cek Status");
    if by_qr {
        kclick(&k, "[data-act=\"scan-qr\"]");
        k.wait_until("the number from the QR", WAIT, |k| {
            Ok((value(k, "k-lookup-reg") == reg).then_some(()))
        })
        .expect("the QR read");
        h.screenshot(&k, "paper-kiosk-qr-read");
    } else {
        keys(&k, reg);
    }
    kclick(&k, "#k-lookup-code");
    keys(&k, &code.replace(' ', ""));
    kclick(&k, "[data-act=\"lookup-go\"]");
    let outcome = k
        .wait_until("the status or the refusal", WAIT, |k| {
            let card = text(k, "k-status-card");
            let error = text(k, "k-lookup-error");
            Ok(if !card.is_empty() {
                Some(Ok(card))
            } else if !error.is_empty() {
                Some(Err(error))
            } else {
                None
            })
        })
        .expect("an answer");
    h.screenshot(&k, "paper-kiosk-lookup");
    k.delete().expect("close the kiosk");
    outcome
}

#[test]
fn a_desk_receipt_prints_on_58mm_and_a4_and_a_reprint_replaces_its_code() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("paper.db");

    let s = harness.launch(&db);
    let (reg, code) = harness.step(&s, "paper-1-save", || {
        choose_paper(&s, "58");
        click(&s, "#nav-intake").unwrap();
        s.wait_for("#f-name", WAIT).unwrap();
        fill_form(&s, &SITI).unwrap();
        let fx = Fixtures::shared();
        attach(&harness, &s, "kk", &fx.kk());
        attach(&harness, &s, "ktp", &fx.ktp());
        click(&s, "#btn-save").unwrap();
        let reg = s
            .wait_until("the registration number", WAIT, |s| {
                text_of(s, "#reg-number")
            })
            .unwrap();
        let code = text_of(&s, "#check-code").unwrap().expect("the check code");
        (reg.trim().to_string(), code.trim().to_string())
    });
    harness.screenshot(&s, "paper-1-done");
    let code_on_paper = harness.step(&s, "paper-2-receipt-58", || {
        stub_print(&s);
        let (pdf, text) = print_with(&s, "#btn-print-receipt", 1, "desk-receipt-58");
        let pages = pdf_pages(&pdf);
        assert_eq!(pages.count, 1, "one receipt, one page");
        assert!((pages.width_mm - 58.0).abs() < 1.0, "{pages:?}");
        every_word_fits(&pdf, pages.width_mm);
        assert!(text.contains(&reg), "{text}");
        assert!(text.contains("diambil di kantor Dukcapil"), "{text}");
        assert!(text.contains("161001******0001"), "{text}");
        assert!(
            !text.contains("1610014107950001"),
            "the NIK is masked: {text}"
        );
        // The code as the paper shows it (grouped: `K7M Q3X`).
        let grouped = format!("{} {}", &code[..3], &code[3..]);
        assert!(text.contains(&grouped), "{grouped} in {text}");
        grouped
    });
    s.delete().expect("close the desk");

    // The applicant holds the receipt to the kiosk's camera (its QR gives the number) and
    // types the code read from the paper.
    let photo = pdf_photo(
        &out_dir().join("desk-receipt-58.pdf"),
        "desk-receipt-58",
        300,
    );
    harness.camera_qr(&photo);
    let seen = kiosk_lookup(&harness, &db, &reg, &code_on_paper, true).expect("the status");
    assert!(seen.contains("Baru"), "{seen}");

    // The receipt is lost: the desk prints it again, now on A4, with a new code.
    let s = harness.launch(&db);
    let new_code = harness.step(&s, "paper-3-reprint-a4", || {
        choose_paper(&s, "a4");
        open_request(&s, &reg).unwrap();
        stub_print(&s);
        click(&s, "#btn-reprint").unwrap();
        s.wait_for("#reprint-confirm", WAIT).unwrap();
        harness.screenshot(&s, "paper-3-reprint-dialog");
        let (pdf, text) = print_with(&s, "#reprint-confirm", 1, "desk-receipt-a4");
        let pages = pdf_pages(&pdf);
        assert_eq!(pages.count, 1, "{pages:?}");
        assert!((pages.width_mm - 210.0).abs() < 1.0, "A4: {pages:?}");
        assert!(
            text.contains(&reg) && text.contains("Dicetak ulang"),
            "{text}"
        );
        let code = s
            .execute(
                "return document.querySelector('#print-root #rc-code').textContent",
                json!([]),
            )
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(text.contains(&code), "{code} in {text}");
        assert_ne!(code, code_on_paper, "a new code");
        code
    });
    harness.screenshot(&s, "paper-3-reprinted");
    harness.step(&s, "paper-3b-replace-photo", || {
        replace_kk(&harness, &s, dir.path())
    });
    harness.step(&s, "paper-4-case-file", || {
        let (pdf, text) = print_with(&s, "#btn-case-file", 2, "desk-case-file");
        let pages = pdf_pages(&pdf);
        assert!(pages.count >= 2, "the data, then the photos: {pages:?}");
        assert!((pages.width_mm - 210.0).abs() < 1.0, "A4: {pages:?}");
        for expected in [
            reg.as_str(),
            "BERKAS PENGAJUAN",
            "Siti Aminah",
            "1610014107950001",
            "Kab. Ogan Ilir",
            "Riwayat Status",
            "Foto Kartu Keluarga Pemohon",
            "Foto KTP-el Pemohon",
            "Foto Diganti",
            "Foto KK buram, NIK tidak terbaca",
            "Dicetak",
        ] {
            assert!(text.contains(expected), "{expected:?} in {text}");
        }
    });
    harness.step(&s, "paper-5-list", || {
        open_queue(&s).unwrap();
        // The request's office day, from its number (SD-YYMMDD-NNNN).
        let day = format!("20{}-{}-{}", &reg[3..5], &reg[5..7], &reg[7..9]);
        set_filter(&s, "#filter-from", &day);
        set_filter(&s, "#filter-to", &day);
        let me = s
            .execute(
                "return [...document.querySelectorAll('#filter-operator option')] \
                   .find((o) => o.textContent === arguments[0])?.value || ''",
                json!([OPERATOR_NAME]),
            )
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(!me.is_empty(), "the operator in the filter");
        choose(&s, "#filter-operator", &me).unwrap();
        s.wait_until("the filtered list", WAIT, |s| {
            Ok(list_rows(s)?.filter(|rows| rows.len() == 1 && rows[0].reg == reg))
        })
        .unwrap();
        harness.screenshot(&s, "paper-5-list-filtered");
        let (pdf, text) = print_with(&s, "#list-print", 3, "desk-list");
        assert!(pdf_pages(&pdf).width_mm > 290.0, "A4 landscape");
        assert!(
            text.contains(&reg) && text.contains(OPERATOR_NAME),
            "{text}"
        );
        assert!(text.contains("1 pengajuan"), "{text}");

        let xlsx = dir.path().join("daftar.xlsx");
        harness.save_to(&xlsx);
        click(&s, "#list-xlsx").unwrap();
        s.wait_until("the workbook saved", WAIT, |s| {
            Ok(text_of(s, "#list-file-note")?.filter(|t| t.contains("daftar.xlsx")))
        })
        .unwrap();
        let mut book: Xlsx<_> = calamine::open_workbook(&xlsx).expect("the workbook");
        let sheet = book.worksheet_range("Daftar Pengajuan").unwrap();
        let cell = |r: u32, c: u32| {
            sheet
                .get_value((r, c))
                .map(|d| d.to_string())
                .unwrap_or_default()
        };
        assert!(cell(0, 0).contains(OPERATOR_NAME), "{}", cell(0, 0));
        assert_eq!(cell(3, 1), reg);
        assert_eq!(cell(3, 3), "161001******0001");
        assert_eq!(sheet.height(), 4, "title, blank, header, one request");

        // Another day keeps nothing.
        set_filter(&s, "#filter-from", "2020-01-01");
        set_filter(&s, "#filter-to", "2020-01-31");
        s.wait_until("the empty list", WAIT, |s| {
            Ok(list_rows(s)?.filter(|rows| rows.is_empty()))
        })
        .unwrap();
        click(&s, "#filter-clear").unwrap();
    });
    harness.step(&s, "paper-6-finished-keeps-photos", || {
        open_request(&s, &reg).unwrap();
        for (action, status) in [
            ("approve", "Disetujui"),
            ("sinkronisasi_dwh", "Diproses"),
            ("finish", "Selesai"),
        ] {
            s.wait_for(&format!("#view [data-action='{action}']"), WAIT)
                .unwrap();
            assert_eq!(act(&s, action, "").unwrap(), None, "{action}");
            s.wait_until(status, WAIT, |s| {
                Ok((detail_status(s)? == status).then_some(()))
            })
            .unwrap();
        }
        assert!(
            s.find_all("[data-act='replace-photo']").unwrap().is_empty(),
            "a finished request offers no photo replacement"
        );
        assert!(!s.find_all("#d-replaced .tl-replaced").unwrap().is_empty());
    });
    s.delete().expect("close the desk");

    let old = kiosk_lookup(&harness, &db, &reg, &code_on_paper, false).expect_err("the old code");
    assert!(old.contains("tidak cocok"), "{old}");
    let seen = kiosk_lookup(&harness, &db, &reg, &new_code, false).expect("the new code");
    assert!(seen.contains(&reg), "{seen}");
}
