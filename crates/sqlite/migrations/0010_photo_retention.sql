-- Masa simpan: a finished request whose photos were deleted under the office's rule keeps its
-- facts (number, dates, statuses, history); this row says when, and under which rule.
CREATE TABLE photo_deletions (
    request_id INTEGER PRIMARY KEY REFERENCES requests (id),
    deleted_at TEXT NOT NULL,
    rule_days  INTEGER NOT NULL
);
