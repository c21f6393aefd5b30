-- Posts in server channels still to be edited into what they must say now: the post of each entry
-- the lifter deleted (/undo, /history's Delete, an Undo button) or of every entry /forgetme deleted,
-- each with its "Deleted: …" text. A row is kept in the transaction that deletes the entry, whose
-- entry_posts row goes with it, and deleted once the post is edited (or is gone, or Discord refused
-- for good). The edit comes after the delete and its answer, and may wait minutes on Discord's rate
-- limits: a process that dies meanwhile leaves the rows, and the next one to start marks them
-- (cogs.logbook.marking), so no post keeps showing a set that is no longer logged. No user id: the
-- text is what the channel is about to read, and the row names only the bot's own message.
CREATE TABLE posts_to_mark (
    id         INTEGER PRIMARY KEY,
    guild_id   INTEGER NOT NULL,
    channel_id INTEGER NOT NULL,
    message_id INTEGER NOT NULL,
    content    TEXT    NOT NULL
);
