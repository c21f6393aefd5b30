-- What an entry was before the lifter deleted it or edited its day, sets, reps or weight (from
-- /history, /undo or an Undo button): a later /import csv of a file that still holds it leaves it
-- out instead of bringing it back (bot/db/removed.py says which removals count, and why). Only
-- what the import's set-by-set match compares is kept: no note, no RPE. batch_id is the import
-- the entry came from: /import undo of that import forgets these with its entries (/forgetme
-- deletes them all).
CREATE TABLE removed_entries (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    performed_on TEXT    NOT NULL,          -- YYYY-MM-DD, as the entry had it
    variant      TEXT    NOT NULL,
    sets         INTEGER NOT NULL,
    reps         INTEGER NOT NULL,
    weight       REAL    NOT NULL,
    unit         TEXT    NOT NULL,
    batch_id     INTEGER REFERENCES import_batches (id) ON DELETE CASCADE
);
-- An import reads one user's days from its file's first to its last.
CREATE INDEX removed_entries_by_user ON removed_entries (user_id, performed_on);
CREATE INDEX removed_entries_by_batch ON removed_entries (batch_id) WHERE batch_id IS NOT NULL;
