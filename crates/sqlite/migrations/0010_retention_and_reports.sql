-- Masa simpan: a finished request whose photos were deleted under the office's rule keeps its
-- facts (number, dates, statuses, history); this row says when, and under which rule.
CREATE TABLE photo_deletions (
    request_id INTEGER PRIMARY KEY REFERENCES requests (id),
    deleted_at TEXT NOT NULL,
    rule_days  INTEGER NOT NULL
);

-- A person's own report finds the requests in which a NIK is one to synchronise.
CREATE INDEX sync_niks_by_nik ON sync_niks (nik);
