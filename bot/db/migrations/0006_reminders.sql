-- Opt-in reminders (/remind): one row per lifter who asked for them. The schedule is local wall
-- time (week days, minute of the day); next_due_at is the next instant it falls in `zone`, the
-- lifter's /settings time zone when it was worked out (the sender notices a change and works it
-- out again). Instants are unix seconds (UTC): they compare as numbers on both engines.
CREATE TABLE reminders (
    user_id        INTEGER PRIMARY KEY,
    days           TEXT    NOT NULL,           -- "mon,wed,fri"
    at_minute      INTEGER NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
    zone           TEXT    NOT NULL,
    next_due_at    INTEGER NOT NULL,
    handled_at     INTEGER NOT NULL,           -- every time the schedule fell up to here is dealt with
    sent_count     INTEGER NOT NULL DEFAULT 0,
    paused         INTEGER NOT NULL DEFAULT 0, -- 1: Discord refused the DM (50007); /remind set resumes
    notice_pending INTEGER NOT NULL DEFAULT 0, -- 1: the lifter is yet to be told of the pause
    created_at     TEXT    NOT NULL
);
-- Serves the sender's "which reminders are due" and the look-up of notes waiting to be told.
CREATE INDEX reminders_due ON reminders (next_due_at) WHERE paused = 0;
CREATE INDEX reminders_notices ON reminders (user_id) WHERE notice_pending = 1;

-- Work that one process at a time may do (sending reminders): the holder renews its lease while
-- it lives; when it stops renewing, another process takes over once expires_at (unix seconds) passed.
CREATE TABLE leases (
    name       TEXT    PRIMARY KEY,
    holder     TEXT    NOT NULL,
    expires_at INTEGER NOT NULL
);
