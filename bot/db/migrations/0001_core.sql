-- Command sync state: the schema hash last synced to each place (API base, application, scope),
-- so restarts do not re-sync unchanged commands and a different place always syncs.
CREATE TABLE sync_state (
    api_base       TEXT    NOT NULL,
    application_id INTEGER NOT NULL,
    scope          TEXT    NOT NULL,
    schema_hash    TEXT    NOT NULL,
    synced_at      TEXT    NOT NULL,
    PRIMARY KEY (api_base, application_id, scope)
);
