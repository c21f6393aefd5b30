-- PostgreSQL's identity column never hands out an id twice: nothing to change (the SQLite
-- variant rebuilds entries with AUTOINCREMENT). Kept so both engines share one numbering.
SELECT 1;
