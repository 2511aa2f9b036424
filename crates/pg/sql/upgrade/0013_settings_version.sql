-- Schema 13 (Sinkron 0.3.0): a number every change of a setting row moves on, whichever desk
-- made it, so a desk may keep the zone and the working calendar between list pages and read
-- one row to know they still hold (sinkron_core::store::SettingsCache). A statement trigger
-- as the owner (SECURITY DEFINER): an admin's login changes settings but never writes the
-- version itself; every operator login reads it (logins.sql).
CREATE TABLE IF NOT EXISTS settings_version (
    id      BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (id),
    version BIGINT NOT NULL
);
INSERT INTO settings_version (id, version) VALUES (TRUE, 0) ON CONFLICT (id) DO NOTHING;

CREATE OR REPLACE FUNCTION settings_version_bump() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    UPDATE settings_version SET version = version + 1;
    RETURN NULL;
END;
$$;
REVOKE ALL ON FUNCTION settings_version_bump() FROM PUBLIC;

DROP TRIGGER IF EXISTS settings_version_bumped ON settings;
CREATE TRIGGER settings_version_bumped AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON settings
    FOR EACH STATEMENT EXECUTE FUNCTION settings_version_bump();
