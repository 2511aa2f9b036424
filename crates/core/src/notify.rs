//! WhatsApp notices to the applicant: the message for a request's current
//! status from an editable Indonesian template, and the `wa.me` link that opens
//! it. A notice carries the registration number, the status and the officer's
//! note — never a NIK or KK number: any sixteen-digit run is masked.

use crate::identity::nik::mask;
use crate::status::Status;

/// The placeholders a template may use.
pub const PLACEHOLDERS: &[&str] = &["{nama}", "{nomor}", "{status}", "{catatan}", "{kantor}"];

/// The default template for a status.
pub fn default_template(status: Status) -> &'static str {
    match status {
        Status::Baru => {
            "Yth. {nama}, pengajuan Sinkronisasi Data Anda dengan nomor {nomor} sudah kami terima \
             (status: {status}). Kami akan memeriksanya segera. — {kantor}"
        }
        Status::Disetujui => {
            "Yth. {nama}, pengajuan {nomor} telah disetujui dan akan diproses petugas. {catatan} — {kantor}"
        }
        Status::Diproses => {
            "Yth. {nama}, pengajuan {nomor} sedang diproses (status: {status}). {catatan} — {kantor}"
        }
        Status::Selesai => {
            "Yth. {nama}, pengajuan {nomor} telah selesai (status: {status}). {catatan} Dokumen \
             yang dicetak, jika ada, dapat diambil di kantor Dukcapil. — {kantor}"
        }
        Status::Dibatalkan => {
            "Yth. {nama}, pengajuan {nomor} belum dapat diproses. Catatan petugas: {catatan} \
             Silakan ajukan kembali setelah memperbaikinya. — {kantor}"
        }
    }
}

/// What a message is made of.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeFacts<'a> {
    pub name: &'a str,
    pub reg_number: &'a str,
    pub status: Status,
    /// The last note of the status history, if any.
    pub note: Option<&'a str>,
    pub office: &'a str,
}

/// Fills a template and masks every sixteen-digit run (a NIK or KK number
/// typed into a note never leaves the office).
pub fn render(template: &str, f: &NoticeFacts<'_>) -> String {
    let text = template
        .replace("{nama}", f.name)
        .replace("{nomor}", f.reg_number)
        .replace("{status}", f.status.as_str())
        .replace("{catatan}", f.note.unwrap_or("").trim())
        .replace("{kantor}", f.office);
    let folded = text
        .split(' ')
        .filter(|w| !w.is_empty())
        .collect::<Vec<_>>()
        .join(" ");
    mask_long_numbers(&folded)
}

/// Masks runs of 16 digits (with the separators people type) as `161001******0001`.
pub fn mask_long_numbers(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if chars[i].is_ascii_digit() {
            let mut j = i;
            let mut digits = String::new();
            while j < chars.len() {
                if chars[j].is_ascii_digit() {
                    digits.push(chars[j]);
                    j += 1;
                } else if matches!(chars[j], ' ' | '.' | '-')
                    && chars.get(j + 1).is_some_and(char::is_ascii_digit)
                {
                    j += 1;
                } else {
                    break;
                }
            }
            if digits.len() >= 16 {
                out.push_str(&mask(&digits[..16]));
                out.push_str(&"*".repeat(digits.len() - 16));
            } else {
                out.extend(&chars[i..j]);
            }
            i = j;
        } else {
            out.push(chars[i]);
            i += 1;
        }
    }
    out
}

/// `https://wa.me/6281234567890?text=…` for a stored `+628…` number.
pub fn wa_link(e164: &str, text: &str) -> String {
    let number: String = e164.chars().filter(char::is_ascii_digit).collect();
    format!("https://wa.me/{number}?text={}", percent_encode(text))
}

fn percent_encode(text: &str) -> String {
    let mut out = String::with_capacity(text.len() * 3);
    for b in text.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts(note: Option<&'static str>) -> NoticeFacts<'static> {
        NoticeFacts {
            name: "Siti Aminah",
            reg_number: "SD-261127-0007",
            status: Status::Dibatalkan,
            note,
            office: "Disdukcapil Ogan Ilir",
        }
    }

    #[test]
    fn every_default_template_names_the_registration_number() {
        for s in Status::ALL {
            let text = render(default_template(s), &facts(Some("catatan")));
            assert!(text.contains("SD-261127-0007"), "{s}");
            assert!(!text.contains('{'), "{s}: {text}");
        }
    }

    #[test]
    fn a_nik_in_the_note_is_masked() {
        let text = render(
            default_template(Status::Dibatalkan),
            &facts(Some("NIK 1610 0141 0795 0001 beda")),
        );
        assert!(!text.contains("1610 0141 0795 0001"));
        assert!(!text.contains("1610014107950001"));
        assert!(text.contains("161001******0001"));
    }

    #[test]
    fn short_numbers_are_kept() {
        assert_eq!(
            mask_long_numbers("tanggal 27-11-2026, hp 0812"),
            "tanggal 27-11-2026, hp 0812"
        );
    }

    #[test]
    fn an_empty_note_leaves_no_double_space() {
        let text = render("a {catatan} b", &facts(None));
        assert_eq!(text, "a b");
    }

    #[test]
    fn link_is_wa_me_with_an_encoded_text() {
        let link = wa_link("+6281234567890", "Yth. Siti & Budi?");
        assert_eq!(
            link,
            "https://wa.me/6281234567890?text=Yth.%20Siti%20%26%20Budi%3F"
        );
    }
}
