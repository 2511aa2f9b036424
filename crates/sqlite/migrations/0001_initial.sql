-- Sinkron's first schema. Later issues add columns and tables; they do not
-- redesign these. Statements stay close to standard SQL so that the PostgreSQL
-- backend can mirror them. Times are UTC text: 2026-11-27T03:15:00.000Z.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

INSERT INTO settings (key, value) VALUES
    ('office_name', 'Dinas Kependudukan dan Pencatatan Sipil'),
    ('office_zone', 'WIB'),
    ('operator_name', 'Petugas');

-- Petugas and admins; filled by the "Operators" issue.
CREATE TABLE operators (
    id            INTEGER PRIMARY KEY,
    username      TEXT NOT NULL UNIQUE,
    display_name  TEXT NOT NULL,
    role          TEXT NOT NULL CHECK (role IN ('admin', 'petugas')),
    password_hash TEXT,
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
);

-- The day's last registration sequence, per office-local day (YYMMDD).
CREATE TABLE reg_sequences (
    day  TEXT PRIMARY KEY,
    last INTEGER NOT NULL
);

CREATE TABLE requests (
    id             INTEGER PRIMARY KEY,
    reg_number     TEXT NOT NULL UNIQUE,
    applicant_name TEXT NOT NULL,
    nik            TEXT NOT NULL CHECK (length(nik) = 16),
    kk_number      TEXT NOT NULL CHECK (length(kk_number) = 16),
    problem        TEXT NOT NULL,
    wa_number      TEXT NOT NULL,
    status         TEXT NOT NULL DEFAULT 'Baru'
                   CHECK (status IN ('Baru', 'Disetujui', 'Dibatalkan', 'Diproses', 'Selesai')),
    version        INTEGER NOT NULL DEFAULT 1,
    channel        TEXT NOT NULL CHECK (channel IN ('desk', 'kiosk')),
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL
);

CREATE INDEX requests_by_nik ON requests (nik);
CREATE INDEX requests_by_kk ON requests (kk_number);
CREATE INDEX requests_by_status ON requests (status, id);

-- Every status change: from, to, who, when, note. The first row of every
-- request is (NULL -> Baru), written in the same transaction as the request.
CREATE TABLE status_history (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    from_status   TEXT,
    to_status     TEXT NOT NULL,
    operator_id   INTEGER REFERENCES operators (id),
    operator_name TEXT NOT NULL,
    note          TEXT,
    at            TEXT NOT NULL
);

CREATE INDEX status_history_by_request ON status_history (request_id, id);

-- Proses Pengerjaan: Konsolidasi Manual, Sinkronisasi DWH; one row per attempt.
CREATE TABLE process_steps (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    step          TEXT NOT NULL CHECK (step IN ('konsolidasi_manual', 'sinkronisasi_dwh')),
    operator_id   INTEGER REFERENCES operators (id),
    operator_name TEXT NOT NULL,
    note          TEXT,
    at            TEXT NOT NULL
);

CREATE INDEX process_steps_by_request ON process_steps (request_id, id);

-- The KK and KTP-el photos; filled by the "Document photos" issue.
CREATE TABLE documents (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES requests (id),
    kind       TEXT NOT NULL CHECK (kind IN ('kk', 'ktp')),
    sha256     TEXT NOT NULL,
    mime       TEXT NOT NULL,
    width      INTEGER NOT NULL,
    height     INTEGER NOT NULL,
    original   BLOB NOT NULL,
    preview    BLOB NOT NULL,
    thumbnail  BLOB NOT NULL,
    created_at TEXT NOT NULL,
    UNIQUE (request_id, kind)
);

-- Who saw and did what. Append-only: the triggers below refuse any change.
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    at          TEXT NOT NULL,
    operator_id INTEGER REFERENCES operators (id),
    role        TEXT,
    workstation TEXT,
    action      TEXT NOT NULL,
    request_id  INTEGER REFERENCES requests (id),
    detail      TEXT
);

CREATE INDEX audit_log_by_time ON audit_log (at);

CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;

CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
