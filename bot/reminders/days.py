"""Week days as lifters type them, and as they are stored and shown (pure).

The reader takes what people write in a message: day names in full, abbreviated ("tue", "tues",
"thurs", "weds") or plural ("mondays"); ranges ("mon-fri", "Mon–Fri", "monday to friday"); words
for whole sets ("weekdays", "weekend", "every day"); and lists joined by commas, spaces, "and" or
"&", with stray punctuation ignored ("mon, wed, fri."). A range wraps around the week: "fri-mon"
is Fri, Sat, Sun, Mon (a long weekend), not refused; "mon-mon" is Monday alone. Anything else
(an unknown word, a range with a missing end, a set as a range's end) is refused, not guessed.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from bot.errors import ValidationError

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_FULL_NAMES = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_EVERY_DAY = tuple(range(7))
# Words for whole sets of days, as people type them ("every day" is read as two words).
_NAMED_SETS: dict[str, tuple[int, ...]] = {
    "daily": _EVERY_DAY,
    "everyday": _EVERY_DAY,
    "weekday": (0, 1, 2, 3, 4),
    "weekdays": (0, 1, 2, 3, 4),
    "weekend": (5, 6),
    "weekends": (5, 6),
}
_TO = frozenset({"to", "through", "thru"})  # besides any dash: - ‐ ‑ ‒ – — ―  −
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
# A word (letters or digits), or a run of dashes; every other character only separates words.
_TOKEN = re.compile(rf"[^\W_]+|[{re.escape(_DASHES)}]+")
# What autocomplete offers before anything is typed: the usual training weeks.
COMMON_DAY_SETS = (
    "mon,wed,fri", "tue,thu", "mon,thu", "tue,fri", "tue,thu,sat", "mon,tue,thu,fri",
    "mon,wed,fri,sat", "sat,sun", "weekdays", "every day",
)  # fmt: skip

DAYS_HELP = "week days such as mon,wed,fri or a range such as mon-fri (or weekdays, weekends, every day)"


def _day(word: str) -> int | None:
    """The week day a word names: a day's name, any start of it from two letters ("tu", "thurs"),
    or either of those with a plural s ("mondays", "weds"); None for any other word."""
    for stem in dict.fromkeys((word, word.removesuffix("s"))):
        if len(stem) >= 2:
            for number, name in enumerate(_FULL_NAMES):
                if name.startswith(stem):
                    return number
    return None


def _is_to(token: str) -> bool:
    return token in _TO or token[0] in _DASHES


def _span(first: int, last: int) -> set[int]:
    """The days from `first` to `last`, wrapping past Sunday."""
    return {(first + step) % 7 for step in range((last - first) % 7 + 1)}


def parse_days(text: object) -> tuple[int, ...]:
    """ "mon,wed,fri", "Mon–Fri", "tues & thurs", "weekdays", "every day" → sorted week-day numbers."""
    if not isinstance(text, str):
        raise ValidationError("days", DAYS_HELP, text)
    tokens = _TOKEN.findall(text.lower())
    days: set[int] = set()
    at = 0
    while at < len(tokens):
        word, following = tokens[at], tokens[at + 1 : at + 3]
        at += 1
        if word == "and":  # besides any punctuation or space
            continue
        if word == "every":  # "every day", or before a day or set: "every monday", "every weekday"
            if following[:1] in (["day"], ["days"]):
                days.update(_EVERY_DAY)
                at += 1
            continue
        if word in _NAMED_SETS:
            days.update(_NAMED_SETS[word])
            continue
        first = _day(word)
        if first is None:
            raise ValidationError("days", DAYS_HELP, text)
        if following and _is_to(following[0]):  # a range: both ends must be days
            last = _day(following[1]) if len(following) == 2 else None
            if last is None:
                raise ValidationError("days", DAYS_HELP, text)
            days.update(_span(first, last))
            at += 2
        else:
            days.add(first)
    if not days:
        raise ValidationError("days", DAYS_HELP, text)
    return tuple(sorted(days))


def format_days(days: tuple[int, ...]) -> str:
    """The stored form: "mon,wed,fri"."""
    return ",".join(WEEKDAYS[d] for d in sorted(days))


def week_order(days: tuple[int, ...]) -> list[int]:
    """The days in the order a week of them runs: Monday first, unless they are one unbroken run
    across the week's end; then from its first day, so "fri-mon" is Fri, Sat, Sun, Mon and
    "sun,mon" is Sun, Mon. Any other set (such as Mon, Wed, Sat, Sun) is Monday first."""
    chosen = sorted(set(days))
    # The days left out before each chosen day, wrapping past Sunday: one gap makes one run.
    before = [(day - chosen[at - 1] - 1) % 7 for at, day in enumerate(chosen)]
    gaps = [at for at, left_out in enumerate(before) if left_out]
    if len(gaps) != 1:  # every day, or more than one run
        return chosen
    start = gaps[0]  # where the run begins: 0 unless it crosses from Sunday to Monday
    return chosen[start:] + chosen[:start]


def list_days(days: tuple[int, ...]) -> str:
    """Each day named, in the order a week of them runs (see `week_order`): "Mon, Tue, Wed",
    "Fri, Sat, Sun, Mon", "Mon, Wed, Sat, Sun"."""
    return ", ".join(WEEKDAYS[d].capitalize() for d in week_order(days))


def describe_days(days: tuple[int, ...]) -> str:
    """What a lifter reads: "Mon, Wed, Fri", "every day", "weekdays"."""
    chosen = tuple(sorted(days))
    if chosen == _EVERY_DAY:
        return "every day"
    if chosen == (0, 1, 2, 3, 4):
        return "weekdays"
    return list_days(chosen)


class Suggestion(NamedTuple):
    name: str  # what the lifter sees in the list
    value: str  # what the command receives: a form `parse_days` reads


# The common sets, read once: autocomplete compares each keystroke's reading with theirs.
_COMMON_READ = tuple((s, parse_days(s)) for s in COMMON_DAY_SETS)


def _read(text: str) -> tuple[int, ...] | None:
    try:
        return parse_days(text)
    except ValidationError:
        return None


def _completions(typed: str) -> list[tuple[int, ...]]:
    """What `typed` reads as with its last word finished as each day it could begin ("fri-" or
    "fri-m" as a range to Monday, "t" as Tue or Thu) and, once a letter of it is typed, as each
    word for a set ("weeke" as the weekend, "we" as Wed, the weekend or weekdays); each reading once."""
    stem = re.findall(r"[^\W\d_]*$", typed)[0].lower()  # the letters at the end, perhaps none
    head = typed[: len(typed) - len(stem)]
    if stem in _TO:  # "fri to": the range's end is still to come
        head, stem = f"{typed} ", ""
    # Set words only finish a word begun: after "mon, " the next day is offered, not "mon, daily".
    words = [*WEEKDAYS, *(_NAMED_SETS if stem else ())]
    names = [*_FULL_NAMES, *(_NAMED_SETS if stem else ())]
    found: list[tuple[int, ...]] = []
    for word, name in zip(words, names, strict=True):
        if name.startswith(stem):
            read = _read(head + word)
            if read is not None and read not in found:
                found.append(read)
    return sorted(found, key=len)  # "fri-": Fri to Sat, to Sun, … as the range grows


def day_suggestions(typed: str) -> list[Suggestion]:
    """Day sets to offer while the lifter types: how what was typed reads, when it reads as days
    (each day named, so "mon-fri" shows "Mon, Tue, Wed, Thu, Fri"); then how it reads with its
    last word finished as a day or a set ("fri-" offers Fri to each other day, "we" the weekend and
    weekdays after Wed); then the common sets that contain what was typed and are not those same days."""
    needle = typed.strip().lower()
    read = _read(typed) if needle else None
    readings = [read] if read is not None else []
    if needle and (read is None or typed[-1:].isalpha()):  # "we" reads as Wed, and may be a word begun
        readings += [days for days in _completions(typed) if days not in readings]
    offered = [Suggestion(list_days(days), format_days(days)) for days in readings]
    offered += [Suggestion(s, s) for s, days in _COMMON_READ if needle in s and days not in readings]
    return offered
