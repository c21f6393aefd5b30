-- When the lifter last changed an entry from /history (Edit); NULL = as logged or imported.
-- An edit keeps the entry's id and import batch, so /import undo still removes exactly what
-- the import added; its confirmation counts the entries edited since.
ALTER TABLE entries ADD COLUMN edited_at TEXT;

-- /records and /log's "Rep record": a user's heaviest set of one variant, setup and rep count is
-- the first row of this index's range (the date and id break ties: the first time counts). Sets
-- without a setup are setup 0 here (setup ids start at 1): PostgreSQL takes "IS NULL" as no
-- equality, and would sort a lifter's every such set instead of reading the first.
CREATE INDEX entries_records ON entries (user_id, variant, coalesce(setup_id, 0), reps, weight_kg DESC, performed_on, id);
