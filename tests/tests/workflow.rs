//! Issue "The workflow", end to end in the real window, on requests seeded into the database
//! through the core before the app starts (the desk form and its photos are `intake.rs`'s
//! business):
//!
//! - One request walks Baru → Disetujui → Konsolidasi Manual → Sinkronisasi DWH → Selesai through
//!   the detail view's dialogs; Selesaikan is offered only after the DWH step; the status history
//!   reads Baru, Disetujui, Diproses, Selesai and the processing steps the two steps, in order. On
//!   the way its WA number is corrected (old and new value under Koreksi Data) and "Kirim WA"
//!   hands the opener (the harness's seam) a wa.me link to the new number that names the
//!   registration number and carries no 16-digit NIK/KK — the NIK typed into the approval note
//!   arrives masked.
//! - Cancelling another request with no note, then with a too-short one, is refused inside the
//!   dialog and leaves it Baru; with a proper note it is Dibatalkan and the note is in its history.
//! - Two Disetujui requests picked in the list get one Konsolidasi Manual step each from the batch
//!   bar (a third, unpicked, stays Baru); "Simpan CSV" through the save seam writes a file for
//!   Excel: BOM, `;` between fields, each NIK as `="…"`.
//! - Daftar Pengajuan with ~60 requests: tab counts add up and match the rows of a tab, two open
//!   requests for one NIK carry "NIK ganda", old open ones "Terlambat" (never a closed one), and
//!   the search narrows the rows.
//!
//! Screenshots for a person to look at, in `target/e2e-screenshots/`: `workflow-detail`
//! (a finished request with both timelines), `workflow-cancel-refused`, `workflow-batch`,
//! `workflow-list` and `workflow-list-search`.

use sinkron_core::RequestStore as _;
use std::path::Path;

use chrono::{DateTime, Duration, Utc};
use serde_json::{json, Value};
use sinkron_core::RequestChanges as _;
use sinkron_core::{Action, Actor, Channel, FormInput};
use sinkron_e2e::ui::{
    act, choose_reason, click, detail_actions, detail_status, list_rows, open_queue, open_request,
    search_queue, settle, text_of, Applicant, Row, SITI, WAIT,
};
use sinkron_e2e::webdriver::{Error, Result};
use sinkron_e2e::{Fixtures, Harness, Session};
use sinkron_sqlite::Store;

/// The request that is cancelled.
const BUDI: Applicant<'static> = Applicant {
    name: "Budi Santoso",
    nik: "1610010505880003",
    kk: "1610011204100002",
    problem: "Data tidak ditemukan di Bank Mandiri",
    wa: "0813-2222-3333",
};

/// The two requests of the batch, and one that is not picked.
const DEWI: Applicant<'static> = Applicant {
    name: "Dewi Lestari",
    nik: "1610015203920004",
    kk: "1610010708120005",
    problem: "NIK tidak terbaca di BPJS Kesehatan",
    wa: "0852-1111-4444",
};
const AGUS: Applicant<'static> = Applicant {
    name: "Agus Pratama",
    nik: "1610012011850006",
    kk: "1610011509090007",
    problem: "Tidak bisa buka rekening, data tidak ditemukan",
    wa: "0857-3333-5555",
};
const RAHMAT: Applicant<'static> = Applicant {
    name: "Rahmat Hidayat",
    nik: "1610010101800008",
    kk: "1610010302050009",
    problem: "NIK tidak aktif di BPJS Ketenagakerjaan",
    wa: "0878-1234-0000",
};

/// The applicant with two open requests in the queue screenshot.
const RINA: Applicant<'static> = Applicant {
    name: "Rina Kusumawati",
    nik: "3201014508900002",
    kk: "3201011203150007",
    problem: "Data BPJS tidak sinkron dengan KTP-el",
    wa: "0812-7777-8888",
};

/// Who the seeded approvals are written by.
const SEEDER: &str = "Petugas Seed";

/// Saves `a` as Baru, made at `at`, straight through the core (the app is not running).
async fn add(store: &Store, a: &Applicant<'_>, at: DateTime<Utc>) -> (i64, String) {
    let input = FormInput {
        name: a.name.into(),
        nik: a.nik.into(),
        kk: a.kk.into(),
        problem: a.problem.into(),
        wa: a.wa.into(),
    };
    let valid = sinkron_core::validate_form(&input, at.date_naive())
        .unwrap_or_else(|check| panic!("seed applicant {} is not valid: {check:?}", a.name));
    let created = store
        .create_request(&valid, Channel::Desk, at)
        .await
        .expect("seed a request");
    (created.id, created.reg_number)
}

/// Approves request `id` through the core, as another operator did earlier.
async fn approve(store: &Store, id: i64) {
    let version = store.get_request(id).await.expect("seeded request").version;
    store
        .act(
            id,
            version,
            Action::Approve,
            None,
            &Actor::named(SEEDER),
            Utc::now(),
        )
        .await
        .expect("approve a seeded request");
}

/// Runs `f` on the database at `db` and closes it before the app opens it.
fn with_store<T>(db: &Path, f: impl AsyncFnOnce(&Store) -> T) -> T {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let store = Store::open(db).await.expect("open the test database");
        let out = f(&store).await;
        store.close().await;
        out
    })
}

