//! The KK and KTP-el photos end to end, in the real window, with files an operator really picks
//! (generated phone photos and every kind of wrong file, see `sinkron_e2e::fixtures`). The native
//! dialog is the only thing replaced (the harness's picked-path seam); reading, checking,
//! holding, saving and serving the photos are the app's own.
//!
//! - Both photos attach with their thumbnails, the sideways KTP-el upright; the request saves,
//!   opens from the queue, and both viewers load and answer zoom and rotate.
//! - Every bad file is refused beside its slot with its own code, nothing is held or saved, and
//!   the app goes on working (a good photo still attaches).
//! - Saving without photos names both slots; the same photo twice is refused; a NIK with an open
//!   request asks before saving again.
//!
//! - A shaken photo is flagged beside its slot in the applicant's words (the operator decides);
//!   a sharp one is not. The detail view opens on a saved photo's document straightened, with a
//!   switch to the photo as taken.
//!
//! Screenshots for a person to look at, in `target/e2e-screenshots/`: `photos-intake-held`,
//! `photos-slot-refused`, `photos-save-missing`, `photos-detail-side` (1366×768),
//! `photos-detail-stacked`, `photos-detail-zoomed`, `photos-detail-as-taken`,
//! `photos-detail-straightened` and `photos-slot-quality`.

use std::path::Path;

use serde_json::{json, Value};
use sinkron_e2e::ui::{
    attach, attach_refused, click, fill_form, image_size, mark_errors_seen, open_queue, settle,
    slot, text_of, wait_slot_error, SITI, WAIT,
};
use sinkron_e2e::webdriver::Result;
use sinkron_e2e::{Fixtures, Harness, Session};

const KINDS: [&str; 2] = ["kk", "ktp"];

/// What one photo viewer of the detail view shows.
#[derive(Debug, Clone, PartialEq)]
struct Viewer {
    state: String,
    zoom: f64,
    rotation: String,
    source: String,
    /// The image's decoded size; 0 × 0 until loaded.
    natural: (u64, u64),
    /// The viewer's box on screen: left, top, width, height (CSS px).
    rect: (f64, f64, f64, f64),
}

fn viewer(s: &Session, kind: &str) -> Result<Option<Viewer>> {
    let v = s.execute(
        "const el = document.querySelector('section.viewer[data-kind=' + arguments[0] + ']');
         if (!el) return null;
         const img = el.querySelector('img.viewer-img');
         const r = el.getBoundingClientRect();
         return {
           state: el.dataset.state || '', zoom: el.dataset.zoom || '',
           rotation: el.dataset.rotation || '', source: el.dataset.source || '',
           w: img && img.complete ? img.naturalWidth : 0,
           h: img && img.complete ? img.naturalHeight : 0,
           rect: [r.left, r.top, r.width, r.height],
         };",
        json!([kind]),
    )?;
    if v.is_null() {
        return Ok(None);
    }
    let s = |k: &str| {
        v.get(k)
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_string()
    };
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    let r: Vec<f64> = v
        .get("rect")
        .and_then(Value::as_array)
        .map(|a| a.iter().filter_map(Value::as_f64).collect())
        .unwrap_or_default();
    Ok(Some(Viewer {
        state: s("state"),
        zoom: s("zoom").parse().unwrap_or(f64::NAN),
        rotation: s("rotation"),
        source: s("source"),
        natural: (n("w"), n("h")),
        rect: (
            r.first().copied().unwrap_or(0.0),
            r.get(1).copied().unwrap_or(0.0),
            r.get(2).copied().unwrap_or(0.0),
            r.get(3).copied().unwrap_or(0.0),
        ),
    }))
}

