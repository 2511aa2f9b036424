-- The server stamps each audit row with the database login that wrote it (db_login); one PC's
-- own file has no logins, so here the column stays empty. Kept so both schemas have the same
-- tables and columns.
ALTER TABLE audit_log ADD COLUMN db_login TEXT;
