"""What the spec says about option values, written apart from the bot's own validators.

Each function returns the set of fields that are invalid (empty: the command must succeed).
A value of the wrong JSON type for its option is invalid, whatever the field.
"""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from functools import cache
from typing import Any
from zoneinfo import available_timezones

VARIANTS = {"barbell", "machine", "smith", "bridge", "single-leg", "banded"}
UNITS = {"kg", "lb"}
MAX_WEIGHT = {"kg": 1000, "lb": 2200}
MAX_INCREMENT = {"kg": 20, "lb": 44}
MIN_INCREMENT = 0.01  # loads show two decimals: a smaller step would read as 0
_ISO = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


@cache
def _zones_by_folded_name() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def timezone_named(value: str) -> str | None:
    """The IANA zone a /settings value names: any case; spaces around it dropped, runs of
    spaces inside read as one underscore."""
    return _zones_by_folded_name().get("_".join(value.lower().split()))


def number(value: Any) -> float | None:
    """The finite number a JSON number option holds, or None."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = float(value)
    except OverflowError:
        return None
    return result if math.isfinite(result) else None


def whole(value: Any, low: int, high: int) -> int | None:
    result = number(value)
    if result is None or not result.is_integer() or not low <= result <= high:
        return None
    return int(result)


def plain_text(value: Any, limit: int) -> str | None:
    """Stripped text that may be stored: one line (no control characters, line or paragraph
    separators, or direction overrides and isolates), not blank or only invisible, at most `limit`."""
    if not isinstance(value, str):
        return None
    text = value.strip()
    if not text or len(text) > limit:
        return None
    if any(unicodedata.category(c) in ("Cc", "Cs", "Zl", "Zp") or 0x202A <= ord(c) <= 0x202E
           or 0x2066 <= ord(c) <= 0x2069 for c in text):
        return None
    if all(unicodedata.category(c) == "Cf" for c in text):
        return None
    return text


def _blank(text: str) -> bool:
    """Nothing to see: empty once stripped, or only invisible (format) characters, as a BOM."""
    return all(unicodedata.category(c) == "Cf" for c in text.strip())


def log_note(value: Any) -> str | None:
    """The note /log stores of a valid `note` option: none for blank text."""
    return None if value is None or _blank(value) else value.strip()


def log_date(value: Any, today: dt.date) -> dt.date | None:
    if not isinstance(value, str) or not _ISO.fullmatch(value.strip()):
        return None
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        return None
    return day if dt.date(1900, 1, 1) <= day <= today else None


def log_errors(options: dict[str, Any], today: dt.date, default_unit: str = "kg") -> set[str]:
    """Invalid /log fields; `default_unit` is the user's /settings unit."""
    bad: set[str] = set()
    unit = options.get("unit", default_unit)
    if not isinstance(unit, str) or unit not in UNITS:
        bad.add("unit")
        unit = default_unit
    weight = number(options.get("weight"))
    if weight is None or not 0 <= weight <= MAX_WEIGHT[unit] or 0 < weight < 0.01:  # 0.01: shown as 0 below it
        bad.add("weight")
    if whole(options.get("reps"), 1, 100) is None:
        bad.add("reps")
    if "sets" in options and whole(options["sets"], 1, 20) is None:
        bad.add("sets")
    if "rpe" in options:
        rpe = number(options["rpe"])
        if rpe is None or not 1 <= rpe <= 10 or not (rpe * 2).is_integer():
            bad.add("rpe")
    if "variant" in options and (not isinstance(options["variant"], str)
                                 or options["variant"] not in VARIANTS):
        bad.add("variant")
    if "note" in options:  # blank text (or only invisible characters) means no note
        note = options["note"]
        if not isinstance(note, str) or (not _blank(note) and plain_text(note, 200) is None):
            bad.add("note")
    if "date" in options and log_date(options["date"], today) is None:
        bad.add("date")
    if "share" in options and not isinstance(options["share"], bool):
        bad.add("share")
    return bad


def settings_errors(options: dict[str, Any], rep_range: tuple[int, int] = (6, 15)) -> set[str]:
    """Invalid /settings fields, for a user whose rep range is `rep_range`."""
    bad: set[str] = set()
    unit = options.get("unit", "kg")
    if not isinstance(unit, str) or unit not in UNITS:
        bad.add("unit")
        unit = "kg"
    low = whole(options["rep_low"], 1, 30) if "rep_low" in options else rep_range[0]
    high = whole(options["rep_high"], 1, 30) if "rep_high" in options else rep_range[1]
    if low is None:
        bad.add("rep_low")
    if high is None:
        bad.add("rep_high")
    if low is not None and high is not None and low > high:
        bad.add("rep_low" if "rep_low" in options else "rep_high")  # the option given now
    if "increment" in options:
        increment = number(options["increment"])
        in_range = increment is not None and MIN_INCREMENT <= increment <= MAX_INCREMENT[unit]
        if not in_range or round(increment, 2) != increment:  # the nudges use it to the hundredth
            bad.add("increment")
    if "timezone" in options:
        zone = options["timezone"]
        if not isinstance(zone, str) or len(zone) > 64 or timezone_named(zone) is None:
            bad.add("timezone")
    if "share_logs" in options and not isinstance(options["share_logs"], bool):
        bad.add("share_logs")
    return bad


def setup_errors(options: dict[str, Any]) -> set[str]:
    if "description" in options and plain_text(options["description"], 200) is None:
        return {"description"}
    return set()


def section_of(value: Any, ids: list[str], names: dict[str, str]) -> str | None:
    """The section id a /snippet pin `section` names, or None.

    `names` maps each casefolded title and id to its id: a title or id in any case names it.
    """
    if not isinstance(value, str):
        return None
    words = " ".join(value.split())
    if words in ids:
        return words
    return names.get(words.casefold())


def snippet_id(value: Any) -> int | None:
    """The record id a /snippet unpin `snippet` value names (decimal digits), or None."""
    if not isinstance(value, str) or not value.strip().isascii() or not value.strip().isdigit():
        return None
    text = value.strip()
    return int(text) if len(text) <= 18 else None
