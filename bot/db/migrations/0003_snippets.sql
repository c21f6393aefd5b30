-- Guide snippets moderators pinned: where, which section at which content version, who, when.
-- Records are never deleted (an audit of what was pinned); `state` follows the message:
--   pinned   the bot pinned it and, as far as we know, it still is
--   unpinned someone removed the pin by hand (found when /snippet list or refresh reconciles)
--   removed  unpinned with /snippet unpin
--   gone     the message or its channel was deleted
CREATE TABLE snippets (
    id               INTEGER PRIMARY KEY,
    guild_id         INTEGER NOT NULL,
    channel_id       INTEGER NOT NULL,
    message_id       INTEGER NOT NULL UNIQUE,
    section_id       TEXT    NOT NULL,
    content_version  TEXT    NOT NULL,
    pinned_by        INTEGER,                  -- NULL once that moderator used /forgetme
    pinned_at        TEXT    NOT NULL,
    state            TEXT    NOT NULL DEFAULT 'pinned'
                     CHECK (state IN ('pinned', 'unpinned', 'removed', 'gone')),
    state_changed_at TEXT
);
-- /snippet list and refresh (a server's snippets, newest first); channel deletes; /forgetme.
CREATE INDEX snippets_by_guild ON snippets (guild_id, id DESC);
CREATE INDEX snippets_by_channel ON snippets (channel_id, state);
CREATE INDEX snippets_by_pinner ON snippets (pinned_by) WHERE pinned_by IS NOT NULL;
