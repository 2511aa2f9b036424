-- Rekap counts requests made, status rows and steps by the hour of a period: each scan is a
-- range of one index that holds every column the count reads.
CREATE INDEX requests_by_created ON requests (created_at, channel, status);
CREATE INDEX status_history_by_time ON status_history (at, to_status);
CREATE INDEX process_steps_by_time ON process_steps (at, step);
