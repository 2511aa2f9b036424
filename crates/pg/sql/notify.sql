-- Other desks learn of a change at once: every new or changed request sends
-- its id on the channel `sinkron_requests` when its transaction commits
-- (PostgreSQL delivers notifications only after COMMIT, and never those of a
-- transaction that rolled back). A desk LISTENs and refreshes its list; it
-- also polls, so a dropped connection only delays the news. Safe to run again.

CREATE OR REPLACE FUNCTION requests_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('sinkron_requests', NEW.id::TEXT);
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS requests_changed ON requests;
CREATE TRIGGER requests_changed AFTER INSERT OR UPDATE ON requests
    FOR EACH ROW EXECUTE FUNCTION requests_notify();
