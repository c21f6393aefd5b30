"""The logbook's pure rules: validating what a lifter logs and describing entries back."""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from typing import Literal, TypeVar, get_args
from zoneinfo import ZoneInfo

from bot.errors import ValidationError
from bot.logbook.units import (
    DEFAULT_INCREMENT,
    MAX_INCREMENT,
    MAX_WEIGHT,
    MIN_INCREMENT,
    MIN_LOAD,
    UNITS,
    Unit,
    format_number,
    format_weight,
    from_kg,
    to_kg,
)
from bot.logbook.zones import known_zone

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
_T = TypeVar("_T")
_ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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


@dataclass(frozen=True)
class Entry(NewEntry):
    """A stored entry."""

    id: int
    setup_id: int | None = None
    setup: str | None = None
    edited_at: datetime | None = None  # when the lifter last edited it (/history), if ever


def today_in(timezone: str, now: datetime) -> date:
    """The calendar date in the IANA zone `timezone` at the aware instant `now`."""
    if now.tzinfo is None:
        # astimezone would take a naive time as the server's local time: a wrong day, silently.
        raise ValueError("today_in needs an aware datetime")
    return now.astimezone(ZoneInfo(timezone)).date()


def _whole(field: str, value: object, low: int, high: int) -> int:
    allowed = f"a whole number from {low} to {high}"
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, allowed, value)
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValidationError(field, allowed, value)
    if not low <= value <= high:
        raise ValidationError(field, allowed, value)
    return int(value)


def check_count(field: str, value: object, bounds: tuple[int, int]) -> int:
    """A whole number within `bounds` (reps, sets), as /log checks one."""
    return _whole(field, value, *bounds)


