-- PostgreSQL variant of 0012_entries_logged.sql (read that file for what it is for); the same
-- statement, kept as a file of its own like every migration's.
CREATE INDEX entries_logged ON entries (user_id, id) WHERE batch_id IS NULL;
