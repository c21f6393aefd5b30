"""What /log last read of a lifter, kept so that their next /log need not read it again (SQLite
only): the last sessions of the variant, and the rep record a set is measured against.

A lifter logs a session a set at a time, and each /log read the last twelve sessions of the
variant for its nudge (the biggest read of a /log: ~55 µs of the database thread's ~190, issue
32), and the best earlier set of its reps: reads of a logbook that /log itself had just written,
or that no /log of today changes (the record is against the sessions before the set's day). So
/log keeps what it read (the sessions as they are once its entry is in), and the lifter's next
/log uses it when nothing else has changed their entries since.

What tells it, exactly:
- The writing connection keeps, in a temporary table of its own (`TRACKING`), for each lifter
  whose entries it inserted, the id of the entry it inserted last; its triggers remove the row
  when it updates or deletes one of their entries (an edit, a delete, an import taken back, a
  setup deleted, /forget-me). What is kept carries the id of the insert it followed (or the one
  read with it), and is used only while the lifter's row still holds that id: ids are never
  reused (AUTOINCREMENT), so a row that changed can never show it again.
- Another connection's commits (another shard process on the file) fire none of those triggers:
  SQLite's `data_version` moves with them, and everything kept is dropped.
- The temporary table lives and dies with the connection, in memory, in its transactions: a
  rolled-back change rolls its mark back too.

Everything that uses it runs on the writing connection's thread, and a job runs there whole, with
no other statement of the process meanwhile: a mark and what it guards are read as one.
PostgreSQL keeps nothing: there, processes write beside each other, each on connections of its own.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable
from datetime import date
from typing import Generic, NamedTuple, TypeVar

from bot.logbook.sessions import Session
from bot.progress.records import BestSet

# Statements for the writing connection, once the schema is migrated: the marks live in the
# connection's temporary schema (in memory: temp_store), never in the database file.
TRACKING = (
    "PRAGMA temp_store = MEMORY",
    "CREATE TEMP TABLE IF NOT EXISTS logbook_marks (user_id INTEGER PRIMARY KEY, entry_id INTEGER NOT NULL)",
    "CREATE TEMP TRIGGER IF NOT EXISTS logbook_marks_insert AFTER INSERT ON main.entries BEGIN"
    " INSERT INTO logbook_marks (user_id, entry_id) VALUES (NEW.user_id, NEW.id)"
    " ON CONFLICT (user_id) DO UPDATE SET entry_id = excluded.entry_id; END",
    "CREATE TEMP TRIGGER IF NOT EXISTS logbook_marks_update AFTER UPDATE ON main.entries BEGIN"
    " DELETE FROM logbook_marks WHERE user_id IN (OLD.user_id, NEW.user_id); END",
    "CREATE TEMP TRIGGER IF NOT EXISTS logbook_marks_delete AFTER DELETE ON main.entries BEGIN"
    " DELETE FROM logbook_marks WHERE user_id = OLD.user_id; END",
)

# Read with the lifter's preferences, in the same statement (see `logbook_sql.preferences_marked`).
MARK_COLUMNS = "m.entry_id, (SELECT data_version FROM pragma_data_version)"
MARK_JOIN = "LEFT JOIN temp.logbook_marks m ON m.user_id = k.user_id"


class Mark(NamedTuple):
    """A lifter's entries as the writing connection knows them: the id of the entry it inserted
    for them last, unless something changed them since (None), and SQLite's `data_version`."""

    entry_id: int | None
    data_version: int


K = TypeVar("K", bound=tuple[Hashable, ...])
V = TypeVar("V")


class Kept(Generic[K, V]):
    """Values by key (the lifter's user id first), each with the mark it holds for; the least
    recently used dropped first beyond `size`."""

    def __init__(self, size: int) -> None:
        self._size = size
        self._kept: OrderedDict[K, tuple[int, V]] = OrderedDict()
        self._data_version: int | None = None

    def __len__(self) -> int:
        return len(self._kept)

    def get(self, key: K, mark: Mark) -> V | None:
        """The value kept for `key`, if nothing changed the lifter's entries since; else None."""
        self._check(mark)
        kept = self._kept.get(key)
        if kept is None or mark.entry_id is None or kept[0] != mark.entry_id:
            return None
        self._kept.move_to_end(key)
        return kept[1]

    def put(self, key: K, mark: Mark, value: V) -> None:
        """Keep `value` for as long as the lifter's mark is `mark` (the one read with it, or with
        the id just inserted); nothing when it has no entry id."""
        self._check(mark)
        if mark.entry_id is None:
            return
        self._kept[key] = (mark.entry_id, value)
        self._kept.move_to_end(key)
        if len(self._kept) > self._size:
            self._kept.popitem(last=False)

    def forget(self, user_id: int) -> None:
        """Drop everything kept of one lifter (their data was erased)."""
        for key in [key for key in self._kept if key[0] == user_id]:
            del self._kept[key]

    def _check(self, mark: Mark) -> None:
        if mark.data_version != self._data_version:  # another connection committed: trust nothing
            self._kept.clear()
            self._data_version = mark.data_version


SessionsKey = tuple[int, str, int]  # user id, variant, sessions
BestKey = tuple[int, str, int | None, int, date]  # user id, variant, setup id, reps, the set's day


class RecentReads:
    """What /log keeps: the last sessions of a variant, grouped, with what the nudge engine worked
    out of them (~10 KiB each), and the best earlier set of a rep count (a `BestSet` or None,
    boxed: None is an answer too)."""

    def __init__(self, sessions: int = 512, bests: int = 1024) -> None:
        self.sessions: Kept[SessionsKey, tuple[Session, ...]] = Kept(sessions)
        self.bests: Kept[BestKey, tuple[BestSet | None]] = Kept(bests)

    def forget(self, user_id: int) -> None:
        self.sessions.forget(user_id)
        self.bests.forget(user_id)
