-- An Edit from /history that changes a load far from the lifter's others asks "Did you mean …?"
-- as /log does, and waits in pending_logs like a /log: keyed by the form's submit, its new values
-- (JSON) in the payload. `entry_id` names the entry it would change; NULL for a new entry (a
-- /log, a chat line, a reminder's Log form), so a /log's Store anyway never stores an edit as a
-- new entry, nor an edit's button a new one.
ALTER TABLE pending_logs ADD COLUMN entry_id INTEGER;
