-- A snippet the bot found pinned in a channel without a record, and recorded again ("adopted"):
-- removing the bot from a server deletes its snippet records, while the posts it pinned stay
-- pinned. Read back from the post (section, content version), so who pinned it is not known:
-- `pinned_by` is NULL, as after /forgetme, and this says why. NULL: the bot recorded the pin itself.
ALTER TABLE snippets ADD COLUMN adopted_at TEXT;
