-- A number every change of a setting row moves on, so a store may keep the zone and the
-- working calendar between list pages and read one row to know they still hold
-- (sinkron_core::store::SettingsCache). Triggers, so no write path can forget it.
CREATE TABLE settings_version (
    id      INTEGER PRIMARY KEY CHECK (id = 1),
    version INTEGER NOT NULL
);
INSERT INTO settings_version (id, version) VALUES (1, 0);

CREATE TRIGGER settings_version_on_insert AFTER INSERT ON settings
BEGIN
    UPDATE settings_version SET version = version + 1;
END;

CREATE TRIGGER settings_version_on_update AFTER UPDATE ON settings
BEGIN
    UPDATE settings_version SET version = version + 1;
END;

CREATE TRIGGER settings_version_on_delete AFTER DELETE ON settings
BEGIN
    UPDATE settings_version SET version = version + 1;
END;
