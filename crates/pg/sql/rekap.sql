-- Rekap counts requests made, status rows and steps by the hour of a period: each scan is a
-- range of one index that holds every column the count reads. Safe to run again.
CREATE INDEX IF NOT EXISTS requests_by_created ON requests (created_at, channel, status);
CREATE INDEX IF NOT EXISTS status_history_by_time ON status_history (at, to_status);
CREATE INDEX IF NOT EXISTS process_steps_by_time ON process_steps (at, step);
