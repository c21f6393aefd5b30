-- PostgreSQL variant of 0005_reminders.sql (read that file for what it is for): BIGINT ids and instants.
CREATE TABLE reminders (
    user_id        BIGINT  PRIMARY KEY,
    days           TEXT    NOT NULL,
    at_minute      INTEGER NOT NULL CHECK (at_minute BETWEEN 0 AND 1439),
    zone           TEXT    NOT NULL,
    next_due_at    BIGINT  NOT NULL,
    handled_at     BIGINT  NOT NULL,
    sent_count     INTEGER NOT NULL DEFAULT 0,
    paused         INTEGER NOT NULL DEFAULT 0,
    notice_pending INTEGER NOT NULL DEFAULT 0,
    created_at     TEXT    NOT NULL
);
CREATE INDEX reminders_due ON reminders (next_due_at) WHERE paused = 0;
CREATE INDEX reminders_notices ON reminders (user_id) WHERE notice_pending = 1;

CREATE TABLE leases (
    name       TEXT   PRIMARY KEY,
    holder     TEXT   NOT NULL,
    expires_at BIGINT NOT NULL
);
