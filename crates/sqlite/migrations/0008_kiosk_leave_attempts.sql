-- Attempts to end kiosk mode on a kiosk's own server login are throttled by the server
-- (crates/pg); one PC's own file ends kiosk mode with an admin's sign-in, throttled as sign-in
-- is, so this table stays empty here. Kept so both schemas have the same tables and columns.
CREATE TABLE kiosk_leave_attempts (
    id      INTEGER PRIMARY KEY,
    login   TEXT NOT NULL,
    success INTEGER NOT NULL,
    at      TEXT NOT NULL
);
CREATE INDEX kiosk_leave_attempts_by_login ON kiosk_leave_attempts (login, id);
