//! The smallest Tauri v2 window, for `cargo xtask bench-ui` to weigh Sinkron against: the
//! same Tauri, the same release profile and the same config, one 1366×768 window on an empty
//! page, no command, no state, no database. What Sinkron's process holds beyond this is
//! Sinkron's own.

fn main() {
    tauri::Builder::default()
        .setup(|app| {
            let blank = "about:blank".parse().map_err(|e| format!("{e}"))?;
            tauri::WebviewWindowBuilder::new(app, "main", tauri::WebviewUrl::External(blank))
                .title("Tauri minimal")
                .inner_size(1366.0, 768.0)
                .build()?;
            Ok(())
        })
        .run(tauri::generate_context!("../tauri.conf.json"))
        .expect("the minimal window runs");
}
