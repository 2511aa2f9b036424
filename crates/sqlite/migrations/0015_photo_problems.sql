-- What the intake found hard to read in each photo when it was taken (sinkron_core::photo::
-- Problems): its codes joined by commas, most serious first; '' when it reads well. The list
-- marks a request with any ("Cek foto").
ALTER TABLE documents ADD COLUMN problems TEXT NOT NULL DEFAULT '';

-- The list asks "has this request a photo to check?" for every row it shows. The column sits
-- after the photo bytes, so reading it from the table would walk each photo's overflow pages;
-- this partial index answers it alone (covering: it holds the column too), and holds only
-- the photos with a problem.
CREATE INDEX documents_to_check ON documents (request_id, problems) WHERE problems <> '';
