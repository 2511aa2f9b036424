//! `cargo xtask bench-ui`: what an operator waits for, measured in the real window of a release
//! build on a database of 200,000 requests (the newest few hundred with their two photos, as an
//! office keeps them until masa simpan). Each action is timed by the page's own clock, from the
//! action to the result painted: `performance.mark` at the action, another once the frame that
//! draws the result has been styled, laid out and painted (a message posted from that frame's
//! animation callback), read back through WebDriver. Start-up is timed from outside (the
//! window's process started until the sign-in screen answers) and by the app's own clock (its
//! process's start in `/proc` to the page's `sinkron:gate` mark, and to the end of the file's
//! damage check that runs beside the sign-in screen). The list's actions are split into their
//! commands' time (each `ipc://` fetch of Tauri's bridge, call to answer) and the page's own
//! drawing. The resident memory of the
//! app's own process and of its web process is read from `/proc` after start and after every
//! 100 detail views (`--views`, 100 by default). Figures are printed, never asserted: the
//! budget lives in this printout.
//!
//! `cargo xtask bench-ui [-- --requests N --photos P --runs R --views V --db PATH --css STYLE]`;
//! with `--db` naming an existing file, that file is used as it is (seeding 200,000 takes a
//! while); `--css` adds a style sheet to the page after sign-in, to try a drawing change.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use chrono::{Duration, Utc};
use serde_json::json;
use sinkron_core::photo::quality_set::{case, Defect};
use sinkron_core::photo::{self, DocumentKind};
use sinkron_core::{Actor, FormInput, RequestChanges as _};
use sinkron_e2e::harness::{ADMIN_PASSWORD, ADMIN_USER, GATE_OPEN};
use sinkron_e2e::ui::{fill_form, pick_button, Applicant, SITI, WAIT};
use sinkron_e2e::webdriver::Result;
use sinkron_e2e::{Fixtures, Harness, Session};
use sinkron_sqlite::Store;

/// A line of the table: what was timed, its budget (p90, ms) and the runs.
struct Line {
    what: &'static str,
    budget: Option<f64>,
    runs: Vec<f64>,
}

impl Line {
    fn new(what: &'static str, budget: Option<f64>) -> Line {
        Line {
            what,
            budget,
            runs: Vec::new(),
        }
    }

    fn percentile(&self, p: f64) -> f64 {
        let mut v = self.runs.clone();
        v.sort_by(f64::total_cmp);
        if v.is_empty() {
            return f64::NAN;
        }
        let rank = ((p / 100.0) * (v.len() as f64 - 1.0)).round() as usize;
        v[rank.min(v.len() - 1)]
    }
}

struct Options {
    requests: u32,
    photos: u32,
    runs: usize,
    /// Detail views opened before the memory is read again (every 100 of them).
    views: usize,
    db: Option<PathBuf>,
    /// A style sheet added to the page after sign-in: to try a drawing change without a
    /// rebuild.
    css: Option<String>,
}

fn options() -> std::result::Result<Options, String> {
    let mut o = Options {
        requests: 200_000,
        photos: 300,
        runs: 20,
        views: 100,
        db: None,
        css: None,
    };
    let mut args = std::env::args().skip(1).filter(|a| a != "--");
    while let Some(arg) = args.next() {
        let value = args.next().ok_or(format!("{arg} needs a value"))?;
        let number = || {
            value
                .parse::<u32>()
                .map_err(|e| format!("{arg} {value}: {e}"))
        };
        match arg.as_str() {
            "--requests" => o.requests = number()?,
            "--photos" => o.photos = number()?,
            "--runs" => o.runs = number()? as usize,
            "--views" => o.views = number()?.max(1) as usize,
            "--db" => o.db = Some(PathBuf::from(&value)),
            "--css" => o.css = Some(value),
            _ => return Err(format!("unknown argument {arg}")),
        }
    }
    Ok(o)
}

