//! The commands as the window reaches them: through Tauri's IPC, the real capability file and
//! the generated `allow-…` permissions, on the mock runtime (no display needed).

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::{InvokeRequest, WebviewWindowBuilder};
use tauri::{App, WebviewWindow};

use sinkron_core::photo::{process, sample::phone_photo};
use sinkron_core::{AccountStore, DocumentKind, RequestChanges};
use tauri::Manager;

use crate::command_table::{Caller, COMMANDS};
use crate::windows::{KIOSK_LABEL, MAIN_LABEL};
use crate::{build_app, AppState, Database};

const LOCAL_URL: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

struct TestApp {
    _dir: tempfile::TempDir,
    app: App<tauri::test::MockRuntime>,
    window: WebviewWindow<tauri::test::MockRuntime>,
}

fn bare_app() -> TestApp {
    app_with(|dir| Database::File(Some(dir.join("ipc-test.db"))))
}

/// The real app on the mock runtime, on the database `database` names (given a fresh folder).
fn app_with(database: impl FnOnce(&std::path::Path) -> Database) -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let app = build_app(
        mock_builder(),
        tauri::generate_context!("../tauri.conf.json"),
        Some(database(dir.path())),
    )
    .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, MAIN_LABEL, Default::default())
        .build()
        .expect("main window");
    TestApp {
        _dir: dir,
        app,
        window,
    }
}

const ADMIN_PASSWORD: &str = "kunci-admin-2026";
const PETUGAS_PASSWORD: &str = "kunci-petugas-2026";

/// An app with its first administrator signed in, as after first-run setup.
fn app() -> TestApp {
    let t = bare_app();
    invoke(
        &t,
        "first_run_setup",
        json!({ "username": "admin", "displayName": "Admin Kantor",
                "password": ADMIN_PASSWORD, "again": ADMIN_PASSWORD }),
    )
    .expect("first admin");
    t
}

/// The admin creates a petugas, who then signs in in the same window.
/// Pengaturan changed by `change` and saved, straight through the store (as an admin would).
fn change_office(t: &TestApp, change: impl FnOnce(&mut sinkron_core::office::OfficeForm)) {
    let state = t.app.state::<AppState>();
    let store = state.store().expect("store");
    let mut form = tauri::async_runtime::block_on(store.office_form()).expect("form");
    change(&mut form);
    let valid = sinkron_core::office::check_office(&form).expect("valid");
    tauri::async_runtime::block_on(store.save_office(
        &valid,
        &sinkron_core::Actor::named("Admin"),
        chrono::Utc::now(),
    ))
    .expect("saved");
}

fn as_petugas(t: &TestApp) {
    invoke(
        t,
        "create_operator",
        json!({ "username": "rina", "displayName": "Rina", "role": "petugas",
                "password": PETUGAS_PASSWORD, "again": PETUGAS_PASSWORD }),
    )
    .expect("petugas created");
    invoke(
        t,
        "sign_in",
        json!({ "username": "rina", "password": PETUGAS_PASSWORD }),
    )
    .expect("petugas signs in");
}

/// Every command of the app (from the command table, so a new command cannot be forgotten
/// here) with arguments that would otherwise be accepted.
fn every_command() -> Vec<(String, Value)> {
    COMMANDS
        .iter()
        .map(|(cmd, _)| *cmd)
        .map(|cmd| {
            let args = match cmd {
                "check" | "save_request" => json!({ "input": good_input() }),
                "queue" | "whole_list" => json!({ "query": {} }),
                "export_list" => json!({ "query": {}, "title": "Daftar" }),
                "request_detail" | "send_wa" | "reprint_receipt" | "print_case_file"
                | "photo_quality" => {
                    json!({ "id": 1 })
                }
                "save_print_settings" => json!({ "receiptPaper": "58" }),
                "act" => json!({ "id": 1, "version": 1, "action": { "kind": "approve" } }),
                "correct_field" => json!({ "id": 1, "version": 1, "field": "name",
                                           "value": "Siti", "reason": "salah ketik" }),
                "rekap" | "export_rekap" => json!({ "period": { "kind": "this_month" } }),
                "replace_photo" => json!({ "id": 1, "version": 1, "kind": "kk",
                                           "reason": "foto buram" }),
                "set_sync_niks" => json!({ "id": 1, "niks": ["1610014107950001"] }),
                "record_step_batch" => json!({ "ids": [1], "step": "sinkronisasi_dwh" }),
                "export_niks" => json!({ "ids": [1], "format": "text" }),
                "save_office_settings" => json!({ "form": {} }),
                "retention_preview" => json!({ "days": "90" }),
                "person_report" => json!({ "nik": "1610010505880003" }),
                "pick_photo" | "drop_photo" | "remove_photo" => json!({ "kind": "kk" }),
                "first_run_setup" => json!({ "username": "x", "displayName": "X",
                                             "password": "p", "again": "p" }),
                "sign_in" => json!({ "username": "x", "password": "p" }),
                "create_operator" => json!({ "username": "budi", "displayName": "Budi",
                    "role": "petugas", "password": "kata-sandi-budi", "again": "kata-sandi-budi" }),
                "set_operator_active" => json!({ "id": 1, "active": false }),
                "set_operator_role" => json!({ "id": 1, "role": "petugas" }),
                "reset_password" => json!({ "id": 1, "password": "baru-sekali-123",
                                            "again": "baru-sekali-123" }),
                "audit_log" => json!({ "filter": {} }),
                "kiosk_check" | "kiosk_submit" => json!({ "input": good_input() }),
                "kiosk_remove_photo" | "kiosk_test_frame" => json!({ "kind": "kk" }),
                "kiosk_lookup" => json!({ "regNumber": "SD-261127-0001", "code": "KKKKKK" }),
                "kiosk_leave" => json!({ "username": "admin", "password": ADMIN_PASSWORD }),
                "db_test" | "db_save" => json!({ "server": { "host": "", "port": "",
                    "database": "", "user": "" }, "password": "" }),
                "backup_set_passphrase" => json!({ "passphrase": "", "repeat": "" }),
                "backup_restore" => json!({ "name": "sinkron-cadangan-2026-12-04_070000.db",
                    "username": "admin", "password": ADMIN_PASSWORD }),
                "db_move" | "db_upgrade" => json!({ "server": { "host": "", "port": "",
                    "database": "", "user": "" }, "owner": "", "ownerPassword": "" }),
                _ => json!({}),
            };
            (cmd.to_string(), args)
        })
        .collect()
}

/// Whether the table says `cmd` is for `caller`.
fn is(cmd: &str, caller: Caller) -> bool {
    crate::command_table::caller(cmd) == Some(caller)
}

#[test]
fn no_command_but_setup_sign_in_and_state_answers_without_a_session() {
    let t = bare_app();
    for (cmd, args) in every_command() {
        if is(&cmd, Caller::Anyone) || is(&cmd, Caller::Kiosk) {
            continue;
        }
        let refused = invoke(&t, &cmd, args).expect_err(&cmd);
        assert_eq!(refused["code"], "session_required", "{cmd}: {refused}");
    }
}

