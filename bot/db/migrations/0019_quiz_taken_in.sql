-- Where a fit quiz verdict was taken, in a column of its own: 'server' (a server the bot is in,
-- its id in guild_id), 'dm' (DMs), 'left' (a server the bot was removed from since: the removal
-- took its id off) or 'without_bot' (a server holding the app's commands without the bot, whose
-- id is never kept). Until now all but 'server' were only a NULL guild_id, so a quiz taken in DMs
-- or in a server without the bot deleted each of them: the DM verdict, and one for each server the
-- bot had left. Rows kept from before cannot be told apart and say so: 'no_server' (DMs, or a
-- server the bot left or was not in); no write makes one again. The default is for those rows:
-- every write names where.
ALTER TABLE quiz_results ADD COLUMN taken_in TEXT NOT NULL DEFAULT 'no_server'
    CHECK (taken_in IN ('server', 'dm', 'left', 'without_bot', 'no_server'));
UPDATE quiz_results SET taken_in = 'server' WHERE guild_id IS NOT NULL;
