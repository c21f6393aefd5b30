-- A set typed in chat is stored first and replied to after: a process killed in between, or a
-- reply Discord refuses, leaves the lifter a stored set nobody told them of, and they type it again.
-- Until its reply goes out, the entry waits here with where the reply goes (the channel the line
-- was typed in; its server, NULL in a DM; the message replied to is the entry's interaction_id):
-- the bot replies late once it is back, or once more after a refusal, and the same line typed
-- again meanwhile is answered "already in your log" rather than stored twice. The row goes when
-- the reply does, with its entry, and after an hour unanswered (cogs.chatlog.late).
CREATE TABLE chat_replies_owed (
    entry_id   INTEGER PRIMARY KEY REFERENCES entries (id) ON DELETE CASCADE,
    guild_id   INTEGER,
    channel_id INTEGER NOT NULL
);
