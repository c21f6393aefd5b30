"""What each /log option accepts, in the words its refusals use, and /log's check of them all
(the entry types are `bot.logbook.entries`; /settings' checks are `bot.logbook.prefs`)."""

from __future__ import annotations

import math
import re
import unicodedata
from calendar import monthrange
from collections.abc import Callable
from datetime import MINYEAR, date, datetime, timedelta
from functools import partial
from typing import ParamSpec, TypeVar

from bot.errors import ValidationError
from bot.logbook.entries import (
    EARLIEST_DATE,
    MAX_NOTE,
    REPS,
    RPE,
    SETS,
    VARIANTS,
    NewEntry,
    Preferences,
    today_in,
)
from bot.logbook.units import MAX_WEIGHT, MIN_LOAD, UNITS, format_number

_T = TypeVar("_T")
_P = ParamSpec("_P")
# ASCII digits only: `\d` takes full-width and other scripts' digits, which date.fromisoformat never read.
_ISO_DATE = re.compile(r"^([0-9]{4})-([0-9]{2})-([0-9]{2})$")
MONTH_NAMES = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
               "November", "December")  # not the locale's (calendar.month_name is)


def number_range(low: float, high: float, unit: str = "", *, whole: bool = False, low_is: str = "") -> str:
    """What a number field allows, in the words every field uses: "a whole number from 1 to 20",
    "a number from 0.01 to 20 kg"; `low_is` says what the lowest means ("0 (bodyweight)")."""
    low_shown = format_number(low) + (f" ({low_is})" if low_is else "")
    top = f"{format_number(high)} {unit}" if unit else format_number(high)
    return f"a {'whole ' if whole else ''}number from {low_shown} to {top}"


def text_limit(limit: int) -> str:
    """What a text field allows, in the words every field uses: "text of at most 200 characters"."""
    return f"text of at most {limit} characters"


def check_count(field: str, value: object, bounds: tuple[int, int]) -> int:
    """A whole number within `bounds` (reps, sets), as /log checks one."""
    low, high = bounds
    allowed = number_range(low, high, whole=True)
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValidationError(field, allowed, value)
    if isinstance(value, float) and (not math.isfinite(value) or not value.is_integer()):
        raise ValidationError(field, allowed, value)
    if not low <= value <= high:
        raise ValidationError(field, allowed, value)
    return int(value)


