-- Schema 14 (Sinkron 0.3.0): where the document lies in each photo, found when it was taken
-- (sinkron_core::photo::Outline): its four corners as ten-thousandths of the preview's width
-- and height, `x,y x,y x,y x,y`; '' when no document was found with confidence; NULL for a
-- photo taken before outlines were kept, which the desk measures again when it is shown. The
-- detail view opens on the document straightened along these corners. The server cannot
-- decode photos, so it keeps what a desk or a kiosk found, in this shape only: a forged
-- outline can at worst crop the view, and the photo as taken is one click away.
ALTER TABLE documents ADD COLUMN IF NOT EXISTS corners TEXT
    CONSTRAINT documents_corners_shape CHECK (corners ~
        '^((\d{1,4}|10000),(\d{1,4}|10000)( (\d{1,4}|10000),(\d{1,4}|10000)){3})?$');

-- kiosk_submit and sinkron_photo_replace take the outlines too (roles.sql, replace.sql, run
-- after this step, make them again): the schema-12 signatures go, with their grants.
DROP FUNCTION IF EXISTS kiosk_submit(TEXT, TEXT, TEXT, TEXT, TEXT, TEXT, TEXT[], TEXT, TEXT,
    BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT, TEXT, BIGINT, BIGINT, BYTEA, BYTEA, BYTEA, TEXT,
    TEXT);
DROP FUNCTION IF EXISTS sinkron_photo_replace(BIGINT, TEXT, TEXT, TEXT, BIGINT, BIGINT, BYTEA,
    BYTEA, BYTEA, TEXT, TEXT);
