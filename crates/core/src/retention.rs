//! Masa simpan: the photos of a finished request (Selesai or Dibatalkan) are kept only as long
//! as the office decides (UU 27/2022 art. 43–44: deleted when the purpose is over). The rule is
//! the office's (Pengaturan, `retention_photo_days`): N days after the request's last status
//! change its KK and KTP-el photos (original, preview, thumbnail) are deleted; 0 keeps them.
//! Until an admin has saved the rule once (seeing how many requests it would reach), nothing is
//! deleted.
//!
//! The run is written once here over a small port: it takes the due requests a few at a time,
//! each batch one write transaction that deletes the photos, records the deletion beside the
//! request (its number, dates, statuses and history stay) and writes one audit row per request;
//! then the backend gives the space back. Running it twice deletes nothing more. This module
//! holds no SQL.

use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};
use serde::Serialize;

use crate::store::{Actor, StoreError};
use crate::tx::WriteTx;

/// The setting that holds the rule (days; `0` keeps photos).
pub const PHOTO_DAYS_KEY: &str = "retention_photo_days";
/// What the settings page offers before an office has chosen.
pub const PHOTO_DAYS_DEFAULT: u32 = 90;
/// Ten years: a longer rule is a typing mistake.
pub const PHOTO_DAYS_MAX: u32 = 3650;
/// Requests per write transaction, so a first run over years of photos never holds the
/// database for long.
pub const BATCH: u32 = 50;
/// The audit action of one request's photos deleted.
pub const AUDIT_ACTION: &str = "retention_photos";

/// The office's photo rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PhotoRule {
    /// Days after the last status change; `0` keeps photos.
    pub days: u32,
}

impl PhotoRule {
    /// The rule as stored; `None` when no admin has saved one yet (then nothing is deleted).
    pub fn from_setting(value: Option<&str>) -> Option<PhotoRule> {
        parse_days(value?).ok().map(|days| PhotoRule { days })
    }

    /// Requests whose last status change is at or before this instant are due; `None` when the
    /// rule keeps photos.
    pub fn cutoff(self, now: DateTime<Utc>) -> Option<DateTime<Utc>> {
        (self.days > 0).then(|| now - Duration::days(i64::from(self.days)))
    }
}

/// The days field of the settings page, with its Indonesian refusal.
pub fn parse_days(text: &str) -> Result<u32, String> {
    match text.trim().parse::<u32>() {
        Ok(n) if n <= PHOTO_DAYS_MAX => Ok(n),
        _ => Err(format!(
            "Isi masa simpan foto dengan angka hari 0–{PHOTO_DAYS_MAX} — misalnya \
             {PHOTO_DAYS_DEFAULT}; 0 berarti foto disimpan terus"
        )),
    }
}

/// A request whose photos are due.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Due {
    pub request_id: i64,
    pub reg_number: String,
}

/// What a backend does for the run.
#[async_trait]
pub trait RetentionPort: Send + Sync {
    /// How many finished requests still have photos and last changed at or before `cutoff`.
    async fn photos_due_count(&self, cutoff: DateTime<Utc>) -> Result<i64, StoreError>;

    /// A write transaction for one batch.
    async fn begin_retention(&self) -> Result<Box<dyn RetentionTx>, StoreError>;

    /// Gives the deleted photos' space back (SQLite: incremental vacuum; the server's own
    /// vacuum does it there).
    async fn reclaim_space(&self) -> Result<(), StoreError>;
}

/// One batch's statements.
#[async_trait]
pub trait RetentionTx: WriteTx {
    /// Up to `limit` due requests, oldest id first.
    async fn due_photos(
        &mut self,
        cutoff: DateTime<Utc>,
        limit: u32,
    ) -> Result<Vec<Due>, StoreError>;

    /// Deletes the request's photos and records when and under which rule; how many photos
    /// went. The backend checks again that the request is due (on the server, by its own clock
    /// and the stored rule), so nothing else can be deleted through this.
    async fn delete_photos(
        &mut self,
        request_id: i64,
        rule: PhotoRule,
        now: DateTime<Utc>,
    ) -> Result<u32, StoreError>;
}

/// What a run did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RetentionOutcome {
    /// Requests whose photos were deleted.
    pub requests: u32,
    /// Photos deleted (a request has up to two).
    pub photos: u32,
}

/// The count the settings page shows for a rule the admin is typing.
pub async fn preview(
    port: &(impl RetentionPort + ?Sized),
    rule: PhotoRule,
    now: DateTime<Utc>,
) -> Result<i64, StoreError> {
    match rule.cutoff(now) {
        Some(cutoff) => port.photos_due_count(cutoff).await,
        None => Ok(0),
    }
}

/// Deletes every due request's photos, [`BATCH`] requests per transaction, each with its audit
/// row; then gives the space back. Idempotent: a second run finds nothing due.
pub async fn run(
    port: &(impl RetentionPort + ?Sized),
    rule: PhotoRule,
    actor: &Actor,
    now: DateTime<Utc>,
) -> Result<RetentionOutcome, StoreError> {
    let mut outcome = RetentionOutcome::default();
    let Some(cutoff) = rule.cutoff(now) else {
        return Ok(outcome);
    };
    loop {
        let mut tx = port.begin_retention().await?;
        let due = tx.due_photos(cutoff, BATCH).await?;
        if due.is_empty() {
            break;
        }
        for d in &due {
            let photos = tx.delete_photos(d.request_id, rule, now).await?;
            if photos == 0 {
                continue;
            }
            let detail = format!(
                "{} — {photos} foto dihapus, masa simpan {} hari",
                d.reg_number, rule.days
            );
            tx.audit(actor, AUDIT_ACTION, Some(d.request_id), Some(&detail), now)
                .await?;
            outcome.requests += 1;
            outcome.photos += photos;
        }
        tx.commit().await?;
        if due.len() < BATCH as usize {
            break;
        }
    }
    if outcome.photos > 0 {
        port.reclaim_space().await?;
    }
    Ok(outcome)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> DateTime<Utc> {
        text.parse().unwrap()
    }

    #[test]
    fn no_rule_until_an_admin_saves_one() {
        assert_eq!(PhotoRule::from_setting(None), None);
        assert_eq!(
            PhotoRule::from_setting(Some("30")),
            Some(PhotoRule { days: 30 })
        );
    }

    #[test]
    fn zero_days_keeps_photos() {
        assert_eq!(PhotoRule { days: 0 }.cutoff(Utc::now()), None);
    }

    #[test]
    fn the_cutoff_is_the_rule_s_days_before_now() {
        let rule = PhotoRule { days: 90 };
        assert_eq!(
            rule.cutoff(at("2026-12-05T03:00:00Z")),
            Some(at("2026-09-06T03:00:00Z"))
        );
    }

    #[test]
    fn days_beyond_ten_years_or_not_a_number_are_refused_in_indonesian() {
        assert_eq!(parse_days(" 90 "), Ok(90));
        assert_eq!(parse_days("0"), Ok(0));
        for bad in ["", "-1", "3651", "sembilan"] {
            let e = parse_days(bad).unwrap_err();
            assert!(e.contains("masa simpan foto"), "{bad}: {e}");
        }
    }
}
