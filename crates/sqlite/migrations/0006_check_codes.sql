-- The check code printed on the receipt, stored only as a hash, and the
-- status lookups made with it (for the lookup's own lockout).

ALTER TABLE requests ADD COLUMN check_code_hash TEXT;

CREATE TABLE status_lookups (
    id         INTEGER PRIMARY KEY,
    reg_number TEXT NOT NULL,
    success    INTEGER NOT NULL CHECK (success IN (0, 1)),
    at         TEXT NOT NULL
);

CREATE INDEX status_lookups_by_reg ON status_lookups (reg_number, id);
