//! Isian Pengajuan: the five fields of the form checked together, the way the
//! desk and the kiosk both ask for them. `check_form` reports every field (an
//! error, warnings, and what a number says) so a screen can show each message
//! beside its field; `validate_form` turns a clean form into a `ValidRequest`.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::identity::{ApplicantName, KkNumber, Nik, ProblemText, WaNumber, Warning};

/// The form as typed, field by field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct FormInput {
    /// Nama Pemohon.
    pub name: String,
    /// NIK Pemohon.
    pub nik: String,
    /// Nomor Kartu Keluarga.
    pub kk: String,
    /// Permasalahan Data.
    pub problem: String,
    /// Nomor WA Pemohon.
    pub wa: String,
}

/// One message about one field.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Notice {
    pub code: String,
    pub message: String,
}

impl From<Warning> for Notice {
    fn from(w: Warning) -> Self {
        Notice {
            code: w.code.to_string(),
            message: w.message,
        }
    }
}

/// What the core says about one field.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldReport {
    /// The refusal, if any: shown in red beside the field.
    pub error: Option<Notice>,
    /// Doubts that do not block: shown in amber.
    pub warnings: Vec<Notice>,
    /// What the value says (`Kab. Ogan Ilir · Kec. … · Perempuan · lahir 1 Juli 1995`).
    pub facts: Option<String>,
    /// The value as it will be stored (`+6281234567890`, grouped NIK).
    pub normalized: Option<String>,
}

impl FieldReport {
    fn refused(code: &str, message: String) -> Self {
        FieldReport {
            error: Some(Notice {
                code: code.to_string(),
                message,
            }),
            ..Default::default()
        }
    }

    fn accepted(normalized: String, facts: Option<String>, warnings: Vec<Warning>) -> Self {
        FieldReport {
            error: None,
            warnings: warnings.into_iter().map(Notice::from).collect(),
            facts,
            normalized: Some(normalized),
        }
    }
}

/// The five reports, by field name.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct FieldReports {
    pub name: FieldReport,
    pub nik: FieldReport,
    pub kk: FieldReport,
    pub problem: FieldReport,
    pub wa: FieldReport,
}

/// The whole form checked: `ok` when no field has an error.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FormCheck {
    pub ok: bool,
    pub fields: FieldReports,
}

impl FormCheck {
    /// Names the province in what a NIK or KK number says when it is not the office's own
    /// (`Kab. Nabire · Kec. … · Prov. Papua Tengah` at an office in Sumatera Selatan). Nothing
    /// changes when the office's province is not set.
    pub fn naming_other_provinces(mut self, office_province: Option<&str>) -> FormCheck {
        let Some(office) = office_province else {
            return self;
        };
        for report in [&mut self.fields.nik, &mut self.fields.kk] {
            let digits: String = report
                .normalized
                .as_deref()
                .unwrap_or_default()
                .chars()
                .filter(char::is_ascii_digit)
                .collect();
            let (Some(facts), Some(code)) = (report.facts.as_mut(), digits.get(0..2)) else {
                continue;
            };
            if code != office && !facts.contains("Prov. ") {
                if let Some(name) = crate::region::province(code) {
                    facts.push_str(&format!(" · Prov. {name}"));
                }
            }
        }
        self
    }

    /// The first field with an error, in form order, and its message.
    pub fn first_error(&self) -> Option<(&'static str, &Notice)> {
        let f = &self.fields;
        [
            ("name", &f.name),
            ("nik", &f.nik),
            ("kk", &f.kk),
            ("problem", &f.problem),
            ("wa", &f.wa),
        ]
        .into_iter()
        .find_map(|(field, r)| r.error.as_ref().map(|e| (field, e)))
    }
}

/// A form in which every field passed: what the store saves.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidRequest {
    pub name: ApplicantName,
    pub nik: Nik,
    pub kk: KkNumber,
    pub problem: ProblemText,
    pub wa: WaNumber,
}

impl ValidRequest {
    /// NIK yang disinkronkan as first proposed: the applicant's, then those named in the
    /// problem text (a KK number can look like a NIK: it is left out). Both backends use it.
    pub fn initial_sync_niks(&self, today: NaiveDate) -> Vec<String> {
        let mut niks = vec![self.nik.as_str().to_string()];
        for nik in crate::identity::find_niks(self.problem.as_str(), today) {
            let nik = nik.as_str().to_string();
            if nik != self.kk.as_str() && !niks.contains(&nik) {
                niks.push(nik);
            }
        }
        niks
    }
}

/// Checks every field; `today` is the office's date (it decides the century of
/// the dates inside NIK and KK).
pub fn check_form(input: &FormInput, today: NaiveDate) -> FormCheck {
    parse_all(input, today).0
}

