//! Pengaturan: the office's own settings as one form — name, time zone, the name written into
//! history until sign-in, the working week, holidays and cuti bersama, the service target, and
//! the WhatsApp templates. Checked here field by field (an Indonesian message beside each field
//! that is wrong) and saved by the store in one transaction.

use crate::kiosk::{parse_idle_seconds, parse_printer, KioskSettings};
use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::notify::PLACEHOLDERS;
use crate::retention::{parse_days, PhotoRule, PHOTO_DAYS_DEFAULT};
use crate::status::Status;
use crate::workdays::ServiceCalendar;
use crate::zone::OfficeZone;

/// The longest target a service page could promise, in working days.
pub const TARGET_MAX: u32 = 30;
/// The shortest and longest idle time before the screen locks, in minutes.
pub const IDLE_MIN: i64 = 1;
pub const IDLE_MAX: i64 = 240;
/// The longest WhatsApp template accepted.
pub const TEMPLATE_MAX: usize = 1000;

/// The settings as the form holds them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct OfficeForm {
    pub office_name: String,
    /// `WIB`, `WITA` or `WIT`.
    pub zone: String,
    pub operator_name: String,
    /// As typed.
    pub target_days: String,
    pub saturday_is_workday: bool,
    /// One date per line (`2026-12-25` or `25-12-2026`), an optional description after it.
    pub holidays: String,
    /// By status word; blank restores the default.
    pub templates: BTreeMap<String, String>,
    /// Minutes without activity before the screen locks, as typed.
    pub idle_minutes: String,
    /// Seconds without a touch before the kiosk asks "Masih di sini?", as typed.
    pub kiosk_idle_seconds: String,
    /// The kiosk's in-app keyboard.
    pub kiosk_keyboard: bool,
    /// The kiosk's receipt printer (`192.168.1.50` or `host:port`); blank for the A4 print dialog.
    pub kiosk_printer: String,
    /// A petugas may export NIKs (an admin always may).
    #[serde(default)]
    pub petugas_export: bool,
    /// Masa simpan: days after a finished request's last change before its photos are deleted
    /// (`0` keeps them), as typed.
    pub retention_photo_days: String,
    /// Whether an admin has saved the rule (until then it shows the default and deletes nothing).
    pub retention_in_force: bool,
    /// The office's province as its two-digit region code (`16`); blank when not set. A NIK or
    /// KK number from another province names its province.
    #[serde(default)]
    pub office_province: String,
    /// Rekap's signature block: the place written before the date (`Indralaya`), the
    /// signer's title, name and NIP (18 digits, spaces allowed), each optional.
    #[serde(default)]
    pub signer_place: String,
    #[serde(default)]
    pub signer_title: String,
    #[serde(default)]
    pub signer_name: String,
    #[serde(default)]
    pub signer_nip: String,
    /// A petugas sees Rekap's per-operator table too (an admin always does).
    #[serde(default)]
    pub petugas_rekap_operators: bool,
    /// The provinces to choose from (filled when the page is read; ignored when saved).
    #[serde(default, skip_deserializing)]
    pub provinces: Vec<(String, String)>,
}

/// Settings that passed every check.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidOffice {
    pub office_name: String,
    pub zone: OfficeZone,
    pub operator_name: String,
    pub calendar: ServiceCalendar,
    pub templates: Vec<(Status, String)>,
    pub idle_minutes: i64,
    pub kiosk: KioskSettings,
    pub petugas_export: bool,
    pub retention: PhotoRule,
    /// The office's province code, if set.
    pub office_province: Option<String>,
    pub signer: Signer,
    pub petugas_rekap_operators: bool,
}

/// Who signs the printed Rekap (*laporan bulanan*): the place and date line, the title, the
/// name and the NIP, as the office's report layout has them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Signer {
    pub place: String,
    /// Blank: [`SIGNER_TITLE_DEFAULT`].
    pub title: String,
    pub name: String,
    /// 18 digits, or blank.
    pub nip: String,
}

/// The title under which the head of the division signs, until the office writes its own.
pub const SIGNER_TITLE_DEFAULT: &str = "Kepala Bidang Pemanfaatan Data dan Inovasi Pelayanan";

impl Signer {
    /// The title to print: the office's own, or the default.
    pub fn title_shown(&self) -> &str {
        if self.title.is_empty() {
            SIGNER_TITLE_DEFAULT
        } else {
            &self.title
        }
    }

