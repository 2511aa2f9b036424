-- Schema 11 (Sinkron 0.3.0): why a request was cancelled, chosen beside the note
-- (sinkron_core::workflow::CancelReason); Rekap counts them (rekap.sql, run after this step).
-- A cancellation without a chosen reason is counted under ''.
ALTER TABLE status_history ADD COLUMN IF NOT EXISTS cancel_reason TEXT
    CHECK (cancel_reason IN ('unreadable_photo', 'data_mismatch', 'wrong_service', 'duplicate',
                             'other'));