def finite_number(value: object) -> float | None:
    """A number given as one (not a bool), finite; else None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    number = float(value)
    return number if math.isfinite(number) else None


def check_choice(field: str, value: object, choices: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value not in choices:
        raise ValidationError(field, "one of " + ", ".join(choices), value)
    return value



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
        raise ValidationError(field, text_limit(limit), value)
    text = value.strip()
    if any(unicodedata.category(ch) in NOT_PLAIN or ch in DIRECTION_CONTROLS for ch in text):
        raise ValidationError(field, "one line of plain text, without line breaks or other control characters")
    if len(text) > limit:
        raise ValidationError(field, f"{text_limit(limit)} (it has {len(text)})")
    if all(unicodedata.category(ch) == "Cf" for ch in text):  # only invisible characters: blank
        return None
    return text or None


def check_weight(value: object, unit: str) -> float:
    top = MAX_WEIGHT[unit]
    allowed = number_range(0, top, unit, low_is="bodyweight")
    weight = finite_number(value)
    if weight is None or not 0 <= weight <= top:
        raise ValidationError("weight", allowed, value)
    if 0 < weight < MIN_LOAD:
        raise ValidationError("weight", f"0 (bodyweight) or at least {format_number(MIN_LOAD)} {unit}", value)
    return weight


# What an RPE may be, in the words of its refusals (a chat line's `rpe` with no number says it too).
RPE_STEPS = f"{number_range(*RPE)} in steps of 0.5"


def check_rpe(value: object) -> float | None:
    if value is None:
        return None
    rpe = finite_number(value)
    if rpe is None or not RPE[0] <= rpe <= RPE[1] or not (rpe * 2).is_integer():
        raise ValidationError("rpe", f"{RPE_STEPS} (e.g. 7, 7.5, 8)", value)
    return rpe


def check_date(value: object, today: date, zone: str | None = None) -> date:
    """The day `value` names, from `EARLIEST_DATE` to `today` (the lifter's, in their time `zone`:
    a day after it is refused with the zone named, as a lifter ahead of UTC who never set theirs
    reads UTC's today as yesterday)."""
    if value is None:
        return today
    span = f"not after today ({today.isoformat()}) nor before {EARLIEST_DATE.isoformat()}"
    written = None if not isinstance(value, str) else _ISO_DATE.match(value.strip())
    if written is None:
        raise ValidationError("date", f"a date as YYYY-MM-DD, {span}", value)
    year, month, day_of_month = map(int, written.groups())
    if year < EARLIEST_DATE.year:  # out of range, whatever the day (year 0 included, which `date` has not)
        raise ValidationError("date", f"a date {span}", value)
    day = calendar_day(year, month, day_of_month, value)
    if day > today and zone is not None:  # written right, but ahead of the lifter's today
        raise ValidationError("date", f"a date {span}; your time zone is {zone} (`/settings timezone` changes it)",
                              value)
    if day > today or day < EARLIEST_DATE:  # written right, but out of range: only that is wrong
        raise ValidationError("date", f"a date {span}", value)
    return day


def calendar_day(year: int, month: int, day: int, written: object) -> date:
    """The day year-month-day, or a ValidationError on **date** (echoing `written`) saying why the
    calendar has no such day: "a day of the calendar: February 2024 has 29 days" for 2024-02-30,
    where the date is written right and a format hint would send the lifter looking for a typo."""
    if year < MINYEAR:
        raise ValidationError("date", "a day of the calendar: it has no year 0", written)
    if not 1 <= month <= len(MONTH_NAMES):
        raise ValidationError("date", f"a day of the calendar: months go from 01 to {len(MONTH_NAMES)}", written)
    days = monthrange(year, month)[1]
    if not 1 <= day <= days:
        raise ValidationError("date", f"a day of the calendar: {MONTH_NAMES[month - 1]} {year} has {days} days",
                              written)
    return date(year, month, day)


DATE_CHOICES = 14  # days /log's date autocomplete offers, today first
_WEEKDAYS = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
_MONTHS = tuple(name[:3] for name in MONTH_NAMES)


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


def collected(errors: list[ValidationError], check: Callable[..., _T], *args: object) -> _T | None:
    """What `check(*args)` returns, or None with its ValidationError added to `errors`: checks that
    go on past the first wrong field, to name them all."""
    try:
        return check(*args)
    except ValidationError as error:
        errors.append(error)
        return None


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
    checked = partial(collected, errors)
    chosen_unit = checked(check_choice, "unit", prefs.unit if unit is None else unit, UNITS)
    performed_on = checked(check_date, day, today_in(prefs.timezone, now), prefs.timezone)
    chosen_variant = checked(check_choice, "variant", "barbell" if variant is None else variant, VARIANTS)
    set_count = checked(check_count, "sets", 1 if sets is None else sets, SETS)
    rep_count = checked(check_count, "reps", reps, REPS)
    load = None if chosen_unit is None else checked(check_weight, weight, chosen_unit)
    chosen_rpe = checked(check_rpe, rpe)
    text = checked(check_text, "note", note, MAX_NOTE)
    # Each is None only with its error listed; spelled out for the type checker.
    if (errors or performed_on is None or chosen_unit is None or chosen_variant is None or set_count is None
            or rep_count is None or load is None):
        return None, errors
    return NewEntry(performed_on, chosen_variant, set_count, rep_count, load, chosen_unit, chosen_rpe, text), []


def first_error(check: Callable[_P, tuple[NewEntry | None, list[ValidationError]]]) -> Callable[_P, NewEntry]:
    """`check` (a checker that names every wrong field), answering with its entry or raising the
    first of its ValidationErrors: with the same parameters, for the callers that name one field."""

    def validate(*args: _P.args, **kwargs: _P.kwargs) -> NewEntry:
        entry, errors = check(*args, **kwargs)
        if entry is None:
            raise errors[0]
        return entry

    return validate


# Check every /log option (payloads can arrive unchecked) and raise the first ValidationError
# (`check_log` order), naming the field; the same keywords as `check_log`.
validate_log = first_error(check_log)
