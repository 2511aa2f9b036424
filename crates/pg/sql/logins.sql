-- Every operator is a server login, and the server holds their rights (schema 7). Three group
-- roles per database (a cluster may hold several offices' databases, and roles are the
-- cluster's, so each name ends in "@<database>"):
--
--   sinkron_petugas@db  a signed-in operator: reads the requests and works on them (requests,
--                       histories, steps, notices, NIK lists, new photos); reads the settings
--                       and the accounts without their password hashes; appends audit rows in
--                       its own name only; reads a photo's preview or original only through
--                       sinkron_photo, which records the view first.
--   sinkron_admin@db    a petugas who may also change the settings, read the audit log and
--                       manage the accounts, through the account functions below.
--   sinkron_akun@db     no login: owns the account functions and may create roles, so that an
--                       admin can make and change operators' logins without being able to make
--                       any other role.
--
-- An operator's login is "<username>@<database>"; its password is set as a SCRAM verifier made
-- on the desk, so the password itself never reaches the server. Run after roles.sql and
-- schema_version.sql; safe to run again.

CREATE OR REPLACE FUNCTION sinkron_group(p_kind TEXT) RETURNS TEXT
LANGUAGE sql STABLE SET search_path = pg_catalog, pg_temp AS $$
    SELECT 'sinkron_' || p_kind || '@' || current_database()
$$;

DO $$
DECLARE
    petugas TEXT := sinkron_group('petugas');
    admin TEXT := sinkron_group('admin');
    akun TEXT := sinkron_group('akun');
BEGIN
    IF octet_length(petugas) > 63 THEN
        RAISE EXCEPTION 'Nama database "%" terlalu panjang untuk Sinkron: paling banyak 47 huruf',
            current_database();
    END IF;
    BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', petugas);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN', admin);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    BEGIN
        EXECUTE format('CREATE ROLE %I NOLOGIN CREATEROLE', akun);
    EXCEPTION WHEN duplicate_object OR unique_violation THEN NULL;
    END;
    EXECUTE format('GRANT %I TO %I', petugas, admin);
    EXECUTE format('GRANT %I, %I TO %I WITH ADMIN OPTION', petugas, admin, akun);
    -- The installer hands the account functions to akun, so it must be able to act as it.
    IF NOT (SELECT rolsuper FROM pg_roles WHERE rolname = current_user) THEN
        EXECUTE format('GRANT %I TO %I', akun, current_user);
    END IF;
    -- Disabling an account also ends its open sessions (where the installer may allow it).
    BEGIN
        EXECUTE format('GRANT pg_signal_backend TO %I', akun);
    EXCEPTION WHEN insufficient_privilege THEN
        RAISE NOTICE 'sinkron: pg_signal_backend not granted; a disabled account''s open '
            'sessions end when they next reconnect';
    END;

    EXECUTE format('GRANT CONNECT ON DATABASE %I TO %I', current_database(), petugas);
    EXECUTE format('GRANT USAGE ON SCHEMA public TO %I, %I', petugas, akun);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON reg_sequences, requests, status_history, '
        'process_steps, sync_niks, request_changes, notices, status_lookups TO %I', petugas);
    EXECUTE format('GRANT DELETE ON sync_niks TO %I', petugas);
    EXECUTE format('GRANT SELECT ON settings, settings_version, status_counts, rekap_made, rekap_moved, '
        'rekap_steps, rekap_finished, rekap_cancelled TO %I', petugas);
    EXECUTE format('GRANT SELECT (id, username, display_name, role, active, created_at, db_role) '
        'ON operators TO %I', petugas);
    EXECUTE format('GRANT SELECT (id, request_id, kind, sha256, mime, width, height, thumbnail, '
        'created_at, byte_size, problems, corners), INSERT ON documents TO %I', petugas);
    EXECUTE format('GRANT INSERT ON audit_log TO %I', petugas);
    EXECUTE format('GRANT USAGE ON ALL SEQUENCES IN SCHEMA public TO %I, %I', petugas, akun);
    EXECUTE format('GRANT EXECUTE ON FUNCTION office_day(TIMESTAMPTZ), utc_stamp(TIMESTAMPTZ), '
        'next_reg_number(TIMESTAMPTZ), hash_check_code(TEXT), kiosk_office(), kiosk_settings(), '
        'kiosk_status(TEXT, TEXT), sinkron_schema_version() TO %I', petugas);
    EXECUTE format('GRANT INSERT, UPDATE ON settings TO %I', admin);
    EXECUTE format('GRANT SELECT ON audit_log TO %I', admin);
    EXECUTE format('GRANT SELECT, INSERT, UPDATE ON operators TO %I', akun);
