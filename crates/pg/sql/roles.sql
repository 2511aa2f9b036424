-- Least privilege for an office's PostgreSQL server. Two group roles for PCs, without
-- login: a PC's login role is a member of one of them (`sinkron-pg-admin login`); the
-- operators' own logins and their groups are in logins.sql.
--
--   sinkron_operator  a desk PC before anyone signs in: the schema's version and
--                     what a kiosk may do (a desk can be turned into a kiosk), no
--                     table. The operator who signs in works as their own login.
--   sinkron_kiosk     the Anjungan: no table at all. It may call exactly four
--                     functions: kiosk_submit (a new request with its two
--                     photos) and kiosk_status (one request's status, given
--                     its registration number and check code, throttled),
--                     plus kiosk_office (the office's name and zone) and
--                     kiosk_settings (those two and the kiosk's own settings:
--                     idle time, on-screen keyboard, receipt printer).
--                     `SELECT … FROM requests` is refused.
--
-- Run by the schema owner after 0001_schema.sql; safe to run again.

-- Roles belong to the whole server: another database's install may create
-- them at the same moment, so "already there" is not an error.
DO $$
BEGIN
    BEGIN
        CREATE ROLE sinkron_operator NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        CREATE ROLE sinkron_kiosk NOLOGIN;
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
END
$$;

-- Nothing for anyone by default: functions are executable by PUBLIC unless revoked.
REVOKE ALL ON SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM PUBLIC;
REVOKE ALL ON ALL FUNCTIONS IN SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO sinkron_operator, sinkron_kiosk;

-- Since schema 7 a desk PC's login reaches no table: operators sign in with their own logins
-- (logins.sql), and the PC's login only learns the schema and may act as a kiosk.
REVOKE ALL ON ALL TABLES IN SCHEMA public FROM sinkron_operator;
REVOKE ALL ON ALL SEQUENCES IN SCHEMA public FROM sinkron_operator;
REVOKE ALL ON FUNCTION office_day(TIMESTAMPTZ), utc_stamp(TIMESTAMPTZ),
    next_reg_number(TIMESTAMPTZ) FROM sinkron_operator;

-- What kiosk_submit accepts, checked on the server whatever a kiosk's login sends: the same
-- structure the core checks on the kiosk (crates/core/src/identity, photo), so a forged client
-- cannot store a request the desks could not have typed. Each refusal is SQLSTATE 'SK010' with
-- an Indonesian message naming the field. Region names are the core's alone (the server keeps
-- no region table): here a NIK or KK number is checked for its form, its dates and its zeros.
CREATE OR REPLACE FUNCTION kiosk_number_ok(n TEXT, birth BOOLEAN) RETURNS BOOLEAN
LANGUAGE sql IMMUTABLE SET search_path = public, sinkron_ext, pg_temp AS $$
    SELECT n ~ '^[0-9]{16}$'
       AND substr(n, 1, 2)::INT BETWEEN 11 AND 96
       AND substr(n, 3, 2) <> '00' AND substr(n, 5, 2) <> '00'
       AND substr(n, 13, 4) <> '0000'
       AND (NOT birth OR (
               (substr(n, 7, 2)::INT BETWEEN 1 AND 31 OR substr(n, 7, 2)::INT BETWEEN 41 AND 71)
           AND substr(n, 9, 2)::INT BETWEEN 1 AND 12))
$$;

CREATE OR REPLACE FUNCTION kiosk_photo_ok(
    p_sha256 TEXT, p_mime TEXT, p_width BIGINT, p_height BIGINT,
    p_original BYTEA, p_preview BYTEA, p_thumbnail BYTEA) RETURNS TEXT
