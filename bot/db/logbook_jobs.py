"""Repository: what a logbook command reads (and /log writes), each in one database trip.

Under load every trip to SQLite's thread waits for the busy event loop, so a command that needs
preferences, a variant and its history gets them from one job (see `Database.run`) instead of
one trip per query. The jobs are plain async functions of a `Queries`, so PostgreSQL runs them too
(on one pooled connection).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from functools import partial
from operator import attrgetter
from typing import cast

from bot.db import logbook_sql as sql
from bot.db import records_sql, setups_sql
from bot.db.chat_replies import ReplyPlace, owe_reply
from bot.db.database import Database, Queries
from bot.db.recent import K, Kept, Mark, V
from bot.logbook.entries import NewEntry, Preferences
from bot.logbook.plausible import is_implausible
from bot.logbook.sessions import LoggedEntry, Session, group_sessions
from bot.logbook.units import Unit
from bot.progress.records import BestSet

DEFAULT_VARIANT = "barbell"


@dataclass(frozen=True)
class VariantHistory:
    """A user's preferences, the variant in question and its entries, oldest first, as the nudge
    engine reads them."""

    prefs: Preferences
    variant: str
    entries: list[LoggedEntry]


@dataclass(frozen=True)
class LogOutcome:
    """What /log did: stored the entry (`entry_id`), found it already stored, or must ask first."""

    prefs: Preferences
    entry: NewEntry
    last_kg: float | None
    asks_first: bool
    entry_id: int | None = None
    previous_best: BestSet | None = None  # after storing: the best set of its reps in earlier sessions
    # After storing: what the nudge engine reads (`nudge_history`), grouped into sessions as
    # `group_sessions` groups them, for `advise_sessions`. Those the entry did not change are the
    # ones the lifter's last /log grouped, with what the engine worked out of them then (kept:
    # `bot.db.recent`), so its nudge reads only the new one.
    sessions: tuple[Session, ...] = ()


@dataclass(frozen=True)
class RecordInputs:
    """What /records reads: preferences, the heaviest sets (see `records_sql.record_sets`), setups."""

    prefs: Preferences
    sets: list[BestSet]
    setups: dict[int, str]


async def nudge_history(q: Queries, user_id: int, variant: str, sessions: int) -> list[LoggedEntry]:
    """Every entry of the last `sessions` sessions of `variant`; before a second session of it,
    the user's first entry of another variant too (a change of variant, not a new lifter)."""
    entries = await sql.last_sessions(q, user_id, variant, sessions)
    if _first_session(entries):
        return _after(await sql.earliest_other_variant(q, user_id, variant), entries)
    return entries


def _first_session(entries: list[LoggedEntry]) -> bool:
    return bool(entries) and len({e.day for e in entries}) == 1


def _after(other: LoggedEntry | None, entries: list[LoggedEntry]) -> list[LoggedEntry]:
    return entries if other is None else [other, *entries]


async def _prefs_and_variant(q: Queries, user_id: int, variant: str | None) -> tuple[Preferences, str]:
    """The preferences, and the variant /nudge and /progress answer about: the one asked for, else
    that of the entry logged last (what /undo offers, whatever its date: a set backdated just now
    is the lifter's latest word), else, with imports alone, that of the latest-dated entry, else
    barbell. With none asked for, the preferences and the variant logged last are one statement."""
    if variant is not None:
        return await sql.preferences(q, user_id), variant
    prefs, last = await sql.preferences_and_last_variant(q, user_id)
    if last is None:
        latest = await sql.latest(q, user_id)
        last = latest.variant if latest is not None else DEFAULT_VARIANT
    return prefs, last


async def _nudge_inputs(q: Queries, user_id: int, variant: str | None, sessions: int) -> VariantHistory:
    prefs, chosen = await _prefs_and_variant(q, user_id, variant)
    return VariantHistory(prefs, chosen, await nudge_history(q, user_id, chosen, sessions))


async def _progress_inputs(q: Queries, user_id: int, variant: str | None) -> VariantHistory:
    prefs, chosen = await _prefs_and_variant(q, user_id, variant)
    return VariantHistory(prefs, chosen, await sql.logged_for_variant(q, user_id, chosen))