#[test]
fn a_petugas_is_refused_every_admin_command() {
    let t = app();
    as_petugas(&t);
    for (cmd, args) in every_command() {
        if !is(&cmd, Caller::Admin) {
            continue;
        }
        let refused = invoke(&t, &cmd, args).expect_err(&cmd);
        assert_eq!(refused["code"], "forbidden", "{cmd}: {refused}");
    }
    // …and may work requests.
    hold_photos(&t);
    assert_eq!(save(&t, false)["outcome"], "saved");
}

#[test]
fn first_run_setup_happens_once() {
    let t = app();
    let again = invoke(
        &t,
        "first_run_setup",
        json!({ "username": "kedua", "displayName": "Kedua",
                "password": ADMIN_PASSWORD, "again": ADMIN_PASSWORD }),
    )
    .expect_err("a second first admin");
    assert_eq!(again["code"], "auth_already_set_up");
}

#[test]
fn a_wrong_password_gets_the_generic_message() {
    let t = app();
    let refused = invoke(
        &t,
        "sign_in",
        json!({ "username": "admin", "password": "bukan-ini-sandinya" }),
    )
    .expect_err("wrong password");
    assert_eq!(refused["code"], "auth_bad_credentials");
    assert_eq!(refused["message"], "Nama pengguna atau kata sandi salah");
}

/// Commands alone (the list's background refresh, image loads) do not keep a session open;
/// the person's input, reported by the window, does.
#[test]
fn only_the_persons_input_keeps_a_session_from_going_idle() {
    let t = app();
    let state = t.app.state::<AppState>();
    let store = state.store().expect("store");
    let now = chrono::Utc::now();
    let later = |minutes| now + chrono::Duration::minutes(minutes);
    let require = |at| {
        tauri::async_runtime::block_on(state.sessions.require(
            MAIN_LABEL,
            crate::session::Need::Operator,
            &store,
            at,
        ))
    };
    // The default is 15 minutes: a refresh every few minutes does not move the limit.
    for minutes in [4, 8, 12] {
        require(later(minutes)).expect("still within 15 minutes");
    }
    state
        .sessions
        .active(MAIN_LABEL, 15, later(13))
        .expect("input");
    require(later(20)).expect("13 + 15 minutes not reached");
    let locked = require(later(29)).expect_err("idle since the input at 13");
    assert_eq!(locked.code, sinkron_core::Code::SessionLocked);
    let late = state
        .sessions
        .active(MAIN_LABEL, 15, later(30))
        .expect_err("too late");
    assert_eq!(late.code, sinkron_core::Code::SessionLocked);
    invoke(&t, "session_active", json!({})).expect_err("locked until the password");
}

#[test]
fn a_disabled_account_loses_its_session_at_the_next_command() {
    let t = app();
    as_petugas(&t);
    let rina = t
        .app
        .state::<AppState>()
        .sessions
        .operator(MAIN_LABEL)
        .expect("rina");
    // The admin disables Rina from another window.
    let admin_window = WebviewWindowBuilder::new(&t.app, "admin", Default::default())
        .build()
        .expect("second window");
    let state = t.app.state::<AppState>();
    let admin = tauri::async_runtime::block_on(state.store().expect("store").sign_in(
        "admin",
        ADMIN_PASSWORD,
        "uji",
        chrono::Utc::now(),
    ))
    .expect("admin");
    state
        .sessions
        .start("admin", admin.clone(), chrono::Utc::now());
    tauri::async_runtime::block_on(state.store().expect("store").set_operator_active(
        &admin.actor("uji"),
        rina.id,
        false,
        chrono::Utc::now(),
    ))
    .expect("disabled");
    drop(admin_window);
    let ended = invoke(&t, "queue", json!({ "query": {} })).expect_err("session ended");
    assert_eq!(ended["code"], "session_ended");
    let after = invoke(&t, "queue", json!({ "query": {} })).expect_err("no session");
    assert_eq!(after["code"], "session_required");
}

fn invoke_from(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    url: &str,
    cmd: &str,
    args: Value,
) -> Result<Value, Value> {
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: url.parse().expect("url"),
            body: InvokeBody::Json(args),
            headers: Default::default(),
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json"))
}

fn invoke(t: &TestApp, cmd: &str, args: Value) -> Result<Value, Value> {
    invoke_from(&t.window, LOCAL_URL, cmd, args)
}

fn good_input() -> Value {
    json!({
        "name": "Siti Aminah",
        "nik": "1610014107950001",
        "kk": "1610010203150003",
        "problem": "NIK tidak bisa daftar BPJS",
        "wa": "0812-3456-7890"
    })
}