LANGUAGE plpgsql STABLE SET search_path = public, sinkron_ext, pg_temp AS $$
BEGIN
    IF p_original IS NULL OR p_preview IS NULL OR p_thumbnail IS NULL
       OR length(p_original) = 0 OR length(p_original) > 15000000 THEN
        RETURN 'foto kosong atau lebih dari 15 MB';
    END IF;
    IF p_mime = 'image/jpeg' THEN
        IF substr(p_original, 1, 3) <> '\xffd8ff'::BYTEA THEN
            RETURN 'isi foto bukan JPEG';
        END IF;
    ELSIF p_mime = 'image/png' THEN
        IF substr(p_original, 1, 8) <> '\x89504e470d0a1a0a'::BYTEA THEN
            RETURN 'isi foto bukan PNG';
        END IF;
    ELSE
        RETURN 'jenis foto harus JPEG atau PNG';
    END IF;
    IF p_width IS NULL OR p_height IS NULL OR p_width < 200 OR p_height < 200
       OR p_width > 12000 OR p_height > 12000 OR p_width * p_height > 50000000 THEN
        RETURN 'ukuran gambar tidak masuk akal';
    END IF;
    IF substr(p_preview, 1, 3) <> '\xffd8ff'::BYTEA OR length(p_preview) > 5000000
       OR substr(p_thumbnail, 1, 3) <> '\xffd8ff'::BYTEA OR length(p_thumbnail) > 1000000 THEN
        RETURN 'pratinjau foto tidak sah';
    END IF;
    IF p_sha256 IS DISTINCT FROM encode(digest(p_original, 'sha256'), 'hex') THEN
        RETURN 'sidik SHA-256 tidak cocok dengan isi foto';
    END IF;
    RETURN NULL;
END;
$$;

CREATE OR REPLACE FUNCTION kiosk_check_submission(
    p_name TEXT, p_nik TEXT, p_kk TEXT, p_problem TEXT, p_wa TEXT,
    p_check_code TEXT, p_sync_niks TEXT[],
    p_kk_sha256 TEXT, p_kk_mime TEXT, p_kk_width BIGINT, p_kk_height BIGINT,
    p_kk_original BYTEA, p_kk_preview BYTEA, p_kk_thumbnail BYTEA,
    p_ktp_sha256 TEXT, p_ktp_mime TEXT, p_ktp_width BIGINT, p_ktp_height BIGINT,
    p_ktp_original BYTEA, p_ktp_preview BYTEA, p_ktp_thumbnail BYTEA) RETURNS VOID
LANGUAGE plpgsql STABLE SET search_path = public, sinkron_ext, pg_temp AS $$
DECLARE
    why TEXT;
    n TEXT;
BEGIN
    IF p_name IS NULL OR btrim(p_name) = '' OR p_name <> btrim(p_name)
       OR char_length(p_name) > 100 OR p_name ~ '[0-9<>{}\[\]]'
       OR p_name ~ '[[:cntrl:]]' OR p_name !~ '[[:alpha:]]' THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010',
            MESSAGE = 'Nama pemohon tidak sah: 1–100 huruf, tanpa angka atau tanda kurung';
    END IF;
    IF p_nik IS NULL OR NOT kiosk_number_ok(p_nik, TRUE) THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010',
            MESSAGE = 'NIK tidak sah: 16 angka dengan kode wilayah dan tanggal lahir yang benar';
    END IF;
    IF p_kk IS NULL OR NOT kiosk_number_ok(p_kk, FALSE) THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010',
            MESSAGE = 'Nomor KK tidak sah: 16 angka dengan kode wilayah yang benar';
    END IF;
    IF p_problem IS NULL OR btrim(p_problem) = '' OR char_length(p_problem) > 1000
       OR p_problem ~ '[\x01-\x08\x0b\x0c\x0e-\x1f\x7f]' THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010',
            MESSAGE = 'Uraian masalah tidak sah: 1–1000 karakter, tanpa karakter kendali';
    END IF;
    IF p_wa IS NULL OR p_wa !~ '^\+628[1-35-9][0-9]{7,10}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010',
            MESSAGE = 'Nomor WhatsApp tidak sah: nomor HP Indonesia, ditulis +628…';
    END IF;
    IF p_check_code IS NULL OR p_check_code !~ '^[34679ACDEFGHJKMNPQRTUVWXY]{6}$' THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010', MESSAGE = 'Kode cek tidak sah';
    END IF;
    IF p_sync_niks IS NULL OR coalesce(array_length(p_sync_niks, 1), 0) NOT BETWEEN 1 AND 20 THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010', MESSAGE = 'Daftar NIK untuk sinkronisasi tidak sah';
    END IF;
    FOREACH n IN ARRAY p_sync_niks LOOP
        IF n IS NULL OR NOT kiosk_number_ok(n, TRUE) THEN
            RAISE EXCEPTION USING ERRCODE = 'SK010',
                MESSAGE = 'Daftar NIK untuk sinkronisasi memuat NIK yang tidak sah';
        END IF;
    END LOOP;
    why := kiosk_photo_ok(p_kk_sha256, p_kk_mime, p_kk_width, p_kk_height,
                          p_kk_original, p_kk_preview, p_kk_thumbnail);
    IF why IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010', MESSAGE = 'Foto Kartu Keluarga: ' || why;
    END IF;
    why := kiosk_photo_ok(p_ktp_sha256, p_ktp_mime, p_ktp_width, p_ktp_height,
                          p_ktp_original, p_ktp_preview, p_ktp_thumbnail);
    IF why IS NOT NULL THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010', MESSAGE = 'Foto KTP-el: ' || why;
    END IF;
    IF p_kk_sha256 = p_ktp_sha256 THEN
        RAISE EXCEPTION USING ERRCODE = 'SK010',
            MESSAGE = 'Foto Kartu Keluarga dan foto KTP-el sama — kirim dua foto yang berbeda';
    END IF;
