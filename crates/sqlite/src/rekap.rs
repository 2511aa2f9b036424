//! Rekap's summary tables on the SQLite file (`migrations/0013_rekap_summary.sql`, `0014`): triggers keep
//! them per office day as rows are written; this fills them whole when they were counted under
//! another zone than the office's now (or never): at open after the migration, and inside the
//! transaction of a settings write that changes the zone, so no reader sees them half counted.

use sinkron_core::store::StoreError;
use sinkron_sql::Db;
use sqlx::SqliteConnection;

/// Every summary row again, from the tables, under the current `rekap_shift`.
const REBUILD: [&str; 11] = [
    "DELETE FROM rekap_made",
    "DELETE FROM rekap_cancelled",
    "DELETE FROM rekap_moved",
    "DELETE FROM rekap_steps",
    "DELETE FROM rekap_finished",
    "INSERT INTO rekap_made (day, channel, status, n) \
     SELECT date(substr(created_at, 1, 19), (SELECT shift FROM rekap_shift)), channel, status, \
     count(*) FROM requests GROUP BY 1, 2, 3",
    "INSERT INTO rekap_moved (day, status, origin, operator_name, n) \
     SELECT date(substr(h.at, 1, 19), (SELECT shift FROM rekap_shift)), h.to_status, \
     CASE WHEN h.from_status IS NULL THEN r.channel ELSE 'move' END, h.operator_name, count(*) \
     FROM status_history h JOIN requests r ON r.id = h.request_id GROUP BY 1, 2, 3, 4",
    "INSERT INTO rekap_steps (day, step, operator_name, n) \
     SELECT date(substr(at, 1, 19), (SELECT shift FROM rekap_shift)), step, operator_name, \
     count(*) FROM process_steps GROUP BY 1, 2, 3",
    "INSERT INTO rekap_finished (day, made_day, n) \
     SELECT date(substr(h.at, 1, 19), (SELECT shift FROM rekap_shift)), \
     date(substr(r.created_at, 1, 19), (SELECT shift FROM rekap_shift)), count(*) \
     FROM status_history h JOIN requests r ON r.id = h.request_id \
     WHERE h.to_status = 'Selesai' GROUP BY 1, 2",
    "INSERT INTO rekap_cancelled (day, reason, n) \
     SELECT date(substr(at, 1, 19), (SELECT shift FROM rekap_shift)), \
     coalesce(cancel_reason, ''), count(*) FROM status_history \
     WHERE to_status = 'Dibatalkan' GROUP BY 1, 2",
    "INSERT INTO rekap_built (id, shift) SELECT 1, shift FROM rekap_shift WHERE true \
     ON CONFLICT (id) DO UPDATE SET shift = excluded.shift",
];

/// Whether the summary was counted under another zone than the office's now.
pub(crate) async fn stale(conn: &mut SqliteConnection) -> Result<bool, StoreError> {
    let same: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM rekap_built b, rekap_shift s WHERE b.shift = s.shift)",
    )
    .fetch_one(&mut *conn)
    .await
    .db()?;
    Ok(!same)
}

/// Counts the summary again when it is [`stale`]; inside the caller's write transaction.
pub(crate) async fn follow_zone(conn: &mut SqliteConnection) -> Result<(), StoreError> {
    if stale(conn).await? {
        for sql in REBUILD {
            sqlx::query(sql).execute(&mut *conn).await.db()?;
        }
    }
    Ok(())
}
