-- An /import csv waiting for Import or Cancel: the parsed, validated entries (JSON), keyed by
-- the original interaction id so a button press after a restart still finds them. Expires with
-- the interaction token; the file itself is never kept.
CREATE TABLE pending_imports (
    interaction_id INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL,
    source         TEXT    NOT NULL,
    payload        TEXT    NOT NULL,
    expires_at     TEXT    NOT NULL
);
CREATE INDEX pending_imports_by_user ON pending_imports (user_id);

-- The interaction whose Import button made the batch: pressing Import again stores nothing more.
ALTER TABLE import_batches ADD COLUMN interaction_id INTEGER;
CREATE UNIQUE INDEX import_batches_by_interaction ON import_batches (interaction_id)
    WHERE interaction_id IS NOT NULL;
