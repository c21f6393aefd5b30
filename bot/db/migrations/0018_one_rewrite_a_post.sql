-- posts_to_mark also keeps the text an edited entry's post is to show (the entry as it is now,
-- marked edited), in the transaction that saves the edit, as a delete keeps its "Deleted: …":
-- an edit whose process died before rewriting the post left it showing the old numbers for ever.
-- One row a post: a later edit or delete of its entry replaces the text waiting (the later text
-- wins), so the start-up pass never writes an older one over it. Rows kept before this are one a
-- deleted entry, so one a post already; should two name one message, the later stays.
DELETE FROM posts_to_mark WHERE id NOT IN (SELECT MAX(id) FROM posts_to_mark GROUP BY message_id);
CREATE UNIQUE INDEX posts_to_mark_message ON posts_to_mark (message_id);
