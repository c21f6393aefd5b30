-- Per-server settings from /config set. One row per server that changed one; absent means
-- every default (guide answers public everywhere, no moderator log, replies ping nobody).
-- Deleted, with the server's snippets, when the bot is removed from the server.
CREATE TABLE guild_config (
    guild_id       INTEGER PRIMARY KEY,
    public_answers INTEGER NOT NULL DEFAULT 1 CHECK (public_answers IN (0, 1)),
    log_channel_id INTEGER,                   -- NULL: no moderator log
    ping_authors   INTEGER NOT NULL DEFAULT 0 CHECK (ping_authors IN (0, 1)),
    log_problem    TEXT,                      -- why Discord refused the last moderator-log post
    updated_at     TEXT    NOT NULL
);
-- The channels where public guide answers are allowed; none listed means any channel.
CREATE TABLE guild_answer_channels (
    guild_id   INTEGER NOT NULL REFERENCES guild_config (guild_id) ON DELETE CASCADE,
    channel_id INTEGER NOT NULL,
    PRIMARY KEY (guild_id, channel_id)
);
