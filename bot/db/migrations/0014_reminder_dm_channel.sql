-- The lifter's DM channel with the bot, kept once a reminder opened it: the next reminders are
-- sent straight to it. Discord keeps one DM channel for a user and the bot, but discord.py
-- remembers only the last 128 it opened, and none across a restart, so every reminder cost a
-- request to open the channel again before the message (two of Discord's requests where one
-- does). NULL until the first reminder is sent, and again if Discord no longer knows the channel.
ALTER TABLE reminders ADD COLUMN dm_channel_id BIGINT;