    /// The NIP as it is printed: `19800101 200501 1 001` (birth date, appointment month,
    /// sex, number); blank stays blank.
    pub fn nip_shown(&self) -> String {
        let d = &self.nip;
        if d.len() == 18 && d.chars().all(|c| c.is_ascii_digit()) {
            format!("{} {} {} {}", &d[..8], &d[8..14], &d[14..15], &d[15..])
        } else {
            d.clone()
        }
    }
}

/// A NIP as typed (spaces and dots allowed) as its 18 digits; blank is allowed.
pub fn parse_nip(text: &str) -> Result<String, String> {
    let digits: String = text
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.')
        .collect();
    if digits.is_empty() {
        return Ok(digits);
    }
    if digits.len() != 18 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(format!(
            "NIP terdiri dari 18 angka (terisi {}) — misalnya 19800101 200501 1 001",
            digits.chars().count()
        ));
    }
    Ok(digits)
}

/// A line of text as typed, spaces tidied, at most `max` characters.
fn one_line(text: &str, max: usize, field: &str, what: &str, errors: &mut OfficeErrors) -> String {
    let clean = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if clean.chars().count() > max {
        errors.insert(
            field.into(),
            format!("{what} terlalu panjang (paling banyak {max} karakter) — persingkat"),
        );
    }
    clean
}

/// Refusals by field name (`officeName`, `targetDays`, `holidays`, `template.Baru`…).
pub type OfficeErrors = BTreeMap<String, String>;