#[test]
fn check_reports_a_bad_nik_beside_its_field() {
    let t = app();
    let mut input = good_input();
    input["nik"] = json!("1610013207950001"); // day 32
    let report = invoke(&t, "check", json!({ "input": input })).expect("check answers");
    assert_eq!(report["ok"], false);
    let nik = &report["fields"]["nik"];
    assert!(
        nik["error"]["code"]
            .as_str()
            .is_some_and(|c| c.starts_with("nik_")),
        "{nik}"
    );
    assert!(!nik["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .is_empty());
    assert!(report["fields"]["name"]["error"].is_null());
    assert!(report["fields"]["kk"]["facts"].is_string());
}

#[test]
fn check_decodes_a_good_nik() {
    let t = app();
    let report = invoke(&t, "check", json!({ "input": good_input() })).expect("check answers");
    assert_eq!(report["ok"], true);
    let facts = report["fields"]["nik"]["facts"].as_str().expect("facts");
    assert!(facts.contains("Ogan Ilir"), "{facts}");
}

#[test]
fn save_refuses_an_invalid_form_with_every_field_report() {
    let t = app();
    let mut input = good_input();
    input["wa"] = json!("021 555 1234");
    let error = invoke(&t, "save_request", json!({ "input": input })).expect_err("refused");
    assert_eq!(error["code"], "form_invalid");
    assert_eq!(error["field"], "wa");
    assert!(error["check"]["fields"]["wa"]["error"]["code"].is_string());
    assert!(error["message"].is_string());
}

/// Holds two different photos for the main window, as picking them would.
fn hold_photos(t: &TestApp) {
    let pending = &t.app.state::<AppState>().pending;
    for (kind, width) in [(DocumentKind::Kk, 640), (DocumentKind::Ktp, 480)] {
        let photo = process(&phone_photo(width, 400, 6)).expect("sample photo");
        pending.hold(MAIN_LABEL, kind, photo, "foto.jpg".into());
    }
}

fn save(t: &TestApp, allow_duplicate: bool) -> Value {
    invoke(
        t,
        "save_request",
        json!({ "input": good_input(), "allowDuplicate": allow_duplicate }),
    )
    .expect("saved")
}

#[test]
fn photos_held_at_sign_out_are_not_the_next_operators() {
    let t = app();
    hold_photos(&t);
    invoke(&t, "sign_out", json!({})).expect("signed out");
    invoke(
        &t,
        "sign_in",
        json!({ "username": "admin", "password": ADMIN_PASSWORD }),
    )
    .expect("signed in again");
    let error = invoke(&t, "save_request", json!({ "input": good_input() })).expect_err("refused");
    assert_eq!(error["code"], "photo_missing", "{error}");
}

#[test]
fn save_without_photos_names_both_slots() {
    let t = app();
    let error = invoke(&t, "save_request", json!({ "input": good_input() })).expect_err("refused");
    assert_eq!(error["code"], "photo_missing");
    assert_eq!(error["field"], "kkPhoto");
    assert_eq!(error["more"][0]["field"], "ktpPhoto");
}

#[test]
fn saved_request_is_queued_first_as_baru_and_the_photos_are_let_go() {
    let t = app();
    hold_photos(&t);
    let created = save(&t, false);
    assert_eq!(created["outcome"], "saved");
    let reg = created["regNumber"]
        .as_str()
        .expect("reg number")
        .to_string();
    assert!(reg.starts_with("SD-"), "{reg}");
    let page = invoke(&t, "queue", json!({ "query": {} })).expect("queued");
    assert_eq!(page["counts"]["open"], 1);
    assert_eq!(page["items"][0]["regNumber"], reg.as_str());
    assert_eq!(page["items"][0]["status"], "Baru");
    assert_eq!(page["items"][0]["nikMasked"], "161001******0001");
    let (kk, ktp) = t.app.state::<AppState>().pending.both(MAIN_LABEL);
    assert!(
        kk.is_none() && ktp.is_none(),
        "held photos are dropped once saved"
    );
}

/// Taking NIKs out of Sinkron is the admin's, or a petugas's where Pengaturan allows it; every
/// export leaves an audit row per request it took NIKs from.
#[test]
fn a_petugas_exports_niks_only_when_the_office_allows_it_and_each_request_is_audited() {
    let t = app();
    hold_photos(&t);
    let id = save(&t, false)["id"].as_i64().expect("id");
    let session = invoke(&t, "session_state", json!({})).expect("session");
    assert_eq!(session["mayExport"], true, "the admin: {session}");
    as_petugas(&t);
    let session = invoke(&t, "session_state", json!({})).expect("session");
    assert_eq!(session["mayExport"], false, "{session}");
    let refused = invoke(&t, "export_niks", json!({ "ids": [id], "format": "text" }))
        .expect_err("not the petugas's by default");
    assert_eq!(refused["code"], "forbidden", "{refused}");

    change_office(&t, |form| form.petugas_export = true);
    let state = t.app.state::<AppState>();
    let store = state.store().expect("store");
    let session = invoke(&t, "session_state", json!({})).expect("session");
    assert_eq!(session["mayExport"], true, "{session}");
    let out =
        invoke(&t, "export_niks", json!({ "ids": [id], "format": "text" })).expect("allowed now");
    assert_eq!(out["text"], "1610014107950001", "{out}");
    let rows = tauri::async_runtime::block_on(store.audit_entries(&sinkron_core::AuditFilter {
        action: Some("export_text".into()),
        ..Default::default()
    }))
    .expect("audit");
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0].request_id, Some(id));
    assert_eq!(rows[0].detail.as_deref(), Some("1 NIK"));
    assert_eq!(rows[0].operator_name.as_deref(), Some("Rina"));
}

/// Rekap's per-operator table is the admin's, or a petugas's where Pengaturan allows it.
#[test]
fn a_petugas_sees_the_per_operator_rekap_only_when_the_office_allows_it() {
    let t = app();
    hold_photos(&t);
    save(&t, false);
    let month = json!({ "period": { "kind": "this_month" } });
    let r = invoke(&t, "rekap", month.clone()).expect("the admin's rekap");
    assert_eq!(r["summary"]["received"], 1, "{r}");
    assert_eq!(r["operators"].as_array().map(Vec::len), Some(1), "{r}");
    as_petugas(&t);
    let r = invoke(&t, "rekap", month.clone()).expect("the petugas's rekap");
    assert_eq!(r["summary"]["received"], 1, "the office's figures: {r}");
    assert_eq!(r["operators"], json!([]), "{r}");

    change_office(&t, |form| form.petugas_rekap_operators = true);
    let r = invoke(&t, "rekap", month).expect("allowed now");
    assert_eq!(r["operators"].as_array().map(Vec::len), Some(1), "{r}");
}

#[test]
fn the_admin_reads_whether_the_audit_chain_is_intact() {
    let t = app();
    let chain = invoke(&t, "audit_chain", json!({})).expect("checked");
    assert_eq!(chain["state"], "intact", "{chain}");
    assert!(chain["chained"].as_u64().is_some_and(|n| n >= 1), "{chain}");
    assert_eq!(chain["beforeChain"], 0, "{chain}");
    as_petugas(&t);
    let refused = invoke(&t, "audit_chain", json!({})).expect_err("admin only");
    assert_eq!(refused["code"], "forbidden", "{refused}");
}

#[test]
fn a_second_open_request_for_the_nik_is_offered_before_saving() {
    let t = app();
    hold_photos(&t);
    save(&t, false);
    hold_photos(&t);
    let warned = save(&t, false);
    assert_eq!(warned["outcome"], "duplicates");
    assert_eq!(warned["requests"].as_array().map(Vec::len), Some(1));
    assert_eq!(save(&t, true)["outcome"], "saved");
}

#[test]
fn detail_carries_photo_urls_and_approving_moves_it_on() {
    let t = app();
    hold_photos(&t);
    let id = save(&t, false)["id"].as_i64().expect("id");
    let detail = invoke(&t, "request_detail", json!({ "id": id })).expect("detail");
    assert_eq!(detail["status"], "Baru");
    assert_eq!(detail["photos"].as_array().map(Vec::len), Some(2));
    assert_eq!(detail["photos"][0]["kind"], "kk");
    let url = detail["photos"][0]["previewUrl"]
        .as_str()
        .unwrap_or_default();
    assert!(
        url.contains("sinkron") && url.ends_with("/preview"),
        "{url}"
    );
    let acted = invoke(
        &t,
        "act",
        json!({ "id": id, "version": 1, "action": { "kind": "approve" }, "note": null }),
    )
    .expect("approved");
    assert_eq!(acted["status"], "Disetujui");
    let stale = invoke(
        &t,
        "act",
        json!({ "id": id, "version": 1, "action": { "kind": "cancel" }, "note": "Data tidak sesuai KK" }),
    )
    .expect_err("stale version");
    assert_eq!(stale["code"], "request_changed");
}

