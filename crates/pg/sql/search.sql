-- Daftar Pengajuan's search box on the server, as the SQLite store answers it:
-- a registration number, NIK or KK by its beginning (left-anchored LIKE on
-- text_pattern_ops indexes, so the database's collation does not matter), a
-- name by any part of it (ILIKE on a pg_trgm index, as FTS5's trigram index
-- does in SQLite). Safe to run again.

CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA sinkron_ext;

CREATE INDEX IF NOT EXISTS requests_name_trgm ON requests USING gin (applicant_name sinkron_ext.gin_trgm_ops);
CREATE INDEX IF NOT EXISTS requests_nik_prefix ON requests (nik text_pattern_ops);
CREATE INDEX IF NOT EXISTS requests_kk_prefix ON requests (kk_number text_pattern_ops);
CREATE INDEX IF NOT EXISTS requests_reg_prefix ON requests (reg_number text_pattern_ops);
