//! Steps on the kiosk's screens that more than one test takes: its on-screen keyboard, reading
//! a field, waiting on the page, moving to the next Data step, and taking a photo with the
//! camera (whose frames come from the harness's test seam).

use serde_json::json;

use crate::ui::WAIT;
use crate::webdriver::Session;

/// Clicks the element `css`, or fails the test naming it.
pub fn click(s: &Session, css: &str) {
    s.find(css)
        .and_then(|e| e.click())
        .unwrap_or_else(|e| panic!("click {css}: {e}"));
}

/// Types `text` on the kiosk's own keyboard, key by key (letters by their upper-case key; the
/// keyboard of a free-text field starts in lower case, so upper case is switched to and back).
pub fn keys(s: &Session, text: &str) {
    for ch in text.chars() {
        let key = match ch {
            ' ' => "space".to_string(),
            c => c.to_ascii_uppercase().to_string(),
        };
        click(s, &format!(".kb-key[data-key=\"{key}\"]"));
    }
}

/// Types mixed case on the full keyboard by switching case where needed.
pub fn keys_mixed(s: &Session, text: &str) {
    for ch in text.chars() {
        if ch.is_ascii_alphabetic() {
            let upper_now = s
                .execute(
                    "return document.querySelector('.kb-key[data-key=\"A\"]').textContent === 'A'",
                    json!([]),
                )
                .expect("keyboard case")
                .as_bool()
                .unwrap_or(false);
            if upper_now != ch.is_ascii_uppercase() {
                click(s, ".kb-key[aria-label=\"Huruf besar/kecil\"]");
            }
        }
        keys(s, &ch.to_string());
    }
}

pub fn value(s: &Session, id: &str) -> String {
    s.execute(
        "const e = document.getElementById(arguments[0]); return e ? e.value : null;",
        json!([id]),
    )
    .expect("value")
    .as_str()
    .unwrap_or_default()
    .to_string()
}

pub fn text(s: &Session, id: &str) -> String {
    s.execute(
        "const e = document.getElementById(arguments[0]); return e ? e.textContent : '';",
        json!([id]),
    )
    .expect("text")
    .as_str()
    .unwrap_or_default()
    .to_string()
}

pub fn wait_js(s: &Session, what: &str, script: &str) {
    s.wait_until(what, WAIT, |s| {
        Ok(s.execute(script, json!([]))?.as_bool().filter(|b| *b))
    })
    .unwrap_or_else(|e| panic!("{what}: {e}"));
}

pub fn next(s: &Session, field: &str) {
    click(s, "[data-act=\"next\"]");
    wait_js(
        s,
        &format!("the {field} step"),
        &format!("return document.getElementById('k-{field}') !== null"),
    );
}

/// Takes the photo of `kind` with the camera and waits until it shows.
pub fn take_photo(s: &Session, kind: &str) {
    wait_js(
        s,
        "the live camera picture",
        "return document.querySelector('[data-act=\"capture\"]') !== null \
         && document.querySelector('.k-live') !== null",
    );
    click(s, "[data-act=\"capture\"]");
    wait_js(
        s,
        "the photo taken",
        &format!(
            "const i = document.querySelector('img.k-taken[data-kind=\"{kind}\"]'); \
             return !!i && i.complete && i.naturalWidth > 0"
        ),
    );
}