/// The form as a `ValidRequest`, or the check that says what to fix.
pub fn validate_form(input: &FormInput, today: NaiveDate) -> Result<ValidRequest, Box<FormCheck>> {
    match parse_all(input, today) {
        (_, Some(valid)) => Ok(valid),
        (check, None) => Err(Box::new(check)),
    }
}

fn parse_all(input: &FormInput, today: NaiveDate) -> (FormCheck, Option<ValidRequest>) {
    let name = ApplicantName::parse(&input.name);
    let nik = Nik::parse_on(&input.nik, today);
    let kk = KkNumber::parse_on(&input.kk, today);
    let problem = ProblemText::parse(&input.problem);
    let wa = WaNumber::parse(&input.wa);

    let fields = FieldReports {
        name: match &name {
            Ok(n) => FieldReport::accepted(n.to_string(), None, Vec::new()),
            Err(e) => FieldReport::refused(e.code(), e.to_string()),
        },
        nik: match &nik {
            Ok(n) => FieldReport::accepted(n.to_string(), Some(n.facts().summary()), n.warnings()),
            Err(e) => FieldReport::refused(e.code(), e.to_string()),
        },
        kk: match &kk {
            Ok(k) => FieldReport::accepted(k.to_string(), Some(k.facts().summary()), k.warnings()),
            Err(e) => FieldReport::refused(e.code(), e.to_string()),
        },
        problem: match &problem {
            Ok(p) => FieldReport::accepted(p.to_string(), None, Vec::new()),
            Err(e) => FieldReport::refused(e.code(), e.to_string()),
        },
        wa: match &wa {
            Ok(w) => FieldReport::accepted(w.local(), None, w.warnings()),
            Err(e) => FieldReport::refused(e.code(), e.to_string()),
        },
    };
    let valid = match (name, nik, kk, problem, wa) {
        (Ok(name), Ok(nik), Ok(kk), Ok(problem), Ok(wa)) => Some(ValidRequest {
            name,
            nik,
            kk,
            problem,
            wa,
        }),
        _ => None,
    };
    (
        FormCheck {
            ok: valid.is_some(),
            fields,
        },
        valid,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
    }

    fn good() -> FormInput {
        FormInput {
            name: "Siti Aminah".into(),
            nik: "1610014107950001".into(),
            kk: "1610010203150003".into(),
            problem: "NIK tidak bisa daftar BPJS".into(),
            wa: "0812-3456-7890".into(),
        }
    }

    #[test]
    fn a_nik_from_another_province_names_it_and_one_from_the_office_s_does_not() {
        let mut input = good();
        input.nik = "9401014107950001".into();
        let check = check_form(&input, today()).naming_other_provinces(Some("16"));
        let nik = check.fields.nik.facts.unwrap();
        assert!(
            nik.starts_with("Kab. Nabire") && nik.ends_with("· Prov. Papua Tengah"),
            "{nik}"
        );
        let kk = check.fields.kk.facts.unwrap();
        assert!(!kk.contains("Prov."), "the office's own province: {kk}");
        let unset = check_form(&input, today()).naming_other_provinces(None);
        assert!(!unset.fields.nik.facts.unwrap().contains("Prov."));
    }

    #[test]
    fn a_good_form_is_valid() {
        let v = validate_form(&good(), today()).unwrap();
        assert_eq!(v.wa.e164(), "+6281234567890");
        assert!(check_form(&good(), today()).ok);
    }

    #[test]
    fn each_bad_field_is_reported_beside_itself() {
        let mut input = good();
        input.nik = "123".into();
        input.wa = "021 555 1234".into();
        let check = check_form(&input, today());
        assert!(!check.ok);
        assert_eq!(
            check.fields.nik.error.as_ref().unwrap().code,
            "nik_wrong_length"
        );
        assert_eq!(check.fields.wa.error.as_ref().unwrap().code, "wa_landline");
        assert!(check.fields.name.error.is_none());
        assert_eq!(check.first_error().unwrap().0, "nik");
    }

    #[test]
    fn facts_and_warnings_travel_with_a_valid_field() {
        let mut input = good();
        input.nik = "9101014107950001".into();
        let check = check_form(&input, today());
        assert!(check.ok, "a warning never blocks");
        assert_eq!(check.fields.nik.warnings[0].code, "region_regency_unknown");
        assert!(check
            .fields
            .kk
            .facts
            .as_ref()
            .unwrap()
            .contains("terbit 2 Maret 2015"));
    }

    #[test]
    fn serialises_for_the_ui() {
        let json = serde_json::to_value(check_form(&FormInput::default(), today())).unwrap();
        assert_eq!(json["ok"], false);
        assert_eq!(json["fields"]["nik"]["error"]["code"], "nik_empty");
    }
}
