//! Rekap's counts, the same SQL on every backend (`sinkron_core::rekap` turns them into the
//! figures). Each backend keeps summary tables per office day with triggers (SQLite:
//! `migrations/0013_rekap_summary.sql`; PostgreSQL: `sql/rekap.sql`), written in the same
//! transaction as the rows they count; these statements read a period's days from them. They
//! take the period's first and last office day (`YYYY-MM-DD`) as `?1` and `?2`;
//! [`for_postgres`] numbers them as PostgreSQL writes them.

use chrono::NaiveDate;
use sinkron_core::rekap::{OpenRequest, RekapCounts};
use sinkron_core::store::{Channel, StoreError};
use sinkron_core::workflow::{CancelReason, Step};

use crate::rows::{self, Fields};

/// Requests made: office day, channel, status now.
pub const CREATED: &str = "SELECT day, channel, status, n FROM rekap_made \
     WHERE day >= ?1 AND day <= ?2 AND n <> 0";

/// Status rows written: office day, the status moved into.
pub const MOVED: &str = "SELECT day, status AS to_status, CAST(sum(n) AS BIGINT) AS n \
     FROM rekap_moved WHERE day >= ?1 AND day <= ?2 GROUP BY day, status";

/// Processing steps: office day, step.
pub const STEPS: &str = "SELECT day, step, CAST(sum(n) AS BIGINT) AS n FROM rekap_steps \
     WHERE day >= ?1 AND day <= ?2 GROUP BY day, step";

/// Per operator: requests taken at the desk, statuses moved into, steps recorded.
pub const BY_OPERATOR: &str = "SELECT operator_name AS name, 'desk' AS what, \
     CAST(sum(n) AS BIGINT) AS n FROM rekap_moved \
     WHERE day >= ?1 AND day <= ?2 AND origin = 'desk' GROUP BY operator_name \
     UNION ALL SELECT operator_name, status, CAST(sum(n) AS BIGINT) FROM rekap_moved \
     WHERE day >= ?1 AND day <= ?2 AND origin = 'move' GROUP BY operator_name, status \
     UNION ALL SELECT operator_name, step, CAST(sum(n) AS BIGINT) FROM rekap_steps \
     WHERE day >= ?1 AND day <= ?2 GROUP BY operator_name, step";

/// Requests finished in the period: the office day made, the office day finished, how many.
pub const FINISHED: &str = "SELECT made_day AS made, day AS done, n FROM rekap_finished \
     WHERE day >= ?1 AND day <= ?2 AND n <> 0";

/// Cancellations: the reason chosen (`''`: none), how many.
pub const CANCELLED: &str = "SELECT reason, CAST(sum(n) AS BIGINT) AS n FROM rekap_cancelled \
     WHERE day >= ?1 AND day <= ?2 GROUP BY reason";

/// How many requests are open and were made before the UTC stamp `?1`.
pub const OPEN_BEFORE_COUNT: &str = "SELECT count(*) FROM requests \
     WHERE status IN ('Baru', 'Disetujui', 'Diproses') AND created_at < ?1";

/// The oldest `?2` of them, oldest first.
pub const OPEN_BEFORE: &str = "SELECT id, reg_number, status, created_at FROM requests \
     WHERE status IN ('Baru', 'Disetujui', 'Diproses') AND created_at < ?1 \
     ORDER BY created_at, id LIMIT ?2";

/// A statement above with PostgreSQL's parameters (`$1`, `$2`).
pub fn for_postgres(sql: &str) -> String {
    sql.replace("?1", "$1").replace("?2", "$2")
}

fn day(r: &impl Fields, column: &str) -> Result<NaiveDate, StoreError> {
    let text = r.text(column)?;
    NaiveDate::parse_from_str(&text, "%Y-%m-%d")
        .map_err(|_| StoreError::Corrupt(format!("office day {text:?}")))
}

/// The statements a period's counts are read with, in the order [`counts`] takes their rows.
pub const COUNTS: [&str; 6] = [CREATED, MOVED, STEPS, BY_OPERATOR, FINISHED, CANCELLED];

/// The rows of the [`COUNTS`] statements, in that order.
pub fn counts<R: Fields>(all: &[Vec<R>]) -> Result<RekapCounts, StoreError> {
    let [created, moved, steps, by_operator, finished, cancelled] = all else {
        return Err(StoreError::Corrupt(format!(
            "{} Rekap row sets, not {}",
            all.len(),
            COUNTS.len()
        )));
    };
    Ok(RekapCounts {
        cancelled: cancelled
            .iter()
            .map(|r| {
                let code = r.text("reason")?;
                let reason =
                    match code.as_str() {
                        "" => None,
                        code => Some(CancelReason::from_code(code).ok_or_else(|| {
                            StoreError::Corrupt(format!("cancel reason {code:?}"))
                        })?),
                    };
                Ok((reason, r.int("n")?))
            })
            .collect::<Result<_, StoreError>>()?,
        created: created
            .iter()
            .map(|r| {
                Ok((
                    day(r, "day")?,
                    Channel::parse(&r.text("channel")?)?,
                    rows::status(&r.text("status")?)?,
                    r.int("n")?,
                ))
            })
            .collect::<Result<_, StoreError>>()?,
        moved: moved
            .iter()
            .map(|r| {
                Ok((
                    day(r, "day")?,
                    rows::status(&r.text("to_status")?)?,
                    r.int("n")?,
                ))
            })
            .collect::<Result<_, StoreError>>()?,
        steps: steps
            .iter()
            .map(|r| {
                let code = r.text("step")?;
                let step = Step::from_code(&code)
                    .ok_or_else(|| StoreError::Corrupt(format!("step {code:?}")))?;
                Ok((day(r, "day")?, step, r.int("n")?))
            })
            .collect::<Result<_, StoreError>>()?,
        by_operator: by_operator
            .iter()
            .map(|r| Ok((r.text("name")?, r.text("what")?, r.int("n")?)))
            .collect::<Result<_, StoreError>>()?,
        finished: finished
            .iter()
            .map(|r| Ok((day(r, "made")?, day(r, "done")?, r.int("n")?)))
            .collect::<Result<_, StoreError>>()?,
    })
}

/// A row of [`OPEN_BEFORE`].
pub fn open_request(r: &impl Fields) -> Result<OpenRequest, StoreError> {
    Ok(OpenRequest {
        id: r.int("id")?,
        reg_number: r.text("reg_number")?,
        status: rows::status(&r.text("status")?)?,
        created_at: r.text("created_at")?,
    })
}