fn main() -> ExitCode {
    let o = match options() {
        Ok(o) => o,
        Err(e) => {
            eprintln!(
                "bench-ui: {e}\nusage: bench_ui [--requests N] [--photos P] [--runs R] [--views V] [--db PATH] [--css STYLE]"
            );
            return ExitCode::FAILURE;
        }
    };
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let seeded =
        o.db.clone()
            .unwrap_or_else(|| scratch.path().join("seeded.db"));
    if !seeded.exists() {
        let t = Instant::now();
        seed(&seeded, o.requests, o.photos);
        eprintln!(
            "bench-ui: seeded {} requests ({} with photos) in {:.0} s",
            o.requests,
            o.photos,
            t.elapsed().as_secs_f64()
        );
    }
    // The app encrypts the file it is given, under a key its own credential store keeps for
    // this run: it gets a copy, so a seeded `--db` serves the next run too.
    let db = scratch.path().join("bench.db");
    std::fs::copy(&seeded, &db).expect("a copy of the seeded database");
    let lines = run(&db, o.runs, o.views, o.css.as_deref());
    print(&lines);
    ExitCode::SUCCESS
}

/// `requests` synthetic requests over three years, the newest `photos` of them saved at the
/// desk with a KK and a KTP-el photo drawn like the calibration set's.
fn seed(db: &Path, requests: u32, photos: u32) {
    let runtime = tokio::runtime::Runtime::new().expect("tokio runtime");
    runtime.block_on(async {
        let store = Store::open(db).await.expect("open the bench database");
        let now = Utc::now();
        store
            .seed_synthetic(
                requests.saturating_sub(photos),
                3 * 365,
                now - Duration::days(1),
            )
            .await
            .expect("seed the requests");
        let pairs: Vec<_> = (0..4)
            .map(|i| {
                let kk = photo::process(&case(DocumentKind::Kk, Defect::Clean, i).jpeg);
                let ktp = photo::process(&case(DocumentKind::Ktp, Defect::Clean, i).jpeg);
                (kk.expect("a drawn KK"), ktp.expect("a drawn card"))
            })
            .collect();
        let actor = Actor::named("Petugas Bench");
        for i in 0..photos {
            let input = FormInput {
                name: format!("Contoh Berfoto {}", NAMES[i as usize % NAMES.len()]),
                nik: format!("161001410795{:04}", 1 + i % 9999),
                kk: "1610010203150003".into(),
                problem: "NIK tidak ditemukan saat daftar BPJS".into(),
                wa: "081234567890".into(),
            };
            let at = now - Duration::minutes(i64::from(photos - i));
            let valid = sinkron_core::validate_form(&input, at.date_naive())
                .unwrap_or_else(|e| panic!("bench applicant {i}: {e:?}"));
            let (kk, ktp) = &pairs[i as usize % pairs.len()];
            store
                .create_desk_request(&valid, &actor, at, kk, ktp)
                .await
                .expect("a request with photos");
        }
        store.close().await;
    });
}

const NAMES: &[&str] = &[
    "Siti", "Ahmad", "Budi", "Dewi", "Rina", "Agus", "Putri", "Joko",
];

/// The page's own time from `action` (JavaScript statements) to `done` (an expression) holding
/// and the frame that shows it painted, in milliseconds.
fn timed(s: &Session, action: &str, done: &str) -> Result<f64> {
    timed_commands(s, action, done).map(|t| t.ms)
}

/// Wraps the page's `fetch`, which Tauri's bridge sends every command through (`ipc://`), so
/// each command's time from call to answer is kept in the page's clock: what the IPC and the
/// shell take, apart from the page's own drawing.
const WATCH_IPC: &str = "if (!window.__benchIpc) {
       window.__benchIpc = [];
       const fetch = window.fetch.bind(window);
       window.fetch = (input, init) => {
         const url = String((input && input.url) || input);
         const t0 = performance.now();
         const answer = fetch(input, init);
         if (url.startsWith('ipc:')) {
           const done = () => window.__benchIpc.push([url, t0, performance.now() - t0]);
           answer.then(done, done);
         }
         return answer;
       };
     }";

