"""Reading single cells: numbers with decimal points or commas, the date formats apps write,
unit words, and notes made to fit /log."""

from __future__ import annotations

import re
import unicodedata
from datetime import datetime, time
from typing import NamedTuple

from bot import errors
from bot.logbook.checks import DIRECTION_CONTROLS, NOT_PLAIN, calendar_day
from bot.logbook.typed import comma_in_doubt

_NUMBER = re.compile(r"^[+-]?\d+(?:[.,]\d+)?$")
# A point before exactly three digits ("1.000", "12.500"): a thousands separator where a file's
# decimals are commas, else a decimal point. The mirror of `comma_in_doubt`: after a 0 or four
# digits ("0.500", "1234.567") it can only be a decimal point.
_DOT_IN_DOUBT = re.compile(r"^[1-9]\d{0,2}\.\d{3}$")
_ISO = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?(?:\.\d+)?)?\s*(?:Z|[+-]\d{2}:?\d{2})?$"
)
# Hevy writes "28 Mar 2025, 17:29"; month names in English, short or long.
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2}) ([A-Za-z]{3,9})\.? (\d{4})(?:,? (\d{1,2}):(\d{2})(?::(\d{2}))?)?$")
_MONTHS = {
    name: number
    for number, names in enumerate(
        [("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",),
         ("jun", "june"), ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"),
         ("oct", "october"), ("nov", "november"), ("dec", "december")],
        start=1,
    )
    for name in names
}  # fmt: skip
_UNITS = {"kg": "kg", "kgs": "kg", "kilogram": "kg", "kilograms": "kg",
          "lb": "lb", "lbs": "lb", "pound": "lb", "pounds": "lb"}  # fmt: skip
DATE_FORMATS = "YYYY-MM-DD (with or without a time) or like 28 Mar 2025, 17:29"
# What a note's line breaks become: a visible mark, so "bench at 3 / feet wide" still reads as two lines.
LINE_BREAK = " / "


def number(cell: str) -> float | None:
    """ "60.5", "60,5", "-3" → a float; anything else (blank included) → None."""
    text = cell.strip()
    if not _NUMBER.match(text):
        return None
    return float(text.replace(",", "."))


class Decimals(NamedTuple):
    """The decimal mark a file's numbers use: "," or "."; None when they show none or both. `shown`:
    a cell of the file that shows it, to quote."""

    mark: str | None
    shown: str = ""


def decimal_mark(cell: str) -> str | None:
    """The decimal mark a number cell shows beyond doubt: "," for "62,5" or "0,500", "." for "62.5" or
    "1234.567"; None for a whole number, one whose mark may be a thousands separator ("1,000",
    "1.000"), and a cell that is no number."""
    text = cell.strip()
    if not _NUMBER.match(text) or dot_in_doubt(text) or comma_in_doubt(text) is not None:
        return None
    return "," if "," in text else "." if "." in text else None


def dot_in_doubt(cell: str) -> bool:
    """Whether the cell is a number whose point may be a thousands separator ("1.000")."""
    return _DOT_IN_DOUBT.match(cell.strip()) is not None


def plain(value: float) -> str:
    """A number written so that no file reads it two ways: "1", "12.5", "1.1250" (for 1.125)."""
    text = str(whole_or_float(value))
    return text + "0" if dot_in_doubt(text) else text


def whole_or_float(value: float) -> int | float:
    """10.0 → 10, so the /log validators see the whole number a lifter typed."""
    return int(value) if value.is_integer() else value


def when(cell: str) -> datetime | None:
    """The date and time a set was done, as written (no time zone arithmetic); None if unrecognised.
    A date written right that the calendar has not (2025-02-30, 30 Feb 2025) is a ValidationError
    saying why (`calendar_day`), not an unrecognised format."""
    text = cell.strip()
    if match := _ISO.match(text):
        y, m, d, hh, mm, ss = match.groups()
        month_number: int | None = int(m)
    elif match := _DAY_MONTH_YEAR.match(text):
        d, month, y, hh, mm, ss = match.groups()
        month_number = _MONTHS.get(month.lower())
    else:
        return None
    if month_number is None:
        return None
    day = calendar_day(int(y), month_number, int(d), cell)
    try:
        return datetime.combine(day, time(int(hh or 0), int(mm or 0), int(ss or 0)))
    except ValueError:  # 25:00 and the like
        return None


def unit(cell: str) -> str | None:
    """ "kg", "KGS", "lbs" → kg or lb; None for anything else."""
    return _UNITS.get(cell.strip().lower())


def fit_note(cell: str, limit: int) -> tuple[str, bool, bool]:
    """A note as /log takes it (one line, at most `limit` characters), whether it had to be put on one
    line (lines of text joined by LINE_BREAK) and whether it had to be shortened. Line breaks become
    LINE_BREAK (blank lines vanish), other control characters (tabs) a space, direction controls go;
    a longer note is cut to `limit` with "…" at its end."""
    lines = ("".join(" " if unicodedata.category(ch) in NOT_PLAIN else ch
                     for ch in line if ch not in DIRECTION_CONTROLS).strip()
             for line in cell.splitlines())  # fmt: skip
    kept = [line for line in lines if line]
    text = LINE_BREAK.join(kept)
    # Only joined lines count: the preview says the line breaks became LINE_BREAK, which a tab does not.
    flattened = len(kept) > 1
    shortened = len(text) > limit
    if shortened:
        text = text[: limit - 1].rstrip() + "…"
    return text, flattened, shortened


def quoted(text: str, limit: int = 40) -> str:
    """File text shown back to the user: `bot.errors.quoted` (a code span, backticks as ', cut at
    `limit`), after every character that does not print (tabs and control characters as well as line
    breaks) becomes a space and the ends are trimmed. A cell with nothing left shows as `` (where
    errors.quoted shows ` `), so the import's messages read as they always have."""
    clean = "".join(ch if ch.isprintable() else " " for ch in text).strip()
    return errors.quoted(clean, limit) if clean else "``"
