//! The audit log made tamper-evident: every row carries a SHA-256 `chain` over its own fields
//! and the chain of the row before it, so deleting, editing, inserting or reordering rows in the
//! file breaks the chain at the first row touched. The triggers already refuse UPDATE and
//! DELETE, but anyone holding the file can drop them; the chain is what shows it afterwards.
//!
//! It is evidence, not a lock: someone who rewrites every later row's chain by hand is not
//! stopped (the chain has no secret), but nothing short of that goes unseen. Rows written
//! before the chain existed (an older Sinkron) have none; the chain starts at the row the
//! upgrade recorded (`audit_chain_from`), and from it every row must have one.

use serde::Serialize;
use sha2::{Digest, Sha256};

/// One audit row as it is stored, the fields the chain covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AuditFields {
    pub id: i64,
    pub at: String,
    pub operator_id: Option<i64>,
    pub role: Option<String>,
    pub workstation: Option<String>,
    pub action: String,
    pub request_id: Option<i64>,
    pub detail: Option<String>,
}

/// The chain of a row: SHA-256 (hex) of the previous row's chain and this row's fields, each
/// field length-prefixed so no two rows can be read into the same bytes.
pub fn link(previous: &str, row: &AuditFields) -> String {
    let mut h = Sha256::new();
    let mut put = |text: &str| {
        h.update((text.len() as u64).to_be_bytes());
        h.update(text.as_bytes());
    };
    let num = |n: Option<i64>| n.map(|n| n.to_string()).unwrap_or_else(|| "-".into());
    put("sinkron-audit-1");
    put(previous);
    put(&row.id.to_string());
    put(&row.at);
    put(&num(row.operator_id));
    put(row.role.as_deref().unwrap_or("-"));
    put(row.workstation.as_deref().unwrap_or("-"));
    put(&row.action);
    put(&num(row.request_id));
    put(row.detail.as_deref().unwrap_or("-"));
    h.finalize()
        .iter()
        .fold(String::with_capacity(64), |mut s, b| {
            use std::fmt::Write;
            let _ = write!(s, "{b:02x}");
            s
        })
}

/// What checking the whole log found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(
    rename_all = "camelCase",
    rename_all_fields = "camelCase",
    tag = "state"
)]
pub enum ChainCheck {
    /// Every chained row follows from the one before it.
    Intact {
        /// Rows checked.
        chained: u64,
        /// Rows from before the chain existed.
        before_chain: u64,
    },
    /// The first row whose chain does not follow: it, or a row just before it, was changed,
    /// removed or moved.
    Broken { row: i64, why: String },
}

/// The check of a log read row by row in id order, so a long log never has to be held whole:
/// [`ChainWalk::step`] each row, then [`ChainWalk::finish`]. Rows before `chain_from` are from
/// before the chain (an older Sinkron, or a server before it chained) and are only counted; from
/// it on, every row must carry a chain that follows from the one before (the first from "").
#[derive(Debug, Clone)]
pub struct ChainWalk {
    chain_from: i64,
    previous: Option<String>,
    chained: u64,
    before_chain: u64,
    broken: Option<ChainCheck>,
}

impl ChainWalk {
    pub fn new(chain_from: i64) -> ChainWalk {
        ChainWalk {
            chain_from,
            previous: None,
            chained: 0,
            before_chain: 0,
            broken: None,
        }
    }

    /// Takes the next row; after the first broken row the rest are ignored.
    pub fn step(&mut self, row: &AuditFields, stored: Option<&str>) {
        if self.broken.is_some() {
            return;
        }
        if row.id < self.chain_from {
            self.before_chain += 1;
            return;
        }
        let Some(stored) = stored else {
            self.broken = Some(ChainCheck::Broken {
                row: row.id,
                why: "baris tanpa rantai setelah rantai dimulai".into(),
            });
            return;
        };
        if stored != link(self.previous.as_deref().unwrap_or(""), row) {
            self.broken = Some(ChainCheck::Broken {
                row: row.id,
                why: "isi baris atau baris sebelumnya berubah, terhapus atau berpindah".into(),
            });
            return;
        }
        self.chained += 1;
        self.previous = Some(stored.to_string());
    }

    pub fn finish(self) -> ChainCheck {
        self.broken.unwrap_or(ChainCheck::Intact {
            chained: self.chained,
            before_chain: self.before_chain,
        })
    }
}

/// Walks the rows in id order, each with its stored chain (see [`ChainWalk`]).
pub fn check(
    rows: impl IntoIterator<Item = (AuditFields, Option<String>)>,
    chain_from: i64,
) -> ChainCheck {
    let mut walk = ChainWalk::new(chain_from);
    for (row, stored) in rows {
        walk.step(&row, stored.as_deref());
    }
    walk.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(id: i64, action: &str) -> AuditFields {
        AuditFields {
            id,
            at: format!("2026-12-05T0{id}:00:00.000Z"),
            operator_id: Some(1),
            role: Some("admin".into()),
            workstation: Some("MEJA-1".into()),
            action: action.into(),
            request_id: None,
            detail: Some("x".into()),
        }
    }

    fn sealed(rows: &[AuditFields]) -> Vec<(AuditFields, Option<String>)> {
        let mut prev = String::new();
        rows.iter()
            .map(|r| {
                let c = link(&prev, r);
                prev = c.clone();
                (r.clone(), Some(c))
            })
            .collect()
    }

    #[test]
    fn an_untouched_chain_is_intact() {
        let rows = sealed(&[row(1, "sign_in"), row(2, "approve"), row(3, "sign_out")]);
        assert_eq!(
            check(rows, 1),
            ChainCheck::Intact {
                chained: 3,
                before_chain: 0
            }
        );
    }

    #[test]
    fn a_removed_row_breaks_the_chain_at_the_next() {
        let mut rows = sealed(&[row(1, "sign_in"), row(2, "approve"), row(3, "sign_out")]);
        rows.remove(1);
        assert!(matches!(check(rows, 1), ChainCheck::Broken { row: 3, .. }));
    }

    #[test]
    fn an_edited_row_breaks_the_chain_there() {
        let mut rows = sealed(&[row(1, "sign_in"), row(2, "approve"), row(3, "sign_out")]);
        rows[1].0.detail = Some("lain".into());
        assert!(matches!(check(rows, 1), ChainCheck::Broken { row: 2, .. }));
    }

    #[test]
    fn rows_from_before_the_chain_are_counted_and_may_not_follow_it() {
        let mut rows = vec![(row(1, "old"), None)];
        rows.extend(sealed(&[row(2, "sign_in")]));
        assert_eq!(
            check(rows.clone(), 2),
            ChainCheck::Intact {
                chained: 1,
                before_chain: 1
            }
        );
        // A chain wiped off the newest row does not pass it off as an old one.
        assert!(matches!(
            check(rows.clone(), 1),
            ChainCheck::Broken { row: 1, .. }
        ));
        rows.push((row(3, "unsealed"), None));
        assert!(matches!(check(rows, 2), ChainCheck::Broken { row: 3, .. }));
    }
}