/// What [`timed_commands`] read: the action's time, the commands' share (the union of their
/// spans, call to answer, within the action's time: commands running side by side count once),
/// and each command's own time by name (`sign_in`, `queue`…).
struct Timed {
    ms: f64,
    in_commands: f64,
    /// From the result in the page to the next frame (style, layout and paint of it).
    frame: f64,
    /// The style and layout share of [`Timed::frame`] (forced before the frame).
    layout: f64,
    commands: Vec<(String, f64)>,
}

impl Timed {
    /// The page's own share: the action's time outside every command.
    fn in_page(&self) -> f64 {
        self.ms - self.in_commands
    }

    /// The time of the command `name` (summed, if it ran more than once).
    fn command(&self, name: &str) -> f64 {
        self.commands
            .iter()
            .filter(|(n, _)| n == name)
            .map(|(_, ms)| ms)
            .sum()
    }
}

fn timed_commands(s: &Session, action: &str, done: &str) -> Result<Timed> {
    let script = format!(
        "const cb = arguments[arguments.length - 1];
         const check = () => {{ try {{ return !!({done}); }} catch (e) {{ return false; }} }};
         let finished = false, obs = null, iv = null;
         const t0 = performance.now();
         const finish = (ok) => {{
           if (finished) return;
           finished = true;
           if (obs) obs.disconnect();
           if (iv) clearInterval(iv);
           if (!ok) {{ cb([-1, 0, 0, [], 0, 0]); return; }}
           const inPage = performance.now();
           // Style and layout forced now, so the frame below is left with painting them.
           document.documentElement.getBoundingClientRect();
           const laidOut = performance.now() - inPage;
           // The frame's callbacks run before it is drawn; a message posted from one is
           // handled once that frame's style, layout and paint are done.
           const painted = new MessageChannel();
           requestAnimationFrame(() => painted.port2.postMessage(0));
           painted.port1.onmessage = () => {{
             painted.port1.close();
             performance.mark('bench-painted');
             const took = performance.measure('bench', 'bench-action', 'bench-painted').duration;
             const t1 = performance.now();
             const spans = (window.__benchIpc || []).filter(([, at]) => at >= t0 && at < t1);
             cb([took, t0, t1, spans, inPage, laidOut]);
           }};
         }};
         obs = new MutationObserver(() => {{ if (check()) finish(true); }});
         obs.observe(document.documentElement,
           {{ subtree: true, childList: true, attributes: true, characterData: true }});
         iv = setInterval(() => {{
           if (check()) finish(true); else if (performance.now() - t0 > 20000) finish(false);
         }}, 5);
         performance.clearMarks();
         performance.mark('bench-action');
         {action}
         if (check()) finish(true);"
    );
    let v = s.execute_async(&script, json!([]))?;
    let ms = v[0].as_f64().unwrap_or(-1.0);
    if ms < 0.0 {
        return Err(sinkron_e2e::webdriver::Error(format!("never done: {done}")));
    }
    let (t0, t1) = (v[1].as_f64().unwrap_or(0.0), v[2].as_f64().unwrap_or(0.0));
    let frame = t1 - v[4].as_f64().unwrap_or(t1);
    let layout = v[5].as_f64().unwrap_or(0.0);
    // Each command's span, cut to the action's time, in order of call.
    let mut spans: Vec<(String, f64, f64)> = v[3]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|span| {
            let url = span[0].as_str()?;
            let at = span[1].as_f64()?;
            let end = (at + span[2].as_f64()?).min(t1);
            let name = url.trim_end_matches('/').rsplit('/').next()?;
            let name = name.replace("%3A", ":").replace("%7C", "|");
            Some((name, at.max(t0), end))
        })
        .collect();
    spans.sort_by(|a, b| a.1.total_cmp(&b.1));
    let mut in_commands = 0.0;
    let mut covered = f64::NEG_INFINITY;
    for (_, from, to) in &spans {
        if *to > covered {
            in_commands += to - from.max(covered);
            covered = *to;
        }
    }
    let commands = spans
        .into_iter()
        .map(|(name, from, to)| (name, to - from))
        .collect();
    Ok(Timed {
        ms,
        in_commands,
        frame,
        layout,
        commands,
    })
}

