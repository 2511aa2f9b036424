//! Issue "Operators", end to end in the real window:
//!
//! - On an empty database the first-run screen creates the first administrator, who has
//!   Pengaturan, Akun Petugas and Log Audit in the rail.
//! - The admin creates a petugas in Akun Petugas (a 9-character password is refused in the
//!   dialog first); the petugas signs in, has none of the three admin screens in the rail, and
//!   saves a request with both photos.
//! - Five wrong passwords, then the sixth attempt — with the right password — is refused with
//!   `auth_locked_out` and a message saying how long to wait.
//! - The admin finds all of it in Log Audit: sign_in, sign_in_failed (the petugas's username),
//!   open_request (the request's number) and account_create rows, each through the action filter.
//! - Idle lock: with Pengaturan's idle minutes at 1, a detail view left alone locks; signing in
//!   again shows the same request's detail view.
//!
//! Screenshots for a person to look at, in `target/e2e-screenshots/`: `accounts-first-run`,
//! `accounts-list`, `accounts-locked-out`, `accounts-audit`, `accounts-idle-lock`.

use std::time::Duration;

use chrono::Utc;
use serde_json::{json, Value};
use sinkron_core::{Channel, FormInput};
use sinkron_e2e::harness::{ADMIN_PASSWORD, ADMIN_USER};
use sinkron_e2e::ui::{
    attach, choose, click, dialog_open, fill_form, gate_is_open, lock_screen_is_open,
    mark_errors_seen, open_queue, open_request, settle, sign_in, sign_in_refused, sign_out,
    text_of, type_into, SITI, WAIT,
};
use sinkron_e2e::webdriver::Result;
use sinkron_e2e::{Fixtures, Harness, Session};
use sinkron_sqlite::Store;

const ADMIN_NAME: &str = "Ratna Wulandari";
const PETUGAS_USER: &str = "rina.s";
const PETUGAS_NAME: &str = "Rina Susanti";
const PETUGAS_PASSWORD: &str = "kopi-pagi-di-loket";

/// The admin-only entries of the rail.
const ADMIN_NAV: [&str; 3] = ["#nav-settings", "#nav-accounts", "#nav-audit"];

