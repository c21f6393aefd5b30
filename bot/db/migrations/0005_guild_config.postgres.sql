-- PostgreSQL variant of 0005_guild_config.sql (read that file for what it is for): BIGINT ids.
CREATE TABLE guild_config (
    guild_id       BIGINT  PRIMARY KEY,
    public_answers INTEGER NOT NULL DEFAULT 1 CHECK (public_answers IN (0, 1)),
    log_channel_id BIGINT,
    ping_authors   INTEGER NOT NULL DEFAULT 0 CHECK (ping_authors IN (0, 1)),
    log_problem    TEXT,
    updated_at     TEXT    NOT NULL
);
CREATE TABLE guild_answer_channels (
    guild_id   BIGINT NOT NULL REFERENCES guild_config (guild_id) ON DELETE CASCADE,
    channel_id BIGINT NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