/// A saved photo carries what was found in it when taken: the card found in the KTP-el is
/// served straightened at once, with no measuring call; the KK photo, with no document found,
/// has no straightened view.
#[test]
fn a_saved_card_is_served_straightened_along_its_kept_corners() {
    use sinkron_core::photo::quality_set::{case, Defect};
    let t = app();
    let pending = &t.app.state::<AppState>().pending;
    let kk = process(&phone_photo(640, 400, 6)).expect("sample photo");
    let card = process(&case(DocumentKind::Ktp, Defect::Clean, 4).jpeg).expect("drawn card");
    pending.hold(MAIN_LABEL, DocumentKind::Kk, kk, "kk.jpg".into());
    pending.hold(MAIN_LABEL, DocumentKind::Ktp, card, "ktp.jpg".into());
    let id = save(&t, false)["id"].as_i64().expect("id");
    let detail = invoke(&t, "request_detail", json!({ "id": id })).expect("detail");
    let photo = |kind: &str| {
        detail["photos"]
            .as_array()
            .and_then(|p| p.iter().find(|p| p["kind"] == kind))
            .cloned()
            .expect(kind)
    };
    assert_eq!(photo("kk")["quality"]["straight"], Value::Null, "{detail}");
    let straight = photo("ktp")["quality"]["straight"].clone();
    let url = straight["url"].as_str().expect("a straightened card");
    let path = url.split("localhost").nth(1).expect("path").to_string();
    assert!(path.ends_with("/straight"), "{path}");
    let state = t.app.state::<AppState>();
    let served = tauri::async_runtime::block_on(crate::photos::serve(&state, MAIN_LABEL, &path));
    assert_eq!(served.status(), 200);
    let img = process(served.body()).expect("a JPEG the intake reads");
    assert_eq!(
        (u64::from(img.width), u64::from(img.height)),
        (
            straight["width"].as_u64().unwrap_or(0),
            straight["height"].as_u64().unwrap_or(0)
        ),
        "the size the detail view was told is the size served"
    );
    assert!(img.width > img.height, "a card lies landscape");
}

/// The desk's Batalkan names its reason beside the note; the history shows it.
#[test]
fn a_cancellation_at_the_desk_names_its_reason() {
    let t = app();
    hold_photos(&t);
    let id = save(&t, false)["id"].as_i64().expect("id");
    let cancel = |reason: serde_json::Value| {
        invoke(
            &t,
            "act",
            json!({ "id": id, "version": 1, "action": { "kind": "cancel" },
                    "note": "Foto KK buram, silakan ajukan lagi", "cancelReason": reason }),
        )
    };
    let refused = cancel(json!(null)).expect_err("no reason");
    assert_eq!(
        refused["code"], "workflow_cancel_reason_required",
        "{refused}"
    );
    assert_eq!(refused["field"], "cancelReason", "{refused}");
    // A reason the core does not know does not reach it.
    let unknown = cancel(json!("foto_jelek")).expect_err("not a reason");
    assert!(unknown.to_string().contains("unknown variant"), "{unknown}");
    let detail = invoke(&t, "request_detail", json!({ "id": id })).expect("detail");
    let offered = &detail["actions"]
        .as_array()
        .expect("actions")
        .iter()
        .find(|a| a["action"]["kind"] == "cancel")
        .expect("cancel offered")["reasons"];
    assert_eq!(offered.as_array().map(Vec::len), Some(5), "{offered}");
    assert_eq!(offered[0]["code"], "unreadable_photo");
    let acted = cancel(json!("unreadable_photo")).expect("cancelled");
    assert_eq!(acted["status"], "Dibatalkan");
    let detail = invoke(&t, "request_detail", json!({ "id": id })).expect("detail");
    let last = detail["history"]
        .as_array()
        .and_then(|h| h.last())
        .cloned()
        .expect("history");
    assert_eq!(last["cancelReason"], "unreadable_photo", "{last}");
    assert_eq!(last["cancelReasonLabel"], "Foto KK/KTP-el tidak terbaca");
}

#[test]
fn about_names_version_database_and_region_source() {
    let t = app();
    let about = invoke(&t, "about", json!({})).expect("about");
    assert_eq!(about["version"], sinkron_core::VERSION);
    assert_eq!(about["buildDate"], crate::cli::BUILD_DATE);
    assert_eq!(about["platform"], crate::cli::TARGET);
    assert!(about["dbPath"]
        .as_str()
        .unwrap_or_default()
        .ends_with("ipc-test.db"));
    assert!(about["regionSource"]
        .as_str()
        .unwrap_or_default()
        .contains("wilayah"));
    assert!(about["regionLicence"].is_string());
    // Encrypted or not depends on this machine's credential store; the file says which.
    assert!(about["dbEncrypted"].is_boolean(), "{about}");
}

/// The sign-in screen asks for the start's check at once: a sound file, and the office's server
/// before anyone signed in (which has no such check), answer with nothing to say.
#[test]
fn the_start_check_has_nothing_to_say_of_a_sound_file_or_the_server() {
    let t = bare_app();
    invoke(&t, "storage_check", json!({})).expect("a sound file");
    let t = app_with(|_| Database::Url("postgres://127.0.0.1:1/sinkron".into()));
    invoke(&t, "storage_check", json!({})).expect("the server, no one signed in");
}

/// An office's file with a bad sector in its middle, as the start meets it: the schema reads,
/// so the window opens; what the check finds is told and nothing is written.
#[test]
fn a_file_found_damaged_beside_the_sign_in_screen_is_told_and_never_written() {
    let t = app_with(|dir| {
        let path = dir.join("rusak.db");
        tauri::async_runtime::block_on(async {
            let store = sinkron_sqlite::Store::open(&path).await.expect("a file");
            store
                .seed_synthetic(2_000, 60, chrono::Utc::now())
                .await
                .expect("requests");
            store.close().await;
        });
        let mut bytes = std::fs::read(&path).expect("the file");
        let pages = bytes.len() / 4096;
        for p in [pages / 3, pages / 2, pages / 2 + 1] {
            bytes[p * 4096..p * 4096 + 64].fill(0xA5);
        }
        std::fs::write(&path, &bytes).expect("damaged");
        Database::File(Some(path))
    });
    let path = t._dir.path().join("rusak.db");
    let before = std::fs::read(&path).expect("the file");
    let told = invoke(&t, "storage_check", json!({})).expect_err("damage told");
    assert_eq!(told["code"], "storage_damaged", "{told}");
    assert!(told["message"]
        .as_str()
        .unwrap_or_default()
        .contains("cadangan"));
    // From then on the app answers as when the file did not open: the first admin is refused
    // and the restore is offered without a sign-in.
    let refused = invoke(
        &t,
        "first_run_setup",
        json!({ "username": "admin", "displayName": "Admin Kantor",
                "password": ADMIN_PASSWORD, "again": ADMIN_PASSWORD }),
    )
    .expect_err("no write");
    assert_eq!(refused["code"], "storage_damaged", "{refused}");
    let refused = invoke(&t, "session_state", json!({})).expect_err("refused");
    assert_eq!(refused["code"], "storage_damaged", "{refused}");
    invoke(&t, "backup_state", json!({})).expect("the restore is offered");
    assert!(
        std::fs::read(&path).expect("the file") == before,
        "unchanged"
    );
}

