-- Rekap reads a period's figures from summary tables kept per office day by triggers, in the
-- same transaction as the rows they count, so a year's report reads a few thousand rows
-- instead of grouping every request, status row and step of the year. The triggers write as
-- the owner (operators may only read the summary); a settings change of the office's zone
-- counts the summary again under the new zone, in the same transaction. Counted whole from
-- the tables on every install, under a lock, so it starts exact. Safe to run again.

-- The office day (`YYYY-MM-DD`) of a stored UTC stamp, in the office's zone (Pengaturan).
CREATE OR REPLACE FUNCTION rekap_day(at TEXT) RETURNS TEXT
LANGUAGE sql STABLE SET search_path = public, pg_temp AS $$
    SELECT to_char(substr(at, 1, 19)::timestamp + make_interval(hours => coalesce(
        (SELECT CASE value WHEN 'WITA' THEN 8 WHEN 'WIT' THEN 9 ELSE 7 END
           FROM settings WHERE key = 'office_zone'), 7)), 'YYYY-MM-DD')
$$;

-- Requests made per office day, by channel and by the status they have now.
CREATE TABLE IF NOT EXISTS rekap_made (
    day     TEXT NOT NULL,
    channel TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       BIGINT NOT NULL,
    PRIMARY KEY (day, channel, status)
);

-- Status rows per office day: the status moved into, who wrote it, and whether it was a
-- request's first row (its channel: desk, kiosk) or a move ('move').
CREATE TABLE IF NOT EXISTS rekap_moved (
    day           TEXT NOT NULL,
    status        TEXT NOT NULL,
    origin        TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (day, status, origin, operator_name)
);

-- Processing steps per office day, by step and by who recorded them.
CREATE TABLE IF NOT EXISTS rekap_steps (
    day           TEXT NOT NULL,
    step          TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    n             BIGINT NOT NULL,
    PRIMARY KEY (day, step, operator_name)
);

-- Requests finished per office day, by the office day each was made (working days between
-- depend on holidays the office may still change, so they are counted when read).
CREATE TABLE IF NOT EXISTS rekap_finished (
    day      TEXT NOT NULL,
    made_day TEXT NOT NULL,
    n        BIGINT NOT NULL,
    PRIMARY KEY (day, made_day)
);

-- Cancellations per office day, by the reason chosen ('' when none was).
CREATE TABLE IF NOT EXISTS rekap_cancelled (
    day    TEXT NOT NULL,
    reason TEXT NOT NULL,
    n      BIGINT NOT NULL,
    PRIMARY KEY (day, reason)
);

-- A request made, or its status (channel, time) changed. Both rows of a change are written by
-- one statement in key order, so two desks changing requests of the same day take the row
-- locks in the same order and never wait on each other in a circle.
CREATE OR REPLACE FUNCTION rekap_follow_request() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO rekap_made (day, channel, status, n)
        VALUES (rekap_day(NEW.created_at), NEW.channel, NEW.status, 1)
        ON CONFLICT (day, channel, status) DO UPDATE SET n = rekap_made.n + 1;
    ELSIF NEW.status IS DISTINCT FROM OLD.status OR NEW.channel IS DISTINCT FROM OLD.channel
          OR NEW.created_at IS DISTINCT FROM OLD.created_at THEN
        INSERT INTO rekap_made (day, channel, status, n)
        SELECT c.day, c.channel, c.status, sum(c.n) FROM (VALUES
            (rekap_day(OLD.created_at), OLD.channel, OLD.status, -1),
            (rekap_day(NEW.created_at), NEW.channel, NEW.status, 1)
        ) AS c(day, channel, status, n)
        GROUP BY c.day, c.channel, c.status
        ORDER BY c.day, c.channel, c.status
        ON CONFLICT (day, channel, status) DO UPDATE SET n = rekap_made.n + EXCLUDED.n;
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS requests_rekap ON requests;
CREATE TRIGGER requests_rekap AFTER INSERT OR UPDATE OF status, channel, created_at ON requests
    FOR EACH ROW EXECUTE FUNCTION rekap_follow_request();

CREATE OR REPLACE FUNCTION rekap_follow_status_row() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    made_channel TEXT;
    made_at TEXT;
