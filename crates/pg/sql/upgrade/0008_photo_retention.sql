-- Schema 8 (Sinkron 0.3.0): masa simpan. A finished request whose photos were deleted under the
-- office's rule keeps its facts (number, dates, statuses, history); this row says when, and
-- under which rule. The deletion itself is sinkron_photos_expire (retention.sql): the server
-- decides by its own clock and the stored rule which photos are due.
CREATE TABLE IF NOT EXISTS photo_deletions (
    request_id BIGINT PRIMARY KEY REFERENCES requests (id),
    deleted_at TEXT NOT NULL,
    rule_days  INTEGER NOT NULL
);

-- A person's own report finds the requests in which a NIK is one to synchronise.
CREATE INDEX IF NOT EXISTS sync_niks_by_nik ON sync_niks (nik);

-- The server chains its own audit rows from here on (logins.sql, audit_chain_next); rows before
-- this one are counted as from before the chain.
INSERT INTO settings (key, value)
SELECT 'audit_chain_from', (coalesce(max(id), 0) + 1)::TEXT FROM audit_log
ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value;