END
$$;

-- Who is calling, as the account functions see it: an active operator's row for their login.
CREATE OR REPLACE FUNCTION sinkron_caller_may_manage() RETURNS BOOLEAN
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public, pg_temp AS $$
    SELECT EXISTS (SELECT 1 FROM operators
                   WHERE db_role = session_user AND role = 'admin' AND active = 1)
        -- The database's owner (or a superuser) sets up the first admin and rescues a locked-out
        -- office (`sinkron-pg-admin password`).
        OR EXISTS (SELECT 1 FROM pg_roles WHERE rolname = session_user AND rolsuper)
        OR session_user = (SELECT pg_get_userbyid(datdba) FROM pg_database
                           WHERE datname = current_database())
$$;

CREATE OR REPLACE FUNCTION sinkron_require_manager() RETURNS VOID
LANGUAGE plpgsql STABLE SET search_path = public, pg_temp AS $$
BEGIN
    IF NOT sinkron_caller_may_manage() THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'Hanya admin yang boleh mengelola akun';
    END IF;
END;
$$;

CREATE OR REPLACE FUNCTION sinkron_verifier_ok(p_verifier TEXT) RETURNS VOID
LANGUAGE plpgsql IMMUTABLE SET search_path = pg_catalog, pg_temp AS $$
BEGIN
    -- A SCRAM verifier, never a password in clear text (which the server would hash itself,
    -- after it passed through its logs).
    IF p_verifier IS NULL OR p_verifier !~
       '^SCRAM-SHA-256\$[0-9]{4,7}:[A-Za-z0-9+/]+={0,2}\$[A-Za-z0-9+/]+={0,2}:[A-Za-z0-9+/]+={0,2}$'
    THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'Kata sandi harus dikirim sebagai verifier SCRAM-SHA-256';
    END IF;
END;
$$;

-- Gives a login its rights: LOGIN while active, the petugas group, the admin group for admins.
CREATE OR REPLACE FUNCTION sinkron_login_apply(p_login TEXT, p_role TEXT, p_active BOOLEAN)
RETURNS VOID LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    EXECUTE format('ALTER ROLE %I %s', p_login, CASE WHEN p_active THEN 'LOGIN' ELSE 'NOLOGIN' END);
    EXECUTE format('GRANT %I TO %I', sinkron_group('petugas'), p_login);
    IF p_role = 'admin' THEN
        EXECUTE format('GRANT %I TO %I', sinkron_group('admin'), p_login);
    ELSIF EXISTS (SELECT 1 FROM pg_auth_members m
                  WHERE m.roleid = (SELECT oid FROM pg_roles WHERE rolname = sinkron_group('admin'))
                    AND m.member = (SELECT oid FROM pg_roles WHERE rolname = p_login)) THEN
        EXECUTE format('REVOKE %I FROM %I', sinkron_group('admin'), p_login);
    END IF;
    IF NOT p_active THEN
        BEGIN
            PERFORM pg_terminate_backend(pid) FROM pg_stat_activity
             WHERE usename = p_login AND pid <> pg_backend_pid();
        EXCEPTION WHEN insufficient_privilege THEN NULL;
        END;
    END IF;
END;
$$;

