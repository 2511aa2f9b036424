//! The `sinkron` binary: everything is in the library so tests can build the same app.

// No console window behind the app on Windows release builds.
#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

fn main() {
    sinkron_app::run()
}
