-- Schema 2 (Sinkron 0.2.0): the server remembers which schema it has and
-- which version of Sinkron installed or last upgraded it, so a desk older than
-- the server refuses to write and a newer one offers to upgrade it. One row.
CREATE TABLE IF NOT EXISTS sinkron_schema (
    id           BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    version      INTEGER NOT NULL,
    app_version  TEXT NOT NULL,
    installed_at TEXT NOT NULL,
    upgraded_at  TEXT NOT NULL
);
