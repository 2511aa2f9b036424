-- Schema 12 (Sinkron 0.3.0): what the intake found hard to read in each photo when it was taken
-- (sinkron_core::photo::Problems), as codes joined by commas, most serious first; '' when it
-- reads well. The list marks a request with any ("Cek foto"). Whatever a desk or a
-- kiosk sends, only known codes are stored.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS problems TEXT NOT NULL DEFAULT ''
    CONSTRAINT documents_problems_known CHECK (problems ~
        '^((blurry|too_dark|too_bright|glare|cut_off|too_small)(,(blurry|too_dark|too_bright|glare|cut_off|too_small))*)?$');

-- The list asks "has this request a photo to check?" for every row it shows.
CREATE INDEX IF NOT EXISTS documents_to_check ON documents (request_id) WHERE problems <> '';

-- kiosk_submit and sinkron_photo_replace take the problems too (roles.sql, replace.sql, run
-- after this step, make them again): the old signatures go, with their grants.
DROP FUNCTION IF EXISTS kiosk_submit(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT, TEXT,
    BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT, TEXT, BIGINT, BIGINT, BYTEA, BYTEA, BYTEA);
DROP FUNCTION IF EXISTS sinkron_photo_replace(BIGINT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BYTEA,
    BYTEA, BYTEA, TEXT);