-- Makes a login for an account that has none, with the verifier as its password.
CREATE OR REPLACE FUNCTION sinkron_login_create(p_username TEXT, p_verifier TEXT)
RETURNS TEXT LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    login TEXT := p_username || '@' || current_database();
BEGIN
    IF octet_length(login) > 63 THEN
        RAISE EXCEPTION USING ERRCODE = '22023',
            MESSAGE = 'Nama pengguna terlalu panjang untuk login server ini';
    END IF;
    IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = login) THEN
        RAISE EXCEPTION USING ERRCODE = '23505',
            MESSAGE = format('Server sudah punya login "%s" — pilih nama pengguna lain', login);
    END IF;
    EXECUTE format('CREATE ROLE %I NOLOGIN PASSWORD %L', login, p_verifier);
    RETURN login;
END;
$$;

-- An admin creates an account and its login; the audit row is the caller's (AccountStore).
CREATE OR REPLACE FUNCTION sinkron_account_create(
    p_username TEXT, p_display TEXT, p_role TEXT, p_verifier TEXT) RETURNS BIGINT
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    login TEXT;
    new_id BIGINT;
BEGIN
    PERFORM sinkron_require_manager();
    IF p_username IS NULL OR p_username !~ '^[a-z0-9._-]{3,32}$' THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Nama pengguna tidak sah';
    END IF;
    IF p_display IS NULL OR btrim(p_display) = '' OR char_length(p_display) > 100 THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Nama tampilan tidak sah';
    END IF;
    IF p_role IS NULL OR p_role NOT IN ('admin', 'petugas') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Peran harus admin atau petugas';
    END IF;
    PERFORM sinkron_verifier_ok(p_verifier);
    IF EXISTS (SELECT 1 FROM operators WHERE username = p_username) THEN
        RAISE EXCEPTION USING ERRCODE = '23505',
            MESSAGE = 'Nama pengguna itu sudah dipakai — pilih yang lain';
    END IF;
    login := sinkron_login_create(p_username, p_verifier);
    PERFORM sinkron_login_apply(login, p_role, TRUE);
    INSERT INTO operators (username, display_name, role, password_hash, active, created_at, db_role)
    VALUES (p_username, p_display, p_role, NULL, 1, utc_stamp(clock_timestamp()), login)
    RETURNING id INTO new_id;
    RETURN new_id;
END;
$$;

-- An admin changes an account's role or whether it is active (the last-admin rule is the
-- core's, inside the same transaction, after sinkron_accounts_lock).
CREATE OR REPLACE FUNCTION sinkron_account_set(p_id BIGINT, p_role TEXT, p_active BOOLEAN)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    login TEXT;
BEGIN
    PERFORM sinkron_require_manager();
    IF p_role IS NULL OR p_role NOT IN ('admin', 'petugas') OR p_active IS NULL THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Peran harus admin atau petugas';
    END IF;
    UPDATE operators SET role = p_role, active = CASE WHEN p_active THEN 1 ELSE 0 END
     WHERE id = p_id RETURNING db_role INTO login;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'Akun tidak ditemukan';
    END IF;
    IF login IS NOT NULL THEN
        PERFORM sinkron_login_apply(login, p_role, p_active);
    END IF;
END;
$$;

-- An admin sets an account's password; an account from before schema 7 gets its login here.
CREATE OR REPLACE FUNCTION sinkron_account_password(p_id BIGINT, p_verifier TEXT)
RETURNS VOID LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    op RECORD;
    login TEXT;
BEGIN
    PERFORM sinkron_require_manager();
    PERFORM sinkron_verifier_ok(p_verifier);
    SELECT username, role, active, db_role INTO op FROM operators WHERE id = p_id FOR UPDATE;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = 'P0002', MESSAGE = 'Akun tidak ditemukan';
    END IF;
    login := op.db_role;
    IF login IS NULL THEN
        login := sinkron_login_create(op.username, p_verifier);
        UPDATE operators SET db_role = login, password_hash = NULL WHERE id = p_id;
    ELSE
        EXECUTE format('ALTER ROLE %I PASSWORD %L', login, p_verifier);
    END IF;
    PERFORM sinkron_login_apply(login, op.role, op.active = 1);
END;
$$;

-- Holds every other account change until the caller's transaction ends (two admins changing
-- accounts at once cannot both remove the last admin).
CREATE OR REPLACE FUNCTION sinkron_accounts_lock() RETURNS VOID
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    PERFORM sinkron_require_manager();
    LOCK TABLE operators IN SHARE ROW EXCLUSIVE MODE;