def _number(value: object) -> float | None:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def check_choice(field: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(field, "one of " + ", ".join(choices), value)
    return value


def setup_key(description: str) -> str:
    """What makes two descriptions one setup: their words, whatever the case and spacing
    ("Bench 40 cm" is "bench  40 cm"). /setup and an import both find a lifter's setup by it."""
    return " ".join(description.casefold().split())


# Control characters, lone surrogates, and the line and paragraph separators (U+2028, U+2029),
# which a client may break a line at.
NOT_PLAIN = frozenset({"Cc", "Cs", "Zl", "Zp"})
# Direction overrides and isolates (U+202A–U+202E, U+2066–U+2069) turn the text shown after them
# around: a note's closing quote in /history. Joiners (emoji sequences) are formats too, and stay.
DIRECTION_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")


def check_text(field: str, value: object, limit: int) -> str | None:
    """Plain text up to `limit` characters; blank means none."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise ValidationError(field, f"text of at most {limit} characters", value)
    text = value.strip()
    if any(unicodedata.category(ch) in NOT_PLAIN or ch in DIRECTION_CONTROLS for ch in text):
        raise ValidationError(field, "one line of plain text, without line breaks or other control characters")
    if len(text) > limit:
        raise ValidationError(field, f"at most {limit} characters (it has {len(text)})")
    if all(unicodedata.category(ch) == "Cf" for ch in text):  # only invisible characters: blank
        return None
    return text or None


def check_weight(value: object, unit: str) -> float:
    top = MAX_WEIGHT[unit]
    allowed = f"a number from 0 (bodyweight) to {format_number(top)} {unit}"
    weight = _number(value)
    if weight is None or not 0 <= weight <= top:
        raise ValidationError("weight", allowed, value)
    if 0 < weight < MIN_LOAD:
        raise ValidationError("weight", f"0 (bodyweight) or at least {format_number(MIN_LOAD)} {unit}", value)
    return weight


def check_rpe(value: object) -> float | None:
    if value is None:
        return None
    rpe = _number(value)
    if rpe is None or not RPE[0] <= rpe <= RPE[1] or not (rpe * 2).is_integer():
        raise ValidationError("rpe", "from 1 to 10 in steps of 0.5 (e.g. 7, 7.5, 8)", value)
    return rpe


def check_date(value: object, today: date) -> date:
    if value is None:
        return today
    span = f"not after today ({today.isoformat()}) nor before {EARLIEST_DATE.isoformat()}"
    written = f"a date as YYYY-MM-DD, {span}"
    if not isinstance(value, str) or not _ISO_DATE.match(value.strip()):
        raise ValidationError("date", written, value)
    try:
        day = date.fromisoformat(value.strip())
    except ValueError:
        raise ValidationError("date", written, value) from None
    if day > today or day < EARLIEST_DATE:  # written right, but out of range: only that is wrong
        raise ValidationError("date", f"a date {span}", value)
    return day


DATE_CHOICES = 14  # days /log's date autocomplete offers, today first
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def date_suggestions(today: date, typed: str) -> list[tuple[str, str]]:
    """The last two weeks for /log's date option, today first, as (what the lifter reads, the
    YYYY-MM-DD sent): ("yesterday · Wed 2 Dec", "2026-12-02"). Those whose either text holds
    what was typed (any case): "yest", "mon", "11-30"."""
    needle = typed.strip().casefold()
    offered = []
    for back in range(DATE_CHOICES):
        day = today - timedelta(days=back)
        label = f"{_WEEKDAYS[day.weekday()]} {day.day} {_MONTHS[day.month - 1]}"  # not the locale's
        name = "today · " + label if back == 0 else "yesterday · " + label if back == 1 else label
        value = day.isoformat()
        if needle in name.casefold() or needle in value:
            offered.append((name, value))
    return offered


def check_log(
    *,
    weight: object,
    reps: object,
    sets: object = 1,
    rpe: object = None,
    variant: object = "barbell",
    unit: object = None,
    note: object = None,
    day: object = None,
    prefs: Preferences,
    now: datetime,
) -> tuple[NewEntry | None, list[ValidationError]]:
    """Check every /log option (payloads can arrive unchecked): the entry when all pass, and every
    ValidationError, each naming its field, in the order /log checks them (unit, date, variant,
    sets, reps, weight, rpe, note). The one list of /log's checks: `validate_log` answers with
    the first, the Edit form names them all (`bot.logbook.edits.read_form`)."""
    errors: list[ValidationError] = []

    def checked(check: Callable[..., _T], *args: object) -> _T | None:
        try:
            return check(*args)
        except ValidationError as error:
            errors.append(error)
            return None

    chosen_unit = checked(check_choice, "unit", prefs.unit if unit is None else unit, UNITS)
    performed_on = checked(check_date, day, today_in(prefs.timezone, now))
    chosen_variant = checked(check_choice, "variant", "barbell" if variant is None else variant, VARIANTS)
    set_count = checked(_whole, "sets", 1 if sets is None else sets, *SETS)
    rep_count = checked(_whole, "reps", reps, *REPS)
    load = None if chosen_unit is None else checked(check_weight, weight, chosen_unit)
    chosen_rpe = checked(check_rpe, rpe)
    text = checked(check_text, "note", note, MAX_NOTE)
    # Each is None only with its error listed; spelled out for the type checker.
    if (errors or performed_on is None or chosen_unit is None or chosen_variant is None or set_count is None
            or rep_count is None or load is None):
        return None, errors
    return NewEntry(performed_on, chosen_variant, set_count, rep_count, load, chosen_unit, chosen_rpe, text), []


def validate_log(
    *,
    weight: object,
    reps: object,
    sets: object = 1,
    rpe: object = None,
    variant: object = "barbell",
    unit: object = None,
    note: object = None,
    day: object = None,
    prefs: Preferences,
    now: datetime,
) -> NewEntry:
    """Check every /log option (payloads can arrive unchecked); raise the first ValidationError
    (`check_log` order), naming the field."""
    entry, errors = check_log(weight=weight, reps=reps, sets=sets, rpe=rpe, variant=variant, unit=unit, note=note,
                              day=day, prefs=prefs, now=now)  # fmt: skip
    if entry is None:
        raise errors[0]
    return entry


def check_timezone(value: object) -> str:
    """An IANA zone name in any case or spacing ("europe/paris"), as IANA writes it."""
    hint = "an IANA time zone name such as Europe/Berlin, America/New_York or UTC"
    if not isinstance(value, str) or len(value) > 64 or (name := known_zone(value)) is None:
        raise ValidationError("timezone", hint, value)
    return name


def check_increment(value: object, unit: str) -> float:
    top = MAX_INCREMENT[unit]
    increment = _number(value)
    if increment is None or not MIN_INCREMENT <= increment <= top:
        raise ValidationError("increment", f"from {MIN_INCREMENT} to {format_number(top)} {unit}", value)
    return to_kg(increment, unit)


def check_rep_range(low: object, high: object, prefs: Preferences) -> tuple[int, int]:
    rep_low = prefs.rep_low if low is None else _whole("rep_low", low, *REP_RANGE)
    rep_high = prefs.rep_high if high is None else _whole("rep_high", high, *REP_RANGE)
    if rep_low > rep_high:
        # Name the option given now: /settings rep_high:5 after rep_low:12 is a rep_high too low
        # for the range's stored bottom, not a rep_low the lifter did not touch.
        if low is None:
            raise ValidationError("rep_high", f"at least your rep_low setting ({rep_low})", rep_high)
        other = "rep_high" if high is not None else "your rep_high setting"
        raise ValidationError("rep_low", f"at most {other} ({rep_high})", rep_low)
    return rep_low, rep_high


def changed_preferences(
    prefs: Preferences,
    *,
    unit: object = None,
    rep_low: object = None,
    rep_high: object = None,
    increment: object = None,
    timezone: object = None,
    share_logs: object = None,
) -> tuple[Preferences, str | None]:
    """/settings' options (None: not given), each checked, applied to `prefs`; and a note for
    the lifter when a change moved another setting.

    An increment the lifter set is a step of their old unit's plates: after a change of unit
    without a new increment, 5 lb would read 2.27 kg, a step no kg plates make, and every target
    would sit on that grid. It goes back to the new unit's default, and the note says so.
    """
    changes: dict[str, object] = {}
    note = None
    if unit is not None:
        changes["unit"] = check_choice("unit", unit, UNITS)
    new_unit = str(changes.get("unit", prefs.unit))
    if rep_low is not None or rep_high is not None:
        changes["rep_low"], changes["rep_high"] = check_rep_range(rep_low, rep_high, prefs)
    if increment is not None:
        changes["increment_kg"] = check_increment(increment, new_unit)
    elif new_unit != prefs.unit and prefs.increment_kg is not None:
        changes["increment_kg"] = None
        note = (
            f"Your increment is now the {new_unit} default, {format_weight(DEFAULT_INCREMENT[new_unit], new_unit)}:"
            f" the {format_weight(prefs.increment, prefs.unit)} you set is a step of {prefs.unit} plates."
            " Set `increment:` to choose another."
        )
    if timezone is not None:
        changes["timezone"] = check_timezone(timezone)
    if share_logs is not None:
        if not isinstance(share_logs, bool):
            raise ValidationError("share_logs", "true or false", share_logs)
        changes["share_logs"] = share_logs
    return replace(prefs, **changes), note  # type: ignore[arg-type]


def is_implausible(new_kg: float, last_kg: float | None) -> bool:
    """More than double or less than half the last working load (the 375-for-37.5 typo)."""
    if last_kg is None or new_kg <= 0 or last_kg <= 0:
        return False
    return new_kg > 2 * last_kg or new_kg < last_kg / 2


# How near the last working load a moved decimal point must land to be offered as what was
# meant: 375 for 37.5 after 35 kg lands at 1.07 of it. 40 after 250 kg is not a slip for 400 kg,
# itself 1.6 times the last load.
TYPO_BAND = (2 / 3, 1.5)


def likely_typo(entry: NewEntry, last_kg: float) -> NewEntry | None:
    """The entry with its decimal point moved (375 for 37.5, 10 for 100), or else in the other
    unit (225 kg for 225 lb, after 100 kg sessions), when that lands near the last working load
    (`TYPO_BAND`), and inside `/log`'s limits; else None."""
    low, high = TYPO_BAND
    for factor in (0.1, 10.0):
        if last_kg * low <= entry.weight_kg * factor <= last_kg * high:
            weight = round(entry.weight * factor, 2)
            if 0 < weight <= MAX_WEIGHT[entry.unit]:
                return replace(entry, weight=weight)
    # A lifter who loads in pounds under a kg setting (or the other way) types their usual 225
    # and it reads 225 kg: the number was right, the unit was not.
    other = next(unit for unit in UNITS if unit != entry.unit)
    if last_kg * low <= to_kg(entry.weight, other) <= last_kg * high and entry.weight <= MAX_WEIGHT[other]:
        return replace(entry, unit=other)
    return None


