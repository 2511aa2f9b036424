//! The identity fields of a request, each a type that can only hold a valid
//! value: `Nik::parse`, `KkNumber::parse`, `WaNumber::parse`,
//! `ApplicantName::parse`, `ProblemText::parse`. Every refusal is its own error
//! variant whose message says in Indonesian what is wrong and how to fix it;
//! doubts that must not block (an unknown region code, an unusual phone prefix)
//! are warnings.

mod date;
mod kk;
mod name;
pub(crate) mod nik;
mod number;
mod problem;
mod wa;

pub use kk::{KkError, KkFacts, KkNumber};
pub use name::{ApplicantName, NameError, NAME_MAX};
pub use nik::{
    find_niks, mask as mask_nik, mask_compact as mask_nik_compact, Nik, NikError, NikFacts, Sex,
};
pub use number::RegionFacts;
pub use problem::{ProblemError, ProblemText, PROBLEM_MAX};
pub use wa::{WaError, WaNumber};

use serde::Serialize;

/// A doubt about a value that was accepted: shown in amber, never blocking.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Warning {
    /// Stable code the UI may branch on.
    pub code: &'static str,
    /// Indonesian text for the operator.
    pub message: String,
}

/// Groups 16 digits the way people read them: `1610 0141 0795 0001`.
pub fn group16(digits: &str) -> String {
    digits
        .as_bytes()
        .chunks(4)
        .map(|c| String::from_utf8_lossy(c).into_owned())
        .collect::<Vec<_>>()
        .join(" ")
}
