-- Where the document lies in each photo, found when it was taken (sinkron_core::photo::
-- Outline): its four corners as ten-thousandths of the preview's width and height,
-- `x,y x,y x,y x,y`; '' when no document was found with confidence; NULL for a photo taken
-- before outlines were kept, which the desk measures again when it is shown. The detail view
-- opens on the document straightened along these corners.
ALTER TABLE documents ADD COLUMN corners TEXT;
