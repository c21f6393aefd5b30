-- PostgreSQL variant of 0009_pending_edits.sql (read that file for what it is for): a BIGINT id.
ALTER TABLE pending_logs ADD COLUMN entry_id BIGINT;