/// Checks every field; all refusals at once.
pub fn check_office(form: &OfficeForm) -> Result<ValidOffice, OfficeErrors> {
    let mut errors = OfficeErrors::new();
    let office_name = form
        .office_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if office_name.chars().count() < 3 {
        errors.insert(
            "officeName".into(),
            "Nama kantor wajib diisi — misalnya “Dinas Kependudukan dan Pencatatan Sipil Kabupaten Ogan Ilir”"
                .into(),
        );
    } else if office_name.chars().count() > 120 {
        errors.insert(
            "officeName".into(),
            "Nama kantor terlalu panjang (paling banyak 120 karakter) — singkat kata yang umum"
                .into(),
        );
    }
    let zone = OfficeZone::from_code(form.zone.trim()).unwrap_or_else(|| {
        errors.insert(
            "zone".into(),
            "Pilih zona waktu kantor: WIB, WITA atau WIT".into(),
        );
        OfficeZone::Wib
    });
    let operator_name = form
        .operator_name
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    if operator_name.is_empty() {
        errors.insert(
            "operatorName".into(),
            "Nama petugas wajib diisi — nama ini tercatat di riwayat setiap tindakan".into(),
        );
    }
    let target_days = match form.target_days.trim().parse::<u32>() {
        Ok(n) if (1..=TARGET_MAX).contains(&n) => n,
        _ => {
            errors.insert(
                "targetDays".into(),
                format!("Isi target layanan dengan angka hari kerja 1–{TARGET_MAX} — misalnya 3"),
            );
            3
        }
    };
    let idle_minutes = match form.idle_minutes.trim().parse::<i64>() {
        Ok(n) if (IDLE_MIN..=IDLE_MAX).contains(&n) => n,
        _ => {
            errors.insert(
                "idleMinutes".into(),
                format!(
                    "Isi batas diam layar dengan angka menit {IDLE_MIN}–{IDLE_MAX} — misalnya 15"
                ),
            );
            crate::auth::IDLE_MINUTES_DEFAULT
        }
    };
    let kiosk_idle = parse_idle_seconds(&form.kiosk_idle_seconds).unwrap_or_else(|message| {
        errors.insert("kioskIdleSeconds".into(), message);
        crate::kiosk::IDLE_SECONDS_DEFAULT
    });
    let printer = parse_printer(&form.kiosk_printer).unwrap_or_else(|message| {
        errors.insert("kioskPrinter".into(), message);
        None
    });
    let holidays = match parse_holiday_lines(&form.holidays) {
        Ok(days) => days,
        Err(message) => {
            errors.insert("holidays".into(), message);
            Default::default()
        }
    };
    let mut templates = Vec::new();
    for (word, text) in &form.templates {
        let Some(status) = Status::parse(word) else {
            continue;
        };
        match check_template(text) {
            Ok(clean) => templates.push((status, clean)),
            Err(message) => {
                errors.insert(format!("template.{word}"), message);
            }
        }
    }
    let retention_days = parse_days(&form.retention_photo_days).unwrap_or_else(|message| {
        errors.insert("retentionPhotoDays".into(), message);
        PHOTO_DAYS_DEFAULT
    });
    let province = form.office_province.trim();
    let office_province = if province.is_empty() {
        None
    } else if province.len() == 2 && crate::region::province(province).is_some() {
        Some(province.to_string())
    } else {
        errors.insert(
            "officeProvince".into(),
            "Pilih provinsi kantor dari daftar".into(),
        );
        None
    };
    let signer = Signer {
        place: one_line(&form.signer_place, 60, "signerPlace", "Tempat", &mut errors),
        title: one_line(
            &form.signer_title,
            120,
            "signerTitle",
            "Jabatan",
            &mut errors,
        ),
        name: one_line(&form.signer_name, 100, "signerName", "Nama", &mut errors),
        nip: parse_nip(&form.signer_nip).unwrap_or_else(|message| {
            errors.insert("signerNip".into(), message);
            String::new()
        }),
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    Ok(ValidOffice {
        office_name,
        zone,
        operator_name,
        calendar: ServiceCalendar {
            target_days,
            saturday_is_workday: form.saturday_is_workday,
            holidays,
        },
        templates,
        idle_minutes,
        kiosk: KioskSettings {
            idle_seconds: kiosk_idle,
            keyboard: form.kiosk_keyboard,
            printer,
            ..KioskSettings::default()
        },
        petugas_export: form.petugas_export,
        retention: PhotoRule {
            days: retention_days,
        },
        office_province,
        signer,
        petugas_rekap_operators: form.petugas_rekap_operators,
    })
}

/// One date per line, `YYYY-MM-DD` or `DD-MM-YYYY` (also with `/`), anything after the date is a
/// description. Blank lines are skipped; the first unreadable line is named.
pub fn parse_holiday_lines(text: &str) -> Result<std::collections::BTreeSet<NaiveDate>, String> {
    let mut days = std::collections::BTreeSet::new();
    for (i, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let first = line
            .split_whitespace()
            .next()
            .unwrap_or("")
            .replace('/', "-");
        let first = first.trim_end_matches([',', ';']);
        let day = NaiveDate::parse_from_str(first, "%Y-%m-%d")
            .or_else(|_| NaiveDate::parse_from_str(first, "%d-%m-%Y"))
            .map_err(|_| {
                format!(
                    "Baris {} (“{}”) bukan tanggal — tulis satu tanggal per baris, misalnya \
                     2026-12-25 Hari Raya Natal",
                    i + 1,
                    line.chars().take(40).collect::<String>()
                )
            })?;
        days.insert(day);
    }
    Ok(days)
}

/// A template: not too long, only known placeholders. Blank is allowed (the default returns).
pub fn check_template(text: &str) -> Result<String, String> {
    let clean = text.trim().to_string();
    if clean.chars().count() > TEMPLATE_MAX {
        return Err(format!(
            "Pesan terlalu panjang (paling banyak {TEMPLATE_MAX} karakter) — persingkat"
        ));
    }
    let mut rest = clean.as_str();
    while let Some(open) = rest.find('{') {
        let after = &rest[open..];
        let Some(close) = after.find('}') else {
            return Err("Ada “{” tanpa “}” — tulis penanda seperti {nama} dengan lengkap".into());
        };
        let placeholder = &after[..=close];
        if !PLACEHOLDERS.contains(&placeholder) {
            return Err(format!(
                "Penanda {placeholder} tidak dikenal — yang dapat dipakai: {}",
                PLACEHOLDERS.join(", ")
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(clean)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> OfficeForm {
        OfficeForm {
            office_name: "Disdukcapil Kabupaten Ogan Ilir".into(),
            zone: "WIB".into(),
            operator_name: "Rina".into(),
            target_days: "3".into(),
            saturday_is_workday: false,
            holidays: "2026-12-25 Natal\n31-12-2026 cuti bersama\n".into(),
            templates: BTreeMap::new(),
            idle_minutes: "15".into(),
            kiosk_idle_seconds: "90".into(),
            kiosk_keyboard: true,
            kiosk_printer: String::new(),
            petugas_export: false,
            retention_photo_days: "90".into(),
            retention_in_force: false,
            office_province: "16".into(),
            provinces: Vec::new(),
            ..Default::default()
        }
    }

    #[test]
    fn the_signers_nip_is_18_digits_or_blank() {
        let mut f = form();
        f.signer_nip = "19800101 200501 1 001".into();
        let valid = check_office(&f).unwrap();
        assert_eq!(valid.signer.nip, "198001012005011001");
        assert_eq!(valid.signer.nip_shown(), "19800101 200501 1 001");
        f.signer_nip = "1980 0101".into();
        let e = check_office(&f).unwrap_err();
        assert!(e["signerNip"].contains("18 angka (terisi 8)"), "{e:?}");
        f.signer_nip = String::new();
        assert_eq!(check_office(&f).unwrap().signer.nip, "");
    }

    #[test]
    fn a_blank_signer_title_prints_the_default() {
        let valid = check_office(&form()).unwrap();
        assert_eq!(valid.signer.title_shown(), SIGNER_TITLE_DEFAULT);
    }

    #[test]
    fn the_office_province_is_one_of_the_list_or_blank() {
        assert_eq!(
            check_office(&form()).unwrap().office_province.as_deref(),
            Some("16")
        );
        let mut f = form();
        f.office_province = String::new();
        assert_eq!(check_office(&f).unwrap().office_province, None);
        f.office_province = "99".into();
        let e = check_office(&f).unwrap_err();
        assert!(e["officeProvince"].contains("provinsi"), "{e:?}");
    }

    #[test]
    fn retention_days_are_checked_beside_their_field() {
        let mut f = form();
        f.retention_photo_days = "tiga bulan".into();
        let errors = check_office(&f).unwrap_err();
        assert!(errors["retentionPhotoDays"].contains("0–3650"));
        f.retention_photo_days = "0".into();
        assert_eq!(check_office(&f).unwrap().retention, PhotoRule { days: 0 });
    }

    #[test]
    fn kiosk_idle_and_printer_are_checked_beside_their_fields() {
        let mut f = form();
        f.kiosk_idle_seconds = "5".into();
        f.kiosk_printer = "http://printer".into();
        let errors = check_office(&f).unwrap_err();
        assert!(errors["kioskIdleSeconds"].contains("30–600"));
        assert!(errors["kioskPrinter"].contains("192.168.1.50"));
        f.kiosk_idle_seconds = "120".into();
        f.kiosk_printer = "10.0.0.9".into();
        let kiosk = check_office(&f).unwrap().kiosk;
        assert_eq!(kiosk.idle_seconds, 120);
        assert_eq!(kiosk.printer.unwrap().to_string(), "10.0.0.9:9100");
    }

    #[test]
    fn a_good_form_passes_with_both_date_spellings() {
        let v = check_office(&form()).unwrap();
        assert_eq!(v.calendar.holidays.len(), 2);
        assert_eq!(v.calendar.target_days, 3);
    }

    #[test]
    fn an_unreadable_holiday_line_is_named() {
        let mut f = form();
        f.holidays = "2026-12-25\nNatal\n".into();
        let e = check_office(&f).unwrap_err();
        assert!(e["holidays"].contains("Baris 2"), "{}", e["holidays"]);
    }

    #[test]
    fn target_days_must_be_a_small_number() {
        for bad in ["0", "31", "tiga", ""] {
            let mut f = form();
            f.target_days = bad.into();
            assert!(
                check_office(&f).unwrap_err().contains_key("targetDays"),
                "{bad}"
            );
        }
    }

    #[test]
    fn office_and_operator_names_are_required() {
        let mut f = form();
        f.office_name = "  ".into();
        f.operator_name = String::new();
        let e = check_office(&f).unwrap_err();
        assert!(e.contains_key("officeName") && e.contains_key("operatorName"));
    }

    #[test]
    fn an_unknown_placeholder_is_refused() {
        let mut f = form();
        f.templates.insert("Baru".into(), "Halo {nik}".into());
        let e = check_office(&f).unwrap_err();
        assert!(e["template.Baru"].contains("{nik}"));
    }

    #[test]
    fn known_placeholders_and_blank_templates_pass() {
        assert!(check_template("Yth. {nama}, {nomor} {status} {catatan} {kantor}").is_ok());
        assert_eq!(check_template("  ").unwrap(), "");
    }

    #[test]
    fn idle_minutes_must_be_within_bounds() {
        let mut f = form();
        f.idle_minutes = "0".into();
        assert!(check_office(&f).unwrap_err().contains_key("idleMinutes"));
        f.idle_minutes = "30".into();
        assert_eq!(check_office(&f).unwrap().idle_minutes, 30);
    }

    #[test]
    fn an_unclosed_brace_is_refused() {
        assert!(check_template("Yth. {nama").is_err());
    }
}