/// One entry of a timeline in the detail view.
#[derive(Debug, Clone, PartialEq, Default)]
struct Entry {
    head: String,
    /// The status chip (status history only).
    chip: String,
    note: Option<String>,
    /// Old and new value (corrections only).
    old: String,
    new: String,
}

/// The detail view's four timelines: status history, processing steps, corrections, WA notices.
#[derive(Debug, Clone, PartialEq, Default)]
struct Timelines {
    history: Vec<Entry>,
    steps: Vec<Entry>,
    changes: Vec<Entry>,
    notices: Vec<Entry>,
}

fn timelines(s: &Session) -> Result<Timelines> {
    let v = s.execute(
        "const text = (el, css) => { const e = el.querySelector(css); return e ? e.textContent.trim() : null; };
         const list = (id) => Array.from(document.querySelectorAll('#' + id + ' > li')).map((li) => ({
           head: text(li, '.tl-head') || '', chip: text(li, '.tl-head .chip') || '',
           note: text(li, '.tl-note'), old: text(li, 'del') || '', new: text(li, 'ins') || '',
         }));
         return { history: list('d-timeline'), steps: list('d-steps'), changes: list('d-changes'),
                  notices: list('d-notices') };",
        json!([]),
    )?;
    let list = |key: &str| -> Vec<Entry> {
        v.get(key)
            .and_then(Value::as_array)
            .map(|a| {
                a.iter()
                    .map(|e| {
                        let s = |k: &str| e.get(k).and_then(Value::as_str).map(str::to_string);
                        Entry {
                            head: s("head").unwrap_or_default(),
                            chip: s("chip").unwrap_or_default(),
                            note: s("note"),
                            old: s("old").unwrap_or_default(),
                            new: s("new").unwrap_or_default(),
                        }
                    })
                    .collect()
            })
            .unwrap_or_default()
    };
    Ok(Timelines {
        history: list("history"),
        steps: list("steps"),
        changes: list("changes"),
        notices: list("notices"),
    })
}

