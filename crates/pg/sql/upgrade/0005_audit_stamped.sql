-- Schema 5 (Sinkron 0.3.0): the server stamps every audit row itself. Whatever a desk sends,
-- the row's time is the server's clock and db_login is the login that wrote it (session_user),
-- so an audit row cannot be back- or forward-dated and always names the PC's login. Rows stay
-- append-only (audit_log_no_change); what the desk says (operator, action, detail) is kept.
-- The table's owner alone keeps the time it gives: moving an office's SQLite file onto the
-- server (`sinkron-pg-admin import`) copies the file's audit rows with their own times.
ALTER TABLE audit_log ADD COLUMN IF NOT EXISTS db_login TEXT;

CREATE OR REPLACE FUNCTION audit_log_stamp() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
                   WHERE c.oid = 'audit_log'::regclass AND r.rolname = session_user) THEN
        NEW.at := utc_stamp(clock_timestamp());
    END IF;
    NEW.db_login := session_user;
    RETURN NEW;
END;
$$;

DROP TRIGGER IF EXISTS audit_log_stamped ON audit_log;
CREATE TRIGGER audit_log_stamped BEFORE INSERT ON audit_log
    FOR EACH ROW EXECUTE FUNCTION audit_log_stamp();
