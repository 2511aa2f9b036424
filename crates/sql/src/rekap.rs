//! Rekap's counts, the same SQL on every backend (`sinkron_core::rekap` turns them into the
//! figures): each groups by the stored UTC hour (`substr(at, 1, 13)`), which both backends keep
//! as the same text, so one query serves every office zone. The statements take the period's
//! UTC bounds as `?1` and `?2`; [`for_postgres`] numbers them as PostgreSQL writes them.

use sinkron_core::rekap::{OpenRequest, RekapCounts};
use sinkron_core::store::{Channel, StoreError};
use sinkron_core::workflow::Step;

use crate::rows::{self, Fields};

/// Requests made: hour, channel, status now.
pub const CREATED: &str = "SELECT substr(created_at, 1, 13) AS hour, channel, status, \
     count(*) AS n FROM requests WHERE created_at >= ?1 AND created_at < ?2 GROUP BY 1, 2, 3";

/// Status rows written: hour, the status moved into.
pub const MOVED: &str = "SELECT substr(at, 1, 13) AS hour, to_status, count(*) AS n \
     FROM status_history WHERE at >= ?1 AND at < ?2 GROUP BY 1, 2";

/// Processing steps: hour, step.
pub const STEPS: &str = "SELECT substr(at, 1, 13) AS hour, step, count(*) AS n \
     FROM process_steps WHERE at >= ?1 AND at < ?2 GROUP BY 1, 2";

/// Per operator: requests taken at the desk, statuses moved into, steps recorded.
pub const BY_OPERATOR: &str = "SELECT h.operator_name AS name, 'desk' AS what, count(*) AS n \
     FROM status_history h JOIN requests r ON r.id = h.request_id \
     WHERE h.from_status IS NULL AND r.channel = 'desk' AND h.at >= ?1 AND h.at < ?2 \
     GROUP BY h.operator_name \
     UNION ALL SELECT operator_name, to_status, count(*) FROM status_history \
     WHERE from_status IS NOT NULL AND at >= ?1 AND at < ?2 GROUP BY operator_name, to_status \
     UNION ALL SELECT operator_name, step, count(*) FROM process_steps \
     WHERE at >= ?1 AND at < ?2 GROUP BY operator_name, step";

/// Requests finished in the period: made, finished.
pub const FINISHED: &str = "SELECT r.created_at AS made, h.at AS done FROM status_history h \
     JOIN requests r ON r.id = h.request_id \
     WHERE h.to_status = 'Selesai' AND h.at >= ?1 AND h.at < ?2";

/// Open requests made before `?1`, oldest first.
pub const OPEN_BEFORE: &str = "SELECT id, reg_number, status, created_at FROM requests \
     WHERE status IN ('Baru', 'Disetujui', 'Diproses') AND created_at < ?1 \
     ORDER BY created_at, id";

/// A statement above with PostgreSQL's parameters (`$1`, `$2`).
pub fn for_postgres(sql: &str) -> String {
    sql.replace("?1", "$1").replace("?2", "$2")
}

/// The rows of the five counting statements, in the order above (without OPEN_BEFORE).
pub fn counts(
    created: &[impl Fields],
    moved: &[impl Fields],
    steps: &[impl Fields],
    by_operator: &[impl Fields],
    finished: &[impl Fields],
) -> Result<RekapCounts, StoreError> {
    Ok(RekapCounts {
        created: created
            .iter()
            .map(|r| {
                Ok((
                    r.text("hour")?,
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
                    r.text("hour")?,
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
                Ok((r.text("hour")?, step, r.int("n")?))
            })
            .collect::<Result<_, StoreError>>()?,
        by_operator: by_operator
            .iter()
            .map(|r| Ok((r.text("name")?, r.text("what")?, r.int("n")?)))
            .collect::<Result<_, StoreError>>()?,
        finished: finished
            .iter()
            .map(|r| Ok((r.text("made")?, r.text("done")?)))
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