/// The rail's "who is signed in" line.
fn rail_operator(s: &Session) -> String {
    s.wait_until("the signed-in operator in the rail", WAIT, |s| {
        text_of(s, "#rail-operator")
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

fn present(s: &Session, css: &str) -> bool {
    !s.find_all(css).expect("find").is_empty()
}

/// Elements matching `css` whose content does not fit them (cut off, or behind an ellipsis),
/// as `<text> (needs W px, has w px)`, each told once.
fn clipped(s: &Session, css: &str) -> std::collections::BTreeSet<String> {
    let v = s
        .execute(
            "return Array.from(document.querySelectorAll(arguments[0]))
               .filter((e) => e.scrollWidth > e.clientWidth + 1)
               .map((e) => {
                 const t = e.textContent.trim();
                 const what = t.length > 48 ? `${e.tagName.toLowerCase()}.${e.className}` : t;
                 return `${what} (needs ${e.scrollWidth} px, has ${e.clientWidth} px)`;
               });",
            json!([css]),
        )
        .expect("measure");
    serde_json::from_value(v).unwrap_or_default()
}

/// One row of Log Audit as shown: when, who, workstation, action, request, detail.
fn audit_rows(s: &Session) -> Result<Vec<Vec<String>>> {
    let v = s.execute(
        "return Array.from(document.querySelectorAll('#audit-body tr'))
           .map((tr) => Array.from(tr.cells).map((c) => c.textContent.trim()));",
        json!([]),
    )?;
    Ok(v.as_array()
        .map(|rows| {
            rows.iter()
                .map(|r| {
                    r.as_array()
                        .map(|c| {
                            c.iter()
                                .map(|x| x.as_str().unwrap_or("").to_string())
                                .collect()
                        })
                        .unwrap_or_default()
                })
                .collect()
        })
        .unwrap_or_default())
}

/// Chooses `code` in Log Audit's action filter and returns the rows once every row shown is of
/// that action (`label`, as the screen names it) and there are at least `min` of them.
fn audit_of(s: &Session, code: &str, label: &str, min: usize) -> Vec<Vec<String>> {
    choose(s, "#audit-action", code).unwrap_or_else(|e| panic!("filter {code}: {e}"));
    s.wait_until(&format!("{min}+ audit rows of {code}"), WAIT, |s| {
        let rows = audit_rows(s)?;
        let all_of_it = rows
            .iter()
            .all(|r| r.get(3).map(String::as_str) == Some(label));
        Ok((all_of_it && rows.len() >= min).then_some(rows))
    })
    .unwrap_or_else(|e| panic!("{e}"))
}

#[test]
fn first_admin_petugas_lockout_and_audit() {
    let harness = Harness::start();
    let fx = Fixtures::shared();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("accounts.db");
    let s = harness.launch_at_gate(&db);

    harness.step(&s, "accounts-1-first-run", || {
        assert!(present(&s, "#gate #g-again"), "not the first-run screen");
        assert!(present(&s, "#gate #g-display"));
        settle(&s).unwrap();
        harness.screenshot(&s, "accounts-first-run");
        type_into(&s, "#g-username", ADMIN_USER).unwrap();
        type_into(&s, "#g-display", ADMIN_NAME).unwrap();
        type_into(&s, "#g-password", ADMIN_PASSWORD).unwrap();
        type_into(&s, "#g-again", ADMIN_PASSWORD).unwrap();
        click(&s, "#g-submit").unwrap();
        s.wait_for("#f-name", WAIT).unwrap();
        assert!(!gate_is_open(&s).unwrap());
        let who = rail_operator(&s);
        assert!(
            who.contains(ADMIN_NAME) && who.contains("admin"),
            "rail says {who:?}"
        );
        for nav in ADMIN_NAV {
            assert!(present(&s, nav), "{nav} missing for the admin");
        }
    });

    let accounts_clipped = harness.step(&s, "accounts-2-create-petugas", || {
        click(&s, "#nav-accounts").unwrap();
        s.wait_until("the admin's own row", WAIT, |s| {
            Ok((s.find_all("#accounts-body tr[data-id]")?.len() == 1).then_some(()))
        })
        .unwrap();
        click(&s, "#btn-new-account").unwrap();
        s.wait_for("dialog#account[open] #account-confirm", WAIT)
            .unwrap();
        type_into(&s, "#a-username", PETUGAS_USER).unwrap();
        type_into(&s, "#a-display", PETUGAS_NAME).unwrap();
        choose(&s, "#a-role", "petugas").unwrap();
        type_into(&s, "#a-password", "sandi-9ch").unwrap();
        type_into(&s, "#a-again", "sandi-9ch").unwrap();
        mark_errors_seen(&s).unwrap();
        click(&s, "#account-confirm").unwrap();
        let code = s
            .wait_until("the short password refused", WAIT, |s| {
                let v = s.execute(
                    "const e = document.querySelector('#account-msg .msg-error');
                     return e && !e.__e2eSeen ? e.dataset.code : null;",
                    json!([]),
                )?;
                Ok(v.as_str().map(str::to_string))
            })
            .unwrap();
        assert_eq!(code, "account_password_too_short");
        type_into(&s, "#a-password", PETUGAS_PASSWORD).unwrap();
        type_into(&s, "#a-again", PETUGAS_PASSWORD).unwrap();
        click(&s, "#account-confirm").unwrap();
        let rows = s
            .wait_until("two accounts listed", WAIT, |s| {
                if dialog_open(s)? {
                    return Ok(None);
                }
                let v = s.execute(
                    "return Array.from(document.querySelectorAll('#accounts-body tr[data-id]'))
                       .map((tr) => Array.from(tr.cells).slice(0, 4).map((c) => c.textContent.trim()));",
                    json!([]),
                )?;
                let rows: Vec<Vec<String>> = serde_json::from_value(v).unwrap_or_default();
                Ok((rows.len() == 2).then_some(rows))
            })
            .unwrap();
        let petugas = rows
            .iter()
            .find(|r| r[0] == PETUGAS_USER)
            .unwrap_or_else(|| panic!("no {PETUGAS_USER} row in {rows:?}"));
        assert_eq!(petugas[1], PETUGAS_NAME, "{petugas:?}");
        assert_eq!(petugas[2], "petugas", "{petugas:?}");
        assert_eq!(petugas[3], "Aktif", "{petugas:?}");
        settle(&s).unwrap();
        harness.screenshot(&s, "accounts-list");
        // Checked at the end, so that a layout fault does not hide the rest of the story.
        clipped(&s, "#accounts-body td, #view .grid-scroll")
    });

    let reg = harness.step(&s, "accounts-3-petugas", || {
        sign_out(&s).unwrap();
        sign_in(&s, PETUGAS_USER, PETUGAS_PASSWORD).unwrap();
        s.wait_for("#f-name", WAIT).unwrap();
        let who = rail_operator(&s);
        assert!(
            who.contains(PETUGAS_NAME) && who.contains("petugas"),
            "rail says {who:?}"
        );
        for nav in ADMIN_NAV {
            assert!(!present(&s, nav), "{nav} shown to a petugas");
        }
        assert!(present(&s, "#nav-intake") && present(&s, "#nav-list"));
        fill_form(&s, &SITI).unwrap();
        attach(&harness, &s, "kk", &fx.kk());
        attach(&harness, &s, "ktp", &fx.ktp());
        click(&s, "#btn-save").unwrap();
        let reg = s
            .wait_until("the registration number", WAIT, |s| {
                text_of(s, "#reg-number")
            })
            .unwrap()
            .trim()
            .to_string();
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.rows.first(), Some(&reg), "{queue:?}");
        reg
    });
    eprintln!("e2e: the petugas saved {reg}");

    harness.step(&s, "accounts-4-lockout", || {
        sign_out(&s).unwrap();
        for n in 1..=5 {
            let (code, text) =
                sign_in_refused(&s, PETUGAS_USER, &format!("salah-sandi-{n}")).unwrap();
            assert_eq!(code, "auth_bad_credentials", "attempt {n}: {text}");
        }
        // The right password, but too late.
        let (code, text) = sign_in_refused(&s, PETUGAS_USER, PETUGAS_PASSWORD).unwrap();
        assert_eq!(code, "auth_locked_out", "sixth attempt: {text}");
        assert!(
            text.contains("menit") || text.contains("detik"),
            "the lockout does not say how long to wait: {text:?}"
        );
        eprintln!("e2e: locked out: {text:?}");
        settle(&s).unwrap();
        harness.screenshot(&s, "accounts-locked-out");
    });

    let audit_clipped = harness.step(&s, "accounts-5-audit", || {
        sign_in(&s, ADMIN_USER, ADMIN_PASSWORD).unwrap();
        open_request(&s, &reg).unwrap();
        click(&s, "#nav-audit").unwrap();
        s.wait_until("the audit log", WAIT, |s| {
            Ok((!audit_rows(s)?.is_empty()).then_some(()))
        })
        .unwrap();
        settle(&s).unwrap();
        harness.screenshot(&s, "accounts-audit");
        let audit_clipped = clipped(
            &s,
            "#audit-body td:nth-child(-n+2), #audit-body td:nth-child(4)",
        );

        let signed_in = audit_of(&s, "sign_in", "Masuk", 2);
        assert!(
            signed_in.iter().any(|r| r[1].contains(PETUGAS_NAME)),
            "no sign-in of the petugas: {signed_in:?}"
        );
        assert!(
            signed_in.iter().any(|r| r[1].contains(ADMIN_NAME)),
            "no sign-in of the admin: {signed_in:?}"
        );
        let failed = audit_of(&s, "sign_in_failed", "Gagal masuk", 5);
        let of_petugas = failed
            .iter()
            .filter(|r| r[5].contains(PETUGAS_USER))
            .count();
        assert!(
            of_petugas >= 5,
            "{of_petugas} failures of {PETUGAS_USER}: {failed:?}"
        );
        let opened = audit_of(&s, "open_request", "Membuka pengajuan", 1);
        assert!(
            opened
                .iter()
                .any(|r| r[4] == reg && r[1].contains(ADMIN_NAME)),
            "no open_request of {reg} by the admin: {opened:?}"
        );
        let created = audit_of(&s, "account_create", "Membuat akun", 1);
        assert!(
            created.iter().any(|r| r[5].contains(PETUGAS_USER)),
            "no account_create of {PETUGAS_USER}: {created:?}"
        );
        audit_clipped
    });
    s.delete().expect("close the app");

    // What the admin cannot read or reach: a button past the panel's edge, a time without its
    // zone, a name without its role, an action cut short.
    let mut problems = Vec::new();
    if !accounts_clipped.is_empty() {
        problems.push(format!(
            "Akun Petugas does not fit 1366×768 (accounts-list.png): {accounts_clipped:?}"
        ));
    }
    if !audit_clipped.is_empty() {
        problems.push(format!(
            "Log Audit cuts off when, who or what (accounts-audit.png): {audit_clipped:?}"
        ));
    }
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

#[test]
fn idle_lock_returns_to_the_same_request() {
    let harness = Harness::start();
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("idle.db");
    let reg = tokio::runtime::Runtime::new()
        .expect("tokio runtime")
        .block_on(async {
            let store = Store::open(&db).await.expect("open the test database");
            let input = FormInput {
                name: SITI.name.into(),
                nik: SITI.nik.into(),
                kk: SITI.kk.into(),
                problem: SITI.problem.into(),
                wa: SITI.wa.into(),
            };
            let now = Utc::now();
            let valid = sinkron_core::validate_form(&input, now.date_naive()).expect("valid");
            let created = store
                .create_request(&valid, Channel::Desk, now)
                .await
                .expect("seed a request");
            store.close().await;
            created.reg_number
        });
    let s = harness.launch(&db);

    harness.step(&s, "accounts-idle-1-settings", || {
        click(&s, "#nav-settings").unwrap();
        s.wait_until("Pengaturan loaded", WAIT, |s| {
            let v = s.find("#s-idleMinutes")?.property("value")?;
            Ok(v.as_str().filter(|v| !v.is_empty()).map(str::to_string))
        })
        .unwrap();
        type_into(&s, "#s-idleMinutes", "1").unwrap();
        click(&s, "#settings-save").unwrap();
        s.wait_until("the settings saved", WAIT, |s| {
            text_of(s, "#settings-status.is-ok")
        })
        .unwrap();
        let stored = s.find("#s-idleMinutes").unwrap().property("value").unwrap();
        assert_eq!(stored, Value::from("1"));
    });

    harness.step(&s, "accounts-idle-2-lock", || {
        open_request(&s, &reg).unwrap();
        // One minute without input, and the window checks every 10 s.
        s.wait_until(
            "the lock screen after a minute without input",
            Duration::from_secs(100),
            |s| Ok(lock_screen_is_open(s)?.then_some(())),
        )
        .unwrap();
        let user = s.find("#g-username").unwrap();
        assert_eq!(user.property("value").unwrap(), Value::from(ADMIN_USER));
        assert_eq!(user.property("readOnly").unwrap(), Value::Bool(true));
        assert!(present(&s, "#g-other"), "no way to sign in as someone else");
        settle(&s).unwrap();
        harness.screenshot(&s, "accounts-idle-lock");
    });

    harness.step(&s, "accounts-idle-3-resume", || {
        sign_in(&s, ADMIN_USER, ADMIN_PASSWORD).unwrap();
        let title = text_of(&s, "#view[data-view=detail] #d-title")
            .unwrap()
            .unwrap_or_default();
        assert_eq!(title.trim(), reg, "not back on the same request");
        assert_eq!(
            s.find("#d-status").and_then(|e| e.text()).unwrap().trim(),
            "Baru"
        );
        // And the session works again: the shell answers the queue.
        assert!(present(&s, "#view [data-action=approve]"));
        let queue = open_queue(&s).unwrap();
        assert_eq!(queue.rows, std::slice::from_ref(&reg));
    });
    s.delete().expect("close the app");
}
