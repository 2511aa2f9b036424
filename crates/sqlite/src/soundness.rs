//! The start's damage check, run beside the sign-in screen instead of before it.
//!
//! `PRAGMA quick_check` reads and decrypts every page of the file, the photos' included: about
//! 2.6 s for an office's 630 MB file here, which the window used to wait for. Now the window
//! opens at once and the check runs on its own connection. Nothing is written before its
//! verdict: every write transaction waits for it (a sign-in is one, so a person typing their
//! password rarely notices), and once the file is found damaged every write is refused, so a
//! damaged file is still never written to. Reads go on meanwhile; SQLite answers a damaged
//! page it meets with `SQLITE_CORRUPT`, which is reported as damage wherever it happens.

use std::time::Duration;

use sinkron_core::store::{DbFailure, FailureKind, StoreError};
use sinkron_sql::Db as _;
use sqlx::SqlitePool;
use tokio::sync::watch;

/// What the check found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Verdict {
    /// `quick_check` said `ok`.
    Sound,
    /// What `quick_check` (or SQLite, while it read) found wrong.
    Damaged(String),
    /// The check could not run to its end (not a finding about the file).
    Unchecked(String),
}

impl Verdict {
    /// The verdict as a write sees it: on, or why not.
    pub fn to_result(&self) -> Result<(), StoreError> {
        match self {
            Verdict::Sound => Ok(()),
            Verdict::Damaged(found) => Err(StoreError::Damaged(found.clone())),
            Verdict::Unchecked(why) => Err(StoreError::Database(DbFailure::new(
                FailureKind::Other,
                std::io::Error::other(format!("the start's check did not finish: {why}")),
            ))),
        }
    }
}

/// The verdict, known or awaited; every clone of a store shares it.
#[derive(Debug, Clone)]
pub(crate) struct Soundness(watch::Receiver<Option<Verdict>>);

/// A check that fails for a passing reason (no connection free yet) is tried this often.
const TRIES: u32 = 3;

impl Soundness {
    /// A store that is not checked at start (tests, tools, a file just made or restored and
    /// verified).
    pub(crate) fn assumed() -> Soundness {
        Soundness(watch::channel(Some(Verdict::Sound)).1)
    }

    /// Starts `quick_check` on `pool` in the background.
    pub(crate) fn start(pool: SqlitePool) -> Soundness {
        let (tell, verdict) = watch::channel(None);
        tokio::spawn(async move {
            let _ = tell.send(Some(check(&pool).await));
        });
        Soundness(verdict)
    }

    /// The verdict if the check has ended.
    pub(crate) fn known(&self) -> Option<Verdict> {
        self.0.borrow().clone()
    }

    /// The verdict, once the check has ended.
    pub(crate) async fn verdict(&self) -> Verdict {
        let mut verdict = self.0.clone();
        let found = match verdict.wait_for(Option::is_some).await {
            Ok(found) => found.clone().unwrap_or(Verdict::Sound),
            Err(_) => Verdict::Unchecked("the check ended without an answer".into()),
        };
        found
    }
}

async fn check(pool: &SqlitePool) -> Verdict {
    let mut tries = 0;
    loop {
        tries += 1;
        let found = sqlx::query_scalar::<_, String>("PRAGMA quick_check")
            .fetch_one(pool)
            .await
            .db();
        match found {
            Ok(found) if found == "ok" => return Verdict::Sound,
            Ok(found) => return Verdict::Damaged(found),
            Err(e) if e.is_damaged() => return Verdict::Damaged(e.to_string()),
            Err(e) if tries >= TRIES || pool.is_closed() => {
                return Verdict::Unchecked(e.to_string())
            }
            Err(_) => tokio::time::sleep(Duration::from_millis(500)).await,
        }
    }
}
