//! The codes the UI branches on are the core's: every code the desk's or the kiosk's scripts
//! compare an error with, list in a set, or map to a field is one of [`Code::ALL`]'s texts, so
//! renaming a code in Rust without the UI (or a typo in the UI) fails here.

use std::path::{Path, PathBuf};

use sinkron_core::Code;

/// Codes the UI makes itself (no core error carries them).
const UI_OWN: &[&str] = &["no_bridge"];

fn scripts(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).expect("read ui/js") {
        let path = entry.expect("an entry").path();
        if path.is_dir() {
            scripts(&path, out);
        } else if path.extension().is_some_and(|e| e == "js") {
            out.push(path);
        }
    }
}

/// The quoted word right after `at` in `text` (`'storage_busy'` → `storage_busy`).
fn quoted_after(text: &str, at: usize) -> Option<&str> {
    let rest = text[at..].trim_start();
    let rest = rest.strip_prefix('\'')?;
    Some(&rest[..rest.find('\'')?])
}

/// Every code a script compares with (`code === '…'`, `code !== '…'`), lists in a `…_CODES`
/// set, or maps to a field (`FIELD_OF`'s keys).
fn codes_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for op in ["code === ", "code !== "] {
        for (at, _) in text.match_indices(op) {
            let before = &text[text[..at].rfind('\n').map_or(0, |n| n + 1)..at];
            if before.trim_end().ends_with("typeof err.") {
                continue; // `typeof err.code === 'string'` is about the type, not a code
            }
            if let Some(word) = quoted_after(text, at + op.len()) {
                found.push(word.to_string());
            }
        }
    }
    for (at, _) in text.match_indices("_CODES = new Set([") {
        let list = &text[at..];
        let list = &list[list.find('[').unwrap() + 1..list.find(']').unwrap()];
        found.extend(
            list.split(',')
                .map(|w| w.trim().trim_matches('\'').to_string()),
        );
    }
    if let Some(at) = text.find("const FIELD_OF = {") {
        let map = &text[at..];
        let map = &map[map.find('{').unwrap() + 1..map.find('}').unwrap()];
        found.extend(
            map.lines()
                .filter_map(|l| l.trim().split_once(':'))
                .map(|(k, _)| k.trim().to_string()),
        );
    }
    found.retain(|w| !w.is_empty());
    found
}

#[test]
fn every_code_the_ui_names_is_a_core_code() {
    let ui = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../ui/js");
    let mut files = Vec::new();
    scripts(&ui, &mut files);
    let known: Vec<&str> = Code::ALL.iter().map(|c| c.as_str()).collect();
    let mut checked = 0;
    for file in files {
        let text = std::fs::read_to_string(&file).expect("read a script");
        for code in codes_in(&text) {
            checked += 1;
            assert!(
                known.contains(&code.as_str()) || UI_OWN.contains(&code.as_str()),
                "{} names the code {code:?}, which no core error has",
                file.display()
            );
        }
    }
    assert!(
        checked >= 15,
        "only {checked} codes found in the UI's scripts"
    );
}
