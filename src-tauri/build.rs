//! Build script: reads the root `tauri.conf.json`, generates one `allow-<command>` permission
//! per app command of `src/command_table.rs` (the capability files grant exactly these), on Windows embeds the icon and
//! the version resource (from `tauri.conf.json`), and records the build date and target for
//! `--version` and the About screen.

/// The app's commands and who may call them: one table, read here and by the crate.
#[allow(dead_code)]
#[path = "src/command_table.rs"]
mod command_table;

fn main() {
    println!("cargo:rerun-if-env-changed=SOURCE_DATE_EPOCH");
    println!("cargo:rustc-env=SINKRON_BUILD_DATE={}", build_date());
    println!(
        "cargo:rustc-env=SINKRON_TARGET={}",
        std::env::var("TARGET").unwrap_or_default()
    );
    // `generate_context!` embeds `ui/` when the crate compiles; new files there must rebuild it.
    println!("cargo:rerun-if-changed=../ui");
    println!("cargo:rerun-if-changed=../icons");
    let attributes = tauri_build::Attributes::new()
        .config_path("../tauri.conf.json")
        .app_manifest(tauri_build::AppManifest::new().commands(command_names()));
    if let Err(error) = tauri_build::try_build(attributes) {
        panic!("tauri-build failed: {error:#}");
    }
}

/// The commands' names, as tauri-build wants them (for the life of the build script).
fn command_names() -> &'static [&'static str] {
    let names: Vec<&'static str> = command_table::COMMANDS
        .iter()
        .map(|(name, _)| *name)
        .collect();
    Box::leak(names.into_boxed_slice())
}

/// Today in UTC as `YYYY-MM-DD`, or the day of `SOURCE_DATE_EPOCH` for reproducible builds.
fn build_date() -> String {
    let seconds = std::env::var("SOURCE_DATE_EPOCH")
        .ok()
        .and_then(|s| s.trim().parse::<i64>().ok())
        .unwrap_or_else(|| {
            std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map(|d| d.as_secs() as i64)
                .unwrap_or_default()
        });
    // Days since 1970-01-01 to a civil date (Howard Hinnant's algorithm).
    let z = seconds.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1_460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}")
}
