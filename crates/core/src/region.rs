//! The region codes (kode wilayah) that the first six digits of a NIK or KK
//! number carry: province, kabupaten/kota and kecamatan. The table is embedded
//! in the binary from `data/wilayah.tsv` (rebuilt by `cargo xtask wilayah`), so
//! the app needs no file at run time.

use std::collections::HashMap;
use std::sync::LazyLock;

/// Where the codes come from, for the About screen.
pub const SOURCE: &str = "Kode wilayah: Keputusan Menteri Dalam Negeri No 300.2.2-2138 Tahun 2025 \
     (data cahyadsn/wilayah, commit b7ad440)";

/// The licence of the region data, kept with every copy of it.
pub const LICENCE: &str = include_str!("../data/LICENSE-wilayah");

static TABLE: LazyLock<HashMap<u32, &'static str>> = LazyLock::new(|| {
    include_str!("../data/wilayah.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
        .filter_map(|l| {
            let (code, name) = l.split_once('\t')?;
            Some((key(code)?, name))
        })
        .collect()
});

/// Codes of different levels never collide: the level is folded into the key.
fn key(code: &str) -> Option<u32> {
    let n: u32 = code.parse().ok()?;
    Some(n * 10 + code.len() as u32)
}

fn lookup(code: &str) -> Option<&'static str> {
    TABLE.get(&key(code)?).copied()
}

/// The province name for a two-digit code, if it is one of the 38.
pub fn province(code: &str) -> Option<&'static str> {
    (code.len() == 2).then(|| lookup(code)).flatten()
}

/// The 38 provinces as `(code, name)`, by code (`11` Aceh … `96` Papua Barat Daya).
pub fn provinces() -> Vec<(String, &'static str)> {
    let mut all: Vec<(String, &'static str)> = TABLE
        .iter()
        .filter(|(k, _)| *k % 10 == 2)
        .map(|(k, name)| (format!("{:02}", k / 10), *name))
        .collect();
    all.sort();
    all
}

/// The kabupaten/kota name for a four-digit code (`1610`), as published
/// (`Kabupaten Ogan Ilir`, `Kota Palembang`).
pub fn regency(code: &str) -> Option<&'static str> {
    (code.len() == 4).then(|| lookup(code)).flatten()
}

/// The kecamatan name for a six-digit code (`161001`).
pub fn district(code: &str) -> Option<&'static str> {
    (code.len() == 6).then(|| lookup(code)).flatten()
}

/// `Kabupaten Ogan Ilir` → `Kab. Ogan Ilir`; a kota keeps its name.
pub fn short_regency(name: &str) -> String {
    match name.strip_prefix("Kabupaten ") {
        Some(rest) => format!("Kab. {rest}"),
        None => name.to_string(),
    }
}

/// A code written the way people read it: `16.10.01`.
pub fn dotted(code: &str) -> String {
    code.as_bytes()
        .chunks(2)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(".")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn has_the_38_provinces() {
        let provinces = TABLE.keys().filter(|k| *k % 10 == 2).count();
        assert_eq!(provinces, 38);
    }

    #[test]
    fn decodes_ogan_ilir() {
        assert_eq!(province("16"), Some("Sumatera Selatan"));
        let all = provinces();
        assert_eq!(all.len(), 38);
        assert_eq!(all[0], ("11".to_string(), "Aceh"));
        assert_eq!(regency("1610"), Some("Kabupaten Ogan Ilir"));
        assert!(district("161001").is_some());
    }

    #[test]
    fn merauke_moved_to_papua_selatan() {
        assert_eq!(regency("9101"), None);
        assert_eq!(province("93"), Some("Papua Selatan"));
    }

    #[test]
    fn levels_do_not_collide() {
        // "16" is a province; "0016" would be nonsense, never the same key.
        assert_ne!(key("16"), key("0016"));
        assert_eq!(province("1610"), None);
    }

    #[test]
    fn short_regency_abbreviates_kabupaten_only() {
        assert_eq!(short_regency("Kabupaten Ogan Ilir"), "Kab. Ogan Ilir");
        assert_eq!(short_regency("Kota Palembang"), "Kota Palembang");
    }

    #[test]
    fn dotted_groups_pairs() {
        assert_eq!(dotted("161001"), "16.10.01");
    }

    #[test]
    fn licence_is_embedded() {
        assert!(LICENCE.contains("MIT License"));
    }
}