async def _log(q: Queries, user_id: int, build: Callable[[Preferences], NewEntry],
               interaction_id: int | None, when: datetime, sessions: int, reply_at: ReplyPlace | None = None
               ) -> LogOutcome:
    reads = q.recent_reads  # what /log last read of lifters, where it can be kept (`bot.db.recent`)
    mark: Mark | None = None
    if reads is None:
        prefs = await sql.preferences(q, user_id)
    else:
        prefs, mark = await sql.preferences_marked(q, user_id)
    entry = build(prefs)  # validation needs the user's unit and time zone; its errors reach the user
    # Everything the nudge reads, before the insert: the insert is then the job's last statement,
    # atomic on its own, and the job needs no transaction (see LogbookJobs.log).
    sessions_key = (user_id, entry.variant, sessions)
    kept_sessions, kept_bests = (None, None) if reads is None else (reads.sessions, reads.bests)
    earlier = await _through(kept_sessions, mark, sessions_key, partial(_last_sessions, q, *sessions_key))
    # The heaviest load of the latest day: its session's working load (the sessions are of one variant).
    last_kg = earlier[-1].working_load_kg if earlier else None
    if is_implausible(entry.weight_kg, last_kg):
        return LogOutcome(prefs, entry, last_kg, asks_first=True)
    other = None
    if all(s.day == entry.performed_on for s in earlier) or sessions == 1:  # maybe a first session after
        other = await sql.earliest_other_variant(q, user_id, entry.variant)
    best_key = (user_id, entry.variant, prefs.current_setup_id, entry.reps, entry.performed_on)
    (best,) = await _through(kept_bests, mark, best_key, partial(_rep_best, q, *best_key))
    entry_id = await sql.insert_entry(q, user_id, entry, prefs.current_setup_id, interaction_id, when)
    if entry_id is None:
        return LogOutcome(prefs, entry, last_kg, asks_first=False)
    if reply_at is not None:
        await owe_reply(q, entry_id, reply_at)
    unit = cast(Unit, entry.unit)  # validate_log checked it against UNITS
    stored = LoggedEntry(entry.performed_on, entry.variant, prefs.current_setup_id, entry.weight, unit,
                         entry.weight_kg, entry.reps, entry.sets, entry.rpe, entry_id)
    grouped = _with_entry(earlier, stored, sessions)
    if reads is not None and mark is not None:  # the insert made this entry the lifter's mark
        now = mark._replace(entry_id=entry_id)
        reads.sessions.put(sessions_key, now, grouped)
        reads.bests.put(best_key, now, (best,))  # against the sessions before its day: unchanged
    if len(grouped) == 1 and other is not None:  # a first session: after another variant's (`nudge_history`)
        grouped = tuple(group_sessions(_after(other, list(grouped[0].entries))))
    return LogOutcome(prefs, entry, last_kg, asks_first=False, entry_id=entry_id, previous_best=best,
                      sessions=grouped)  # fmt: skip


async def _last_sessions(q: Queries, user_id: int, variant: str, sessions: int) -> tuple[Session, ...]:
    return tuple(group_sessions(await sql.last_sessions(q, user_id, variant, sessions)))


async def _rep_best(
    q: Queries, user_id: int, variant: str, setup_id: int | None, reps: int, day: date
) -> tuple[BestSet | None]:
    return (await records_sql.rep_best(q, user_id, variant, setup_id, reps, before=day),)


async def _through(kept: Kept[K, V] | None, mark: Mark | None, key: K, read: Callable[[], Awaitable[V]]) -> V:
    """What `read()` reads, or what `kept` holds of it when nothing changed the lifter's entries
    since their `mark` was read (kept as it is read: `bot.db.recent`); None: nothing is kept."""
    if kept is None or mark is None:
        return await read()
    value = kept.get(key, mark)
    if value is None:
        value = await read()
        kept.put(key, mark, value)
    return value


