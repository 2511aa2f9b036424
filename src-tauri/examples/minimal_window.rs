//! The smallest Tauri v2 window, for `cargo xtask bench-ui` to weigh Sinkron against: the
//! same Tauri, the same release profile and the same config, one 1366×768 window on a page of
//! one line drawn as the desk's window draws, no command, no state, no database. What
//! Sinkron's process holds beyond this is Sinkron's own.

fn main() {
    tauri::Builder::default()
        // A page of one line, served the way Tauri serves an app's own files (a custom
        // protocol): `about:blank` would skip the graphics set-up every real page pays for.
        .register_uri_scheme_protocol("minimal", |_, _| {
            tauri::http::Response::builder()
                .header("Content-Type", "text/html")
                .body(b"<!doctype html><title>Tauri minimal</title><p>Tauri minimal</p>".to_vec())
                .expect("a response")
        })
        .setup(|app| {
            let page = "minimal://localhost/".parse().map_err(|e| format!("{e}"))?;
            let window =
                tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::External(page))
                    .title("Tauri minimal")
                    .inner_size(1366.0, 768.0)
                    .build()?;
            // Drawn as Sinkron's desk window draws, so the two weigh the same kind of page.
            sinkron_app::drawing::for_desk(&window)?;
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the minimal window runs");
}