END;
$$;

DO $$
DECLARE
    akun TEXT := sinkron_group('akun');
    f TEXT;
BEGIN
    FOREACH f IN ARRAY ARRAY['sinkron_caller_may_manage()', 'sinkron_require_manager()',
        'sinkron_login_apply(TEXT, TEXT, BOOLEAN)', 'sinkron_login_create(TEXT, TEXT)',
        'sinkron_account_create(TEXT, TEXT, TEXT, TEXT)',
        'sinkron_account_set(BIGINT, TEXT, BOOLEAN)', 'sinkron_account_password(BIGINT, TEXT)',
        'sinkron_accounts_lock()']
    LOOP
        EXECUTE format('ALTER FUNCTION %s OWNER TO %I', f, akun);
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
    END LOOP;
    EXECUTE format('GRANT EXECUTE ON FUNCTION sinkron_account_create(TEXT, TEXT, TEXT, TEXT), '
        'sinkron_account_set(BIGINT, TEXT, BOOLEAN), sinkron_account_password(BIGINT, TEXT), '
        'sinkron_accounts_lock() TO %I', sinkron_group('admin'));
END
$$;
REVOKE ALL ON FUNCTION sinkron_group(TEXT), sinkron_verifier_ok(TEXT) FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION sinkron_group(TEXT), sinkron_verifier_ok(TEXT) '
        'TO %I, %I', sinkron_group('akun'), sinkron_group('petugas'));
END
$$;

-- A preview or an original is read only here: the view is recorded (in the caller's name, at
-- the server's time) before the bytes are returned. Thumbnails are read directly.
CREATE OR REPLACE FUNCTION sinkron_photo(p_document BIGINT, p_size TEXT, p_workstation TEXT)
RETURNS TABLE (mime TEXT, bytes BYTEA)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    op RECORD;
    doc RECORD;
BEGIN
    SELECT id, role INTO op FROM operators WHERE db_role = session_user AND active = 1;
    IF NOT FOUND THEN
        RAISE EXCEPTION USING ERRCODE = '42501',
            MESSAGE = 'Foto hanya dibuka oleh petugas yang sudah masuk';
    END IF;
    IF p_size IS NULL OR p_size NOT IN ('preview', 'original') THEN
        RAISE EXCEPTION USING ERRCODE = '22023', MESSAGE = 'Ukuran foto harus preview atau original';
    END IF;
    SELECT d.request_id, d.kind INTO doc FROM documents d WHERE d.id = p_document;
    IF NOT FOUND THEN
        RETURN;
    END IF;
    INSERT INTO audit_log (at, operator_id, role, workstation, action, request_id, detail)
    VALUES (utc_stamp(clock_timestamp()), op.id, op.role, left(p_workstation, 100), 'photo_view',
            doc.request_id, doc.kind || ' ' || p_size);
    RETURN QUERY SELECT CASE WHEN p_size = 'preview' THEN 'image/jpeg' ELSE d.mime END,
                        CASE WHEN p_size = 'preview' THEN d.preview ELSE d.original END
                   FROM documents d WHERE d.id = p_document;
END;
$$;
REVOKE ALL ON FUNCTION sinkron_photo(BIGINT, TEXT, TEXT) FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION sinkron_photo(BIGINT, TEXT, TEXT) TO %I',
        sinkron_group('petugas'));
END
$$;

-- The audit chain (schema 8), computed by the server exactly as sinkron_core::audit_chain::link
-- does on a desk's file: SHA-256 over length-prefixed fields and the previous row's chain. Rows
-- are chained one at a time (a transaction-long lock), and each row's id is taken under that
-- lock, so id order is chain order. A row before `audit_chain_from` starts a fresh chain.
CREATE OR REPLACE FUNCTION audit_chain_part(p TEXT) RETURNS BYTEA
LANGUAGE sql IMMUTABLE SET search_path = public, pg_temp AS $$
    SELECT int8send(octet_length(convert_to(p, 'UTF8'))::BIGINT) || convert_to(p, 'UTF8');
$$;

