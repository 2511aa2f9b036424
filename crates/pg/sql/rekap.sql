-- Rekap counts requests made, status rows and steps by the hour of a period, and who did
-- what: each scan is a range of one index that holds every column the counts read, so no row
-- of the table itself is visited. Safe to run again.
CREATE INDEX IF NOT EXISTS requests_by_created ON requests (created_at, channel, status);
CREATE INDEX IF NOT EXISTS status_history_by_time
    ON status_history (at, to_status, from_status, operator_name, request_id);
CREATE INDEX IF NOT EXISTS process_steps_by_time ON process_steps (at, step, operator_name);
