-- PostgreSQL variant of 0004_pending_imports.sql (read that file for what it is for): BIGINT ids.
CREATE TABLE pending_imports (
    interaction_id BIGINT PRIMARY KEY,
    user_id        BIGINT NOT NULL,
    source         TEXT   NOT NULL,
    payload        TEXT   NOT NULL,
    expires_at     TEXT   NOT NULL
);
CREATE INDEX pending_imports_by_user ON pending_imports (user_id);

ALTER TABLE import_batches ADD COLUMN interaction_id BIGINT;
CREATE UNIQUE INDEX import_batches_by_interaction ON import_batches (interaction_id)
    WHERE interaction_id IS NOT NULL;
