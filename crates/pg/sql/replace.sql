-- A photo replaced after its request was saved: the one way a stored photo changes (an operator
-- login may insert photos with a new request, never update or delete one). Whatever a desk
-- sends, the server checks that the caller is an active operator, that the request is still
-- open (not Selesai or Dibatalkan), that a reason is given and that the bytes are a photo
-- (kiosk_photo_ok); it keeps the old photo whole in replaced_documents, in the caller's name and
-- at the server's time. A replaced photo's preview is read only through sinkron_photo_old,
-- which records the view first. Safe to run again.
CREATE OR REPLACE FUNCTION sinkron_photo_replace(
    p_request BIGINT, p_kind TEXT, p_sha256 TEXT, p_mime TEXT, p_width BIGINT, p_height BIGINT,
    p_original BYTEA, p_preview BYTEA, p_thumbnail BYTEA, p_reason TEXT,
    p_problems TEXT DEFAULT '', p_corners TEXT DEFAULT NULL)
RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    op RECORD;
    st TEXT;
    why TEXT := btrim(coalesce(p_reason, ''));
    bad TEXT;
    at_ TEXT := utc_stamp(clock_timestamp());
    new_id BIGINT;
BEGIN
    SELECT id, display_name INTO op FROM operators WHERE db_role = session_user AND active = 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'Foto hanya diganti oleh petugas yang sudah masuk';
    END IF;
    IF p_kind IS NULL OR p_kind NOT IN ('kk', 'ktp') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Jenis foto harus kk atau ktp';
    END IF;
    IF char_length(why) < 5 OR char_length(why) > 1000 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'Alasan mengganti foto wajib diisi (5 sampai 1000 karakter)';
    END IF;
    bad := kiosk_photo_ok(p_sha256, p_mime, p_width, p_height, p_original, p_preview,
                          p_thumbnail);
    IF bad IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Foto ditolak: ' || bad;
    END IF;
    SELECT status INTO st FROM requests WHERE id = p_request FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Pengajuan tidak ditemukan';
    END IF;
    IF st IN ('Selesai', 'Dibatalkan') THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = format('Pengajuan sudah %s — fotonya tidak dapat diganti lagi', st);
    END IF;
    INSERT INTO replaced_documents (request_id, kind, sha256, mime, width, height, original,
                                    preview, thumbnail, created_at, replaced_at, operator_id,
                                    operator_name, reason)
    SELECT request_id, kind, sha256, mime, width, height, original, preview, thumbnail,
           created_at, at_, op.id, op.display_name, why
      FROM documents WHERE request_id = p_request AND kind = p_kind;
    DELETE FROM documents WHERE request_id = p_request AND kind = p_kind;
    INSERT INTO documents (request_id, kind, sha256, mime, width, height, original, preview,
                           thumbnail, created_at, problems, corners)
    VALUES (p_request, p_kind, p_sha256, p_mime, p_width, p_height, p_original, p_preview,
            p_thumbnail, at_, coalesce(p_problems, ''), p_corners)
    RETURNING id INTO new_id;
    RETURN new_id;
END;
$$;

CREATE OR REPLACE FUNCTION sinkron_photo_old(p_replaced BIGINT, p_workstation TEXT)
RETURNS BYTEA
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    op RECORD;
    old RECORD;
BEGIN
    SELECT id, role INTO op FROM operators WHERE db_role = session_user AND active = 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'Foto hanya dibuka oleh petugas yang sudah masuk';
    END IF;
    SELECT o.request_id, o.kind, o.preview INTO old FROM replaced_documents o
     WHERE o.id = p_replaced;
    IF NOT FOUND THEN
        RETURN NULL;
    END IF;
    INSERT INTO audit_log (at, operator_id, role, workstation, action, request_id, detail)
    VALUES (utc_stamp(clock_timestamp()), op.id, op.role, left(p_workstation, 100), 'photo_view',
            old.request_id, old.kind || ' diganti preview');
    RETURN old.preview;
END;
$$;

REVOKE ALL ON FUNCTION sinkron_photo_replace(BIGINT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BYTEA,
    BYTEA, BYTEA, TEXT, TEXT, TEXT), sinkron_photo_old(BIGINT, TEXT) FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION sinkron_photo_replace(BIGINT, TEXT, TEXT, TEXT, '
        'BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT, TEXT, TEXT), sinkron_photo_old(BIGINT, TEXT) '
        'TO %I',
        sinkron_group('petugas'));
    EXECUTE format('GRANT SELECT (id, request_id, kind, sha256, mime, width, height, thumbnail, '
        'created_at, replaced_at, operator_name, reason) ON replaced_documents TO %I',
        sinkron_group('petugas'));
END
$$;
