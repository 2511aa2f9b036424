//! Steps on Sinkron's screens that more than one window test takes: typing a field, reading a
//! message, filling the intake form, attaching a photo through the picker seam and reading what
//! a photo slot shows, opening the queue, signing in and out at the gate, opening a request's
//! detail view and acting on it through its dialog. Each step waits for the app's answer (never a
//! fixed sleep) and reads the page the way an operator sees it: ids, `data-*` states, loaded
//! images.

use std::path::Path;
use std::time::Duration;

use serde_json::{json, Value};

use crate::harness::{GATE_OPEN, SIGNED_IN_SETTLED};
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
/// The `data-code` of every element matching `css`, in page order (the codes of the messages
/// shown, say).
pub fn data_codes(s: &Session, css: &str) -> Vec<String> {
    s.execute(
        "return [...document.querySelectorAll(arguments[0])].map((m) => m.dataset.code);",
        serde_json::json!([css]),
    )
    .expect("read the codes")
    .as_array()
    .map(|a| {
        a.iter()
            .filter_map(|v| v.as_str().map(str::to_string))
            .collect()
    })
    .unwrap_or_default()
}

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
pub fn pick_button(kind: &str) -> String {
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

/// Waits until no CSS transition or animation is running and two frames have been drawn since
/// (a screenshot then shows the end state, not the last frame painted before the DOM changed).
pub fn settle(s: &Session) -> Result<()> {
    s.wait_until("animations to finish", WAIT, |s| {
        let running = s.execute(
            "return document.getAnimations().filter((a) => a.playState === 'running').length;",
            json!([]),
        )?;
        Ok((running.as_u64() == Some(0)).then_some(()))
    })?;
    s.execute(
        "window.__e2ePainted = false;
         requestAnimationFrame(() => requestAnimationFrame(() => { window.__e2ePainted = true; }));
         return true;",
        json!([]),
    )?;
    s.wait_until("two frames drawn", WAIT, |s| {
        Ok(
            (s.execute("return window.__e2ePainted === true;", json!([]))? == Value::Bool(true))
                .then_some(()),
        )
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

/// Opens Daftar Pengajuan and reads it once its counts are in. A click that did not take (a
/// window still settling after sign-in on a loaded machine) is given again.
pub fn open_queue(s: &Session) -> Result<Queue> {
    click(s, "#nav-list")?;
    s.wait_until("the queue's counts", WAIT, |s| {
        if s.find_all("#view[data-view=list]")?.is_empty() {
            click(s, "#nav-list")?;
            return Ok(None);
        }
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

/// Whether the gate (first-run setup, sign-in or the lock screen) is on screen.
pub fn gate_is_open(s: &Session) -> Result<bool> {
    Ok(!s.find_all(GATE_OPEN)?.is_empty())
}

/// Whether the gate on screen is the lock screen of an idle session.
pub fn lock_screen_is_open(s: &Session) -> Result<bool> {
    Ok(!s
        .find_all("#gate.gate-lock:not([hidden]) #g-submit")?
        .is_empty())
}

/// Submits the gate's sign-in form (the username is typed unless it is read-only, as on the lock
/// screen) and waits for the answer: `Ok(None)` when the gate opened, `Ok(Some((code, text)))`
/// for the refusal it showed.
pub fn try_sign_in(s: &Session, user: &str, password: &str) -> Result<Option<(String, String)>> {
    s.wait_for(GATE_OPEN, WAIT)?;
    mark_errors_seen(s)?;
    let username = s.find("#g-username")?;
    if username.property("readOnly")?.as_bool() != Some(true) {
        username.clear()?;
        username.send_keys(user)?;
    }
    let field = s.find("#g-password")?;
    field.clear()?;
    field.send_keys(password)?;
    click(s, "#g-submit")?;
    s.wait_until("the gate's answer", WAIT, |s| {
        if !gate_is_open(s)? {
            return Ok(Some(None));
        }
        let v = s.execute(
            "const e = document.querySelector('#g-general .msg-error');
             return e && !e.__e2eSeen ? [e.dataset.code || '', e.textContent.trim()] : null;",
            json!([]),
        )?;
        Ok(v.as_array().map(|a| {
            let at = |i: usize| a.get(i).and_then(Value::as_str).unwrap_or("").to_string();
            Some((at(0), at(1)))
        }))
    })
}

/// Signs in at the gate and waits until it has opened and the sign-in notices (an admin's
/// backup or audit warning, which push the page down) have landed; a refusal is an error with
/// its text.
pub fn sign_in(s: &Session, user: &str, password: &str) -> Result<()> {
    match try_sign_in(s, user, password)? {
        None => s.wait_for(SIGNED_IN_SETTLED, WAIT).map(|_| ()),
        Some((code, text)) => Err(Error(format!("sign-in as {user} refused: {code}: {text}"))),
    }
}

/// Signs in at the gate expecting a refusal: its `data-code` and text.
pub fn sign_in_refused(s: &Session, user: &str, password: &str) -> Result<(String, String)> {
    try_sign_in(s, user, password)?
        .ok_or_else(|| Error(format!("sign-in as {user} was let through")))
}

/// Signs out from the rail and waits for the sign-in gate.
pub fn sign_out(s: &Session) -> Result<()> {
    click(s, "#btn-sign-out")?;
    s.wait_for(GATE_OPEN, WAIT).map(|_| ())
}

/// Chooses the option `value` of the `<select>` matching `css` by clicking the option (WebDriver
/// selects it and fires `change`, without opening the native popup), and checks the select
/// took it.
pub fn choose(s: &Session, css: &str, value: &str) -> Result<()> {
    click(s, &format!("{css} option[value='{value}']"))?;
    let now = s.find(css)?.property("value")?;
    if now.as_str() == Some(value) {
        Ok(())
    } else {
        Err(Error(format!("{css} shows {now} after choosing {value:?}")))
    }
}

/// Whether a `<dialog>` is open.
pub fn dialog_open(s: &Session) -> Result<bool> {
    Ok(!s.find_all("dialog[open]")?.is_empty())
}

/// One row of Daftar Pengajuan as shown.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    pub id: i64,
    pub reg: String,
    pub name: String,
    pub status: String,
    /// The row carries the NIK ganda mark.
    pub duplicate: bool,
    /// The row carries the Terlambat mark.
    pub late: bool,
    /// A cell holding a mark is too narrow for it: the mark is cut off or hidden behind the
    /// cell's ellipsis, so the operator cannot read it.
    pub mark_clipped: bool,
}

/// The rows of Daftar Pengajuan as they are now (`None` while a load is under way). Read as
/// textContent: WebKitWebDriver's visible text is "" for cells that clip with an ellipsis.
pub fn list_rows(s: &Session) -> Result<Option<Vec<Row>>> {
    let v = s.execute(
        "const body = document.getElementById('list-body');
         if (!body || body.getAttribute('aria-busy')) return null;
         return Array.from(body.querySelectorAll('tr[data-id]')).map((tr) => {
           const cell = (c) => { const e = tr.querySelector(c); return e ? e.textContent.trim() : ''; };
           const name = tr.querySelector('td.col-name');
           return {
             id: Number(tr.dataset.id),
             reg: cell('td.col-reg'),
             name: name ? (name.querySelector('.cell-text') || { textContent: '' }).textContent.trim() : '',
             status: cell('td.col-status'),
             dup: !!tr.querySelector('.mark-dup'),
             late: !!tr.querySelector('.mark-late'),
             clipped: Array.from(tr.querySelectorAll('.mark')).some((m) => {
               const td = m.closest('td');
               return td.scrollWidth > td.clientWidth + 1;
             }),
           };
         });",
        json!([]),
    )?;
    let Some(rows) = v.as_array() else {
        return Ok(None);
    };
    Ok(Some(
        rows.iter()
            .map(|r| {
                let s = |k: &str| r.get(k).and_then(Value::as_str).unwrap_or("").to_string();
                let b = |k: &str| r.get(k).and_then(Value::as_bool).unwrap_or(false);
                Row {
                    id: r.get("id").and_then(Value::as_i64).unwrap_or(-1),
                    reg: s("reg"),
                    name: s("name"),
                    status: s("status"),
                    duplicate: b("dup"),
                    late: b("late"),
                    mark_clipped: b("clipped"),
                }
            })
            .collect(),
    ))
}

/// Types `text` into the queue's search box and waits until the rows shown satisfy `done`.
pub fn search_queue(
    s: &Session,
    text: &str,
    what: &str,
    done: impl Fn(&[Row]) -> bool,
) -> Result<Vec<Row>> {
    let field = s.find("#list-search")?;
    field.clear()?;
    field.send_keys(text)?;
    s.wait_until(what, WAIT, |s| {
        let value = s.find("#list-search")?.property("value")?;
        if value.as_str() != Some(text) {
            return Ok(None);
        }
        Ok(list_rows(s)?.filter(|rows| done(rows)))
    })
}

/// Opens request `reg` from Daftar Pengajuan (found by searching its number) and waits for its
/// detail view.
pub fn open_request(s: &Session, reg: &str) -> Result<()> {
    open_queue(s)?;
    let rows = search_queue(s, reg, &format!("{reg} alone in the list"), |rows| {
        rows.len() == 1 && rows[0].reg == reg
    })?;
    click(
        s,
        &format!("#list-body tr[data-id='{}'] .row-link", rows[0].id),
    )?;
    wait_detail(s, reg)
}

/// Waits until the detail view of `reg` is on screen with its status chip.
pub fn wait_detail(s: &Session, reg: &str) -> Result<()> {
    s.wait_until(&format!("the detail view of {reg}"), WAIT, |s| {
        let title = text_of(s, "#view[data-view=detail] #d-title")?;
        Ok(
            (title.as_deref().map(str::trim) == Some(reg) && !s.find_all("#d-status")?.is_empty())
                .then_some(()),
        )
    })
}

/// The status chip of the detail view.
pub fn detail_status(s: &Session) -> Result<String> {
    Ok(s.find("#d-status")?.text()?.trim().to_string())
}

/// The action buttons the detail view shows (`data-action` values, in order).
pub fn detail_actions(s: &Session) -> Result<Vec<String>> {
    let v = s.execute(
        "return Array.from(document.querySelectorAll('#view [data-action]'))
           .map((b) => b.dataset.action);",
        json!([]),
    )?;
    Ok(v.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default())
}

/// Chooses the cancellation reason `code` (`unreadable_photo`, …) in the open action dialog.
pub fn choose_reason(s: &Session, code: &str) -> Result<()> {
    click(s, &format!("#act-reasons input[data-reason='{code}']"))
}

/// Opens the dialog of `action` on the detail view, types `note` (if any) and confirms. Returns
/// once the dialog has closed (`Ok(None)`) or shows a refusal (`Ok(Some((code, text)))`, the
/// dialog left open).
pub fn act(s: &Session, action: &str, note: &str) -> Result<Option<(String, String)>> {
    if !dialog_open(s)? {
        click(s, &format!("#view [data-action='{action}']"))?;
        s.wait_for("dialog#act[open] #act-confirm", WAIT)?;
    }
    mark_errors_seen(s)?;
    let field = s.find("#act-note")?;
    field.clear()?;
    if !note.is_empty() {
        field.send_keys(note)?;
    }
    click(s, "#act-confirm")?;
    s.wait_until(&format!("the answer to {action}"), WAIT, |s| {
        if s.find_all("dialog#act")?.is_empty() {
            return Ok(Some(None));
        }
        let v = s.execute(
            "const e = document.querySelector('dialog#act .msg-error');
             return e && !e.__e2eSeen ? [e.dataset.code || '', e.textContent.trim()] : null;",
            json!([]),
        )?;
        Ok(v.as_array().map(|a| {
            let at = |i: usize| a.get(i).and_then(Value::as_str).unwrap_or("").to_string();
            Some((at(0), at(1)))
        }))
    })
}
