"""Logged entries and the sessions they form: the terms the progression rules rest on.

Pure. A *session* is one lifter's entries for one variant on one day. The day is the
lifter's local calendar day, decided once when the entry is logged (`entries.today_in`), so
grouping here never looks at a clock or a time zone.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from itertools import chain, groupby
from operator import attrgetter, itemgetter
from typing import Any, Generic, NamedTuple, TypeVar, overload

from bot.logbook.units import Unit, from_kg, same_load

T = TypeVar("T")


class LoggedEntry(NamedTuple):
    """One /log row as the engine sees it: `sets` sets of `reps` at one load.

    A named tuple, not a frozen dataclass: every nudge builds one per entry of its history, and
    a tuple is built in a third of the time (issue 21)."""

    day: date
    variant: str
    setup_id: int | None
    weight: float
    unit: Unit
    weight_kg: float
    reps: int
    sets: int
    rpe: float | None
    entry_id: int


def _top_order(entry: LoggedEntry) -> tuple[float, int, int]:
    return entry.weight_kg, entry.reps, -entry.entry_id


# `_top_order` without the entry id, in C (LoggedEntry's weight_kg and reps): for entries in logged
# order, max() keeps the first of equals, which is the first logged, as `_top_order` picks it.
_load_and_reps = itemgetter(5, 6)
_setup_of = itemgetter(2)  # LoggedEntry.setup_id
_entries_of = attrgetter("entries")
# What makes two entries alike (`Session.doubles`): LoggedEntry's load as entered, reps and sets.
_alike = itemgetter(3, 4, 6, 7)


class _Once(Generic[T]):
    """A value worked out on first read and kept in the instance: functools.cached_property
    without the lock Python 3.11's takes on every first read (a nudge reads ~40 of them)."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> _Once[T]: ...
    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...
    def __get__(self, instance: object | None, owner: type | None = None) -> T | _Once[T]:
        if instance is None:
            return self
        value: T = self.func(instance)
        instance.__dict__[self.name] = value  # read from there from now on: no call at all
        return value


@dataclass(frozen=True)
class Session:
    """A lifter's entries for one variant on one day, in logged order."""

    day: date
    variant: str
    entries: tuple[LoggedEntry, ...]

    @classmethod
    def in_logged_order(cls, day: date, variant: str, entries: tuple[LoggedEntry, ...]) -> Session:
        """The same as `Session(day, variant, entries)` for `entries` in logged order (entry ids
        ascending, as `group_sessions` sorts them), with its top set, setup and working load
        already worked out: every nudge builds ~12 sessions and reads the setup of each and the
        working load of most. A frozen dataclass's __init__ sets each field through
        object.__setattr__, where filling __dict__ at once takes two thirds of the time, and in
        logged order the top needs no Python key function (one entry is its own top). Nothing is
        checked either way (no __post_init__; tests/logbook/test_sessions.py holds the two equal,
        field for field, and what they work out)."""
        session = object.__new__(cls)
        top = entries[0] if len(entries) == 1 else max(entries, key=_load_and_reps)
        session.__dict__.update(day=day, variant=variant, entries=entries, top=top, setup_id=top.setup_id,
                                working_load_kg=top.weight_kg)  # fmt: skip
        return session

    # What a session works out is kept in the instance (_Once): a Session never changes, and the
    # rules read these many times per nudge. None of it is part of its equality or repr.

    @_Once
    def top(self) -> LoggedEntry:
        """The heaviest set; among equals the one with most reps, then the first logged."""
        return max(self.entries, key=_top_order)

    @_Once
    def setup_id(self) -> int | None:
        """The setup of the top set (the one the working load was lifted on)."""
        return self.top.setup_id

    @_Once
    def working_load_kg(self) -> float:
        """The top set's load, in kg."""
        return self.top.weight_kg

    @_Once
    def one_setup(self) -> bool:
        """Whether every entry is on one setup, as nearly every session is (`by_setup` splits the
        rest); kept, as what a /log keeps for the lifter's next is read again then."""
        first = self.entries[0].setup_id
        return all(e.setup_id == first for e in self.entries)

    @property
    def total_sets(self) -> int:
        """All sets of the session."""
        return sum(e.sets for e in self.entries)

    @_Once
    def working_entries(self) -> tuple[LoggedEntry, ...]:
        """Entries at the working load (lighter back-off sets excluded)."""
        load = self.working_load_kg
        return tuple(e for e in self.entries if same_load(e.weight_kg, load))

    @_Once
    def working_sets(self) -> int:
        """Number of sets at the working load."""
        return sum(e.sets for e in self.working_entries)

    @_Once
    def set_reps(self) -> tuple[int, ...]:
        """The reps of each set at the working load, most first: what "reps fell" compares."""
        return tuple(sorted((e.reps for e in self.working_entries for _ in range(e.sets)), reverse=True))

    @_Once
    def doubles(self) -> dict[LoggedEntry, tuple[LoggedEntry, ...]]:
        """Entries that repeat an earlier entry of the session of more than one set, by the entry
        kept in their place (only kept entries with doubles, in the order they were first logged):
        the same load as entered, reps and sets, and the same RPE or one without (a /log sent
        twice, or a set typed in chat and logged with /log too). Single sets are never doubles:
        logging sets one at a time, the same set minutes apart is the normal case. Of two, the one
        with an RPE is kept. Worked out once: /log's next nudge reads the same sessions again
        (`bot.db.recent`)."""
        entries = self.entries
        # Most sessions have no two entries alike at all, and a nudge reads twelve: one pass in C
        # tells, before the entries of several sets are picked out in Python.
        if len(set(map(_alike, entries))) == len(entries):
            return {}
        several = [entry for entry in entries if entry.sets > 1]
        if len(set(map(_alike, several))) == len(several):  # alike single sets are never doubles
            return {}
        kept: dict[tuple[float, str, int, int], list[list[LoggedEntry]]] = {}  # by load as entered, reps and sets
        groups: list[list[LoggedEntry]] = []  # each: the kept entry, then its doubles
        for entry in several:
            alike = kept.setdefault(_alike(entry), [])
            rpe = entry.rpe
            # The first group it joins: the same RPE, or one of the two without (a loop, not next()
            # over a generator: the session of a /log sent five times runs it for each).
            for group in alike:
                if group[0].rpe is None or rpe is None or group[0].rpe == rpe:
                    if group[0].rpe is None and rpe is not None:
                        group.insert(0, entry)
                    else:
                        group.append(entry)
                    break
            else:
                alike.append([entry])
                groups.append(alike[-1])
        return {g[0]: tuple(g[1:]) for g in groups if len(g) > 1}

    @property
    def without_doubles(self) -> Session:
        """The session without its `doubles`: each entry kept in their place stays (itself when it
        has none, never kept in the instance: a session holding itself would be a reference cycle,
        freed only by the cyclic collector)."""
        return self._without_doubles if self.doubles else self

    @_Once
    def _without_doubles(self) -> Session:
        """Told apart by entry id, not by comparing whole entries (the doubles of a /log sent five
        times are alike in all else)."""
        doubles = self.doubles
        gone = {double.entry_id for group in doubles.values() for double in group}
        kept = tuple(entry for entry in self.entries if entry.entry_id not in gone)
        return Session.in_logged_order(self.day, self.variant, kept)

    def load_in(self, unit: Unit) -> float:
        """The working load in `unit`, taken as entered when the units match."""
        top = self.top
        return top.weight if top.unit == unit else from_kg(top.weight_kg, unit)