/// Marks the rows on screen, so a check can tell a new page from the one before.
const MARK_ROWS: &str = "document.querySelectorAll('#list-body tr[data-id]')
     .forEach((r) => { r.dataset.bench = 'old'; });";
/// The list is no longer loading and its rows are new (or there are none).
const NEW_ROWS: &str = "(() => { const b = document.getElementById('list-body');
     const r = b && b.querySelector('tr[data-id]');
     return !!b && !b.getAttribute('aria-busy') && (!r || r.dataset.bench !== 'old'); })()";
/// Both photo viewers of the detail view have their pictures loaded.
const BOTH_SHOWN: &str = "document.querySelector('#view[data-view=detail]')
     && Array.from(document.querySelectorAll('section.viewer')).filter((v) => {
          const i = v.querySelector('img.viewer-img');
          return v.dataset.state === 'ready' && i && i.complete && i.naturalWidth > 0;
        }).length === 2";

fn search(text: &str) -> String {
    format!(
        "const f = document.getElementById('list-search'); f.value = {text:?};
         f.dispatchEvent(new KeyboardEvent('keydown', {{ key: 'Enter', bubbles: true }}));"
    )
}

fn run(db: &Path, runs: usize, views: usize, css: Option<&str>) -> Vec<Line> {
    let harness = Harness::start_with_secrets();
    // The first start turns the plain file into the encrypted one this PC keeps, once, and
    // makes the admin: not what a person waits for every morning.
    let first = Instant::now();
    let s = harness.launch(db);
    eprintln!(
        "bench-ui: first start (encrypting the file, first admin) {:.1} s",
        first.elapsed().as_secs_f64()
    );
    s.delete().expect("close the app");

    let mut start = Line::new("start → sign-in screen (process + WebDriver)", Some(1000.0));
    let mut card = Line::new("  process start → sign-in card (app's clock)", Some(1000.0));
    let mut checked = Line::new("  process start → file checked (beside it)", None);
    let mut sign_in = Line::new("sign-in → intake form", Some(100.0));
    let mut sign_in_password = Line::new("  sign-in: the sign_in command (argon2id)", None);
    let mut sign_in_commands = Line::new("  sign-in: in commands (IPC + shell)", None);
    let mut sign_in_page = Line::new("  sign-in: in the page", None);
    let mut sign_in_frame = Line::new("  sign-in: form in the page → painted", None);
    let mut sign_in_layout = Line::new("    of which style and layout", None);
    let mut list = Line::new("Daftar Pengajuan opened", Some(100.0));
    let mut tab = Line::new("tab switch (Baru / Semua)", Some(100.0));
    let mut nik = Line::new("search: NIK prefix", Some(100.0));
    let mut name = Line::new("search: part of a name", Some(100.0));
    let mut reg = Line::new("search: registration number", Some(100.0));
    let mut more = Line::new("next page", Some(100.0));
    // The list's actions above, split: the commands' time (call → answer) and the rest (the
    // page building the rows, layout and paint).
    let mut in_commands = Line::new("  list actions: in commands (IPC + shell)", None);
    let mut in_page = Line::new("  list actions: in the page (rows, layout, paint)", None);
    let mut in_frame = Line::new("  list actions: rows in the page → painted", None);
    let mut in_layout = Line::new("    of which style and layout", None);
    let mut detail = Line::new("detail view, both photos shown", Some(250.0));
    let mut zoom = Line::new("zoom in (KK)", Some(100.0));
    let mut rotate = Line::new("rotate (KK)", Some(100.0));
    let mut pick = Line::new("photo picked (12 MP JPEG) → thumbnail", Some(300.0));
    let mut save = Line::new("save with two photos → number shown", Some(500.0));
    let mut rekap = Line::new("Rekap: a month (this / last)", None);
    let mut memory = Vec::new();

    let mut kept = None;
    for i in 0..runs {
        let t = Instant::now();
        let s = harness.launch_at_gate(db);
        start.runs.push(t.elapsed().as_secs_f64() * 1000.0);
        // The app's own clock: from its process's start to the page's mark when it offered
        // the card, and to the end of the damage check that runs beside it (a person types
        // their name and password meanwhile, so the sign-in below waits for it as they would).
        let began = process_start_ms(harness.app()).expect("the app's process");
        let marks = s
            .execute_async(
                "const done = arguments[0]; \
                 const gate = performance.getEntriesByName('sinkron:gate')[0]; \
                 const shown = performance.timeOrigin + (gate ? gate.startTime : NaN); \
                 window.__TAURI_INTERNALS__.invoke('storage_check') \
                   .then(() => done([shown, Date.now()]), (e) => done([shown, NaN]));",
                json!([]),
            )
            .expect("the page's marks");
        let at = |i: usize| marks[i].as_f64().unwrap_or(f64::NAN) - began;
        card.runs.push(at(0));
        checked.runs.push(at(1));
        if i == 0 {
            // At its sign-in screen, the file checked; then the minimal window alone.
            memory.push((
                "at start (sign-in screen)".to_string(),
                resident(harness.app()),
            ));
            if let Some(minimal) = std::env::var_os("SINKRON_MINIMAL_BIN") {
                memory.push((
                    "a minimal Tauri v2 window, same build".to_string(),
                    minimal_resident(Path::new(&minimal), harness.display()),
                ));
            }
        }
        let fill = |css: &str, text: &str| {
            let f = s.find(css).expect(css);
            f.clear().expect(css);
            f.send_keys(text).expect(css);
        };
        fill("#g-username", ADMIN_USER);
        fill("#g-password", ADMIN_PASSWORD);
        s.execute(WATCH_IPC, json!([])).expect("the bridge watched");
        let t = timed_commands(
            &s,
            "document.getElementById('g-submit').click();",
            &format!("!document.querySelector({GATE_OPEN:?}) && document.getElementById('f-name')"),
        )
        .expect("signed in");
        if i + 1 == runs {
            let called: Vec<String> = t
                .commands
                .iter()
                .map(|(name, ms)| format!("{name} {ms:.0}"))
                .collect();
            eprintln!(
                "bench-ui: the last sign-in's commands (ms): {}",
                called.join(", ")
            );
        }
        sign_in.runs.push(t.ms);
        sign_in_password.runs.push(t.command("sign_in"));
        sign_in_commands.runs.push(t.in_commands);
        sign_in_page.runs.push(t.in_page());
        sign_in_frame.runs.push(t.frame);
        sign_in_layout.runs.push(t.layout);
        if i + 1 < runs {
            s.delete().expect("close the app");
        } else {
            kept = Some(s);
        }
    }
    let s = kept.expect("the last session stays open");
    s.wait_for(
        sinkron_e2e::harness::SIGNED_IN_SETTLED,
        std::time::Duration::from_secs(30),
    )
    .expect("signed in and settled");
    s.execute(WATCH_IPC, json!([])).expect("the bridge watched");
    if let Some(css) = css {
        s.execute(
            "const style = document.createElement('style');
             style.textContent = arguments[0];
             document.head.appendChild(style);",
            json!([css]),
        )
        .expect("the style added");
    }
    let mut split = |line: &mut Line, t: Timed| {
        line.runs.push(t.ms);
        in_commands.runs.push(t.in_commands);
        in_page.runs.push(t.in_page());
        in_frame.runs.push(t.frame);
        in_layout.runs.push(t.layout);
    };
    memory.push((
        "after start and sign-in".to_string(),
        resident(harness.app()),
    ));

    let open_list = "document.getElementById('nav-list').click();";
    for _ in 0..runs {
        s.find("#nav-intake")
            .and_then(|e| e.click())
            .expect("Pengajuan Baru");
        s.wait_for("#f-name", std::time::Duration::from_secs(10))
            .expect("the form");
        split(
            &mut list,
            timed_commands(&s, open_list, NEW_ROWS).expect("the list"),
        );
    }
    for i in 0..runs {
        let status = if i % 2 == 0 { "Baru" } else { "all" };
        let action =
            format!("{MARK_ROWS} document.querySelector('.tab[data-status={status}]').click();");
        split(
            &mut tab,
            timed_commands(&s, &action, NEW_ROWS).expect("a tab"),
        );
    }
    let searches: [(&mut Line, &[&str]); 3] = [
        (
            &mut nik,
            &["161001", "167101", "320101", "730101", "160101"],
        ),
        (
            &mut name,
            &["aminah", "santoso", "wijaya", "hidayat", "lestari"],
        ),
        (&mut reg, &[]),
    ];
    // Registration numbers to look for: those on the first page.
    let numbers: Vec<String> = s
        .execute(
            "return Array.from(document.querySelectorAll('#list-body tr[data-id] .row-link'))
               .map((a) => a.textContent.trim());",
            json!([]),
        )
        .ok()
        .and_then(|v| v.as_array().cloned())
        .unwrap_or_default()
        .iter()
        .filter_map(|v| v.as_str().map(str::to_string))
        .collect();
    for (line, texts) in searches {
        for i in 0..runs {
            let text = if texts.is_empty() {
                numbers[i % numbers.len().max(1)].clone()
            } else {
                texts[i % texts.len()].to_string()
            };
            let action = format!("{MARK_ROWS} {}", search(&text));
            split(
                line,
                timed_commands(&s, &action, NEW_ROWS).expect("a search"),
            );
        }
    }
    timed(&s, &format!("{MARK_ROWS} {}", search("")), NEW_ROWS).expect("the whole list");
    for _ in 0..runs {
        let action =
            "window.__benchRows = document.querySelectorAll('#list-body tr[data-id]').length;
             document.getElementById('btn-more').click();";
        let done = "!document.getElementById('list-body').getAttribute('aria-busy')
             && document.querySelectorAll('#list-body tr[data-id]').length > window.__benchRows";
        split(
            &mut more,
            timed_commands(&s, action, done).expect("the next page"),
        );
    }

    // The detail views: the newest requests have photos. Each is opened from the list.
    timed(
        &s,
        &format!("{MARK_ROWS} document.querySelector('.tab[data-status=all]').click();"),
        NEW_ROWS,
    )
    .expect("the list again");
    for i in 0..views {
        let action = format!(
            "document.querySelectorAll('#list-body tr[data-id] .row-link')[{}].click();",
            i % 20
        );
        let ms = timed(&s, &action, BOTH_SHOWN).expect("a detail view");
        if i < runs.max(20) {
            detail.runs.push(ms);
        }
        if i < runs {
            let kk = "section.viewer[data-kind=kk]";
            let zoomed = format!(
                "(() => {{ const v = document.querySelector('{kk}');
                   return v && Number(v.dataset.zoom) > 1; }})()"
            );
            zoom.runs.push(
                timed(
                    &s,
                    &format!("document.querySelector('{kk} button[data-act=zoom-in]').click();"),
                    &zoomed,
                )
                .expect("zoomed"),
            );
            let turned = format!("document.querySelector('{kk}').dataset.rotation === '90'");
            rotate.runs.push(
                timed(
                    &s,
                    &format!("document.querySelector('{kk} button[data-act=rotate]').click();"),
                    &turned,
                )
                .expect("turned"),
            );
        }
        timed(&s, open_list, NEW_ROWS).expect("back to the list");
        if (i + 1).is_multiple_of(100) {
            let when = format!("after {} detail views", i + 1);
            memory.push((when, resident(harness.app())));
        }
    }
    if !views.is_multiple_of(100) {
        memory.push((
            format!("after {views} detail views"),
            resident(harness.app()),
        ));
    }

    // Pengajuan Baru: a phone's 12 MP photo picked into each slot (the picker answers through
    // the test seam at once) until its thumbnail is painted, then the request saved until its
    // registration number shows. Each run is a new applicant, so no duplicate is offered.
    let fx = Fixtures::shared();
    for i in 0..runs {
        s.find("#nav-intake")
            .and_then(|e| e.click())
            .expect("Pengajuan Baru");
        if let Some(again) = s.find_all("#btn-again").expect("the done screen").first() {
            again.click().expect("another request");
        }
        s.wait_for("#f-name", WAIT).expect("the form");
        let nik = format!("161001410796{:04}", 1 + i);
        fill_form(&s, &Applicant { nik: &nik, ..SITI }).expect("the form filled");
        for (kind, path) in [("kk", fx.kk()), ("ktp", fx.ktp())] {
            harness.pick(&path);
            let slot = format!("#slot-{kind}");
            let button = pick_button(kind);
            let action = format!(
                "const was = document.querySelector('{slot} img.slot-thumb');
                 window.__benchThumb = was ? was.getAttribute('src') : null;
                 document.querySelector({button:?}).click();"
            );
            let held = format!(
                "(() => {{ const s = document.querySelector('{slot}');
                   const i = s && s.querySelector('img.slot-thumb');
                   return s.dataset.state === 'held' && !!i && i.complete && i.naturalWidth > 0
                     && i.getAttribute('src') !== window.__benchThumb; }})()"
            );
            pick.runs
                .push(timed(&s, &action, &held).expect("a photo in its slot"));
        }
        save.runs.push(
            timed(
                &s,
                "document.getElementById('btn-save').click();",
                "(() => { const r = document.getElementById('reg-number');
                   return !!r && r.textContent.trim().length > 0; })()",
            )
            .expect("the request saved"),
        );
    }

    // Rekap: this month and last month in turn, each until its figures are drawn.
    s.find("#nav-recap").and_then(|e| e.click()).expect("Rekap");
    s.wait_for("#rk-period", WAIT)
        .expect("this month's figures");
    for i in 0..runs {
        let period = if i % 2 == 0 {
            "last_month"
        } else {
            "this_month"
        };
        let action = format!(
            "document.getElementById('rk-period').dataset.bench = 'old';
             document.querySelector('[data-period={period}]').click();"
        );
        let drawn = "(() => { const p = document.getElementById('rk-period');
             return !!p && p.dataset.bench !== 'old'; })()";
        rekap
            .runs
            .push(timed(&s, &action, drawn).expect("a month's figures"));
    }
    s.delete().expect("close the app");

    println!();
    for (when, (app, web)) in memory {
        println!(
            "resident memory, {when}: app {:.0} MB, web process {:.0} MB",
            app as f64 / 1024.0,
            web as f64 / 1024.0
        );
    }
    vec![
        start,
        card,
        checked,
        sign_in,
        sign_in_password,
        sign_in_commands,
        sign_in_page,
        sign_in_frame,
        sign_in_layout,
        list,
        tab,
        nik,
        name,
        reg,
        more,
        in_commands,
        in_page,
        in_frame,
        in_layout,
        detail,
        zoom,
        rotate,
        pick,
        save,
        rekap,
    ]
}

