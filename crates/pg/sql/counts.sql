-- The five counts the list shows with every page, kept by a trigger as the
-- SQLite store keeps them, so a desk does not count 100,000 rows per refresh.
-- A status change updates both of its rows in one statement, so every
-- transaction takes the count rows' locks in the same order. Operators may
-- only read the counts; the trigger writes them as the owner. Recomputed from
-- the requests on every install, under a lock, so they start exact. Safe to
-- run again.

CREATE TABLE IF NOT EXISTS status_counts (
    status TEXT PRIMARY KEY,
    n      BIGINT NOT NULL
);

CREATE OR REPLACE FUNCTION status_counts_follow() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        UPDATE status_counts SET n = n + 1 WHERE status = NEW.status;
    ELSIF TG_OP = 'DELETE' THEN
        UPDATE status_counts SET n = n - 1 WHERE status = OLD.status;
    ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
        UPDATE status_counts
           SET n = n + CASE WHEN status = NEW.status THEN 1 ELSE -1 END
         WHERE status IN (OLD.status, NEW.status);
    END IF;
    RETURN NULL;
END;
$$;

DROP TRIGGER IF EXISTS requests_counted ON requests;
CREATE TRIGGER requests_counted AFTER INSERT OR DELETE OR UPDATE OF status ON requests
    FOR EACH ROW EXECUTE FUNCTION status_counts_follow();

-- Run inside the installing transaction (PgStore::install), which the lock joins.
LOCK TABLE requests IN SHARE MODE;
INSERT INTO status_counts (status, n)
SELECT s.status, (SELECT count(*) FROM requests r WHERE r.status = s.status)
  FROM (VALUES ('Baru'), ('Disetujui'), ('Diproses'), ('Selesai'), ('Dibatalkan')) AS s(status)
ON CONFLICT (status) DO UPDATE SET n = EXCLUDED.n;
