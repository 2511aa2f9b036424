//! Property tests for the identity parsers: separators never change a NIK,
//! and no input at all makes any parser panic.

use proptest::prelude::*;
use sinkron_core::{check_form, ApplicantName, FormInput, KkNumber, Nik, ProblemText, WaNumber};

fn today() -> chrono::NaiveDate {
    chrono::NaiveDate::from_ymd_opt(2026, 11, 27).unwrap()
}

/// A valid NIK: Ogan Ilir region, any real day (women +40), any year, serial ≥ 1.
fn valid_nik() -> impl Strategy<Value = String> {
    (1u32..=28, 1u32..=12, 0u32..=99, any::<bool>(), 1u32..=9999).prop_map(
        |(d, m, y, woman, serial)| {
            let day = if woman { d + 40 } else { d };
            format!("161001{day:02}{m:02}{y:02}{serial:04}")
        },
    )
}

proptest! {
    #[test]
    fn separators_never_change_a_nik(
        nik in valid_nik(),
        seps in proptest::collection::vec(prop_oneof![Just(""), Just(" "), Just("."), Just("-"), Just("  ")], 16),
    ) {
        let typed: String = nik.chars().zip(seps.iter()).map(|(c, s)| format!("{s}{c}")).collect();
        let plain = Nik::parse_on(&nik, today()).unwrap();
        let spaced = Nik::parse_on(&typed, today()).unwrap();
        prop_assert_eq!(plain, spaced);
    }

    #[test]
    fn no_string_panics_any_parser(s in any::<String>()) {
        let _ = Nik::parse_on(&s, today());
        let _ = KkNumber::parse_on(&s, today());
        let _ = WaNumber::parse(&s);
        let _ = ApplicantName::parse(&s);
        let _ = ProblemText::parse(&s);
    }

    #[test]
    fn no_digit_soup_panics_any_parser(s in "[0-9０-９ .\\-+()٠-٩]{0,40}") {
        let _ = Nik::parse_on(&s, today());
        let _ = KkNumber::parse_on(&s, today());
        if let Ok(wa) = WaNumber::parse(&s) {
            prop_assert!(wa.e164().starts_with("+628"));
            let _ = wa.warnings();
            let _ = wa.local();
        }
    }

    #[test]
    fn no_form_panics_the_check(name in ".{0,30}", nik in ".{0,20}", kk in ".{0,20}", wa in ".{0,20}") {
        let input = FormInput { name, nik, kk, problem: "x".into(), wa };
        let _ = check_form(&input, today());
    }
}

#[test]
fn very_long_inputs_do_not_panic() {
    let long = "1".repeat(1_000_000);
    assert!(Nik::parse_on(&long, today()).is_err());
    assert!(KkNumber::parse_on(&long, today()).is_err());
    assert!(WaNumber::parse(&long).is_err());
    assert!(ApplicantName::parse(&"a".repeat(1_000_000)).is_err());
    assert!(ProblemText::parse(&"a".repeat(1_000_000)).is_err());
}