/// Waits until the detail view shows `status` and its timelines satisfy `done`.
fn wait_detail_state(
    s: &Session,
    status: &str,
    what: &str,
    done: impl Fn(&Timelines) -> bool,
) -> Timelines {
    s.wait_until(what, WAIT, |s| {
        if detail_status(s)? != status {
            return Ok(None);
        }
        let t = timelines(s)?;
        Ok(done(&t).then_some(t))
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn chips(t: &Timelines) -> Vec<&str> {
    t.history.iter().map(|e| e.chip.as_str()).collect()
}

fn heads(entries: &[Entry]) -> Vec<&str> {
    entries.iter().map(|e| e.head.as_str()).collect()
}

/// The digits of a phone number as WhatsApp wants them (`62…`), however it was written.
fn wa_digits(number: &str) -> String {
    let digits: String = number.chars().filter(char::is_ascii_digit).collect();
    match digits.strip_prefix('0') {
        Some(rest) => format!("62{rest}"),
        None => digits,
    }
}

/// Decodes `%XX` escapes (the wa.me text is UTF-8, percent-encoded).
fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (bytes[i], bytes.get(i + 1), bytes.get(i + 2)) {
            (b'%', Some(&h), Some(&l)) if hex(h).is_some() && hex(l).is_some() => {
                out.push((hex(h).unwrap_or(0) * 16 + hex(l).unwrap_or(0)) as u8);
                i += 3;
            }
            (b'+', _, _) => {
                out.push(b' ');
                i += 1;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8(out).expect("the wa.me text is UTF-8")
}

/// The longest run of digits in `text`, counting digits joined by the separators people type
/// (space, dot, hyphen) as one run — the way a NIK could still be read.
fn longest_digit_run(text: &str) -> usize {
    let chars: Vec<char> = text.chars().collect();
    let (mut best, mut run) = (0, 0);
    for (i, c) in chars.iter().enumerate() {
        if c.is_ascii_digit() {
            run += 1;
            best = best.max(run);
        } else if matches!(c, ' ' | '.' | '-')
            && run > 0
            && chars.get(i + 1).is_some_and(char::is_ascii_digit)
        {
            continue;
        } else {
            run = 0;
        }
    }
    best
}

/// Waits until both photo viewers of the detail view have their image.
fn wait_viewers(s: &Session) {
    s.wait_until("both photo viewers ready", WAIT, |s| {
        let n = s.execute(
            "return Array.from(document.querySelectorAll('section.viewer')).filter((v) => {
               const img = v.querySelector('img.viewer-img');
               return v.dataset.state === 'ready' && img && img.complete && img.naturalWidth > 0;
             }).length;",
            json!([]),
        )?;
        Ok((n.as_u64() == Some(2)).then_some(()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

/// Scrolls the element matching `css` to the top of its scrolling pane.
fn scroll_into_view(s: &Session, css: &str) {
    s.execute(
        "const el = document.querySelector(arguments[0]);
         if (el) el.scrollIntoView({ block: 'start' });
         return !!el;",
        json!([css]),
    )
    .expect("scroll");
    settle(s).expect("settle");
}

/// The checks on the WA text, without a window: they would catch a NIK that slipped through.
#[test]
fn wa_text_checks_catch_an_unmasked_nik() {
    let link = "Yth.%20Siti%2C%20SD-261127-0001%20NIK%201610%2001410%207950001";
    let text = percent_decode(link);
    assert_eq!(text, "Yth. Siti, SD-261127-0001 NIK 1610 01410 7950001");
    assert_eq!(longest_digit_run(&text), 16);
    assert!(longest_digit_run("SD-261127-0001 · 161001******0001 · 0813-1111-2222") < 16);
    assert_eq!(wa_digits("0813-1111-2222"), "6281311112222");
    assert_eq!(wa_digits("+6281311112222"), "6281311112222");
}

#[test]
fn a_request_walks_the_workflow_and_another_is_cancelled() {
    let harness = Harness::start();
    let fx = Fixtures::shared();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("workflow.db");

    let ((siti_id, siti), (_, budi)) = with_store(&db, async |store| {
        let photo = |path: std::path::PathBuf| async move {
            let bytes = sinkron_core::photo::read_capped(&path).expect("read a fixture photo");
            sinkron_core::process_blocking(bytes)
                .await
                .expect("process a fixture photo")
        };
        let (kk, ktp) = (photo(fx.kk()).await, photo(fx.ktp()).await);
        let input = FormInput {
            name: SITI.name.into(),
            nik: SITI.nik.into(),
            kk: SITI.kk.into(),
            problem: SITI.problem.into(),
            wa: SITI.wa.into(),
        };
        let now = Utc::now();
        let valid = sinkron_core::validate_form(&input, now.date_naive()).expect("Siti is valid");
        let siti = store
            .create_request_with_photos(&valid, Channel::Desk, now, &kk, &ktp)
            .await
            .expect("seed Siti with photos");
        let budi = add(store, &BUDI, now).await;
        ((siti.id, siti.reg_number), budi)
    });
    eprintln!("e2e: Siti is {siti} (id {siti_id}), Budi is {budi}");

    let s = harness.launch(&db);

    harness.step(&s, "workflow-1-approve", || {
        open_request(&s, &siti).unwrap();
        assert_eq!(detail_status(&s).unwrap(), "Baru");
        let actions = detail_actions(&s).unwrap();
        assert!(
            actions.contains(&"approve".to_string()) && actions.contains(&"cancel".to_string()),
            "actions on Baru: {actions:?}"
        );
        assert!(!actions.contains(&"finish".to_string()), "{actions:?}");
        // A NIK in the note: the WA notice must carry it masked.
        let refused = act(&s, "approve", "NIK 1610014107950001 sudah dicek di SIAK").unwrap();
        assert_eq!(refused, None, "approve refused");
        let t = wait_detail_state(&s, "Disetujui", "Disetujui in history", |t| {
            t.history.len() == 2
        });
        assert_eq!(chips(&t), ["Baru", "Disetujui"]);
        let actions = detail_actions(&s).unwrap();
        assert!(!actions.contains(&"finish".to_string()), "{actions:?}");
        assert!(!actions.contains(&"approve".to_string()), "{actions:?}");
    });

    let new_wa = "0813-1111-2222";
    harness.step(&s, "workflow-2-correct-wa", || {
        click(&s, "button[data-fix=wa]").unwrap();
        s.wait_for("dialog#fix[open] #fix-confirm", WAIT).unwrap();
        let value = s.find("#fix-value").unwrap();
        value.clear().unwrap();
        value.send_keys(new_wa).unwrap();
        s.find("#fix-reason")
            .and_then(|r| r.send_keys("nomor WA lama sudah tidak aktif"))
            .unwrap();
        click(&s, "#fix-confirm").unwrap();
        let t = wait_detail_state(&s, "Disetujui", "the correction in Koreksi Data", |t| {
            t.changes.len() == 1
        });
        let change = &t.changes[0];
        assert!(change.head.contains("Nomor WA"), "{change:?}");
        assert_eq!(wa_digits(&change.old), wa_digits(SITI.wa), "{change:?}");
        assert_eq!(wa_digits(&change.new), wa_digits(new_wa), "{change:?}");
        assert_eq!(
            change.note.as_deref(),
            Some("nomor WA lama sudah tidak aktif")
        );
        let shown = s.find("#d-wa").and_then(|e| e.text()).unwrap();
        assert_eq!(wa_digits(&shown), wa_digits(new_wa), "#d-wa {shown:?}");
    });

    harness.step(&s, "workflow-3-kirim-wa", || {
        assert!(harness.opened_links().is_empty());
        click(&s, "#btn-wa").unwrap();
        let links = s
            .wait_until("the wa.me link", WAIT, |_| {
                let links = harness.opened_links();
                Ok((!links.is_empty()).then_some(links))
            })
            .unwrap();
        assert_eq!(links.len(), 1, "{links:?}");
        let link = &links[0];
        let prefix = format!("https://wa.me/{}?text=", wa_digits(new_wa));
        assert!(
            link.starts_with(&prefix),
            "link {link:?} is not to {new_wa}"
        );
        let text = percent_decode(&link[prefix.len()..]);
        eprintln!("e2e: WA text {text:?}");
        assert!(text.contains(&siti), "no registration number in {text:?}");
        assert!(
            longest_digit_run(&text) < 16,
            "a 16-digit number in the WA text {text:?}"
        );
        assert!(
            text.contains("161001******0001"),
            "the note's NIK is not there masked: {text:?}"
        );
        let t = wait_detail_state(&s, "Disetujui", "the notice in the detail view", |t| {
            t.notices.len() == 1
        });
        assert!(t.notices[0].head.contains("Disetujui"), "{:?}", t.notices);
    });

    harness.step(&s, "workflow-4-steps", || {
        let step_note = "dikirim ke Ditjen lewat konsolidasi manual";
        assert_eq!(act(&s, "konsolidasi_manual", step_note).unwrap(), None);
        let t = wait_detail_state(&s, "Diproses", "the first step", |t| t.steps.len() == 1);
        assert_eq!(heads(&t.steps), ["Konsolidasi Manual"]);
        assert_eq!(t.steps[0].note.as_deref(), Some(step_note));
        assert_eq!(chips(&t), ["Baru", "Disetujui", "Diproses"]);
        let actions = detail_actions(&s).unwrap();
        assert!(
            !actions.contains(&"finish".to_string()),
            "Selesaikan offered before the DWH step: {actions:?}"
        );
        assert!(
            actions.contains(&"sinkronisasi_dwh".to_string()),
            "{actions:?}"
        );

        assert_eq!(act(&s, "sinkronisasi_dwh", "").unwrap(), None);
        let t = wait_detail_state(&s, "Diproses", "the DWH step", |t| t.steps.len() == 2);
        assert_eq!(heads(&t.steps), ["Konsolidasi Manual", "Sinkronisasi DWH"]);
        assert_eq!(t.history.len(), 3, "a step on Diproses adds no history row");
        let actions = detail_actions(&s).unwrap();
        assert!(actions.contains(&"finish".to_string()), "{actions:?}");
    });

    harness.step(&s, "workflow-5-finish", || {
        assert_eq!(act(&s, "finish", "").unwrap(), None);
        let t = wait_detail_state(&s, "Selesai", "Selesai", |t| t.history.len() == 4);
        assert_eq!(chips(&t), ["Baru", "Disetujui", "Diproses", "Selesai"]);
        assert_eq!(
            heads(&t.history),
            [
                "Baru",
                "Baru → Disetujui",
                "Disetujui → Diproses",
                "Diproses → Selesai"
            ]
        );
        assert_eq!(heads(&t.steps), ["Konsolidasi Manual", "Sinkronisasi DWH"]);
        assert_eq!(detail_actions(&s).unwrap(), Vec::<String>::new());
        assert!(
            s.find_all("button[data-fix]").unwrap().is_empty(),
            "corrections offered on a finished request"
        );
        wait_viewers(&s);
        scroll_into_view(&s, "#d-history");
        harness.screenshot(&s, "workflow-detail");
    });

    let reason = "Foto KK buram, mohon ajukan ulang dengan foto yang jelas";
    harness.step(&s, "workflow-6-cancel-refused", || {
        open_request(&s, &budi).unwrap();
        let refused = act(&s, "cancel", "")
            .unwrap()
            .expect("a cancel without a note was accepted");
        assert_eq!(refused.0, "workflow_cancel_note_required", "{refused:?}");
        assert!(
            refused.1.contains("10"),
            "the message names the minimum: {refused:?}"
        );
        settle(&s).unwrap();
        harness.screenshot(&s, "workflow-cancel-refused");
        // Still in the same dialog: nine characters are not enough either.
        let short = act(&s, "cancel", "foto blur")
            .unwrap()
            .expect("a 9-character note was accepted");
        assert_eq!(short.0, "workflow_cancel_note_required", "{short:?}");
        assert_eq!(detail_status(&s).unwrap(), "Baru");
        assert_eq!(chips(&timelines(&s).unwrap()), ["Baru"]);
    });

    harness.step(&s, "workflow-7-cancelled", || {
        // A note alone is not enough: the reason is chosen too, for Rekap's count by reason.
        let unnamed = act(&s, "cancel", reason)
            .unwrap()
            .expect("a cancel without a reason was accepted");
        assert_eq!(unnamed.0, "workflow_cancel_reason_required", "{unnamed:?}");
        choose_reason(&s, "unreadable_photo").unwrap();
        harness.screenshot(&s, "workflow-cancel-reason");
        assert_eq!(act(&s, "cancel", reason).unwrap(), None);
        let t = wait_detail_state(&s, "Dibatalkan", "Dibatalkan", |t| t.history.len() == 2);
        assert_eq!(chips(&t), ["Baru", "Dibatalkan"]);
        assert_eq!(t.history[1].note.as_deref(), Some(reason));
        let timeline = s.find("#d-timeline").and_then(|e| e.text()).unwrap();
        assert!(timeline.contains(reason), "#d-timeline reads {timeline:?}");
        assert!(
            timeline.contains("Alasan: Foto KK/KTP-el tidak terbaca"),
            "#d-timeline reads {timeline:?}"
        );
        assert_eq!(detail_actions(&s).unwrap(), Vec::<String>::new());
    });

    s.delete().expect("close the app");
}

/// Ticks the pick box of request `id` in the list.
fn pick(s: &Session, id: i64) {
    click(s, &format!("#list-body tr[data-id='{id}'] input.pick"))
        .unwrap_or_else(|e| panic!("pick request {id}: {e}"));
}

/// Waits for the calm banner message containing `part`.
fn wait_notice(s: &Session, part: &str) -> String {
    s.wait_until(&format!("the notice {part:?}"), WAIT, |s| {
        Ok(
            text_of(s, "#banner.banner-info:not([hidden]) .banner-text")?
                .filter(|t| t.contains(part)),
        )
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn batch_step_for_two_picked_requests_then_csv_export() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("batch.db");
    let (dewi, agus, rahmat) = with_store(&db, async |store| {
        let now = Utc::now();
        let dewi = add(store, &DEWI, now).await;
        let agus = add(store, &AGUS, now).await;
        let rahmat = add(store, &RAHMAT, now).await;
        approve(store, dewi.0).await;
        approve(store, agus.0).await;
        (dewi, agus, rahmat)
    });
    let s = harness.launch(&db);

    harness.step(&s, "workflow-batch-step", || {
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.all, 3, "{queue:?}");
        pick(&s, dewi.0);
        pick(&s, agus.0);
        let count = s
            .wait_until("the batch bar", WAIT, |s| {
                text_of(s, "#batch-bar:not([hidden]) #batch-count")
            })
            .unwrap();
        assert!(count.starts_with('2'), "batch bar says {count:?}");
        click(&s, "#batch-bar button[data-batch=konsolidasi_manual]").unwrap();
        s.wait_for("dialog#batch[open] #batch-confirm", WAIT)
            .unwrap();
        let intro = text_of(&s, "dialog#batch .dialog-intro")
            .unwrap()
            .unwrap_or_default();
        assert!(intro.contains('2'), "batch dialog says {intro:?}");
        click(&s, "#batch-confirm").unwrap();
        let notice = wait_notice(&s, "Langkah dicatat");
        assert!(notice.contains("2 pengajuan"), "{notice:?}");
        let rows = s
            .wait_until("both picked requests Diproses", WAIT, |s| {
                Ok(list_rows(s)?
                    .filter(|rows| rows.iter().filter(|r| r.status == "Diproses").count() == 2))
            })
            .unwrap();
        let status_of = |id: i64| {
            rows.iter()
                .find(|r| r.id == id)
                .map(|r| r.status.clone())
                .unwrap_or_default()
        };
        assert_eq!(status_of(dewi.0), "Diproses");
        assert_eq!(status_of(agus.0), "Diproses");
        assert_eq!(status_of(rahmat.0), "Baru", "the unpicked request moved");
        settle(&s).unwrap();
        harness.screenshot(&s, "workflow-batch");
    });

    let csv_path = dir.path().join("nik-konsolidasi.csv");
    harness.step(&s, "workflow-batch-csv", || {
        harness.save_to(&csv_path);
        click(&s, "#batch-bar button[data-export=csv]").unwrap();
        let notice = wait_notice(&s, "nik-konsolidasi.csv");
        assert!(notice.starts_with("2 NIK"), "{notice:?}");
        let bytes = std::fs::read(&csv_path).expect("the CSV was written");
        assert!(
            bytes.starts_with(&[0xEF, 0xBB, 0xBF]),
            "no UTF-8 BOM: {:?}",
            &bytes[..bytes.len().min(8)]
        );
        let text = String::from_utf8(bytes[3..].to_vec()).expect("UTF-8");
        eprintln!("e2e: CSV {text:?}");
        let lines: Vec<&str> = text.split("\r\n").filter(|l| !l.is_empty()).collect();
        assert_eq!(lines.len(), 3, "a header and two rows: {lines:?}");
        assert_eq!(lines[0].split(';').count(), 4, "header {:?}", lines[0]);
        for (a, reg) in [(&DEWI, &dewi.1), (&AGUS, &agus.1)] {
            let line = lines
                .iter()
                .find(|l| l.starts_with(reg.as_str()))
                .unwrap_or_else(|| panic!("no row for {reg} in {lines:?}"));
            let fields: Vec<&str> = line.split(';').collect();
            assert_eq!(fields.len(), 4, "{line:?}");
            assert_eq!(fields[1], a.name, "{line:?}");
            assert_eq!(fields[2], format!("=\"{}\"", a.nik), "{line:?}");
            assert_eq!(fields[3], "Diproses", "{line:?}");
        }
        assert!(
            !text.contains(RAHMAT.nik),
            "the unpicked request was exported"
        );
    });

    // One step row each, as each detail view shows it.
    for (id, reg) in [&dewi, &agus] {
        harness.step(&s, "workflow-batch-detail", || {
            open_request(&s, reg).unwrap();
            let t = wait_detail_state(&s, "Diproses", "the batch step", |t| !t.steps.is_empty());
            assert_eq!(heads(&t.steps), ["Konsolidasi Manual"], "request {id}");
            assert_eq!(chips(&t), ["Baru", "Disetujui", "Diproses"], "request {id}");
        });
    }
    s.delete().expect("close the app");
}

/// The count on a status tab (`all`, `Baru`, …).
fn tab_count(s: &Session, status: &str) -> Result<u64> {
    let text = s
        .find(&format!(".tab[data-status={status}] .tab-count"))?
        .property("textContent")?;
    text.as_str()
        .and_then(|t| t.trim().parse().ok())
        .ok_or_else(|| Error(format!("tab {status} count {text}")))
}

#[test]
fn queue_tabs_counts_marks_and_search() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("queue.db");
    let now = Utc::now();
    let (rina_old, rina_new, late) = with_store(&db, async |store| {
        // Oldest first, as in real use: the queue's "newest first" is by id. Three requests left
        // waiting since last month, and the first of two open requests for one NIK…
        let mut late = Vec::new();
        for (a, days) in [(&BUDI, 30), (&DEWI, 27), (&AGUS, 24)] {
            late.push(add(store, a, now - Duration::days(days)).await);
        }
        let rina_old = add(store, &RINA, now - Duration::days(22)).await;
        // …then the office's last three weeks…
        store
            .seed_synthetic(55, 20, now)
            .await
            .expect("seed synthetic requests");
        // …and the same NIK again today.
        let rina_new = add(store, &RINA, now).await;
        (rina_old, rina_new, late)
    });

    let s = harness.launch(&db);
    let seeded_name = harness.step(&s, "workflow-list", || {
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.all, 60, "{queue:?}");
        let by_status: Vec<(&str, u64)> =
            ["Baru", "Disetujui", "Diproses", "Selesai", "Dibatalkan"]
                .into_iter()
                .map(|st| (st, tab_count(&s, st).unwrap()))
                .collect();
        eprintln!("e2e: tab counts {by_status:?}");
        assert_eq!(
            by_status.iter().map(|(_, n)| n).sum::<u64>(),
            60,
            "{by_status:?}"
        );
        assert_eq!(tab_count(&s, "all").unwrap(), 60);

        let rows: Vec<Row> = s
            .wait_until("the first page", WAIT, |s| {
                Ok(list_rows(s)?.filter(|r| !r.is_empty()))
            })
            .unwrap();
        assert_eq!(rows.len(), 50, "a page is 50 rows");
        for r in &rows {
            if r.late {
                assert!(
                    !matches!(r.status.as_str(), "Selesai" | "Dibatalkan"),
                    "a closed request marked Terlambat: {r:?}"
                );
            }
        }
        let seeded_name = rows[1].name.clone();
        assert!(seeded_name.starts_with("Contoh "), "{:?}", rows[1]);
        let newest = &rows[0];
        assert_eq!(newest.reg, rina_new.1, "newest first");
        assert!(newest.duplicate, "NIK ganda missing: {newest:?}");
        assert!(!newest.late, "a request of today marked late: {newest:?}");
        settle(&s).unwrap();
        harness.screenshot(&s, "workflow-list");

        // A tab shows exactly its count.
        click(&s, ".tab[data-status=Baru]").unwrap();
        let baru = by_status[0].1;
        let rows = s
            .wait_until("the Baru tab's rows", WAIT, |s| {
                let sel = s
                    .find(".tab[data-status=Baru]")?
                    .attribute("aria-selected")?;
                if sel.as_deref() != Some("true") {
                    return Ok(None);
                }
                Ok(list_rows(s)?.filter(|r| r.iter().all(|r| r.status == "Baru") && !r.is_empty()))
            })
            .unwrap();
        assert_eq!(rows.len() as u64, baru.min(50), "Baru tab rows vs count");
        for (id, reg) in &late {
            let row = rows
                .iter()
                .find(|r| r.id == *id)
                .unwrap_or_else(|| panic!("{reg} not on the Baru tab"));
            assert!(row.late, "{reg}, weeks old, not marked Terlambat: {row:?}");
        }
        click(&s, ".tab[data-status=all]").unwrap();
        seeded_name
    });

    harness.step(&s, "workflow-list-search", || {
        // The NIK finds exactly the two open requests, both marked.
        let rows = search_queue(&s, RINA.nik, "the two requests of one NIK", |rows| {
            rows.len() == 2
        })
        .unwrap();
        let regs: Vec<&str> = rows.iter().map(|r| r.reg.as_str()).collect();
        assert_eq!(regs, [rina_new.1.as_str(), rina_old.1.as_str()]);
        assert!(rows.iter().all(|r| r.duplicate), "{rows:?}");
        assert!(rows[1].late, "the three-week-old one is late: {:?}", rows[1]);
        // A surname from the first page finds that request, and only requests of that name.
        let surname = seeded_name
            .rsplit(' ')
            .next()
            .expect("a seeded name")
            .to_string();
        let rows = search_queue(&s, &surname, "the rows of one surname", |rows| {
            rows.iter().any(|r| r.name == seeded_name)
                && rows.iter().all(|r| r.name.contains(&surname))
        })
        .unwrap();
        assert!(rows.len() < 60, "the search did not narrow: {}", rows.len());
        // The screenshot: a name search that shows both marks.
        let rows = search_queue(&s, "Rina", "the rows named Rina", |rows| {
            rows.iter().any(|r| r.id == rina_old.0) && rows.iter().all(|r| r.name.contains("Rina"))
        })
        .unwrap();
        settle(&s).unwrap();
        harness.screenshot(&s, "workflow-list-search");
        let clipped: Vec<&Row> = rows.iter().filter(|r| r.mark_clipped).collect();
        assert!(
            clipped.is_empty(),
            "NIK ganda / Terlambat cut off by their column (see workflow-list-search.png): {clipped:?}"
        );
    });
    s.delete().expect("close the app");
}

/// Masa simpan: Budi's request was cancelled 120 days ago, Dewi's 10 days ago, both with their
/// photos. On Pengaturan the admin sees how many requests the rule would reach before saving it,
/// a wrong number is refused beside the field, and once saved the old request's photos are gone:
/// its detail view says when and under which rule, and the recent one keeps its photos.
/// Screenshots: `retention-settings`, `retention-detail`.
#[test]
fn masa_simpan_deletes_old_photos_once_the_admin_saves_the_rule() {
    let harness = Harness::start();
    let fx = Fixtures::shared();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("retention.db");
    let (old, recent) = with_store(&db, async |store| {
        let photo = |path: std::path::PathBuf| async move {
            let bytes = sinkron_core::photo::read_capped(&path).expect("read a fixture photo");
            sinkron_core::process_blocking(bytes)
                .await
                .expect("process a fixture photo")
        };
        let (kk, ktp) = (photo(fx.kk()).await, photo(fx.ktp()).await);
        let mut regs = Vec::new();
        for (a, days) in [(&BUDI, 120), (&DEWI, 10)] {
            let at = Utc::now() - Duration::days(days);
            let input = FormInput {
                name: a.name.into(),
                nik: a.nik.into(),
                kk: a.kk.into(),
                problem: a.problem.into(),
                wa: a.wa.into(),
            };
            let valid = sinkron_core::validate_form(&input, at.date_naive()).expect("valid");
            let made = store
                .create_request_with_photos(&valid, Channel::Desk, at, &kk, &ktp)
                .await
                .expect("seed a request with photos");
            store
                .act(
                    made.id,
                    1,
                    Action::Cancel,
                    Some("Data sudah sesuai di SIAK"),
                    &Actor::named(SEEDER),
                    at,
                )
                .await
                .expect("cancel");
            regs.push(made.reg_number);
        }
        (regs[0].clone(), regs[1].clone())
    });
    let s = harness.launch(&db);
    let due = |s: &Session| text_of(s, "#s-retention-due").map(|t| t.unwrap_or_default());

    harness.step(&s, "retention-settings", || {
        click(&s, "#nav-settings").unwrap();
        s.wait_until("the count before saving", WAIT, |s| {
            Ok(due(s)?.contains("Foto dari 1 pengajuan").then_some(()))
        })
        .unwrap();
        let state = text_of(&s, "#s-retention-state")
            .unwrap()
            .unwrap_or_default();
        assert!(state.contains("Belum berlaku"), "{state}");
        s.execute(
            "document.getElementById('s-retentionPhotoDays').scrollIntoView({ block: 'center' });",
            json!([]),
        )
        .unwrap();
        let field = s.find("#s-retentionPhotoDays").unwrap();
        field.clear().unwrap();
        field.send_keys("tiga bulan").unwrap();
        s.wait_until("the refusal beside the field", WAIT, |s| {
            let msg = text_of(s, "#s-retentionPhotoDays-msg")?.unwrap_or_default();
            Ok(msg.contains("0–3650").then_some(()))
        })
        .unwrap();
        field.clear().unwrap();
        field.send_keys("90").unwrap();
        s.wait_until("the count again", WAIT, |s| {
            Ok(due(s)?.contains("Foto dari 1 pengajuan").then_some(()))
        })
        .unwrap();
        settle(&s).unwrap();
    });
    harness.screenshot(&s, "retention-settings");

    harness.step(&s, "retention-saved", || {
        click(&s, "#settings-save").unwrap();
        s.wait_until("saved and in force", WAIT, |s| {
            let state = text_of(s, "#s-retention-state")?.unwrap_or_default();
            Ok(state.contains("Berlaku").then_some(()))
        })
        .unwrap();
        // The run starts right after the save; the count reaches zero once it is done.
        s.wait_until("nothing left to delete", WAIT, |s| {
            s.execute(
                "document.getElementById('s-retentionPhotoDays')\
                 .dispatchEvent(new Event('input'));",
                json!([]),
            )?;
            std::thread::sleep(std::time::Duration::from_millis(400));
            Ok(due(s)?.contains("tidak ada foto").then_some(()))
        })
        .unwrap();
    });

    harness.step(&s, "retention-detail", || {
        open_request(&s, &old).unwrap();
        assert_eq!(detail_status(&s).unwrap(), "Dibatalkan");
        s.wait_for("#d-photos-deleted", WAIT)
            .expect("the photos-deleted note");
        let note = text_of(&s, "#d-photos-deleted")
            .unwrap()
            .unwrap_or_default();
        assert!(
            note.contains("dihapus pada") && note.contains("90 hari"),
            "{note}"
        );
        let t = timelines(&s).unwrap();
        assert_eq!(chips(&t), ["Baru", "Dibatalkan"]);
        settle(&s).unwrap();
    });
    harness.screenshot(&s, "retention-detail");

    harness.step(&s, "retention-recent", || {
        open_request(&s, &recent).unwrap();
        s.wait_for("#d-photos .photo-cell [data-kind='kk']", WAIT)
            .expect("the recent request keeps its KK photo");
        assert!(s.find_all("#d-photos-deleted").unwrap().is_empty());
    });
}

/// Laporan data pribadi: Siti is the applicant of one request and a NIK to synchronise in Budi's.
/// The admin types a wrong NIK (refused beside the field), then Siti's: both requests are in the
/// report, each with what the NIK is there, its history and its audit rows, the lookup itself
/// among them. Screenshot: `person-report`.
#[test]
fn an_admin_makes_a_persons_report_for_a_nik_in_two_requests() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("person.db");
    let (siti, budi) = with_store(&db, async |store| {
        let now = Utc::now();
        let (_, siti) = add(store, &SITI, now - Duration::days(3)).await;
        let (budi_id, budi) = add(store, &BUDI, now - Duration::days(1)).await;
        store
            .set_sync_niks(
                budi_id,
                &[BUDI.nik.to_string(), SITI.nik.to_string()],
                &Actor::named(SEEDER),
                now,
            )
            .await
            .expect("Siti's NIK among Budi's");
        add(store, &RAHMAT, now).await;
        (siti, budi)
    });
    let s = harness.launch(&db);

    harness.step(&s, "person-report", || {
        click(&s, "#nav-person").unwrap();
        let field = s.wait_for("#p-nik", WAIT).expect("the NIK field");
        field.send_keys("1610 0141").unwrap();
        click(&s, "#p-make").unwrap();
        s.wait_until("the refusal beside the field", WAIT, |s| {
            let msg = text_of(s, "#p-nik-msg")?.unwrap_or_default();
            Ok(msg.contains("16 angka").then_some(()))
        })
        .unwrap();
        field.clear().unwrap();
        field.send_keys(SITI.nik).unwrap();
        click(&s, "#p-make").unwrap();
        s.wait_for("#p-report-head", WAIT).expect("the report");
        let regs: Vec<String> = s
            .execute(
                "return Array.from(document.querySelectorAll('.p-request'))\
                 .map((a) => a.dataset.reg + '|' + a.querySelector('.p-role').textContent);",
                json!([]),
            )
            .unwrap()
            .as_array()
            .unwrap()
            .iter()
            .map(|v| v.as_str().unwrap().to_string())
            .collect();
        assert_eq!(
            regs,
            [
                format!("{siti}|NIK pemohon dan NIK yang disinkronkan"),
                format!("{budi}|NIK yang disinkronkan"),
            ]
        );
        let report = s
            .execute(
                "return document.getElementById('p-report').textContent;",
                json!([]),
            )
            .unwrap()
            .as_str()
            .unwrap_or_default()
            .to_string();
        assert!(report.contains("Membuat laporan data pribadi"), "{report}");
        assert!(
            report.contains("Mengubah NIK yang disinkronkan"),
            "{report}"
        );
        assert!(!report.contains(RAHMAT.name), "another person's request");
        assert!(
            !report.contains(BUDI.name) && !report.contains("1322223333"),
            "Budi's own data is not in Siti's report"
        );
        assert!(report.contains("data pemohonnya tidak dimuat"), "{report}");
        assert_eq!(
            s.find("#p-print").unwrap().property("hidden").unwrap(),
            json!(false),
            "the print button once there is a report"
        );
        settle(&s).unwrap();
    });
    harness.screenshot(&s, "person-report");
    s.execute(
        "document.querySelectorAll('.p-request')[1].scrollIntoView({ block: 'start' });",
        json!([]),
    )
    .unwrap();
    settle(&s).unwrap();
    harness.screenshot(&s, "person-report-other");
}

/// Someone holding the office's file changes an audit row (after dropping the trigger that
/// refuses it, as they would have to): Log Audit names the first broken row, and the admin is
/// told in the banner at their next sign-in. Screenshot: `audit-chain-broken`.
#[test]
fn a_changed_audit_row_is_shown_to_the_admin() {
    use sinkron_e2e::harness::{ADMIN_PASSWORD, ADMIN_USER};
    use sinkron_e2e::ui::{sign_in, sign_out};
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("chain.db");
    let s = harness.launch(&db);
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let raw = sqlx::SqlitePool::connect(&format!("sqlite:{}", db.display()))
            .await
            .expect("the file beside the app");
        sqlx::raw_sql(
            "DROP TRIGGER audit_log_no_update; \
             UPDATE audit_log SET detail = 'diubah' WHERE id = (SELECT min(id) FROM audit_log);",
        )
        .execute(&raw)
        .await
        .expect("tampered");
        raw.close().await;
    });

    harness.step(&s, "audit-chain-log", || {
        click(&s, "#nav-audit").unwrap();
        s.wait_until("the break on Log Audit", WAIT, |s| {
            let line = text_of(s, "#audit-chain")?.unwrap_or_default();
            Ok(line.contains("baris #1").then_some(()))
        })
        .unwrap();
    });
    harness.step(&s, "audit-chain-broken", || {
        sign_out(&s).unwrap();
        sign_in(&s, ADMIN_USER, ADMIN_PASSWORD).unwrap();
        s.wait_until("the banner at sign-in", WAIT, |s| {
            let banner = text_of(s, "#banner")?.unwrap_or_default();
            Ok(banner.contains("Log Audit telah diubah").then_some(()))
        })
        .unwrap();
        settle(&s).unwrap();
    });
    harness.screenshot(&s, "audit-chain-broken");
}
