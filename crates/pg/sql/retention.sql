-- Masa simpan on the server: a desk may ask for one request's photos to be deleted, and the
-- server deletes them only when the request is finished (Selesai or Dibatalkan) and its last
-- status change is older than the office's stored rule (`retention_photo_days`) by the
-- server's own clock. No login may delete photos any other way. Safe to run again.
CREATE OR REPLACE FUNCTION sinkron_photos_expire(p_request BIGINT) RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    days INTEGER;
    gone INTEGER;
    old_ INTEGER;
BEGIN
    SELECT CASE WHEN value ~ '^\s*[0-9]{1,4}\s*$' THEN trim(value)::INTEGER END INTO days
      FROM settings WHERE key = 'retention_photo_days';
    IF days IS NULL OR days = 0 OR days > 3650 THEN
        RETURN 0;
    END IF;
    PERFORM 1 FROM requests r
     WHERE r.id = p_request
       AND r.status IN ('Selesai', 'Dibatalkan')
       AND (SELECT max(h.at) FROM status_history h WHERE h.request_id = r.id)
           <= utc_stamp(clock_timestamp() - make_interval(days => days))
       FOR UPDATE;
    IF NOT FOUND THEN
        RETURN 0;
    END IF;
    DELETE FROM documents WHERE request_id = p_request;
    GET DIAGNOSTICS gone = ROW_COUNT;
    DELETE FROM replaced_documents WHERE request_id = p_request;
    GET DIAGNOSTICS old_ = ROW_COUNT;
    gone := gone + old_;
    IF gone > 0 THEN
        INSERT INTO photo_deletions (request_id, deleted_at, rule_days)
        VALUES (p_request, utc_stamp(clock_timestamp()), days)
        ON CONFLICT (request_id) DO UPDATE
            SET deleted_at = EXCLUDED.deleted_at, rule_days = EXCLUDED.rule_days;
    END IF;
    RETURN gone;
END;
$$;
REVOKE ALL ON FUNCTION sinkron_photos_expire(BIGINT) FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION sinkron_photos_expire(BIGINT) TO %I',
        sinkron_group('petugas'));
    EXECUTE format('GRANT SELECT ON photo_deletions TO %I', sinkron_group('petugas'));
END
$$;