/// When the newest process running `app` started, in ms since the epoch (to the kernel's
/// clock tick, 10 ms): its start in ticks since boot (`/proc/PID/stat`) against the time since
/// boot now (`/proc/uptime`).
fn process_start_ms(app: &Path) -> Option<f64> {
    let app = app.canonicalize().unwrap_or_else(|_| app.to_path_buf());
    let started_ticks = std::fs::read_dir("/proc")
        .ok()?
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|pid| std::fs::read_link(format!("/proc/{pid}/exe")).is_ok_and(|exe| exe == app))
        .filter_map(|pid| {
            let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
            // After the command's name in parentheses: state is field 3, starttime field 22.
            let rest = &stat[stat.rfind(')')? + 2..];
            rest.split_whitespace().nth(19)?.parse::<f64>().ok()
        })
        .fold(None, |newest: Option<f64>, t| {
            Some(newest.map_or(t, |n| n.max(t)))
        })?;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .ok()?
        .as_secs_f64();
    let up: f64 = std::fs::read_to_string("/proc/uptime")
        .ok()?
        .split_whitespace()
        .next()?
        .parse()
        .ok()?;
    // USER_HZ is 100 on every Linux this runs on.
    Some((now - (up - started_ticks / 100.0)) * 1000.0)
}

/// The resident memory of the minimal Tauri window (`cargo xtask bench-ui` builds it beside
/// the app) on `display`, read as the app's is, once its page has settled; then it is closed.
fn minimal_resident(minimal: &Path, display: &str) -> (u64, u64) {
    let Ok(mut child) = std::process::Command::new(minimal)
        .env("DISPLAY", display)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
    else {
        eprintln!("bench-ui: the minimal window did not start");
        return (0, 0);
    };
    // Its web process up and the empty page drawn: a few seconds, as the app is read after
    // its sign-in screen and the check.
    std::thread::sleep(std::time::Duration::from_secs(5));
    let found = resident(minimal);
    let _ = child.kill();
    let _ = child.wait();
    found
}

