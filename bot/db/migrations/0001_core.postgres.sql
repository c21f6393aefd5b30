-- PostgreSQL variant of 0001_core.sql: Discord ids need 64 bits (BIGINT).
CREATE TABLE sync_state (
    api_base       TEXT   NOT NULL,
    application_id BIGINT NOT NULL,
    scope          TEXT   NOT NULL,
    schema_hash    TEXT   NOT NULL,
    synced_at      TEXT   NOT NULL,
    PRIMARY KEY (api_base, application_id, scope)
);
