"""Logged entries and the sessions they form: the terms the progression rules rest on.

Pure. A *session* is one lifter's entries for one variant on one day. The day is the
lifter's local calendar day, decided once when the entry is logged (`entries.today_in`), so
grouping here never looks at a clock or a time zone.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cached_property
from itertools import groupby
from operator import attrgetter
from typing import NamedTuple

from bot.logbook.units import Unit, from_kg, same_load


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


@dataclass(frozen=True)
class Session:
    """A lifter's entries for one variant on one day, in logged order."""

    day: date
    variant: str
    entries: tuple[LoggedEntry, ...]
    # The heaviest set; among equals the one with most reps, then the first logged. Worked out
    # once, here: the rules ask for it (and what rests on it) many times per nudge.
    top: LoggedEntry = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "top", max(self.entries, key=_top_order))

    @property
    def setup_id(self) -> int | None:
        """The setup of the top set (the one the working load was lifted on)."""
        return self.top.setup_id

    @property
    def working_load_kg(self) -> float:
        """The top set's load, in kg."""
        return self.top.weight_kg

    @property
    def total_sets(self) -> int:
        """All sets of the session."""
        return sum(e.sets for e in self.entries)

    @cached_property  # the rules ask for it several times per nudge; a Session never changes
    def working_entries(self) -> tuple[LoggedEntry, ...]:
        """Entries at the working load (lighter back-off sets excluded)."""
        return tuple(e for e in self.entries if same_load(e.weight_kg, self.working_load_kg))

    @property
    def working_sets(self) -> int:
        """Number of sets at the working load."""
        return sum(e.sets for e in self.working_entries)

    @cached_property
    def set_reps(self) -> tuple[int, ...]:
        """The reps of each set at the working load, most first: what "reps fell" compares."""
        return tuple(sorted((e.reps for e in self.working_entries for _ in range(e.sets)), reverse=True))

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
        Session(day, variant, tuple(group))
        for (day, variant), group in groupby(sorted(entries, key=_grouping_order), key=_session_key)
    ]


def latest_setup_sessions(sessions: list[Session]) -> list[Session]:
    """The sessions on the latest session's setup, ending with it: what compares like with like.
    A setup the lifter goes back to picks up its own earlier sessions, and those on other setups
    in between are left out (alternating two gyms, each is compared with itself).

    `sessions` are one variant's, in day order."""
    if not sessions:
        return []
    setup = sessions[-1].setup_id
    return [s for s in sessions if s.setup_id == setup]
