-- A photo replaced after its request was saved (unreadable, or the wrong document): the row it
-- had in `documents`, moved here whole, with who replaced it, when and why. Kept until masa
-- simpan deletes the request's photos.
CREATE TABLE replaced_documents (
    id            INTEGER PRIMARY KEY,
    request_id    INTEGER NOT NULL REFERENCES requests (id),
    kind          TEXT NOT NULL CHECK (kind IN ('kk', 'ktp')),
    sha256        TEXT NOT NULL,
    mime          TEXT NOT NULL,
    width         INTEGER NOT NULL,
    height        INTEGER NOT NULL,
    original      BLOB NOT NULL,
    preview       BLOB NOT NULL,
    thumbnail     BLOB NOT NULL,
    created_at    TEXT NOT NULL,
    replaced_at   TEXT NOT NULL,
    operator_id   INTEGER REFERENCES operators (id),
    operator_name TEXT NOT NULL,
    reason        TEXT NOT NULL
);

CREATE INDEX replaced_documents_by_request ON replaced_documents (request_id, id);