/// Resident memory (KiB) of the app's own process and of the web processes it started, read
/// from `/proc`.
fn resident(app: &Path) -> (u64, u64) {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return (0, 0);
    };
    let status = |pid: &str| std::fs::read_to_string(format!("/proc/{pid}/status")).ok();
    let field = |text: &str, name: &str| -> u64 {
        text.lines()
            .find_map(|l| l.strip_prefix(name))
            .and_then(|v| v.split_whitespace().next()?.parse().ok())
            .unwrap_or(0)
    };
    let procs: Vec<(String, String)> = entries
        .filter_map(|e| e.ok()?.file_name().into_string().ok())
        .filter(|p| p.chars().all(|c| c.is_ascii_digit()))
        .filter_map(|p| Some((p.clone(), status(&p)?)))
        .collect();
    let app = app.canonicalize().unwrap_or_else(|_| app.to_path_buf());
    let app_pid = procs.iter().find_map(|(pid, _)| {
        let exe = std::fs::read_link(format!("/proc/{pid}/exe")).ok()?;
        (exe == app).then(|| pid.clone())
    });
    let Some(app_pid) = app_pid else {
        return (0, 0);
    };
    let mut app_kb = 0;
    let mut web_kb = 0;
    for (pid, text) in &procs {
        let parent = text
            .lines()
            .find_map(|l| l.strip_prefix("PPid:"))
            .map(str::trim)
            .unwrap_or("");
        if *pid == app_pid {
            app_kb = field(text, "VmRSS:");
        } else if parent == app_pid {
            web_kb += field(text, "VmRSS:");
        }
    }
    (app_kb, web_kb)
}

fn print(lines: &[Line]) {
    println!();
    println!(
        "{:<48} {:>5} {:>9} {:>9} {:>9}  ",
        "action (ms, action → painted)", "runs", "median", "p90", "budget"
    );
    for l in lines {
        let p90 = l.percentile(90.0);
        let (budget, verdict) = match l.budget {
            Some(b) if p90 > b => (format!("{b:.0}"), "OVER"),
            Some(b) => (format!("{b:.0}"), "ok"),
            None => ("-".into(), ""),
        };
        println!(
            "{:<48} {:>5} {:>9.1} {:>9.1} {:>9}  {verdict}",
            l.what,
            l.runs.len(),
            l.percentile(50.0),
            p90,
            budget
        );
    }
}
