//! The commands as the window reaches them: through Tauri's IPC, the real capability file and
//! the generated `allow-…` permissions, on the mock runtime (no display needed).

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::{InvokeRequest, WebviewWindowBuilder};
use tauri::{App, WebviewWindow};

use sinkron_core::photo::{process, sample::phone_photo};
use sinkron_core::DocumentKind;
use tauri::Manager;

use crate::{build_app, AppState};

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

fn app() -> TestApp {
    let dir = tempfile::tempdir().expect("temp dir");
    let db = dir.path().join("ipc-test.db");
    let app = build_app(
        mock_builder(),
        tauri::generate_context!("../tauri.conf.json"),
        Some(db),
    )
    .expect("app builds");
    let window = WebviewWindowBuilder::new(&app, "main", Default::default())
        .build()
        .expect("main window");
    TestApp {
        _dir: dir,
        app,
        window,
    }
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
        pending.hold("main", kind, photo, "foto.jpg".into());
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
    let (kk, ktp) = t.app.state::<AppState>().pending.both("main");
    assert!(
        kk.is_none() && ktp.is_none(),
        "held photos are dropped once saved"
    );
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

#[test]
fn about_names_version_database_and_region_source() {
    let t = app();
    let about = invoke(&t, "about", json!({})).expect("about");
    assert_eq!(about["version"], sinkron_core::VERSION);
    assert!(about["dbPath"]
        .as_str()
        .unwrap_or_default()
        .ends_with("ipc-test.db"));
    assert!(about["regionSource"]
        .as_str()
        .unwrap_or_default()
        .contains("wilayah"));
    assert!(about["regionLicence"].is_string());
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
