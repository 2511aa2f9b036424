//! Rebuilds the region table that the core embeds (`crates/core/data/wilayah.tsv`)
//! from the published CSV (`kode,nama` with dotted codes). The table is committed,
//! so neither the build nor the tests ever read outside the project.

use std::fmt::Write as _;
use std::fs;
use std::path::{Path, PathBuf};

use crate::{read_text, Result};

pub fn rebuild(root: &Path, source: Option<PathBuf>) -> Result {
    let source =
        source.unwrap_or_else(|| root.join("../shared/data/wilayah/wilayah-kecamatan.csv"));
    let csv = read_text(&source)?;
    let mut out = String::from(
        "# Kode wilayah Indonesia sampai kecamatan (Kepmendagri No 300.2.2-2138 Tahun 2025).\n\
         # Built by `cargo xtask wilayah` from wilayah-kecamatan.csv, itself taken from\n\
         # cahyadsn/wilayah (db/wilayah.sql, commit b7ad440). MIT License, (c) Cahya DSN:\n\
         # see LICENSE-wilayah beside this file. Columns: code without dots, TAB, name.\n",
    );
    let mut rows = 0usize;
    for (n, line) in csv.lines().enumerate().skip(1) {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        let (code, name) = line
            .split_once(',')
            .ok_or_else(|| format!("line {}: expected `kode,nama`", n + 1))?;
        let digits: String = code.chars().filter(|c| *c != '.').collect();
        if !matches!(digits.len(), 2 | 4 | 6) || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(format!("line {}: unexpected code {code:?}", n + 1));
        }
        writeln!(out, "{digits}\t{}", name.trim()).expect("writing to a String");
        rows += 1;
    }
    let data = root.join("crates/core/data");
    fs::create_dir_all(&data).map_err(|e| e.to_string())?;
    fs::write(data.join("wilayah.tsv"), out).map_err(|e| e.to_string())?;
    if let Some(dir) = source.parent() {
        let licence = dir.join("LICENSE");
        if licence.is_file() {
            fs::copy(&licence, data.join("LICENSE-wilayah")).map_err(|e| e.to_string())?;
        }
    }
    println!("wrote {rows} regions to crates/core/data/wilayah.tsv");
    Ok(())
}
