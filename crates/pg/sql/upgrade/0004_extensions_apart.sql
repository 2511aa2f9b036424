-- Schema 4 (Sinkron 0.3.0): the extensions' functions (pgcrypto's crypt, gen_salt, digest;
-- pg_trgm's similarity and friends) move into the schema sinkron_ext, which no login may use.
-- Their objects belong to the superuser who installed them, so the schema owner cannot revoke
-- EXECUTE on them in public; out of reach in a schema without USAGE, only Sinkron's own
-- SECURITY DEFINER functions (search_path public, sinkron_ext) call them. Indexes keep working:
-- they name the operator class by its id, not its schema.
CREATE SCHEMA IF NOT EXISTS sinkron_ext;
REVOKE ALL ON SCHEMA sinkron_ext FROM PUBLIC;
CREATE EXTENSION IF NOT EXISTS pgcrypto SCHEMA sinkron_ext;
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA sinkron_ext;
DO $$
DECLARE
    ext TEXT;
BEGIN
    FOREACH ext IN ARRAY ARRAY['pgcrypto', 'pg_trgm'] LOOP
        IF (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
            WHERE e.extname = ext) <> 'sinkron_ext' THEN
            BEGIN
                EXECUTE format('ALTER EXTENSION %I SET SCHEMA sinkron_ext', ext);
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE EXCEPTION 'Ekstensi % dipasang oleh superuser, jadi pemilik database tidak dapat memindahkannya', ext
                    USING HINT = format('Sebagai superuser jalankan: ALTER EXTENSION %I SET SCHEMA sinkron_ext; lalu ulangi pembaruan skema', ext);
            END;
        END IF;
    END LOOP;
END;
$$;