/// The capability grants the commands to the local app only.
#[test]
fn a_remote_page_cannot_call_the_commands() {
    let t = app();
    let refused = invoke_from(
        &t.window,
        "https://example.com",
        "check",
        json!({ "input": good_input() }),
    );
    let message = refused.expect_err("a remote origin is refused").to_string();
    assert!(message.contains("not allowed"), "{message}");
}

/// A file the OS dropped on the window lands in the slot the page names; the path comes from
/// the OS event held in Rust, never from the page.
#[test]
fn a_dropped_file_is_held_in_the_slot_under_the_drop() {
    let t = app();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("KK dari WA.jpg");
    std::fs::write(&path, phone_photo(640, 480, 6)).expect("photo file");
    let pending = &t.app.state::<AppState>().pending;
    assert!(
        invoke(&t, "drop_photo", json!({ "kind": "kk" }))
            .expect("no drop yet")
            .is_null(),
        "nothing dropped, nothing held"
    );
    pending.dropped(MAIN_LABEL, vec![path]);
    let held = invoke(&t, "drop_photo", json!({ "kind": "kk" })).expect("held");
    assert_eq!(held["kind"], "kk");
    assert_eq!(held["fileName"], "KK dari WA.jpg");
    assert_eq!(
        (held["width"].as_u64(), held["height"].as_u64()),
        (Some(640), Some(480))
    );
    let (kk, ktp) = pending.both(MAIN_LABEL);
    assert!(kk.is_some() && ktp.is_none());
    // The drop is used once.
    assert!(invoke(&t, "drop_photo", json!({ "kind": "ktp" }))
        .expect("nothing left")
        .is_null());
}

/// A photo chosen in the detail view to replace a stored one is held apart from the intake
/// form's slots, and forgotten on its own.
#[test]
fn a_replacement_photo_is_held_apart_from_the_form() {
    let t = app();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("KK baru.jpg");
    std::fs::write(&path, phone_photo(640, 480, 1)).expect("photo file");
    let pending = &t.app.state::<AppState>().pending;
    pending.dropped(MAIN_LABEL, vec![path.clone()]);
    invoke(&t, "drop_photo", json!({ "kind": "kk" })).expect("the form's KK");
    pending.dropped(MAIN_LABEL, vec![path]);
    let held = invoke(&t, "drop_photo", json!({ "kind": "kk", "replace": true }))
        .expect("held to replace");
    assert!(
        held["thumbUrl"].as_str().unwrap().contains("swap/kk/"),
        "{held}"
    );
    assert!(pending.replacement(MAIN_LABEL, DocumentKind::Kk).is_some());
    let missing = invoke(
        &t,
        "replace_photo",
        json!({ "id": 1, "version": 1, "kind": "ktp", "reason": "foto buram" }),
    )
    .expect_err("no KTP-el photo held to replace");
    assert_eq!(missing["code"], "photo_missing");
    assert_eq!(missing["field"], "ktpPhoto");
    invoke(&t, "clear_photos", json!({ "replace": true })).expect("cleared");
    assert!(pending.replacement(MAIN_LABEL, DocumentKind::Kk).is_none());
    assert!(
        pending.both(MAIN_LABEL).0.is_some(),
        "the form keeps its KK"
    );
}

