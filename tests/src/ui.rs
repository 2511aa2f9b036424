//! Steps on Sinkron's screens that more than one window test takes: typing a field, reading a
//! message, filling the intake form, attaching a photo through the picker seam and reading what
//! a photo slot shows, opening the queue. Each step waits for the app's answer (never a fixed
//! sleep) and reads the page the way an operator sees it: ids, `data-*` states, loaded images.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::webdriver::{Error, Result, Session, TAB};
use crate::Harness;

/// How long a step waits for the app (photo intake of a 12 MP JPEG in a debug build included).
pub const WAIT: Duration = Duration::from_secs(30);

/// One applicant's form, as typed.
#[derive(Debug, Clone, Copy)]
pub struct Applicant<'a> {
    pub name: &'a str,
    pub nik: &'a str,
    pub kk: &'a str,
    pub problem: &'a str,
    pub wa: &'a str,
}

/// Valid identity numbers: Ogan Ilir, female, born 1 July 1995 (the ones on the fixtures).
pub const SITI: Applicant<'static> = Applicant {
    name: "Siti Aminah",
    nik: "1610014107950001",
    kk: "1610010203150003",
    problem: "NIK 1610014107950001 tdk bisa daftar BPJS",
    wa: "0812-3456-7890",
};

/// Clears a field, types `text` and leaves the field (Tab), which makes the app check it.
pub fn type_into(s: &Session, css: &str, text: &str) -> Result<()> {
    let field = s.find(css)?;
    field.clear()?;
    field.send_keys(text)?;
    field.send_keys(TAB)
}

/// The rendered text of the first element matching `css`, if there is one and it is not blank.
pub fn text_of(s: &Session, css: &str) -> Result<Option<String>> {
    match s.find_all(css)?.first() {
        Some(el) => {
            let t = el.text()?;
            Ok((!t.trim().is_empty()).then_some(t))
        }
        None => Ok(None),
    }
}

/// Clicks the first element matching `css`.
pub fn click(s: &Session, css: &str) -> Result<()> {
    s.find(css)?.click()
}

/// Types the five fields of Pengajuan Baru.
pub fn fill_form(s: &Session, a: &Applicant<'_>) -> Result<()> {
    type_into(s, "#f-name", a.name)?;
    type_into(s, "#f-nik", a.nik)?;
    type_into(s, "#f-kk", a.kk)?;
    type_into(s, "#f-problem", a.problem)?;
    type_into(s, "#f-wa", a.wa)
}

/// What a photo slot of the intake form shows.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Slot {
    /// `data-state`: empty, busy or held.
    pub state: String,
    /// The thumbnail's URL, when a photo is held.
    pub thumb: Option<String>,
    /// The thumbnail's decoded size (0 × 0 until it has loaded, or when it failed).
    pub thumb_size: (u64, u64),
    /// The "W × H px · size" line beside a held photo.
    pub meta: String,
    /// The refusal beside the slot: `data-code` and text.
    pub error: Option<(String, String)>,
    /// The refusal is one this test has not seen yet (see [`mark_errors_seen`]).
    pub error_fresh: bool,
    /// The slot is drawn as invalid.
    pub invalid: bool,
}

/// Reads slot `kind` (`kk` or `ktp`) as it is now.
pub fn slot(s: &Session, kind: &str) -> Result<Slot> {
    let v = s.execute(
        "const kind = arguments[0];
         const slot = document.getElementById('slot-' + kind);
         if (!slot) return null;
         const img = slot.querySelector('img.slot-thumb');
         const meta = slot.querySelector('.slot-size');
         const err = document.querySelector('#slot-' + kind + '-msg .msg-error');
         return {
           state: slot.dataset.state || '',
           thumb: img ? img.getAttribute('src') : null,
           w: img && img.complete ? img.naturalWidth : 0,
           h: img && img.complete ? img.naturalHeight : 0,
           meta: meta ? meta.textContent.trim() : '',
           code: err ? (err.dataset.code || '') : null,
           text: err ? err.textContent.trim() : null,
           fresh: err ? !err.__e2eSeen : false,
           invalid: slot.classList.contains('is-invalid'),
         };",
        json!([kind]),
    )?;
    if v.is_null() {
        return Err(Error(format!("no #slot-{kind} on screen")));
    }
    let s = |k: &str| v.get(k).and_then(Value::as_str).map(str::to_string);
    let n = |k: &str| v.get(k).and_then(Value::as_u64).unwrap_or(0);
    Ok(Slot {
        state: s("state").unwrap_or_default(),
        thumb: s("thumb"),
        thumb_size: (n("w"), n("h")),
        meta: s("meta").unwrap_or_default(),
        error: s("code").map(|c| (c, s("text").unwrap_or_default())),
        error_fresh: v.get("fresh").and_then(Value::as_bool).unwrap_or(false),
        invalid: v.get("invalid").and_then(Value::as_bool).unwrap_or(false),
    })
}

/// Marks every error message now on screen as seen, so that a wait for "the refusal" after the
/// next click cannot be satisfied by the previous one. (An expando property on the node: the
/// app never sees it, and a message the app re-renders is a new node without it.)
pub fn mark_errors_seen(s: &Session) -> Result<()> {
    s.execute(
        "document.querySelectorAll('.msg-error').forEach((e) => { e.__e2eSeen = true; });
         return true;",
        json!([]),
    )
    .map(|_| ())
}

