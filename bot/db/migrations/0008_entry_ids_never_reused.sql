-- An entry's id is never given to another entry. Buttons keep the id they act on (/undo's
-- Delete it, /history's Edit and Delete); SQLite gave a new row the largest id plus one, so
-- after the newest entry was deleted the next one took its id, and a button still on screen
-- acted on an entry it never showed. AUTOINCREMENT needs the table rebuilt; nothing references
-- entries, so the rebuild keeps every row, id and index as they were.
CREATE TABLE entries_rebuilt (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    user_id        INTEGER NOT NULL,
    performed_on   TEXT    NOT NULL,          -- YYYY-MM-DD in the user's time zone
    variant        TEXT    NOT NULL,
    sets           INTEGER NOT NULL CHECK (sets BETWEEN 1 AND 20),
    reps           INTEGER NOT NULL CHECK (reps BETWEEN 1 AND 100),
    weight         REAL    NOT NULL CHECK (weight >= 0),
    unit           TEXT    NOT NULL CHECK (unit IN ('kg', 'lb')),
    weight_kg      REAL    NOT NULL CHECK (weight_kg >= 0 AND weight_kg <= 1000),
    rpe            REAL    CHECK (rpe IS NULL OR (rpe BETWEEN 1 AND 10 AND rpe * 2 = CAST(rpe * 2 AS INTEGER))),
    note           TEXT    CHECK (note IS NULL OR length(note) <= 200),
    setup_id       INTEGER REFERENCES setups (id) ON DELETE SET NULL,
    created_at     TEXT    NOT NULL,
    interaction_id INTEGER UNIQUE,            -- a redelivered or re-confirmed /log stores once
    batch_id       INTEGER REFERENCES import_batches (id) ON DELETE CASCADE,
    edited_at      TEXT                       -- when the lifter last edited it from /history
);
INSERT INTO entries_rebuilt (id, user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,
                             setup_id, created_at, interaction_id, batch_id, edited_at)
SELECT id, user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,
       setup_id, created_at, interaction_id, batch_id, edited_at
FROM entries;
DROP TABLE entries;
ALTER TABLE entries_rebuilt RENAME TO entries;
CREATE INDEX entries_by_user_variant ON entries (user_id, variant, performed_on DESC, id DESC);
CREATE INDEX entries_by_user ON entries (user_id, performed_on DESC, id DESC);
CREATE INDEX entries_by_batch ON entries (batch_id) WHERE batch_id IS NOT NULL;
CREATE INDEX entries_records ON entries (user_id, variant, coalesce(setup_id, 0), reps, weight_kg DESC, performed_on, id);