END;
$$;

-- A request sent at the kiosk, with both photos, in one transaction: the
-- registration number, the request, its first history row (→ Baru), the NIK
-- list, both documents. The check code is hashed here (bcrypt, pgcrypto); the
-- kiosk only ever sends it. Returns the registration number and the time.
CREATE OR REPLACE FUNCTION kiosk_submit(
    p_name TEXT, p_nik TEXT, p_kk TEXT, p_problem TEXT, p_wa TEXT,
    p_check_code TEXT, p_sync_niks TEXT[],
    p_kk_sha256 TEXT, p_kk_mime TEXT, p_kk_width BIGINT, p_kk_height BIGINT,
    p_kk_original BYTEA, p_kk_preview BYTEA, p_kk_thumbnail BYTEA,
    p_ktp_sha256 TEXT, p_ktp_mime TEXT, p_ktp_width BIGINT, p_ktp_height BIGINT,
    p_ktp_original BYTEA, p_ktp_preview BYTEA, p_ktp_thumbnail BYTEA,
    p_kk_problems TEXT DEFAULT '', p_ktp_problems TEXT DEFAULT '',
    p_kk_corners TEXT DEFAULT NULL, p_ktp_corners TEXT DEFAULT NULL)
RETURNS TABLE (reg_number TEXT, at TEXT)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, sinkron_ext, pg_temp AS $$
DECLARE
    now_ TIMESTAMPTZ := clock_timestamp();
    stamp TEXT := utc_stamp(now_);
    reg TEXT;
    rid BIGINT;
    actor TEXT := 'Pemohon (Anjungan)';
    i INT;
BEGIN
    PERFORM kiosk_check_submission(p_name, p_nik, p_kk, p_problem, p_wa, p_check_code,
        p_sync_niks, p_kk_sha256, p_kk_mime, p_kk_width, p_kk_height, p_kk_original,
        p_kk_preview, p_kk_thumbnail, p_ktp_sha256, p_ktp_mime, p_ktp_width, p_ktp_height,
        p_ktp_original, p_ktp_preview, p_ktp_thumbnail);
    reg := next_reg_number(now_);
    INSERT INTO requests (reg_number, applicant_name, nik, kk_number, problem, wa_number,
                          status, version, channel, created_at, updated_at, updated_by,
                          check_code_hash)
    VALUES (reg, p_name, p_nik, p_kk, p_problem, p_wa, 'Baru', 1, 'kiosk', stamp, stamp,
            actor, crypt(p_check_code, gen_salt('bf', 8)))
    RETURNING id INTO rid;
    INSERT INTO status_history (request_id, from_status, to_status, operator_id,
                                operator_name, note, at)
    VALUES (rid, NULL, 'Baru', NULL, actor, NULL, stamp);
    FOR i IN 1 .. coalesce(array_length(p_sync_niks, 1), 0) LOOP
        INSERT INTO sync_niks (request_id, position, nik)
        VALUES (rid, i - 1, p_sync_niks[i]) ON CONFLICT DO NOTHING;
    END LOOP;
    -- The problems the kiosk found (the applicant kept the photo after two tries): only known
    -- codes pass documents_problems_known.
    INSERT INTO documents (request_id, kind, sha256, mime, width, height, original, preview,
                           thumbnail, created_at, problems, corners)
    VALUES (rid, 'kk', p_kk_sha256, p_kk_mime, p_kk_width, p_kk_height, p_kk_original,
            p_kk_preview, p_kk_thumbnail, stamp, coalesce(p_kk_problems, ''), p_kk_corners),
           (rid, 'ktp', p_ktp_sha256, p_ktp_mime, p_ktp_width, p_ktp_height, p_ktp_original,
            p_ktp_preview, p_ktp_thumbnail, stamp, coalesce(p_ktp_problems, ''), p_ktp_corners);
    RETURN QUERY SELECT reg, stamp;
END;
$$;