CREATE OR REPLACE FUNCTION audit_chain_next(
    p_at TEXT, p_operator BIGINT, p_role TEXT, p_workstation TEXT, p_action TEXT,
    p_request BIGINT, p_detail TEXT, OUT id BIGINT, OUT chain TEXT)
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
DECLARE
    from_id BIGINT;
    last RECORD;
    previous TEXT := '';
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('sinkron_audit_chain'));
    id := nextval(pg_get_serial_sequence('audit_log', 'id'));
    SELECT CASE WHEN s.value ~ '^\s*[0-9]+\s*$' THEN trim(s.value)::BIGINT END INTO from_id
      FROM settings s WHERE s.key = 'audit_chain_from';
    SELECT a.id, a.chain INTO last FROM audit_log a ORDER BY a.id DESC LIMIT 1;
    IF FOUND AND last.id >= coalesce(from_id, 1) THEN
        previous := coalesce(last.chain, '');
    END IF;
    chain := encode(sha256(
        audit_chain_part('sinkron-audit-1') || audit_chain_part(previous)
        || audit_chain_part(id::TEXT) || audit_chain_part(p_at)
        || audit_chain_part(coalesce(p_operator::TEXT, '-'))
        || audit_chain_part(coalesce(p_role, '-'))
        || audit_chain_part(coalesce(p_workstation, '-'))
        || audit_chain_part(p_action)
        || audit_chain_part(coalesce(p_request::TEXT, '-'))
        || audit_chain_part(coalesce(p_detail, '-'))), 'hex');
END;
$$;
REVOKE ALL ON FUNCTION audit_chain_next(TEXT, BIGINT, TEXT, TEXT, TEXT, BIGINT, TEXT) FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('GRANT EXECUTE ON FUNCTION '
        'audit_chain_next(TEXT, BIGINT, TEXT, TEXT, TEXT, BIGINT, TEXT) TO %I, %I',
        sinkron_group('petugas'), sinkron_group('akun'));
END
$$;

-- Audit rows (schema 5 stamps the time and the login): an operator's login appends rows only in
-- its own name (a row naming nobody is stamped with it; one naming another is refused), and
-- its role is the one its account has. Then the server chains the row (schema 8); only the
-- database's owner may bring rows with their chain (an office's file moved onto the server).
CREATE OR REPLACE FUNCTION audit_log_stamp() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
DECLARE
    op RECORD;
    owner BOOLEAN;
    next RECORD;
BEGIN
    owner := EXISTS (SELECT 1 FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner
                     WHERE c.oid = 'audit_log'::regclass AND r.rolname = session_user);
    IF NOT owner THEN
        NEW.at := utc_stamp(clock_timestamp());
    END IF;
    NEW.db_login := session_user;
    SELECT id, role INTO op FROM operators WHERE db_role = session_user;
    IF FOUND THEN
        NEW.operator_id := coalesce(NEW.operator_id, op.id);
        IF NEW.operator_id <> op.id THEN
            RAISE EXCEPTION USING ERRCODE = '42501',
                MESSAGE = 'Baris audit hanya ditulis atas nama petugas yang masuk';
        END IF;
        NEW.role := op.role;
    END IF;
    IF NOT owner OR NEW.chain IS NULL THEN
        SELECT * INTO next FROM audit_chain_next(NEW.at, NEW.operator_id, NEW.role,
            NEW.workstation, NEW.action, NEW.request_id, NEW.detail);
        NEW.id := next.id;
        NEW.chain := next.chain;
    END IF;
    RETURN NEW;
END;
$$;

-- A photo's size is kept beside its bytes, for the desks that may not read them.
CREATE OR REPLACE FUNCTION documents_byte_size() RETURNS trigger
LANGUAGE plpgsql SET search_path = public, pg_temp AS $$
BEGIN
    NEW.byte_size := octet_length(NEW.original);
    RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION documents_byte_size() FROM PUBLIC;
DROP TRIGGER IF EXISTS documents_sized ON documents;
CREATE TRIGGER documents_sized BEFORE INSERT OR UPDATE OF original ON documents
    FOR EACH ROW EXECUTE FUNCTION documents_byte_size();
