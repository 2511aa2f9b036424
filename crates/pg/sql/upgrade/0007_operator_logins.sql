-- Schema 7 (Sinkron 0.3.0): every operator is a login on the server. An account's server login
-- (`db_role`, "<username>@<database>") is made by the admin-only account functions in
-- logins.sql; an account from before this step has none until an admin sets its password.
-- Photos' byte sizes are kept beside the bytes, so a desk can list a request's photos without
-- the right to read the bytes (reading a preview or an original goes through sinkron_photo,
-- which records the view first).
ALTER TABLE operators ADD COLUMN IF NOT EXISTS db_role TEXT UNIQUE;

ALTER TABLE documents ADD COLUMN IF NOT EXISTS byte_size BIGINT;
UPDATE documents SET byte_size = octet_length(original) WHERE byte_size IS NULL;

-- The audit chain a desk's SQLite file keeps (moved here by an import); not yet kept by the
-- server itself.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS chain TEXT;
