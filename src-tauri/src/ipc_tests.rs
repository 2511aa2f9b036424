//! The commands as the window reaches them: through Tauri's IPC, the real capability file and
//! the generated `allow-…` permissions, on the mock runtime (no display needed).

use serde_json::{json, Value};
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::{InvokeRequest, WebviewWindowBuilder};
use tauri::{App, WebviewWindow};

use crate::build_app;

const LOCAL_URL: &str = if cfg!(windows) {
    "http://tauri.localhost"
} else {
    "tauri://localhost"
};

struct TestApp {
    _dir: tempfile::TempDir,
    _app: App<tauri::test::MockRuntime>,
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
        _app: app,
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

#[test]
fn saved_request_is_listed_first_as_baru() {
    let t = app();
    let created = invoke(&t, "save_request", json!({ "input": good_input() })).expect("saved");
    let reg = created["regNumber"]
        .as_str()
        .expect("reg number")
        .to_string();
    assert!(reg.starts_with("SD-"), "{reg}");
    let page = invoke(&t, "list_requests", json!({ "page": 1 })).expect("listed");
    assert_eq!(page["total"], 1);
    assert_eq!(page["openCount"], 1);
    assert_eq!(page["items"][0]["regNumber"], reg.as_str());
    assert_eq!(page["items"][0]["status"], "Baru");
    assert_eq!(page["items"][0]["nikMasked"], "161001******0001");
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
