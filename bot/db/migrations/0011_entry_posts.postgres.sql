-- PostgreSQL variant of 0011_entry_posts.sql (read that file for what it is for): BIGINT ids.
CREATE TABLE entry_posts (
    entry_id   BIGINT PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    guild_id   BIGINT NOT NULL,
    channel_id BIGINT NOT NULL,
    message_id BIGINT NOT NULL
);
