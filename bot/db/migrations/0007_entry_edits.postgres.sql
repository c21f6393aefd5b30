-- PostgreSQL variant of 0005_entry_edits.sql (read that file for what each part is for); the
-- same statements, kept as a file of its own like every migration's.
ALTER TABLE entries ADD COLUMN edited_at TEXT;

CREATE INDEX entries_records ON entries (user_id, variant, coalesce(setup_id, 0), reps, weight_kg DESC, performed_on, id);