/// Waits until both viewers are ready with their image decoded.
fn both_viewers_loaded(s: &Session) -> (Viewer, Viewer) {
    s.wait_until("both photo viewers loaded", WAIT, |s| {
        let (Some(kk), Some(ktp)) = (viewer(s, "kk")?, viewer(s, "ktp")?) else {
            return Ok(None);
        };
        if kk.state == "error" || ktp.state == "error" {
            return Err(sinkron_e2e::webdriver::Error(format!(
                "a viewer failed: {kk:?} {ktp:?}"
            )));
        }
        let ready = |v: &Viewer| v.state == "ready" && v.natural.0 > 0;
        Ok((ready(&kk) && ready(&ktp)).then_some((kk, ktp)))
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Picks a photo layout and waits until the photo pane has it.
fn set_layout(s: &Session, layout: &str) {
    click(s, &format!(".seg[data-layout={layout}]")).expect("layout button");
    s.wait_until(&format!("the {layout} layout"), WAIT, |s| {
        let class = s.find("#d-photos")?.attribute("class")?.unwrap_or_default();
        Ok(class
            .split_whitespace()
            .any(|c| c == format!("photos-{layout}"))
            .then_some(()))
    })
    .unwrap_or_else(|e| panic!("{e}"));
}

/// The size of the page's viewport, CSS px.
fn viewport(s: &Session) -> (u64, u64) {
    let v = s
        .execute("return [window.innerWidth, window.innerHeight];", json!([]))
        .expect("viewport");
    let n = |i: usize| v.get(i).and_then(Value::as_u64).unwrap_or(0);
    (n(0), n(1))
}

/// Saves the form and returns the registration number shown.
fn save_and_read_number(s: &Session) -> String {
    click(s, "#btn-save").expect("click Simpan");
    let reg = s
        .wait_until("the registration number", WAIT, |s| {
            text_of(s, "#reg-number")
        })
        .unwrap_or_else(|e| panic!("{e}"));
    reg.trim().to_string()
}

fn launch_fresh(harness: &Harness, dir: &Path) -> Session {
    harness.launch(&dir.join("photos.db"))
}

#[test]
fn photos_attach_save_open_and_view() {
    // Made before the app starts, so a first generation does not eat into any wait.
    let fx = Fixtures::shared();
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let s = launch_fresh(&harness, dir.path());

    let reg = harness.step(&s, "photos-1-intake", || {
        fill_form(&s, &SITI).unwrap();
        let kk = attach(&harness, &s, "kk", &fx.kk());
        assert!(
            kk.meta.starts_with("4000 × 3000 px"),
            "KK slot says {:?}",
            kk.meta
        );
        assert!(
            kk.thumb_size.0 > kk.thumb_size.1,
            "KK thumbnail should be landscape: {:?}",
            kk.thumb_size
        );
        let ktp = attach(&harness, &s, "ktp", &fx.ktp());
        // Stored 3000×4000 with EXIF Orientation 6: upright it is 4000×3000.
        assert!(
            ktp.meta.starts_with("4000 × 3000 px"),
            "the sideways KTP-el should be counted upright, slot says {:?}",
            ktp.meta
        );
        assert!(
            ktp.thumb_size.0 > ktp.thumb_size.1,
            "KTP-el thumbnail should be turned upright (landscape): {:?}",
            ktp.thumb_size
        );
        assert!(
            kk.meta.contains("MB"),
            "size of the file shown: {:?}",
            kk.meta
        );
        for kind in KINDS {
            let size = image_size(&s, &format!("#slot-{kind} img.slot-thumb"))
                .unwrap()
                .unwrap_or((0, 0));
            assert!(size.0 > 0, "thumbnail of {kind} not loaded");
            assert_eq!(slot(&s, kind).unwrap().state, "held");
        }
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-intake-held");

        let reg = save_and_read_number(&s);
        assert!(
            reg.len() == 14 && reg.starts_with("SD-"),
            "registration number {reg:?}"
        );
        let code = text_of(&s, "#check-code").unwrap().unwrap_or_default();
        assert!(!code.trim().is_empty(), "a check code is shown");
        reg
    });
    eprintln!("e2e: saved as {reg}");

    harness.step(&s, "photos-2-detail", || {
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.all, 1, "one request in the queue");
        assert_eq!(queue.rows, vec![reg.clone()]);
        click(&s, "#list-body tr[data-id] .row-link").unwrap();
        let title = s
            .wait_until("the detail view of the request", WAIT, |s| {
                Ok(text_of(s, ".view-detail #d-title")?.filter(|t| t.trim() == reg))
            })
            .unwrap();
        assert_eq!(title.trim(), reg);
        assert_eq!(
            text_of(&s, "#d-status").unwrap().unwrap_or_default().trim(),
            "Baru"
        );

        set_layout(&s, "side");
        let (kk, ktp) = both_viewers_loaded(&s);
        for v in [&kk, &ktp] {
            assert!(
                v.natural.0 > v.natural.1,
                "viewer photo should be upright (landscape): {v:?}"
            );
            assert_eq!(v.zoom, 1.0, "fits at first: {v:?}");
            assert_eq!(v.rotation, "0");
            assert_eq!(v.source, "preview", "the preview is shown first: {v:?}");
        }
        // Side by side: next to each other, same top, and neither wider than half the pane.
        assert!(
            kk.rect.0 + kk.rect.2 <= ktp.rect.0 + 1.0,
            "KK left of KTP-el: {:?} {:?}",
            kk.rect,
            ktp.rect
        );
        assert!(
            (kk.rect.1 - ktp.rect.1).abs() < 2.0,
            "same top: {kk:?} {ktp:?}"
        );
        let (vw, vh) = viewport(&s);
        eprintln!(
            "e2e: viewport {vw}×{vh}; viewers {:?} {:?}",
            kk.rect, ktp.rect
        );
        assert_eq!((vw, vh), (1366, 768), "the office's screen size");
        assert!(
            ktp.rect.0 + ktp.rect.2 <= vw as f64 + 0.5,
            "KTP-el viewer runs off the window: {:?}",
            ktp.rect
        );
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-detail-side");
    });

    harness.step(&s, "photos-3-stacked", || {
        set_layout(&s, "stacked");
        let (kk, ktp) = both_viewers_loaded(&s);
        assert!(
            kk.rect.1 + kk.rect.3 <= ktp.rect.1 + 1.0,
            "KK above KTP-el: {:?} {:?}",
            kk.rect,
            ktp.rect
        );
        assert!(
            (kk.rect.0 - ktp.rect.0).abs() < 2.0,
            "same left edge: {kk:?} {ktp:?}"
        );
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-detail-stacked");
        set_layout(&s, "side");
    });

    harness.step(&s, "photos-4-zoom-rotate", || {
        let kk = "section.viewer[data-kind=kk]";
        let percent = |s: &Session| -> Result<String> {
            Ok(s.find(&format!("{kk} .viewer-zoom"))?
                .text()?
                .trim()
                .to_string())
        };
        let at_fit = percent(&s).unwrap();
        click(&s, &format!("{kk} button[data-act=zoom-in]")).unwrap();
        let zoomed = s
            .wait_until("KK zoomed in", WAIT, |s| {
                Ok(viewer(s, "kk")?.filter(|v| v.zoom > 1.0))
            })
            .unwrap();
        let mut on_screen = percent(&s).unwrap();
        assert_ne!(on_screen, at_fit, "the zoom label follows: {zoomed:?}");
        // Turning a zoomed-in photo keeps its size on screen (the viewer's rule), so the zoom
        // relative to the new fit may change; the percentage of original pixels must not.
        // Never below the turned photo's fit, though: zoom in past that fit first.
        let (w, h) = (zoomed.natural.0 as f64, zoomed.natural.1 as f64);
        let turned_fit = (zoomed.rect.2 / h).min(zoomed.rect.3 / w) * 100.0;
        let shown = |text: &str| text.trim_end_matches('%').parse::<f64>().unwrap_or(0.0);
        for _ in 0..6 {
            if shown(&on_screen) > turned_fit * 1.1 {
                break;
            }
            let was = on_screen.clone();
            click(&s, &format!("{kk} button[data-act=zoom-in]")).unwrap();
            on_screen = s
                .wait_until("KK zoomed in further", WAIT, |s| {
                    Ok(Some(percent(s)?).filter(|p| *p != was))
                })
                .unwrap();
        }
        click(&s, &format!("{kk} button[data-act=rotate]")).unwrap();
        let turned = s
            .wait_until("KK turned a quarter", WAIT, |s| {
                Ok(viewer(s, "kk")?.filter(|v| v.rotation == "90"))
            })
            .unwrap();
        assert_eq!(
            percent(&s).unwrap(),
            on_screen,
            "turning keeps the scale: {turned:?}"
        );
        eprintln!("e2e: KK after zoom-in and rotate: {turned:?}");
        // Zoom in again until past the (new) fit: each click must make it larger.
        let mut after = turned.clone();
        for _ in 0..4 {
            if after.zoom > 1.0 {
                break;
            }
            let was = after.zoom;
            click(&s, &format!("{kk} button[data-act=zoom-in]")).unwrap();
            after = s
                .wait_until("KK zoomed in further", WAIT, |s| {
                    Ok(viewer(s, "kk")?.filter(|v| v.zoom > was))
                })
                .unwrap();
        }
        assert!(after.zoom > 1.0, "zoomed in past fit: {after:?}");
        assert_eq!(after.rotation, "90", "{after:?}");
        let ktp = viewer(&s, "ktp").unwrap().expect("KTP-el viewer");
        assert_eq!(
            (ktp.zoom, ktp.rotation.as_str()),
            (1.0, "0"),
            "the other viewer is left alone"
        );
        eprintln!("e2e: KK zoomed and turned: {after:?}");
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-detail-zoomed");
        click(&s, &format!("{kk} button[data-act=fit]")).unwrap();
        s.wait_until("KK back to fit", WAIT, |s| {
            Ok(viewer(s, "kk")?.filter(|v| v.zoom == 1.0))
        })
        .unwrap();
    });

    harness.step(&s, "photos-5-straightened", || {
        // Both photos are clean, and the document is found in each: no finding, and the view
        // opens on the document straightened, with a switch to the photo as taken.
        for kind in KINDS {
            let switch = s
                .wait_for(
                    &format!(".photo-quality [data-act=straight][data-kind={kind}]"),
                    WAIT,
                )
                .unwrap_or_else(|e| panic!("{kind}: the straightened switch: {e}"));
            assert_eq!(
                switch.attribute("aria-pressed").unwrap().as_deref(),
                Some("true"),
                "{kind}: straightened first"
            );
        }
        assert!(
            s.find_all(".photo-quality .msg-warn").unwrap().is_empty(),
            "no finding for clean photos"
        );
        let shown_straight = |s: &Session, want: bool| -> Result<bool> {
            Ok(s.execute(
                "const v = document.querySelector('section.viewer[data-kind=kk]'); \
                 return !!v && v.dataset.straight === arguments[0];",
                json!([want.to_string()]),
            )?
            .as_bool()
            .unwrap_or(false))
        };
        let straight = s
            .wait_until("the KK straightened", WAIT, |s| {
                let on = shown_straight(s, true)?;
                Ok(viewer(s, "kk")?.filter(|v| on && v.state == "ready" && v.natural.0 > 0))
            })
            .unwrap();
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-detail-straightened");
        for kind in KINDS {
            click(&s, &format!("[data-act=straight][data-kind={kind}]")).unwrap();
        }
        let as_taken = s
            .wait_until("the KK as taken", WAIT, |s| {
                let off = shown_straight(s, false)?;
                Ok(viewer(s, "kk")?.filter(|v| off && v.state == "ready" && v.natural.0 > 0))
            })
            .unwrap();
        eprintln!("e2e: KK straightened {straight:?}, as taken {as_taken:?}");
        // Cropped to the sheet: smaller than the whole photo, still landscape.
        assert!(straight.natural.0 < as_taken.natural.0, "{straight:?}");
        assert!(straight.natural.0 > straight.natural.1, "{straight:?}");
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-detail-as-taken");
        click(&s, "[data-act=straight][data-kind=kk]").unwrap();
        s.wait_until("the KK straightened again", WAIT, |s| {
            Ok(viewer(s, "kk")?.filter(|v| v.state == "ready" && v.natural == straight.natural))
        })
        .unwrap();
    });
    s.delete().expect("close the app");
}

#[test]
fn bad_files_are_refused_beside_the_slot() {
    let fx = Fixtures::shared();
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let s = launch_fresh(&harness, dir.path());
    let folder = fx.dir().display().to_string();

    harness.step(&s, "photos-bad-files", || {
        // The slots alternate so each refusal is a new one (the same code never follows itself
        // in a slot), and each wait ignores messages already seen.
        for (i, bad) in fx.bad().iter().enumerate() {
            let kind = KINDS[i % 2];
            let shown = attach_refused(&harness, &s, kind, &bad.path);
            let (code, text) = shown.error.clone().expect("a refusal");
            eprintln!("e2e: {} in {kind}: {code}: {text}", bad.what);
            assert_eq!(code, bad.code, "{} refused as {text:?}", bad.what);
            assert!(
                text.chars().count() > 30,
                "{}: says what to do: {text:?}",
                bad.what
            );
            assert!(
                !text.contains(&folder) && !text.contains(".jpg"),
                "{}: the message names no file or folder: {text:?}",
                bad.what
            );
            assert_eq!(shown.state, "empty", "{}: nothing held", bad.what);
            assert!(shown.thumb.is_none(), "{}: no thumbnail", bad.what);
            assert!(shown.invalid, "{}: the slot is marked invalid", bad.what);
            // The window still answers.
            assert!(s.title().unwrap().starts_with("Sinkron"));
            if i == 0 {
                settle(&s).unwrap();
                harness.screenshot(&s, "photos-slot-refused");
            }
        }
    });

    harness.step(&s, "photos-bad-then-good", || {
        // A closed dialog changes nothing and breaks nothing.
        harness.pick_cancel();
        click(&s, "#slot-kk [data-act=pick]").unwrap();
        let after = s
            .wait_until("the cancelled pick to settle", WAIT, |s| {
                Ok(Some(slot(s, "kk")?).filter(|v| v.state != "busy"))
            })
            .unwrap();
        assert_eq!(after.state, "empty");

        // The app still works: good photos attach, and the refusals beside them go away.
        for (kind, path) in [("kk", fx.kk()), ("ktp", fx.ktp())] {
            let held = attach(&harness, &s, kind, &path);
            assert!(held.error.is_none(), "{kind}: refusal gone: {held:?}");
            assert!(!held.invalid, "{kind}: no longer invalid");
        }

        // A bad file picked over a held photo is refused and the held photo stays.
        let before = slot(&s, "kk").unwrap();
        let pdf = fx
            .bad()
            .into_iter()
            .find(|b| b.code == "photo_pdf")
            .unwrap();
        let refused = attach_refused(&harness, &s, "kk", &pdf.path);
        assert_eq!(
            refused.error.as_ref().map(|e| e.0.as_str()),
            Some("photo_pdf")
        );
        assert_eq!(refused.state, "held", "the held photo stays: {refused:?}");
        assert_eq!(refused.thumb, before.thumb);

        // A shaken photo is held with a warning beside it (the operator decides); the sharp KK
        // has none.
        assert_eq!(
            warnings_beside(&s, "kk"),
            Vec::<String>::new(),
            "the sharp KK"
        );
        let shaken = dir.path().join("ktp-goyang.jpg");
        std::fs::write(
            &shaken,
            sinkron_core::photo::quality_set::case(
                sinkron_core::DocumentKind::Ktp,
                sinkron_core::photo::quality_set::Defect::Motion(14.0),
                2,
            )
            .jpeg,
        )
        .expect("write the shaken photo");
        let held = attach(&harness, &s, "ktp", &shaken);
        assert!(held.error.is_none(), "a warning, not a refusal: {held:?}");
        assert_eq!(warnings_beside(&s, "ktp"), vec!["photo_blurry".to_string()]);
        let words = text_of(&s, "#slot-ktp .slot-warnings")
            .unwrap()
            .unwrap_or_default();
        assert!(words.contains("Foto buram"), "{words}");
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-slot-quality");

        // None of it was saved.
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.all, 0, "nothing saved: {queue:?}");
        assert!(queue.rows.is_empty(), "nothing listed: {queue:?}");
        let badge = s.find("#badge-list").unwrap();
        assert!(
            badge.attribute("hidden").unwrap().is_some(),
            "no open-request badge"
        );

        // The operator saves it anyway: the list marks the request for a closer look.
        click(&s, "#nav-intake").unwrap();
        s.wait_for("#f-name", WAIT).unwrap();
        fill_form(&s, &SITI).unwrap();
        attach(&harness, &s, "kk", &fx.kk());
        attach(&harness, &s, "ktp", &shaken);
        let reg = save_and_read_number(&s);
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.rows, [reg.as_str()], "{queue:?}");
        let mark = text_of(&s, "#list-body tr[data-id] .mark-photo")
            .unwrap()
            .unwrap_or_default();
        assert_eq!(mark.trim(), "Cek foto", "the row of {reg}");
        harness.screenshot(&s, "photos-list-marked");
    });
    s.delete().expect("close the app");
}

