-- Schema 10 (Sinkron 0.3.0): Rekap reads summary tables kept per office day by triggers
-- (rekap.sql, run after this step), so the covering indexes it read before only slow writes.
DROP INDEX IF EXISTS requests_by_created;
DROP INDEX IF EXISTS status_history_by_time;
DROP INDEX IF EXISTS process_steps_by_time;