def _with_entry(earlier: Sequence[Session], stored: LoggedEntry, sessions: int) -> tuple[Session, ...]:
    """The last `sessions` sessions of the variant once `stored` is in, as `group_sessions` groups
    them: `earlier` holds them before it (by day), and a backdated entry may fall outside them.
    Only the session of its day is built anew; the others are `earlier`'s own."""
    latest = earlier[-1] if earlier else None
    # Nearly always a set of the latest session or of a new one after it, logged after every
    # entry read (its id is the newest): it goes last, with no sorting.
    if latest is None or stored.day > latest.day:
        return (*earlier, Session.in_logged_order(stored.day, stored.variant, (stored,)))[-sessions:]
    if stored.day == latest.day and stored.entry_id > latest.entries[-1].entry_id:
        return (*earlier[:-1], Session.in_logged_order(stored.day, stored.variant, (*latest.entries, stored)))
    oldest = sorted({s.day for s in earlier} | {stored.day}, reverse=True)[:sessions][-1]
    kept = [s for s in earlier if s.day >= oldest and s.day != stored.day]
    if stored.day >= oldest:
        same_day = [e for s in earlier if s.day == stored.day for e in s.entries]
        entries = tuple(sorted([*same_day, stored], key=_logged_order))
        kept.append(Session.in_logged_order(stored.day, stored.variant, entries))
        kept.sort(key=_by_day)
    return tuple(kept)


_logged_order = attrgetter("entry_id")
_by_day = attrgetter("day")


async def _record_inputs(q: Queries, user_id: int, variant: str | None) -> RecordInputs:
    return RecordInputs(
        await sql.preferences(q, user_id),
        await records_sql.record_sets(q, user_id, variant),
        await setups_sql.setup_names(q, user_id),
    )


class LogbookJobs:
    """The logbook commands' database work, one `Database.run` each."""

    def __init__(self, db: Database) -> None:
        self._db = db

    async def history(self, user_id: int, variant: str, *, sessions: int) -> list[LoggedEntry]:
        """What the nudge engine reads for `variant` (see `nudge_history`)."""
        return await self._db.run(partial(nudge_history, user_id=user_id, variant=variant, sessions=sessions))

    async def nudge_inputs(self, user_id: int, variant: str | None, *, sessions: int) -> VariantHistory:
        """Preferences, the variant (asked for, else the one logged last: `_prefs_and_variant`) and its history."""
        return await self._db.run(partial(_nudge_inputs, user_id=user_id, variant=variant, sessions=sessions))

    async def progress_inputs(self, user_id: int, variant: str | None) -> VariantHistory:
        """Preferences, the variant (as for /nudge) and every entry of it."""
        return await self._db.run(partial(_progress_inputs, user_id=user_id, variant=variant))

    async def record_inputs(self, user_id: int, variant: str | None) -> RecordInputs:
        """Preferences, the heaviest set of each variant (or just `variant`), setup, reps and RPE,
        and the setups' descriptions."""
        return await self._db.run(partial(_record_inputs, user_id=user_id, variant=variant))

    async def log(self, user_id: int, build: Callable[[Preferences], NewEntry], *, interaction_id: int | None,
                  when: datetime, sessions: int, reply_at: ReplyPlace | None = None) -> LogOutcome:
        """Validate with the user's preferences (`build` raises ValidationError), then store the
        entry unless it is implausible next to the last working load, with the history its nudge
        needs; in one trip. The insert is the job's last statement (the history is read before
        it and the entry added in Python), so no transaction is needed: a failure before the
        insert stores nothing. On SQLite the job runs whole on the one writing connection, where
        nothing else of this process runs meanwhile; on PostgreSQL a /log committed elsewhere
        meanwhile is missed either way (a transaction reads committed rows there too). `build`
        runs inside the job (on SQLite's database thread), so it must be pure and quick.

        `reply_at`: a set typed in chat, replied to once stored: the entry is kept as owed its reply
        (`bot.db.chat_replies`), in the same transaction, so a process killed before the reply
        leaves it for the next one to answer."""
        job = partial(_log, user_id=user_id, build=build, interaction_id=interaction_id, when=when,
                      sessions=sessions, reply_at=reply_at)
        return await self._db.run(job, writes=True, transaction=reply_at is not None)