/// The codes of the quality findings shown beside slot `kind`.
fn warnings_beside(s: &Session, kind: &str) -> Vec<String> {
    sinkron_e2e::ui::data_codes(s, &format!("#slot-{kind} .slot-warnings .msg"))
}

#[test]
fn save_refuses_missing_and_doubled_photos() {
    let fx = Fixtures::shared();
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let s = launch_fresh(&harness, dir.path());

    harness.step(&s, "photos-missing", || {
        fill_form(&s, &SITI).unwrap();
        mark_errors_seen(&s).unwrap();
        click(&s, "#btn-save").unwrap();
        for kind in KINDS {
            let shown = wait_slot_error(&s, kind, "photo_missing").unwrap();
            assert!(shown.invalid, "{kind} marked invalid");
            assert_eq!(shown.state, "empty");
        }
        let summary = text_of(&s, "#form-summary").unwrap();
        assert!(summary.is_some(), "the form says it was not saved");
        settle(&s).unwrap();
        harness.screenshot(&s, "photos-save-missing");
        assert!(s.find_all("#reg-number").unwrap().is_empty(), "not saved");
    });

    harness.step(&s, "photos-same-twice", || {
        attach(&harness, &s, "kk", &fx.kk());
        attach(&harness, &s, "ktp", &fx.kk());
        mark_errors_seen(&s).unwrap();
        click(&s, "#btn-save").unwrap();
        let code = s
            .wait_until("photo_same_twice beside a slot", WAIT, |s| {
                for kind in KINDS {
                    let v = slot(s, kind)?;
                    if v.error_fresh {
                        return Ok(v.error.map(|(c, _)| c));
                    }
                }
                Ok(None)
            })
            .unwrap();
        assert_eq!(code, "photo_same_twice");
        assert!(s.find_all("#reg-number").unwrap().is_empty(), "not saved");
        // Both photos are still held: the operator only has to replace one.
        for kind in KINDS {
            assert_eq!(slot(&s, kind).unwrap().state, "held", "{kind}");
        }
    });

    let first = harness.step(&s, "photos-fixed-and-saved", || {
        attach(&harness, &s, "ktp", &fx.ktp());
        save_and_read_number(&s)
    });

    harness.step(&s, "photos-duplicate-nik", || {
        click(&s, "#btn-again").unwrap();
        s.wait_for("#f-name", WAIT).unwrap();
        for kind in KINDS {
            let v = slot(&s, kind).unwrap();
            assert_eq!(v.state, "empty", "a new form starts without photos: {kind}");
        }
        fill_form(&s, &SITI).unwrap();
        attach(&harness, &s, "kk", &fx.kk());
        attach(&harness, &s, "ktp", &fx.ktp());
        click(&s, "#btn-save").unwrap();
        s.wait_until("the open-request warning", WAIT, |s| {
            let shown = s.find("#dup-warning")?.attribute("hidden")?.is_none();
            Ok(shown.then_some(()))
        })
        .unwrap();
        let warning = text_of(&s, "#dup-warning").unwrap().unwrap_or_default();
        assert!(
            warning.contains(&first),
            "names the open request {first}: {warning:?}"
        );
        assert!(
            s.find_all("#reg-number").unwrap().is_empty(),
            "not saved yet"
        );
        click(&s, "#btn-save-anyway").unwrap();
        let second = s
            .wait_until("the second registration number", WAIT, |s| {
                text_of(s, "#reg-number")
            })
            .unwrap();
        assert_ne!(second.trim(), first, "a new number");
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.all, 2, "{queue:?}");
    });
    s.delete().expect("close the app");
}