def fewer_reps(before: Session, after: Session) -> bool:
    """Whether `after` did fewer reps than `before`, set for set: their best sets, as many as
    both did. A set added after the others (3 × 12, then 1 × 8) is not reps falling, as a mean
    per set would read it."""
    shared = min(len(before.set_reps), len(after.set_reps))
    return sum(after.set_reps[:shared]) < sum(before.set_reps[:shared])


# One sort (in C, by attrgetter) puts every session's entries together in logged order.
_grouping_order = attrgetter("day", "variant", "entry_id")
_session_key = attrgetter("day", "variant")


def group_sessions(entries: Iterable[LoggedEntry]) -> list[Session]:
    """Group entries into sessions (variant, day), ordered by day, then variant."""
    return [
        Session.in_logged_order(day, variant, tuple(group))
        for (day, variant), group in groupby(sorted(entries, key=_grouping_order), key=_session_key)
    ]


def by_setup(sessions: Iterable[Session]) -> list[Session]:
    """`sessions` with each day that holds entries on several setups (a /setup between them) split
    into a session per setup, as like is compared with like: the sets on another setup are neither
    lighter sets of a session nor compared with it. Of one day's, the setup logged on last comes
    last (the lifter's setup now, as /setup set it for the logs after it); a day on one setup is
    the session it was.

    `sessions` as `group_sessions` orders them."""
    sessions = list(sessions)
    if len(set(map(_setup_of, chain.from_iterable(map(_entries_of, sessions))))) <= 1:
        return sessions  # one setup throughout, as nearly every history read is: told in C
    split: list[Session] = []
    for session in sessions:
        if session.one_setup:
            split.append(session)
            continue
        parts: dict[int | None, list[LoggedEntry]] = {}
        for entry in session.entries:
            parts.setdefault(entry.setup_id, []).append(entry)
        for part in sorted(parts.values(), key=lambda p: p[-1].entry_id):
            split.append(Session.in_logged_order(session.day, session.variant, tuple(part)))
    return split


def latest_setup_sessions(sessions: list[Session]) -> list[Session]:
    """The sessions on the latest session's setup, ending with it: what compares like with like.
    A setup the lifter goes back to picks up its own earlier sessions, and those on other setups
    in between are left out (alternating two gyms, each is compared with itself).

    `sessions` are one variant's, in day order."""
    if not sessions:
        return []
    setup = sessions[-1].setup_id
    return [s for s in sessions if s.setup_id == setup]
