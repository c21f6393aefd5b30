-- What a row of pending_logs waits for, named in a column of its own: 'entry' (an entry waiting
-- for Store anyway after "Did you mean …?", or an Edit's new values when `entry_id` is set),
-- 'choices' (a chat line's readings, waiting for one to be picked) or 'draft' (an Edit form
-- refused, its fields as typed, waiting for Fix the form). Until now the kind was read from the
-- payload's first key, so every reader had to leave the other kinds out itself (a LIKE on the
-- payload, or a look at its keys). Rows kept before this get their kind from that same prefix
-- (json.dumps wrote it, so it is exact). The default is for those rows: every write names its kind.
ALTER TABLE pending_logs ADD COLUMN kind TEXT NOT NULL DEFAULT 'entry'
    CHECK (kind IN ('entry', 'choices', 'draft'));
UPDATE pending_logs SET kind = 'choices' WHERE payload LIKE '{"choices":%';
UPDATE pending_logs SET kind = 'draft' WHERE payload LIKE '{"draft":%';
