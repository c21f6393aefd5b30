-- PostgreSQL variant of 0013_pending_kinds.sql (read that file for what it is for); the same
-- statements, kept as a file of its own like every migration's.
ALTER TABLE pending_logs ADD COLUMN kind TEXT NOT NULL DEFAULT 'entry'
    CHECK (kind IN ('entry', 'choices', 'draft'));
UPDATE pending_logs SET kind = 'choices' WHERE payload LIKE '{"choices":%';
UPDATE pending_logs SET kind = 'draft' WHERE payload LIKE '{"draft":%';
