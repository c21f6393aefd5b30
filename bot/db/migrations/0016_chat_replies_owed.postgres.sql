-- PostgreSQL variant of 0016_chat_replies_owed.sql (read that file for what it is for): BIGINT ids.
CREATE TABLE chat_replies_owed (
    entry_id   BIGINT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    guild_id   BIGINT,
    channel_id BIGINT NOT NULL
);
