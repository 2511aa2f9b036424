-- The workflow: who last changed a request (for "Pengajuan ini baru saja
-- diubah oleh …"), the NIKs to synchronise per request, and corrections of
-- typed fields with their reason.

ALTER TABLE requests ADD COLUMN updated_by TEXT;

-- NIK yang disinkronkan: prefilled with the applicant's NIK and the NIKs found
-- in Permasalahan Data; the operator edits the list.
CREATE TABLE sync_niks (
    request_id INTEGER NOT NULL REFERENCES requests (id),
    position   INTEGER NOT NULL,
    nik        TEXT NOT NULL CHECK (length(nik) = 16),
    PRIMARY KEY (request_id, nik)
);

-- A corrected field: old and new value, why, who, when.
CREATE TABLE request_changes (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    field         TEXT NOT NULL CHECK (field IN ('name', 'nik', 'kk', 'problem', 'wa')),
    old_value     TEXT NOT NULL,
    new_value     TEXT NOT NULL,
    reason        TEXT NOT NULL,
    operator_id   INTEGER REFERENCES operators (id),
    operator_name TEXT NOT NULL,
    at            TEXT NOT NULL
);

CREATE INDEX request_changes_by_request ON request_changes (request_id, id);
