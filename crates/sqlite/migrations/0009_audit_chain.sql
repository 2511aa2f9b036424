-- Each audit row's SHA-256 chain over its fields and the row before it (sinkron_core::audit_chain),
-- written with the row; rows from before this step have none, and the chain starts after them.
ALTER TABLE audit_log ADD COLUMN chain TEXT;
-- From this row on every row must have its chain.
INSERT OR REPLACE INTO settings (key, value)
SELECT 'audit_chain_from', COALESCE(MAX(id), 0) + 1 FROM audit_log;