/// The slot's pick button, whichever it is now (Pilih foto when empty, Ganti when held).
fn pick_button(kind: &str) -> String {
    format!("#slot-{kind} [data-act=pick], #slot-{kind} [data-act=replace]")
}

/// Picks `path` for slot `kind` through the dialog seam and waits until the slot holds it with
/// its thumbnail decoded. Returns the slot as it then is; fails at once on a refusal.
pub fn attach(h: &Harness, s: &Session, kind: &str, path: &Path) -> Slot {
    mark_errors_seen(s).expect("mark old messages");
    let before = slot(s, kind).unwrap_or_else(|e| panic!("read slot {kind}: {e}"));
    h.pick(path);
    click(s, &pick_button(kind)).unwrap_or_else(|e| panic!("click pick on {kind}: {e}"));
    let outcome = s
        .wait_until(
            &format!("slot {kind} to hold {} with its thumbnail", path.display()),
            WAIT,
            |s| {
                let now = slot(s, kind)?;
                if now.state == "busy" {
                    return Ok(None);
                }
                if let Some((code, text)) = now.error.as_ref().filter(|_| now.error_fresh) {
                    return Ok(Some(Err(format!("refused: {code}: {text}"))));
                }
                let fresh = now.thumb.is_some() && now.thumb != before.thumb;
                Ok((now.state == "held" && fresh && now.thumb_size.0 > 0).then_some(Ok(now)))
            },
        )
        .unwrap_or_else(|e| panic!("{e}"));
    outcome.unwrap_or_else(|e| panic!("{} for slot {kind}: {e}", path.display()))
}

/// Picks `path` for slot `kind` and waits for the refusal beside it. Returns the slot.
pub fn attach_refused(h: &Harness, s: &Session, kind: &str, path: &Path) -> Slot {
    mark_errors_seen(s).expect("mark old messages");
    h.pick(path);
    click(s, &pick_button(kind)).unwrap_or_else(|e| panic!("click pick on {kind}: {e}"));
    s.wait_until(
        &format!("the refusal of {} beside slot {kind}", path.display()),
        WAIT,
        |s| {
            let now = slot(s, kind)?;
            Ok((now.state != "busy" && now.error.is_some() && now.error_fresh).then_some(now))
        },
    )
    .unwrap_or_else(|e| panic!("{e}"))
}

/// Waits for a fresh refusal with `code` beside slot `kind` (after a save, say).
pub fn wait_slot_error(s: &Session, kind: &str, code: &str) -> Result<Slot> {
    s.wait_until(&format!("{code} beside slot {kind}"), WAIT, |s| {
        let now = slot(s, kind)?;
        let matches = now.error_fresh && now.error.as_ref().is_some_and(|(c, _)| c == code);
        Ok(matches.then_some(now))
    })
}

/// Waits until no CSS transition or animation is running (a screenshot then shows the end state).
pub fn settle(s: &Session) -> Result<()> {
    s.wait_until("animations to finish", WAIT, |s| {
        let running = s.execute(
            "return document.getAnimations().filter((a) => a.playState === 'running').length;",
            json!([]),
        )?;
        Ok((running.as_u64() == Some(0)).then_some(()))
    })
}

/// Natural size of the image matching `css` once it has loaded (`None` while loading).
pub fn image_size(s: &Session, css: &str) -> Result<Option<(u64, u64)>> {
    let v = s.execute(
        "const img = document.querySelector(arguments[0]);
         if (!img || !img.complete || !img.naturalWidth) return null;
         return [img.naturalWidth, img.naturalHeight];",
        json!([css]),
    )?;
    Ok(v.as_array().map(|a| {
        (
            a.first().and_then(Value::as_u64).unwrap_or(0),
            a.get(1).and_then(Value::as_u64).unwrap_or(0),
        )
    }))
}

/// The queue's counts and rows, read once they have loaded.
#[derive(Debug, Clone, PartialEq)]
pub struct Queue {
    /// The count on the "Semua" tab.
    pub all: u64,
    /// Registration numbers of the rows shown, top first.
    pub rows: Vec<String>,
}

/// Opens Daftar Pengajuan and reads it once its counts are in.
pub fn open_queue(s: &Session) -> Result<Queue> {
    click(s, "#nav-list")?;
    s.wait_until("the queue's counts", WAIT, |s| {
        let v = s.execute(
            "const count = document.querySelector('.tab[data-status=all] .tab-count');
             const body = document.getElementById('list-body');
             if (!count || !count.textContent.trim() || !body || body.getAttribute('aria-busy'))
               return null;
             return {
               all: Number(count.textContent.trim()),
               rows: Array.from(body.querySelectorAll('tr[data-id] .row-link'))
                 .map((a) => a.textContent.trim()),
             };",
            json!([]),
        )?;
        if v.is_null() {
            return Ok(None);
        }
        Ok(Some(Queue {
            all: v.get("all").and_then(Value::as_u64).unwrap_or(u64::MAX),
            rows: v
                .get("rows")
                .and_then(Value::as_array)
                .map(|a| {
                    a.iter()
                        .filter_map(|r| r.as_str().map(str::to_string))
                        .collect()
                })
                .unwrap_or_default(),
        }))
    })
}
