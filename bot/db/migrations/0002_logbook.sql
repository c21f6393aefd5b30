-- A lifter's preferences. One row per user who changed a setting or set up a setup;
-- absent means every default.
CREATE TABLE users (
    user_id          INTEGER PRIMARY KEY,
    unit             TEXT    NOT NULL DEFAULT 'kg' CHECK (unit IN ('kg', 'lb')),
    rep_low          INTEGER NOT NULL DEFAULT 6,
    rep_high         INTEGER NOT NULL DEFAULT 15,
    increment_kg     REAL,             -- NULL = the default for `unit` (2.5 kg or 5 lb)
    timezone         TEXT    NOT NULL DEFAULT 'UTC',
    share_logs       INTEGER NOT NULL DEFAULT 0,
    current_setup_id INTEGER REFERENCES setups (id) ON DELETE SET NULL,
    CHECK (1 <= rep_low AND rep_low <= rep_high AND rep_high <= 30)
);

-- Every setup a user described; entries point at the one current when they were logged.
CREATE TABLE setups (
    id          INTEGER PRIMARY KEY,
    user_id     INTEGER NOT NULL,
    description TEXT    NOT NULL,
    created_at  TEXT    NOT NULL
);
CREATE INDEX setups_by_user ON setups (user_id, id);

-- Import batches (the import issue fills them); entries of a batch are removed with it.
CREATE TABLE import_batches (
    id         INTEGER PRIMARY KEY,
    user_id    INTEGER NOT NULL,
    source     TEXT    NOT NULL,
    created_at TEXT    NOT NULL
);
CREATE INDEX import_batches_by_user ON import_batches (user_id, id);

-- One row per /log: `sets` sets of `reps` at `weight` (as entered) in `unit`.
CREATE TABLE entries (
    id             INTEGER PRIMARY KEY,
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
    batch_id       INTEGER REFERENCES import_batches (id) ON DELETE CASCADE
);
-- Serves "a user's entries (for a variant), newest first" and the latest entry for /undo.
CREATE INDEX entries_by_user_variant ON entries (user_id, variant, performed_on DESC, id DESC);
CREATE INDEX entries_by_user ON entries (user_id, performed_on DESC, id DESC);
CREATE INDEX entries_by_batch ON entries (batch_id) WHERE batch_id IS NOT NULL;

-- A /log that asked "Did you mean …?": kept until Store anyway, Cancel or expiry, keyed by the
-- original interaction id so a button press after a restart still finds it.
CREATE TABLE pending_logs (
    interaction_id INTEGER PRIMARY KEY,
    user_id        INTEGER NOT NULL,
    payload        TEXT    NOT NULL,          -- JSON of the validated entry
    expires_at     TEXT    NOT NULL
);
CREATE INDEX pending_logs_by_user ON pending_logs (user_id);

-- Each completed fit quiz, per server (NULL in DMs); /quizstats counts each member's latest.
CREATE TABLE quiz_results (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL,
    guild_id     INTEGER,
    verdict_id   TEXT    NOT NULL,
    quiz_version TEXT    NOT NULL,
    taken_at     TEXT    NOT NULL
);
CREATE INDEX quiz_results_by_guild_user ON quiz_results (guild_id, user_id, id DESC);
CREATE INDEX quiz_results_by_user ON quiz_results (user_id, id DESC);
