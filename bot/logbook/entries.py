"""The logbook's entry types: what a lifter logs, the bounds of each field, and their preferences
(/log's checks are `bot.logbook.checks`, /settings' `bot.logbook.prefs`, entries told back `bot.logbook.describe`)."""

from __future__ import annotations

from dataclasses import dataclass, fields
from datetime import date, datetime
from typing import Literal, get_args
from zoneinfo import ZoneInfo

from bot.logbook.units import DEFAULT_INCREMENT, UNITS, Unit, from_kg, to_kg

# The one list of variants: command options are annotated with `Variant`, code checks against `VARIANTS`.
Variant = Literal["barbell", "machine", "smith", "bridge", "single-leg", "banded"]
VARIANTS: tuple[Variant, ...] = get_args(Variant)
MAX_NOTE = 200
MAX_SETUP = 200
REPS = (1, 100)
SETS = (1, 20)
RPE = (1.0, 10.0)
REP_RANGE = (1, 30)
GUIDE_REPS = (6, 15)  # the guide's "about 6 to 15 reps": the default rep range, and what outside-default compares
EARLIEST_DATE = date(1900, 1, 1)


@dataclass(frozen=True)
class Preferences:
    """A lifter's settings, as stored; the nudge engine takes them as they are."""

    unit: Unit = "kg"
    rep_low: int = GUIDE_REPS[0]
    rep_high: int = GUIDE_REPS[1]
    increment_kg: float | None = None  # None: 2.5 kg or 5 lb, whichever `unit` is
    timezone: str = "UTC"
    share_logs: bool = False
    current_setup_id: int | None = None

    def __post_init__(self) -> None:
        # /settings checks each option for the lifter (check_rep_range, check_increment) and the
        # database has the same checks on unit and range; these are for code that builds one
        # directly, so the nudge engine never reasons on a range upside down or a zero step.
        if self.unit not in UNITS:
            raise ValueError(f"unit must be one of {UNITS}, got {self.unit!r}")
        if not REP_RANGE[0] <= self.rep_low <= self.rep_high <= REP_RANGE[1]:
            raise ValueError(f"rep range must satisfy {REP_RANGE[0]} <= rep_low <= rep_high <= {REP_RANGE[1]}")
        if self.increment_kg is not None and not self.increment > 0:
            raise ValueError("increment must be positive in the lifter's unit")

    @property
    def increment(self) -> float:
        """The load increment in the user's unit."""
        if self.increment_kg is None:
            return DEFAULT_INCREMENT[self.unit]
        return round(from_kg(self.increment_kg, self.unit), 2)


@dataclass(frozen=True)
class NewEntry:
    """A validated /log, ready to store."""

    performed_on: date
    variant: str
    sets: int
    reps: int
    weight: float
    unit: str
    rpe: float | None
    note: str | None

    @property
    def weight_kg(self) -> float:
        return to_kg(self.weight, self.unit)

    def same_set(self, other: NewEntry) -> bool:
        """Whether `other` says the same set: day, variant, numbers and note (not ids or setups)."""
        return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(NewEntry))


@dataclass(frozen=True)
class Entry(NewEntry):
    """A stored entry."""

    id: int
    setup_id: int | None = None
    setup: str | None = None
    edited_at: datetime | None = None  # when the lifter last edited it (/history), if ever

    @classmethod
    def read_back(
        cls, performed_on: date, variant: str, sets: int, reps: int, weight: float, unit: str, rpe: float | None,
        note: str | None, id: int, setup_id: int | None, setup: str | None, edited_at: datetime | None,
    ) -> Entry:
        """The entry as the database holds it, the same as `Entry(...)` with every field given.
        A frozen dataclass's __init__ sets each field through object.__setattr__: 1.3 µs for
        these twelve, where filling the instance's __dict__ at once takes 0.5 µs, and a
        /history page reads ~25 entries. Nothing is checked either way (no __post_init__;
        tests/logbook/test_entries.py holds the two equal, field for field)."""
        entry = object.__new__(cls)
        entry.__dict__.update(
            performed_on=performed_on, variant=variant, sets=sets, reps=reps, weight=weight, unit=unit, rpe=rpe,
            note=note, id=id, setup_id=setup_id, setup=setup, edited_at=edited_at,
        )  # fmt: skip
        return entry


def today_in(timezone: str, now: datetime) -> date:
    """The calendar date in the IANA zone `timezone` at the aware instant `now`."""
    if now.tzinfo is None:
        # astimezone would take a naive time as the server's local time: a wrong day, silently.
        raise ValueError("today_in needs an aware datetime")
    return now.astimezone(ZoneInfo(timezone)).date()


def setup_key(description: str) -> str:
    """What makes two descriptions one setup: their words, whatever the case and spacing
    ("Bench 40 cm" is "bench  40 cm"). /setup and an import both find a lifter's setup by it."""
    return " ".join(description.casefold().split())
