"""Week days as lifters type them, and as they are stored and shown (pure)."""

from __future__ import annotations

import re

from bot.errors import ValidationError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
# Words for whole sets of days, as people type them.
_NAMED_SETS: dict[str, tuple[int, ...]] = {
    "daily": tuple(range(7)),
    "every day": tuple(range(7)),
    "everyday": tuple(range(7)),
    "weekdays": (0, 1, 2, 3, 4),
    "weekends": (5, 6),
}
# What autocomplete offers before anything is typed: the usual training weeks.
COMMON_DAY_SETS = (
    "mon,wed,fri", "tue,thu", "mon,thu", "tue,fri", "tue,thu,sat", "mon,tue,thu,fri",
    "mon,wed,fri,sat", "sat,sun", "weekdays", "every day",
)  # fmt: skip

DAYS_HELP = "week days such as mon,wed,fri (or weekdays, every day)"


def parse_days(text: object) -> tuple[int, ...]:
    """"mon,wed,fri", "Monday Thursday", "weekdays", "every day" → sorted week-day numbers."""
    if not isinstance(text, str) or not text.strip():
        raise ValidationError("days", DAYS_HELP, text)
    typed = " ".join(text.lower().split())
    if typed in _NAMED_SETS:
        return _NAMED_SETS[typed]
    days: set[int] = set()
    for word in re.split(r"[\s,;/+]+", typed):
        if not word:
            continue
        if word in _NAMED_SETS:
            days.update(_NAMED_SETS[word])
        elif word in WEEKDAYS:
            days.add(WEEKDAYS.index(word))
        elif word in _FULL_NAMES:
            days.add(_FULL_NAMES.index(word))
        else:
            raise ValidationError("days", DAYS_HELP, text)
    if not days:
        raise ValidationError("days", DAYS_HELP, text)
    return tuple(sorted(days))


def format_days(days: tuple[int, ...]) -> str:
    """The stored form: "mon,wed,fri"."""
    return ",".join(WEEKDAYS[d] for d in sorted(days))


def describe_days(days: tuple[int, ...]) -> str:
    """What a lifter reads: "Mon, Wed, Fri", "every day", "weekdays"."""
    chosen = tuple(sorted(days))
    if chosen == tuple(range(7)):
        return "every day"
    if chosen == (0, 1, 2, 3, 4):
        return "weekdays"
    return ", ".join(WEEKDAYS[d].capitalize() for d in chosen)


def day_suggestions(typed: str) -> list[str]:
    """Day sets to offer while the lifter types: the common ones containing what was typed,
    and what was typed itself when it reads as days."""
    needle = typed.strip().lower()
    offered = [s for s in COMMON_DAY_SETS if needle in s]
    try:
        own = format_days(parse_days(typed)) if needle else None
    except ValidationError:
        own = None
    if own is not None and own not in offered:
        offered.insert(0, own)
    return offered
