//! The core's shape, checked: it depends on neither a database driver nor Tauri, and no source
//! file of it names one, so a use case cannot drift back into SQL or into the shell.

use std::path::Path;

fn dependencies() -> String {
    let manifest =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .expect("the core's Cargo.toml");
    let start = manifest
        .find("[dependencies]")
        .expect("a [dependencies] table");
    let rest = &manifest[start + "[dependencies]".len()..];
    rest[..rest.find("\n[").unwrap_or(rest.len())].to_string()
}

fn sources(dir: &Path, out: &mut Vec<(String, String)>) {
    for entry in std::fs::read_dir(dir).expect("read the source folder") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            let text = std::fs::read_to_string(&path).expect("read a source file");
            out.push((path.display().to_string(), text));
        }
    }
}

#[test]
fn the_core_depends_on_no_database_driver_and_no_tauri() {
    let deps = dependencies();
    for banned in ["sqlx", "tauri", "rusqlite", "postgres"] {
        assert!(
            !deps.lines().any(|l| l.trim_start().starts_with(banned)),
            "crates/core depends on {banned}"
        );
    }
}

#[test]
fn no_core_source_names_sql_or_tauri() {
    let mut files = Vec::new();
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 20, "the core's sources were found");
    for (path, text) in files {
        for banned in [
            "sqlx::",
            "tauri::",
            "SELECT ",
            "INSERT INTO",
            "UPDATE requests",
        ] {
            assert!(!text.contains(banned), "{path} contains {banned:?}");
        }
    }
}