-- Cek Status. Refuses with SQLSTATE 'SK001' (no match) or 'SK002' (locked;
-- the message is the wait in seconds). The lockout mirrors the core's
-- auth::lockout_wait: five failures within 15 minutes since the last success
-- lock the number for a minute, each further failure doubles it (≤ 1 hour).
-- On a match: status, submitted, last change, the officer's note when
-- cancelled, and the steps (name, time) as two arrays. Nothing else.
CREATE OR REPLACE FUNCTION kiosk_status(p_reg TEXT, p_code TEXT)
RETURNS TABLE (reg_number TEXT, status TEXT, created_at TEXT, last_change TEXT,
               note TEXT, step_names TEXT[], step_times TEXT[])
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, sinkron_ext, pg_temp AS $$
DECLARE
    reg TEXT := upper(btrim(p_reg));
    code TEXT := upper(regexp_replace(p_code, '[ .-]', '', 'g'));
    now_ TIMESTAMPTZ := clock_timestamp();
    fails TIMESTAMPTZ[];
    n INT;
    last_ TIMESTAMPTZ;
    fifth TIMESTAMPTZ;
    wait_ INTERVAL;
    r requests%ROWTYPE;
    ok BOOLEAN;
BEGIN
    -- One lookup per number at a time, so the count below is exact.
    PERFORM pg_advisory_xact_lock(hashtext('sinkron.lookup.' || reg));
    SELECT array_agg(a.at::TIMESTAMPTZ ORDER BY a.id) INTO fails
      FROM status_lookups a
     WHERE a.reg_number = reg AND a.success = 0
       AND a.id > coalesce((SELECT max(b.id) FROM status_lookups b
                             WHERE b.reg_number = reg AND b.success = 1), 0)
       AND a.at::TIMESTAMPTZ > now_ - INTERVAL '60 minutes';
    n := coalesce(array_length(fails, 1), 0);
    IF n >= 5 THEN
        last_ := fails[n];
        fifth := fails[n - 4];
        IF last_ - fifth <= INTERVAL '15 minutes' THEN
            wait_ := least(INTERVAL '1 minute' * (1 << least(n - 5, 6)), INTERVAL '60 minutes');
            IF last_ + wait_ > now_ THEN
                RAISE EXCEPTION USING ERRCODE = 'SK002',
                    MESSAGE = ceil(extract(epoch FROM (last_ + wait_ - now_)))::TEXT;
            END IF;
        END IF;
    END IF;
    SELECT * INTO r FROM requests q WHERE q.reg_number = reg;
    ok := FOUND AND r.check_code_hash IS NOT NULL
          AND r.check_code_hash = crypt(code, r.check_code_hash);
    INSERT INTO status_lookups (reg_number, success, at)
    VALUES (reg, CASE WHEN ok THEN 1 ELSE 0 END, utc_stamp(now_));
    IF NOT ok THEN
        -- The failure must stay recorded: raise only after this function's
        -- writes are kept, by returning no row instead of raising.
        RETURN;
    END IF;
    RETURN QUERY
    SELECT r.reg_number, r.status, r.created_at,
           (SELECT h.at FROM status_history h WHERE h.request_id = r.id ORDER BY h.id DESC LIMIT 1),
           CASE WHEN r.status = 'Dibatalkan' THEN
               (SELECT h.note FROM status_history h WHERE h.request_id = r.id ORDER BY h.id DESC LIMIT 1)
           END,
           coalesce((SELECT array_agg(s.step ORDER BY s.id) FROM process_steps s WHERE s.request_id = r.id), '{}'),
           coalesce((SELECT array_agg(s.at ORDER BY s.id) FROM process_steps s WHERE s.request_id = r.id), '{}');
END;
$$;

