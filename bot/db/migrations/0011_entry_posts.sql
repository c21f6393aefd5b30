-- Where an entry was posted for a server channel to read: the bot's answer to a /log with share
-- (or share_logs on), or its reply to a set typed in chat with a mention. When the lifter deletes
-- the entry (/undo, /history's Delete) the bot edits that post to say so, instead of leaving the
-- channel a set that is no longer logged. It is the bot's own message: the bot edits it with its
-- own token whenever it can see the channel, where the interaction's token would last 15 minutes
-- and only in the process that answered the /log, so the message's ids are kept, never a token.
-- One row per entry, deleted with it.
CREATE TABLE entry_posts (
    entry_id   INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL
);
