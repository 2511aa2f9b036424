-- Which schema this server has, readable by every PC's login (the kiosk reads
-- no table, so through a function that runs as the owner). Safe to run again;
-- run after roles.sql, which revokes every function from PUBLIC.
CREATE OR REPLACE FUNCTION sinkron_schema_version(OUT version INTEGER, OUT app_version TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT version, app_version FROM sinkron_schema WHERE id
$$;
REVOKE ALL ON FUNCTION sinkron_schema_version() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION sinkron_schema_version() TO sinkron_operator, sinkron_kiosk;