#[test]
fn a_dropped_pdf_is_refused_beside_its_slot_and_nothing_is_held() {
    let t = app();
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("scan.jpg");
    std::fs::write(&path, b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n").expect("pdf file");
    let pending = &t.app.state::<AppState>().pending;
    pending.dropped(MAIN_LABEL, vec![path]);
    let refused = invoke(&t, "drop_photo", json!({ "kind": "ktp" })).expect_err("pdf");
    assert_eq!(refused["code"], "photo_pdf");
    assert_eq!(refused["field"], "ktpPhoto");
    let (kk, ktp) = pending.both(MAIN_LABEL);
    assert!(kk.is_none() && ktp.is_none());
}

// ---- The kiosk window ----

fn kiosk_window(t: &TestApp) -> WebviewWindow<tauri::test::MockRuntime> {
    WebviewWindowBuilder::new(
        &t.app,
        KIOSK_LABEL,
        tauri::WebviewUrl::App("kiosk.html".into()),
    )
    .build()
    .expect("kiosk window")
}

fn invoke_raw(
    window: &WebviewWindow<tauri::test::MockRuntime>,
    cmd: &str,
    body: Vec<u8>,
    kind: &str,
) -> Result<Value, Value> {
    let mut headers = tauri::http::HeaderMap::new();
    headers.insert("x-kind", kind.parse().expect("header"));
    get_ipc_response(
        window,
        InvokeRequest {
            cmd: cmd.into(),
            callback: CallbackFn(0),
            error: CallbackFn(1),
            url: LOCAL_URL.parse().expect("url"),
            body: InvokeBody::Raw(body),
            headers,
            invoke_key: INVOKE_KEY.to_string(),
        },
    )
    .map(|body| body.deserialize::<Value>().expect("json"))
}

/// Takes both photos with the "camera" and sends the good form; returns the receipt.
fn capture_and_submit(kiosk: &WebviewWindow<tauri::test::MockRuntime>) -> Value {
    for (kind, width) in [("kk", 640), ("ktp", 480)] {
        invoke_raw(kiosk, "kiosk_capture", phone_photo(width, 400, 1), kind).expect("captured");
    }
    invoke_from(
        kiosk,
        LOCAL_URL,
        "kiosk_submit",
        json!({ "input": good_input() }),
    )
    .expect("submitted")
}

#[test]
fn the_kiosk_window_is_refused_every_operator_command() {
    let t = app();
    let kiosk = kiosk_window(&t);
    for (cmd, args) in every_command() {
        if is(&cmd, Caller::Kiosk) {
            continue;
        }
        let refused = invoke_from(&kiosk, LOCAL_URL, &cmd, args).expect_err(&cmd);
        // The capability refuses first; the shell's own check is behind it.
        let text = refused.to_string();
        assert!(
            text.contains("not allowed") || refused["code"] == "kiosk_forbidden",
            "{cmd}: {refused}"
        );
    }
}

#[test]
fn the_operator_window_is_refused_every_kiosk_command() {
    let t = app();
    for (cmd, args) in every_command() {
        if !is(&cmd, Caller::Kiosk) {
            continue;
        }
        let refused = invoke(&t, &cmd, args).expect_err(&cmd);
        let text = refused.to_string();
        assert!(
            text.contains("not allowed") || refused["code"] == "kiosk_only",
            "{cmd}: {refused}"
        );
    }
}

#[test]
fn a_kiosk_submission_gives_a_receipt_and_the_reset_forgets_it() {
    let t = app();
    let kiosk = kiosk_window(&t);
    let info = invoke_from(&kiosk, LOCAL_URL, "kiosk_info", json!({})).expect("info");
    assert_eq!(info["idleSeconds"], 90);
    assert_eq!(info["hasPrinter"], false);
    for (kind, width) in [("kk", 640), ("ktp", 480)] {
        let held = invoke_raw(&kiosk, "kiosk_capture", phone_photo(width, 400, 1), kind)
            .expect("captured");
        assert_eq!(held["width"], width);
        let url = held["thumbUrl"].as_str().expect("url").to_string();
        let path = url.split("localhost").nth(1).expect("path").to_string();
        let state = t.app.state::<AppState>();
        let served =
            tauri::async_runtime::block_on(crate::photos::serve(&state, KIOSK_LABEL, &path));
        assert_eq!(served.status(), 200, "the kiosk sees what it took");
    }
    let receipt = invoke_from(
        &kiosk,
        LOCAL_URL,
        "kiosk_submit",
        json!({ "input": good_input() }),
    )
    .expect("submitted");
    assert!(receipt["regNumber"]
        .as_str()
        .expect("reg")
        .starts_with("SD-"));
    assert_eq!(receipt["nikMasked"], "161001******0001");
    assert!(receipt["qrSvg"].as_str().expect("svg").contains("<svg"));
    let state = t.app.state::<AppState>();
    assert!(state.kiosk.holds_receipt());
    assert_eq!(
        state.pending.both(KIOSK_LABEL).0.map(|_| ()),
        None,
        "photos let go"
    );
    // The stored photos are not the kiosk's to see.
    let stored =
        tauri::async_runtime::block_on(crate::photos::serve(&state, KIOSK_LABEL, "doc/1/thumb"));
    assert_eq!(stored.status(), 403);
    invoke_from(&kiosk, LOCAL_URL, "kiosk_reset", json!({})).expect("reset");
    assert!(!state.kiosk.holds_receipt());
    let printed = invoke_from(&kiosk, LOCAL_URL, "kiosk_print", json!({})).expect_err("no printer");
    assert_eq!(printed["code"], "printer_not_set");
}

#[test]
fn a_kiosk_photo_that_is_not_an_image_is_refused_and_nothing_is_held() {
    let t = app();
    let kiosk = kiosk_window(&t);
    let refused = invoke_raw(
        &kiosk,
        "kiosk_capture",
        b"%PDF-1.7 not a photo".to_vec(),
        "ktp",
    )
    .expect_err("refused");
    assert_eq!(refused["field"], "ktpPhoto");
    let state = t.app.state::<AppState>();
    assert!(state.pending.both(KIOSK_LABEL).1.is_none());
}

#[test]
fn a_kiosk_frame_without_a_receipt_s_qr_gives_no_number_and_a_broken_one_a_refusal() {
    let t = app();
    let kiosk = kiosk_window(&t);
    let none = invoke_raw(&kiosk, "kiosk_scan_qr", phone_photo(600, 400, 1), "kk")
        .expect("a frame is searched");
    assert_eq!(none, Value::Null);
    let refused =
        invoke_raw(&kiosk, "kiosk_scan_qr", b"%PDF-1.7".to_vec(), "kk").expect_err("not a picture");
    assert!(
        refused["code"]
            .as_str()
            .unwrap_or_default()
            .starts_with("photo_"),
        "{refused}"
    );
}

#[test]
fn a_kiosk_photo_over_the_cap_is_refused_by_its_size() {
    let t = app();
    let kiosk = kiosk_window(&t);
    let mut body = phone_photo(600, 400, 1);
    body.resize(sinkron_core::photo::MAX_BYTES + 1, 0);
    let refused = invoke_raw(&kiosk, "kiosk_capture", body, "kk").expect_err("refused");
    assert_eq!(refused["code"], "photo_too_large", "{refused}");
    assert_eq!(refused["field"], "kkPhoto");
    let state = t.app.state::<AppState>();
    assert!(state.pending.both(KIOSK_LABEL).0.is_none());
}

#[test]
fn kiosk_lookup_refuses_a_wrong_code_and_then_makes_it_wait() {
    let t = app();
    let kiosk = kiosk_window(&t);
    let receipt = capture_and_submit(&kiosk);
    let reg = receipt["regNumber"].clone();
    let found = invoke_from(
        &kiosk,
        LOCAL_URL,
        "kiosk_lookup",
        json!({ "regNumber": reg, "code": receipt["checkCode"] }),
    )
    .expect("found");
    assert_eq!(found["status"], "Baru");
    assert!(found.get("nik").is_none() && found.get("applicantName").is_none());
    let mut codes = Vec::new();
    for _ in 0..6 {
        let refused = invoke_from(
            &kiosk,
            LOCAL_URL,
            "kiosk_lookup",
            json!({ "regNumber": reg, "code": "XXXXXX" }),
        )
        .expect_err("wrong code");
        codes.push(refused["code"].as_str().unwrap_or_default().to_string());
    }
    assert_eq!(codes[0], "lookup_no_match");
    assert_eq!(codes.last().map(String::as_str), Some("lookup_locked_out"));
}

#[test]
fn leaving_the_kiosk_needs_an_admin_password() {
    let t = app();
    let kiosk = kiosk_window(&t);
    let refused = invoke_from(
        &kiosk,
        LOCAL_URL,
        "kiosk_leave",
        json!({ "username": "admin", "password": "bukan-sandinya" }),
    )
    .expect_err("wrong password");
    assert_eq!(refused["code"], "auth_bad_credentials");
}

#[test]
fn the_receipt_goes_to_the_network_printer_with_number_code_and_cut() {
    use std::io::Read;
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("listener");
    let port = listener.local_addr().expect("addr").port();
    let printer = std::thread::spawn(move || {
        let (mut stream, _) = listener.accept().expect("the kiosk connects");
        let mut bytes = Vec::new();
        stream.read_to_end(&mut bytes).expect("bytes");
        bytes
    });
    let t = app();
    change_office(&t, |form| form.kiosk_printer = format!("127.0.0.1:{port}"));
    let kiosk = kiosk_window(&t);
    let receipt = capture_and_submit(&kiosk);
    invoke_from(&kiosk, LOCAL_URL, "kiosk_print", json!({})).expect("printed");
    let bytes = printer.join().expect("printer thread");
    let has = |needle: &[u8]| bytes.windows(needle.len()).any(|w| w == needle);
    assert!(has(receipt["regNumber"].as_str().expect("reg").as_bytes()));
    assert!(has(receipt["checkCode"].as_str().expect("code").as_bytes()));
    assert!(has(b"161001******0001"));
    assert!(!has(b"1610014107950001"), "the NIK is masked on paper");
    assert!(
        bytes.ends_with(&sinkron_core::receipt::CUT),
        "the paper is cut"
    );
}

#[test]
fn the_database_card_says_the_embedded_file_is_in_use() {
    let t = app();
    let view = invoke(&t, "db_settings", json!({})).expect("db settings");
    assert_eq!(view["inUse"]["kind"], "sqlite");
    assert!(view["inUse"]["label"]
        .as_str()
        .is_some_and(|l| l.ends_with("ipc-test.db")));
    let about = invoke(&t, "about", json!({})).expect("about");
    assert_eq!(about["dbKind"], "sqlite");
    assert_eq!(about["dbLabel"], view["inUse"]["label"]);
}

#[test]
fn the_database_test_reports_each_bad_field_beside_it() {
    let t = app();
    let refused = invoke(
        &t,
        "db_test",
        json!({ "server": { "host": "postgres://server", "port": "99999",
                            "database": "", "user": "meja 1" }, "password": "" }),
    )
    .expect_err("invalid");
    assert_eq!(refused["code"], "db_invalid");
    let fields: Vec<&str> = refused["more"]
        .as_array()
        .expect("more")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(fields, ["host", "port", "database", "user", "password"]);
}

#[test]
fn a_server_that_does_not_answer_is_said_plainly() {
    let t = app();
    // Nothing listens on port 1 of this machine.
    let refused = invoke(
        &t,
        "db_test",
        json!({ "server": { "host": "127.0.0.1", "port": "1", "database": "sinkron",
                            "user": "meja1" }, "password": "rahasia-sekali" }),
    )
    .expect_err("unreachable");
    assert_eq!(refused["code"], "db_unreachable", "{refused}");
    assert!(refused["message"]
        .as_str()
        .is_some_and(|m| m.contains("server tidak menjawab")));
}

/// A fresh, empty database on the test server (`sinkron_testing::server`): the superuser's URL
/// without the database, and the database's name. `None`, loudly, without a server outside CI.
fn fresh_database() -> Option<(String, String)> {
    let admin_url = sinkron_testing::server::server_url()?;
    Some(tauri::async_runtime::block_on(
        sinkron_testing::server::fresh_database(&admin_url, "sinkron_ipc"),
    ))
}

/// A fresh database with the schema and one login in `group`; the login's URL.
fn server_login(group: sinkron_pg::GroupRole, tag: &str) -> Option<String> {
    let (base, name) = fresh_database()?;
    tauri::async_runtime::block_on(async {
        let owner = sinkron_pg::PgStore::connect(&format!("{base}/{name}"))
            .await
            .expect("owner");
        owner.install().await.expect("schema");
        let login = format!("{tag}_{name}");
        owner
            .create_login(&login, "sandi-ipc-kantor", group)
            .await
            .expect("login");
        owner.pool().close().await;
        let host = base.rsplit_once('@').expect("host").1;
        Some(format!("postgres://{login}:sandi-ipc-kantor@{host}/{name}"))
    })
}

#[test]
fn a_kiosk_login_serves_the_kiosk_and_its_own_password_ends_kiosk_mode() {
    let Some(url) = server_login(sinkron_pg::GroupRole::Kiosk, "anjungan") else {
        return;
    };
    let login = url["postgres://".len()..]
        .split(':')
        .next()
        .unwrap()
        .to_string();
    let t = app_with(|_| Database::Url(url));
    // The desk's window cannot work on a kiosk's login, and says how to fix it.
    let refused = invoke(&t, "session_state", json!({})).expect_err("desk on a kiosk login");
    assert_eq!(refused["code"], "db_kiosk_login");
    // Nobody can sign in, so the connection may be set up without a session.
    let view = invoke(&t, "db_settings", json!({})).expect("db settings without a session");
    assert_eq!(view["inUse"]["kind"], "postgres");
    let kiosk = kiosk_window(&t);
    let info = invoke_from(&kiosk, LOCAL_URL, "kiosk_info", json!({})).expect("kiosk info");
    assert_eq!(info["leaveWith"], "dbLogin");
    assert_eq!(info["idleSeconds"], 90);
    let wrong = invoke_from(
        &kiosk,
        LOCAL_URL,
        "kiosk_leave",
        json!({ "username": login, "password": "bukan-sandinya" }),
    )
    .expect_err("wrong password");
    assert_eq!(wrong["code"], "sign_in_failed", "{wrong}");
    let other = invoke_from(
        &kiosk,
        LOCAL_URL,
        "kiosk_leave",
        json!({ "username": "admin", "password": "sandi-ipc-kantor" }),
    )
    .expect_err("another login's name");
    assert_eq!(other["code"], "sign_in_failed", "{other}");
    invoke_from(
        &kiosk,
        LOCAL_URL,
        "kiosk_leave",
        json!({ "username": login, "password": "sandi-ipc-kantor" }),
    )
    .expect("the kiosk login's own password ends kiosk mode");
}

/// The owner's login, password, host and port from the test server's
/// `postgres://owner:password@host:port`.
fn owner_parts(base: &str) -> (&str, &str, &str, &str) {
    let rest = base.strip_prefix("postgres://").expect("url");
    let (owner, rest) = rest.split_once(':').expect("owner");
    let (password, host_port) = rest.split_once('@').expect("password");
    let (host, port) = host_port.split_once(':').expect("port");
    (owner, password, host, port)
}

/// The fields a refusal names, in its order.
fn refused_fields(refused: &Value) -> Vec<&str> {
    refused["more"]
        .as_array()
        .expect("more")
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect()
}

#[test]
fn an_admin_moves_the_office_onto_a_new_server_once() {
    let Some((base, name)) = fresh_database() else {
        return;
    };
    let t = app();
    hold_photos(&t);
    assert_eq!(save(&t, false)["outcome"], "saved");
    let (owner, password, host, port) = owner_parts(&base);
    let server = json!({ "host": host, "port": port, "database": name, "user": "meja1" });
    let refused = invoke(
        &t,
        "db_move",
        json!({ "server": server, "owner": "", "ownerPassword": "" }),
    )
    .expect_err("no owner");
    assert_eq!(refused_fields(&refused), ["owner", "ownerPassword"]);
    let moved = invoke(
        &t,
        "db_move",
        json!({ "server": server, "owner": owner, "ownerPassword": password }),
    )
    .expect("moved");
    let message = moved["message"].as_str().expect("message");
    assert!(message.contains("1 pengajuan, 2 foto, 1 akun"), "{message}");
    // The server now holds the office: a second move is refused and changes nothing.
    let again = invoke(
        &t,
        "db_move",
        json!({ "server": server, "owner": owner, "ownerPassword": password }),
    )
    .expect_err("not empty");
    assert_eq!(again["code"], "db_move_failed");
    assert!(again["message"]
        .as_str()
        .is_some_and(|m| m.contains("sudah berisi 1 pengajuan")));
}

#[test]
fn a_desk_refuses_a_newer_server_and_an_admin_upgrades_an_older_one() {
    let Some((base, name)) = fresh_database() else {
        return;
    };
    let login = format!("meja_{name}");
    let (owner, owner_password, host, port) = owner_parts(&base);
    let desk_url = format!("postgres://{login}:sandi-ipc-kantor@{host}:{port}/{name}");
    let as_owner = |sql: &'static str| {
        let url = format!("{base}/{name}");
        tauri::async_runtime::block_on(async move {
            let owner = sinkron_pg::PgStore::connect(&url).await.expect("owner");
            sqlx::raw_sql(sql).execute(owner.pool()).await.expect(sql);
            owner.pool().close().await;
        })
    };
    tauri::async_runtime::block_on(async {
        let owner = sinkron_pg::PgStore::connect(&format!("{base}/{name}"))
            .await
            .expect("owner");
        owner.install().await.expect("schema");
        owner
            .create_login(&login, "sandi-ipc-kantor", sinkron_pg::GroupRole::Operator)
            .await
            .expect("login");
        owner.pool().close().await;
    });

    // A server that a newer Sinkron has upgraded: this desk must not write to it.
    as_owner("UPDATE sinkron_schema SET version = version + 1, app_version = '9.9.0'");
    let t = app_with(|_| Database::Url(desk_url.clone()));
    let refused = invoke(&t, "session_state", json!({})).expect_err("newer server");
    assert_eq!(refused["code"], "db_desk_too_old", "{refused}");
    assert_eq!(
        refused["message"],
        format!(
            "Sinkron di komputer ini versi {}, server kantor memakai versi 9.9.0 — perbarui \
             Sinkron di komputer ini",
            sinkron_core::VERSION
        )
    );

    // A server as Sinkron 0.1.0 left it: the desk stops and offers the upgrade.
    as_owner("DROP FUNCTION sinkron_schema_version(); DROP TABLE sinkron_schema;");
    let t = app_with(|_| Database::Url(desk_url.clone()));
    let refused = invoke(&t, "session_state", json!({})).expect_err("older server");
    assert_eq!(refused["code"], "db_server_too_old", "{refused}");
    let view = invoke(&t, "db_settings", json!({})).expect("the card, without a session");
    assert_eq!(view["schemaUpgrade"], true);
    let server = json!({ "host": host, "port": port, "database": name, "user": login });
    let missing = invoke(
        &t,
        "db_upgrade",
        json!({ "server": server, "owner": "", "ownerPassword": "" }),
    )
    .expect_err("no owner");
    assert_eq!(refused_fields(&missing), ["owner", "ownerPassword"]);
    let done = invoke(
        &t,
        "db_upgrade",
        json!({ "server": server, "owner": owner, "ownerPassword": owner_password }),
    )
    .expect("upgraded");
    assert_eq!(done["from"], 1);
    assert_eq!(done["to"], sinkron_pg::SCHEMA_VERSION);
    // The next start works on the upgraded server.
    let t = app_with(|_| Database::Url(desk_url.clone()));
    let session = invoke(&t, "session_state", json!({})).expect("current schema");
    // A desk PC's login reaches no table: the operators sign in as their own server logins,
    // and the first admin is made on the server by its owner.
    assert_eq!(session["needsSetup"], false, "{session}");
    let setup = invoke(
        &t,
        "first_run_setup",
        json!({ "username": "dewi", "displayName": "Dewi", "password": "sandi-dewi-admin",
                "again": "sandi-dewi-admin" }),
    )
    .expect_err("not on the server");
    assert_eq!(setup["code"], "auth_already_set_up", "{setup}");
    let verifier = sinkron_core::auth::scram_verifier("sandi-dewi-admin");
    let make =
        format!("SELECT sinkron_account_create('dewi', 'Dewi Admin', 'admin', '{verifier}')");
    as_owner(Box::leak(make.into_boxed_str()));
    let wrong = invoke(
        &t,
        "sign_in",
        json!({ "username": "dewi", "password": "bukan-sandinya" }),
    )
    .expect_err("the server refuses the password");
    assert_eq!(wrong["code"], "auth_bad_credentials", "{wrong}");
    let op = invoke(
        &t,
        "sign_in",
        json!({ "username": " Dewi ", "password": "sandi-dewi-admin" }),
    )
    .expect("signed in as dewi's own login");
    assert_eq!(op["username"], "dewi", "{op}");
    let listed = invoke(&t, "list_operators", json!({})).expect("an admin lists accounts");
    assert_eq!(listed.as_array().map(Vec::len), Some(1), "{listed}");
    invoke(&t, "sign_out", json!({})).expect("signed out");
    let after = invoke(&t, "list_operators", json!({})).expect_err("no session, no connection");
    assert_eq!(after["code"], "session_required", "{after}");
}

