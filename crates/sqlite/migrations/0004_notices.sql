-- WhatsApp notices opened for the applicant, with the template used, shown in
-- the request's history; and the editable templates per status.

CREATE TABLE notices (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    channel       TEXT NOT NULL CHECK (channel IN ('wa')),
    template      TEXT NOT NULL,
    status        TEXT NOT NULL,
    operator_id   INTEGER REFERENCES operators (id),
    operator_name TEXT NOT NULL,
    at            TEXT NOT NULL
);

CREATE INDEX notices_by_request ON notices (request_id, id);
