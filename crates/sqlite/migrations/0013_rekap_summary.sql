-- Rekap's figures kept per office day by triggers, so a year's report reads a few thousand
-- summary rows instead of grouping every request, status row and step of the year (about 2 s
-- at 200,000 requests). Each row is written in the same transaction as the row it counts, so
-- the summary never disagrees with the tables, however many desks write at once.
--
-- The office day is the date in the office's zone (Pengaturan); `rekap_shift` says how far the
-- zone is from UTC. The store fills the tables (`sinkron_sqlite::rekap`) when `rekap_built`
-- does not name the current shift: on the first open after this migration, and in the same
-- transaction as a settings save that changes the zone.

CREATE VIEW rekap_shift AS
SELECT coalesce(
    (SELECT CASE value WHEN 'WITA' THEN '+8 hours' WHEN 'WIT' THEN '+9 hours' ELSE '+7 hours' END
       FROM settings WHERE key = 'office_zone'),
    '+7 hours') AS shift;

-- Which shift the summary rows were counted under.
CREATE TABLE rekap_built (
    id    INTEGER PRIMARY KEY CHECK (id = 1),
    shift TEXT NOT NULL
);

-- Requests made per office day, by channel and by the status they have now.
CREATE TABLE rekap_made (
    day     TEXT NOT NULL,
    channel TEXT NOT NULL,
    status  TEXT NOT NULL,
    n       INTEGER NOT NULL,
    PRIMARY KEY (day, channel, status)
) WITHOUT ROWID;

-- Status rows per office day: the status moved into, who wrote it, and whether it was a
-- request's first row (its channel: `desk`, `kiosk`) or a move (`move`).
CREATE TABLE rekap_moved (
    day           TEXT NOT NULL,
    status        TEXT NOT NULL,
    origin        TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (day, status, origin, operator_name)
) WITHOUT ROWID;

-- Processing steps per office day, by step and by who recorded them.
CREATE TABLE rekap_steps (
    day           TEXT NOT NULL,
    step          TEXT NOT NULL,
    operator_name TEXT NOT NULL,
    n             INTEGER NOT NULL,
    PRIMARY KEY (day, step, operator_name)
) WITHOUT ROWID;

-- Requests finished per office day, by the office day each was made (the working days between
-- depend on holidays the office may still change, so they are counted when read).
CREATE TABLE rekap_finished (
    day      TEXT NOT NULL,
    made_day TEXT NOT NULL,
    n        INTEGER NOT NULL,
    PRIMARY KEY (day, made_day)
) WITHOUT ROWID;

CREATE TRIGGER rekap_request_made AFTER INSERT ON requests
BEGIN
    INSERT INTO rekap_made (day, channel, status, n)
    VALUES (date(substr(new.created_at, 1, 19), (SELECT shift FROM rekap_shift)),
            new.channel, new.status, 1)
    ON CONFLICT (day, channel, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER rekap_request_changed AFTER UPDATE OF status, channel, created_at ON requests
WHEN new.status IS NOT old.status OR new.channel IS NOT old.channel
    OR new.created_at IS NOT old.created_at
BEGIN
    UPDATE rekap_made SET n = n - 1
     WHERE day = date(substr(old.created_at, 1, 19), (SELECT shift FROM rekap_shift))
       AND channel = old.channel AND status = old.status;
    INSERT INTO rekap_made (day, channel, status, n)
    VALUES (date(substr(new.created_at, 1, 19), (SELECT shift FROM rekap_shift)),
            new.channel, new.status, 1)
    ON CONFLICT (day, channel, status) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER rekap_status_row AFTER INSERT ON status_history
BEGIN
    INSERT INTO rekap_moved (day, status, origin, operator_name, n)
    SELECT date(substr(new.at, 1, 19), (SELECT shift FROM rekap_shift)), new.to_status,
           CASE WHEN new.from_status IS NULL THEN r.channel ELSE 'move' END,
           new.operator_name, 1
      FROM requests r WHERE r.id = new.request_id
    ON CONFLICT (day, status, origin, operator_name) DO UPDATE SET n = n + 1;
    INSERT INTO rekap_finished (day, made_day, n)
    SELECT date(substr(new.at, 1, 19), (SELECT shift FROM rekap_shift)),
           date(substr(r.created_at, 1, 19), (SELECT shift FROM rekap_shift)), 1
      FROM requests r WHERE r.id = new.request_id AND new.to_status = 'Selesai'
    ON CONFLICT (day, made_day) DO UPDATE SET n = n + 1;
END;

CREATE TRIGGER rekap_step_row AFTER INSERT ON process_steps
BEGIN
    INSERT INTO rekap_steps (day, step, operator_name, n)
    VALUES (date(substr(new.at, 1, 19), (SELECT shift FROM rekap_shift)),
            new.step, new.operator_name, 1)
    ON CONFLICT (day, step, operator_name) DO UPDATE SET n = n + 1;
END;

-- The open requests past the target, oldest first, without visiting every open request.
CREATE INDEX requests_open_by_age ON requests (status, created_at, id);

-- The covering indexes Rekap read before (0012) only slow writes now.
DROP INDEX requests_by_created;
DROP INDEX status_history_by_time;
DROP INDEX process_steps_by_time;