/// Every command in the table reaches a handler (Tauri answers "command … not found" for a name
/// without one), from the window the table allows it in.
#[test]
fn every_command_in_the_table_has_a_handler() {
    let t = bare_app();
    let kiosk = kiosk_window(&t);
    for (cmd, args) in every_command() {
        let window = if is(&cmd, Caller::Kiosk) {
            &kiosk
        } else {
            &t.window
        };
        if let Err(refused) = invoke_from(window, LOCAL_URL, &cmd, args) {
            let text = refused.to_string();
            assert!(!text.contains("not found"), "{cmd}: {text}");
        }
    }
}

/// The capability files grant exactly the table's commands: the kiosk's to the kiosk window,
/// every other one to the operator's window.
#[test]
fn the_capabilities_grant_exactly_the_tables_commands() {
    let granted = |file: &str| -> Vec<String> {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("capabilities")
            .join(file);
        let json: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("read"))
            .expect("a capability file");
        let mut own: Vec<String> = json["permissions"]
            .as_array()
            .expect("permissions")
            .iter()
            .filter_map(|p| p.as_str())
            .filter_map(|p| p.strip_prefix("allow-"))
            .map(|p| p.replace('-', "_"))
            .collect();
        own.sort();
        own
    };
    let wanted = |kiosk: bool| -> Vec<String> {
        let mut names: Vec<String> = COMMANDS
            .iter()
            .filter(|(_, caller)| (*caller == Caller::Kiosk) == kiosk)
            .map(|(name, _)| name.to_string())
            .collect();
        names.sort();
        names
    };
    assert_eq!(granted("kiosk-window.json"), wanted(true));
    assert_eq!(granted("main-window.json"), wanted(false));
}

/// A `database.json` that cannot be read opens nothing: the sign-in screen is told why, naming
/// the file, and no request of the local file is reachable; the Database kantor card stays open
/// to repair it.
#[test]
fn an_unreadable_database_config_opens_nothing() {
    let t = app_with(|dir| {
        Database::Unreadable(format!(
            "{}: expected value at line 1 column 12",
            dir.join("database.json").display()
        ))
    });
    let refused = invoke(&t, "session_state", json!({})).expect_err("nothing opened");
    assert_eq!(refused["code"], "db_config_unreadable", "{refused}");
    assert!(
        refused["message"]
            .as_str()
            .unwrap()
            .contains("database.json"),
        "{refused}"
    );
    let queue = invoke(&t, "queue", json!({ "query": {} })).expect_err("no store");
    assert_eq!(queue["code"], "db_config_unreadable", "{queue}");
    invoke(&t, "db_settings", json!({})).expect("the Database kantor card opens to repair it");
}
