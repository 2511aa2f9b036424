-- Schema 3 (Sinkron 0.3.0): kiosk_submit checks every field it is sent on the server
-- (roles.sql: kiosk_check_submission), and a desk's save takes the day's registration number
-- last. No table changes: the idempotent parts, run again after this step, bring the
-- functions; the version moves so that no desk works against a server without the checks.
SELECT 1;