BEGIN
    SELECT channel, created_at INTO made_channel, made_at FROM requests
     WHERE id = NEW.request_id;
    INSERT INTO rekap_moved (day, status, origin, operator_name, n)
    VALUES (rekap_day(NEW.at), NEW.to_status,
            CASE WHEN NEW.from_status IS NULL THEN made_channel ELSE 'move' END,
            NEW.operator_name, 1)
    ON CONFLICT (day, status, origin, operator_name) DO UPDATE SET n = rekap_moved.n + 1;
    IF NEW.to_status = 'Dibatalkan' THEN
        INSERT INTO rekap_cancelled (day, reason, n)
        VALUES (rekap_day(NEW.at), coalesce(NEW.cancel_reason, ''), 1)
        ON CONFLICT (day, reason) DO UPDATE SET n = rekap_cancelled.n + 1;
    END IF;
    IF NEW.to_status = 'Selesai' THEN
        INSERT INTO rekap_finished (day, made_day, n)
        VALUES (rekap_day(NEW.at), rekap_day(made_at), 1)
        ON CONFLICT (day, made_day) DO UPDATE SET n = rekap_finished.n + 1;
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS status_history_rekap ON status_history;
CREATE TRIGGER status_history_rekap AFTER INSERT ON status_history
    FOR EACH ROW EXECUTE FUNCTION rekap_follow_status_row();

CREATE OR REPLACE FUNCTION rekap_follow_step() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    INSERT INTO rekap_steps (day, step, operator_name, n)
    VALUES (rekap_day(NEW.at), NEW.step, NEW.operator_name, 1)
    ON CONFLICT (day, step, operator_name) DO UPDATE SET n = rekap_steps.n + 1;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS process_steps_rekap ON process_steps;
CREATE TRIGGER process_steps_rekap AFTER INSERT ON process_steps
    FOR EACH ROW EXECUTE FUNCTION rekap_follow_step();

-- Every summary row again, from the tables, under the office's zone now. The tables it reads
-- are locked against writes first, so no row is written meanwhile and missed.
CREATE OR REPLACE FUNCTION sinkron_rekap_rebuild() RETURNS VOID
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    LOCK TABLE requests, status_history, process_steps IN SHARE MODE;
    DELETE FROM rekap_made;
    DELETE FROM rekap_moved;
    DELETE FROM rekap_steps;
    DELETE FROM rekap_finished;
    DELETE FROM rekap_cancelled;
    INSERT INTO rekap_cancelled (day, reason, n)
    SELECT rekap_day(at), coalesce(cancel_reason, ''), count(*) FROM status_history
     WHERE to_status = 'Dibatalkan' GROUP BY 1, 2;
    INSERT INTO rekap_made (day, channel, status, n)
    SELECT rekap_day(created_at), channel, status, count(*) FROM requests GROUP BY 1, 2, 3;
    INSERT INTO rekap_moved (day, status, origin, operator_name, n)
    SELECT rekap_day(h.at), h.to_status,
           CASE WHEN h.from_status IS NULL THEN r.channel ELSE 'move' END,
           h.operator_name, count(*)
      FROM status_history h JOIN requests r ON r.id = h.request_id GROUP BY 1, 2, 3, 4;
    INSERT INTO rekap_steps (day, step, operator_name, n)
    SELECT rekap_day(at), step, operator_name, count(*) FROM process_steps GROUP BY 1, 2, 3;
    INSERT INTO rekap_finished (day, made_day, n)
    SELECT rekap_day(h.at), rekap_day(r.created_at), count(*)
      FROM status_history h JOIN requests r ON r.id = h.request_id
     WHERE h.to_status = 'Selesai' GROUP BY 1, 2;
END;
$$;
REVOKE ALL ON FUNCTION sinkron_rekap_rebuild() FROM PUBLIC;

-- The office's zone changed: the office days of every row move with it.
CREATE OR REPLACE FUNCTION rekap_follow_zone() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF NEW.key = 'office_zone'
       AND (TG_OP = 'INSERT' OR NEW.value IS DISTINCT FROM OLD.value) THEN
        PERFORM sinkron_rekap_rebuild();
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS settings_rekap_zone ON settings;
CREATE TRIGGER settings_rekap_zone AFTER INSERT OR UPDATE OF value ON settings
    FOR EACH ROW EXECUTE FUNCTION rekap_follow_zone();

-- Run inside the installing transaction (PgStore::install).
SELECT sinkron_rekap_rebuild();

-- The open requests past the target, oldest first, without visiting every open request.
CREATE INDEX IF NOT EXISTS requests_open_by_age ON requests (status, created_at, id);