-- What the receipt prints and the kiosk's clock needs: the office's name and zone.
CREATE OR REPLACE FUNCTION kiosk_office()
RETURNS TABLE (office_name TEXT, office_zone TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, sinkron_ext, pg_temp AS $$
    SELECT (SELECT value FROM settings WHERE key = 'office_name'),
           (SELECT value FROM settings WHERE key = 'office_zone');
$$;

REVOKE ALL ON FUNCTION kiosk_office() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kiosk_office() TO sinkron_kiosk, sinkron_operator;

-- What the kiosk's screens need from Pengaturan: the office and the kiosk's own rows, never
-- the WhatsApp templates, the holidays or anything about accounts.
CREATE OR REPLACE FUNCTION kiosk_settings()
RETURNS TABLE (key TEXT, value TEXT)
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, sinkron_ext, pg_temp AS $$
    SELECT s.key, s.value FROM settings s
    WHERE s.key IN ('office_name', 'office_zone', 'office_province',
                    'kiosk_idle_seconds', 'kiosk_keyboard', 'kiosk_printer');
$$;

REVOKE ALL ON FUNCTION kiosk_settings() FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kiosk_settings() TO sinkron_kiosk, sinkron_operator;

REVOKE ALL ON FUNCTION kiosk_submit(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT, TEXT,
    BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT, TEXT, BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT,
    TEXT, TEXT, TEXT)
    FROM PUBLIC;
REVOKE ALL ON FUNCTION kiosk_status(TEXT, TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION kiosk_number_ok(TEXT, BOOLEAN) FROM PUBLIC;
REVOKE ALL ON FUNCTION kiosk_photo_ok(TEXT, TEXT, BIGINT, BIGINT, BYTEA, BYTEA, BYTEA) FROM PUBLIC;
REVOKE ALL ON FUNCTION kiosk_check_submission(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT,
    TEXT, BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT, TEXT, BIGINT, BIGINT, BYTEA, BYTEA, BYTEA)
    FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kiosk_submit(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT, TEXT,
    BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT, TEXT, BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT,
    TEXT, TEXT, TEXT)
    TO sinkron_kiosk, sinkron_operator;
GRANT EXECUTE ON FUNCTION kiosk_status(TEXT, TEXT) TO sinkron_kiosk, sinkron_operator;

-- The desk's receipts carry a check code too: it is hashed here the same way
-- as the kiosk's (bcrypt), so kiosk_status checks either. The operator role
-- reaches pgcrypto only through this function.
CREATE OR REPLACE FUNCTION hash_check_code(p_code TEXT) RETURNS TEXT
LANGUAGE sql VOLATILE SECURITY DEFINER SET search_path = public, sinkron_ext, pg_temp AS $$
    SELECT crypt(upper(regexp_replace(p_code, '[ .-]', '', 'g')), gen_salt('bf', 8));
$$;

REVOKE ALL ON FUNCTION hash_check_code(TEXT) FROM PUBLIC;
REVOKE ALL ON FUNCTION hash_check_code(TEXT) FROM sinkron_operator;

-- Ending kiosk mode on a kiosk's own login: the seconds to wait before the next try (0: go
-- ahead), counted by the server per login as Cek Status counts per number, and the record of
-- each try's outcome. The password itself is checked by the server on a fresh connection.
CREATE OR REPLACE FUNCTION kiosk_leave_wait() RETURNS INTEGER
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, sinkron_ext, pg_temp AS $$
DECLARE
    who TEXT := session_user;
    now_ TIMESTAMPTZ := clock_timestamp();
    fails TIMESTAMPTZ[];
    n INT;
    wait_ INTERVAL;
BEGIN
    SELECT array_agg(a.at::TIMESTAMPTZ ORDER BY a.id) INTO fails
      FROM kiosk_leave_attempts a
     WHERE a.login = who AND a.success = 0
       AND a.id > coalesce((SELECT max(b.id) FROM kiosk_leave_attempts b
                             WHERE b.login = who AND b.success = 1), 0)
       AND a.at::TIMESTAMPTZ > now_ - INTERVAL '60 minutes';
    n := coalesce(array_length(fails, 1), 0);
    IF n >= 5 AND fails[n] - fails[n - 4] <= INTERVAL '15 minutes' THEN
        wait_ := least(INTERVAL '1 minute' * (1 << least(n - 5, 6)), INTERVAL '60 minutes');
        IF fails[n] + wait_ > now_ THEN
            RETURN ceil(extract(epoch FROM (fails[n] + wait_ - now_)))::INTEGER;
        END IF;
    END IF;
    RETURN 0;
END;
$$;

CREATE OR REPLACE FUNCTION kiosk_leave_record(p_ok BOOLEAN) RETURNS VOID
LANGUAGE sql SECURITY DEFINER SET search_path = public, sinkron_ext, pg_temp AS $$
    INSERT INTO kiosk_leave_attempts (login, success, at)
    VALUES (session_user, CASE WHEN p_ok THEN 1 ELSE 0 END, utc_stamp(clock_timestamp()));
$$;

REVOKE ALL ON FUNCTION kiosk_leave_wait() FROM PUBLIC;
REVOKE ALL ON FUNCTION kiosk_leave_record(BOOLEAN) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION kiosk_leave_wait(), kiosk_leave_record(BOOLEAN) TO sinkron_kiosk;
