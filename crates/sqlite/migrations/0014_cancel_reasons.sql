-- Why a request was cancelled, chosen beside the note (sinkron_core::workflow::CancelReason),
-- and Rekap's count of cancellations per office day and reason, kept like the other summary
-- tables (0013). A cancellation without a chosen reason (before this, or through the API) is
-- counted under ''.

ALTER TABLE status_history ADD COLUMN cancel_reason TEXT
    CHECK (cancel_reason IN ('unreadable_photo', 'data_mismatch', 'wrong_service', 'duplicate',
                             'other'));

CREATE TABLE rekap_cancelled (
    day    TEXT NOT NULL,
    reason TEXT NOT NULL,
    n      INTEGER NOT NULL,
    PRIMARY KEY (day, reason)
) WITHOUT ROWID;

INSERT INTO rekap_cancelled (day, reason, n)
SELECT date(substr(at, 1, 19), (SELECT shift FROM rekap_shift)), '', count(*)
  FROM status_history WHERE to_status = 'Dibatalkan' GROUP BY 1;

CREATE TRIGGER rekap_cancel_row AFTER INSERT ON status_history
WHEN new.to_status = 'Dibatalkan'
BEGIN
    INSERT INTO rekap_cancelled (day, reason, n)
    VALUES (date(substr(new.at, 1, 19), (SELECT shift FROM rekap_shift)),
            coalesce(new.cancel_reason, ''), 1)
    ON CONFLICT (day, reason) DO UPDATE SET n = n + 1;
END;
