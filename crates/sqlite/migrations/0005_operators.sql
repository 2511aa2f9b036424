-- Sign-in attempts, for the lockout after repeated failures. (Operators and
-- the append-only audit log exist since 0001.)

CREATE TABLE login_attempts (
    id       INTEGER PRIMARY KEY,
    username TEXT NOT NULL,
    success  INTEGER NOT NULL CHECK (success IN (0, 1)),
    at       TEXT NOT NULL
);

CREATE INDEX login_attempts_by_user ON login_attempts (username, id);
CREATE INDEX audit_log_by_request ON audit_log (request_id, id);
CREATE INDEX audit_log_by_operator ON audit_log (operator_id, id);

INSERT INTO settings (key, value) VALUES ('idle_minutes', '15');