def _sets_text(sets: int, reps: int, weight: float, unit: str) -> str:
    return f"{sets} × {reps} @ {format_weight(weight, unit)}"


def describe_sets(entry: NewEntry) -> str:
    """ "3 × 10 @ 100 kg" — the numbers of one entry."""
    return _sets_text(entry.sets, entry.reps, entry.weight, entry.unit)


def describe_session_sets(entries: Sequence[NewEntry]) -> str:
    """A session's sets in logged order, a run of entries with the same reps at the same load
    told once: set by set, 100 kg × 10 twice then × 8 reads "2 × 10 @ 100 kg, 1 × 8 @ 100 kg"."""
    runs: list[tuple[int, int, float, str]] = []  # (sets, reps, weight, unit)
    for entry in entries:
        if runs and runs[-1][1:] == (entry.reps, entry.weight, entry.unit):
            runs[-1] = (runs[-1][0] + entry.sets, entry.reps, entry.weight, entry.unit)
        else:
            runs.append((entry.sets, entry.reps, entry.weight, entry.unit))
    return ", ".join(_sets_text(*run) for run in runs)


def describe_entry(entry: NewEntry, *, with_date: bool = False) -> str:
    """ "3 × 10 @ 100 kg · RPE 8 · barbell", the line a /log reply starts with."""
    rpe = "" if entry.rpe is None else f" · RPE {format_number(entry.rpe)}"
    line = f"{describe_sets(entry)}{rpe} · {entry.variant}"
    return f"{entry.performed_on.isoformat()} · {line}" if with_date else line
