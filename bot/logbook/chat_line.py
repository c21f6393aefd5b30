"""Reading a set typed in chat ("100kg 3x10 @8") into the same `NewEntry` /log builds.

Pure: no Discord, no database. `parse_line` gives one of three answers: a `Reading` (one clear
reading, to store at once), a `Choice` (two readings, to offer as buttons) or a `Refusal` (what
could not be read, and one line that can be). Every entry goes through `validate_log`, so the
limits and their messages are /log's. Whether a load is implausible needs the lifter's history:
the caller runs the entry through the same "Did you mean …?" as /log.

How a line is read (the conventions):
- The weight is a number with kg/kgs/kilo(s)/lb/lbs/pound(s)/#, or `bw`/`bodyweight` (0). A
  number without a unit is in the lifter's unit setting.
- `AxB` (x, ×, * or by) is A sets of B reps: 3x10 is 3 sets of 10. Only a larger first number
  hints that the reps came first, so `10x3` has two readings when both fit /log's limits (10
  sets of 3, 3 sets of 10: ask); `25x3` has one (3 sets of 25: nobody logs 25 sets). The words
  win: `3 sets of 10`, `10 reps x 3 sets`, `3x10 reps`.
- `W x R x S` is weight × reps × sets (140 x 8 x 4: 140 for 8 reps, 4 sets), the common order
  in lifting logs; `S x R x W` is read when a unit marks the last number as the weight or when
  it is the only order that fits (4x8x140). If both orders fit, ask. Three numbers beside a
  weight (`100kg 3 x 10 x 3`) are refused: the weight leaves room for sets × reps only.
- `140 8` (two bare numbers, no sets) is weight then reps, one set; `140 x 8` likewise, when
  140 cannot be a number of sets (over 20) and no other weight is in the line.
  `bw x 20` is bodyweight for 20 reps, one set: an x between bodyweight and a number only joins
  them, as in `140 x 8`, and is not the note.
- `@8`, `@ 8`, `rpe 8`, `rpe8.5`, `8rpe` are the RPE. A bare `@N` is the weight when N cannot
  be an RPE and no weight was given (`3x10 @ 225`). `rpe` or `@` ending the line after a weight,
  with no number, is refused (the lifter meant to give one); `@ home gym`, `rpe was low` are notes.
- One variant word: machine, smith (smith machine), bridge (glute bridge), single leg /
  single-leg, banded/band, barbell. `today`, `yesterday`, `tomorrow` (refused as a future date)
  or `YYYY-MM-DD` (a date in another order, `1/2/2024`, is refused, saying how to write it). The
  exercise name (hip thrust(s), ht), a user mention at the start (the bot's) and a leading `log`
  are not the note. Only ASCII digits are numbers.
- Whatever is left is the note, less the words that only joined what was read (`at 100kg`,
  `for 8`, `on 2026-01-05`). A number left over is never a note: the line is refused, as
  is a second weight, variant, date or sets count. A refusal names what could not be read.
- Part of the load on the bar (`45kg/side`, `20 kg a side`, `2 plates`, `bar + 40`) is
  refused: it is not the load lifted, and the bar's weight is not in the line (on a single-leg
  hip thrust "each side" is each leg, and the line is read). So is a percentage (`60%`).
- Reps set by set (`10,10,8`) are refused with the lines to send instead (`2x10`, then `1x8`).
- Refused too, as what they would store is not what was lifted: a question (a line starting
  with a question word, or holding `?` and one), a line starting with another lift and its load
  (`deadlift 180kg 3x5`, `back squat 100kg`; a bench height is hip thrust talk, a cue is a note),
  a day named by its weekday (`last monday`), `1,000` (a thousands separator or a decimal comma),
  a letter O for a zero (`3x1O`), a digit other than 0-9 (`100kg ３x10`) and an x with no number
  after it (`10x`; `*` is also Discord's bold). `х` (Cyrillic) is an x.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from bot.errors import ValidationError
from bot.logbook.chat_note import note_of
from bot.logbook.chat_reading import MISSING_WEIGHT, read_line
from bot.logbook.chat_refusals import UnreadableError
from bot.logbook.chat_tokens import Token, tokenize
from bot.logbook.checks import validate_log
from bot.logbook.entries import NewEntry, Preferences, today_in
from bot.logbook.typed import bodyweight_at

MAX_LINE = 300
EXAMPLE = {"kg": "100kg 3x10 @8", "lb": "225lb 3x10 @8"}
# Reps set by set, "10,10,8" (three numbers or more: "102,5" is a decimal comma). A line holds
# one entry, so it is refused, with the entries to send instead.
_REP_LIST = re.compile(r"(?<![0-9.,])[0-9]{1,3}(?:\s*,\s*[0-9]{1,3}){2,}(?![0-9.,])")
# Part of the load on the bar: per side ("45kg/side", "20 kg a side"), a count of plates
# ("2 plates") or what was added to the bar ("bar + 40"). Stored as typed, the number would be a
# fraction of the load lifted, and the bar's weight is not in the line: the lifter sends the whole
# load. On a single-leg hip thrust "each side" is each leg, and the load is as typed.
_PER_SIDE = re.compile(r"/\s*side\b|\b(?:per|a|each)\s+side\b", re.IGNORECASE)
_LOAD = r"[0-9]+(?:[.,][0-9]+)?\s*(?:kgs?|lbs?|\#)?"
_PART_OF_LOAD = re.compile(
    rf"\b[0-9]+(?:[.,][0-9]+)?\s*plates?\b|\bbar\s*(?:\+|plus\b)\s*{_LOAD}|{_LOAD}\s*(?:\+|\bplus)\s*(?:the\s+)?bar\b",
    re.IGNORECASE,
)
PART_OF_LOAD = "I read part of the load (`{}`): log the whole load, the bar and everything on it ({})"
# A share of a 1RM ("3x10 at 60%") is not a load: 60 would be stored as 60 kg. These are refused
# only where the number read as the weight is in them ("100kg 3x10, one plate a side" reads).
_PERCENT = re.compile(r"[0-9]+(?:[.,][0-9]+)?\s*%")
PERCENT = "I read a percentage (`{}`): log the load itself, in kg or lb"
WHOLE_LOAD = {"kg": "45 kg a side on a 20 kg bar is `110kg`", "lb": "45 lb a side on a 45 lb bar is `135lb`"}
# More than one RPE: a range (`@7-8`, `rpe 8/9`) or one a set (`rpe 8,9,9`); `@8,5` is 8.5.
_RPE = r"(?:10|[1-9])(?:\.[05])?(?![0-9])"
_RPES = re.compile(rf"(?:@|\brpe)\s*:?\s*{_RPE}(?:\s*[-–/]\s*{_RPE}|(?:\s*,\s*{_RPE}){{2,}})", re.IGNORECASE)
# A question that names a load ("is 100kg for 10 reps good?", "how do I get to 140kg 3x8?") is not
# a set the lifter did: a line that starts with a question word, or holds a `?` and one. A note
# ending in `?` ("felt heavy?", "PR?") is still a note.
QUESTION = "That reads as a question, not a set you did; the guide's answers are in `/hipthrust`"
_QUESTION_WORDS = frozenset({"is", "are", "am", "can", "could", "should", "would", "will", "how", "what", "why",
                             "when", "does", "do", "which"})
# A line may start with "am" or "will" and still be a set ("AM session 100kg 3x10", "Will: 100kg
# 3x10"): those ask only beside a `?`.
_FIRST_QUESTION_WORDS = _QUESTION_WORDS - {"am", "will"}
# Another lift named first ("deadlift 180kg 3x5") is not a hip thrust set. The bench is not here:
# its height is part of a hip thrust setup.
_OTHER_LIFTS = frozenset({
    "squat", "squats", "deadlift", "deadlifts", "dl", "dls", "rdl", "rdls", "sldl", "lunge", "lunges", "row",
    "rows", "press", "ohp", "curl", "curls", "pullup", "pullups", "pull-up", "pull-ups", "chinup", "chinups",
    "chin-up", "chin-ups", "dip", "dips", "legpress", "leg-press", "bench-press", "split-squat", "split-squats",
})
OTHER_LIFT = "That starts with another lift (`{}`): I log hip thrusts only"
# A date in another order than YYYY-MM-DD (d/m/y, m/d/y, d.m.y): 1/2/2024 is January or February,
# as no line says, and its numbers would be refused one by one ("what `1` is"). A dash counts with a
# four-digit year only: `8-10-12` may be reps.
_OTHER_DATE = re.compile(
    r"(?<![0-9.,/-])[0-9]{1,2}(?:([/.])[0-9]{1,2}\1(?:[0-9]{4}|[0-9]{2})|-[0-9]{1,2}-[0-9]{4})(?![0-9]|[.,/-][0-9])"
)
OTHER_DATE = "I read a date as `{}`: write dates as YYYY-MM-DD (today is `{}`)"


def _addressed(tokens: list[Token]) -> list[Token]:
    """The line's tokens after the bot's mention and a leading `log`."""
    return [t for t in tokens if not (t.kind == "mention" or t.is_word("log", "logged"))]


def _asks(words: list[Token]) -> bool:
    """Whether the line (its `_addressed` tokens) is a question: it starts with a question word,
    or holds `?` and one."""
    if words and words[0].kind == "word" and words[0].lower in _FIRST_QUESTION_WORDS:
        return True
    asked = any(t.text in ("?", "？") for t in words)
    return asked and any(t.kind == "word" and t.lower in _QUESTION_WORDS for t in words)


def _other_lift(words: list[Token]) -> str | None:
    """The other lift a line (its `_addressed` tokens) starts with and gives a load for: `deadlift
    180kg`, `back squat 100kg`, `bulgarian split squat 20kg` (up to two words before the lift's
    name). A cue that starts with one (`press through heels`, `squat rack was taken`) is a note."""
    for at, token in enumerate(words[:3]):
        if token.kind != "word":
            return None
        after = words[at + 1] if at + 1 < len(words) else None
        loaded = after is not None and (after.kind == "num" or bodyweight_at(words, at + 1) > 0)
        if token.lower in _OTHER_LIFTS and loaded:
            return " ".join(t.text for t in words[: at + 1])
    return None


@dataclass(frozen=True)
class Reading:
    """One clear reading: store it (after the implausibility check)."""

    entry: NewEntry


@dataclass(frozen=True)
class Choice:
    """Two readings that both fit (10x3: 10 sets of 3 or 3 sets of 10); the lifter picks one."""

    readings: tuple[NewEntry, NewEntry]


@dataclass(frozen=True)
class Refusal:
    """Nothing to store: `message` (for the lifter) says what could not be read and gives an example."""

    message: str
    field: str | None = None


Parsed = Reading | Choice | Refusal


def _refusal(reason: str, unit: str, field: str | None = None) -> Refusal:
    return Refusal(f"{reason}. Nothing was stored. A line I can read: `{EXAMPLE[unit]}`.", field)


def _entries(found: dict[str, Any], readings: list[dict[str, Any]], note: str | None,
             prefs: Preferences, now: datetime) -> Parsed:
    """Each reading through /log's own validation: the ones that fit are the answer."""
    day = found.get("day")
    if isinstance(day, int):  # today (0), yesterday (-1), tomorrow (1, for check_date to refuse)
        day = (today_in(prefs.timezone, now) + timedelta(days=day)).isoformat() if day else None
    entries: list[NewEntry] = []
    errors: list[ValidationError] = []
    for reading in readings:
        options = {**found, **reading}
        if "weight" not in options:
            raise UnreadableError(MISSING_WEIGHT, "weight")
        if "reps" not in options:
            raise UnreadableError("I could not find the **reps**: write them as `3x10` or `10 reps`", "reps")
        weight, unit = options["weight"]
        try:
            entries.append(validate_log(
                weight=weight, reps=options["reps"], sets=options.get("sets", 1),
                rpe=options.get("rpe"), variant=options.get("variant", "barbell"), unit=unit,
                note=note, day=day, prefs=prefs, now=now))
        except ValidationError as error:
            errors.append(error)
    if not entries:
        return Refusal(f"{errors[0].message} A line I can read: `{EXAMPLE[_unit(prefs)]}`.", errors[0].field)
    if len(entries) == 2 and entries[0] != entries[1]:
        return Choice((entries[0], entries[1]))
    return Reading(entries[0])


def _unit(prefs: Preferences) -> str:
    return prefs.unit if prefs.unit in EXAMPLE else "kg"


def parse_line(text: object, prefs: Preferences, now: datetime) -> Parsed:
    """Read one chat line as /log would store it at `now` (aware); stores nothing itself.

    A user mention at the start (the bot's, "@bot 100kg 3x10") is not part of the line.
    """
    if isinstance(text, str) and len(text) > MAX_LINE:  # before any work: a pasted wall of text is not a set
        return _refusal(f"That is too long to read as a set (at most {MAX_LINE} characters)", _unit(prefs))
    if not isinstance(text, str) or not text.strip():
        return _refusal("I did not find a set in that", _unit(prefs))
    tokens = tokenize(text)
    if not any(t.kind == "num" or bodyweight_at(tokens, i) for i, t in enumerate(tokens)):
        return _refusal("I did not find a set in that (no weight, sets or reps); I log sets typed to me, and the "
                        "guide's answers are in `/hipthrust`", _unit(prefs))
    words = _addressed(tokens)
    if _asks(words):
        return _refusal(QUESTION, _unit(prefs))
    rpes = _RPES.search(text)
    if rpes is not None:
        return _refusal(f"I read more than one RPE (`{' '.join(rpes.group().split())}`): give one, the hardest "
                        "set's (`@8`)", _unit(prefs), "rpe")
    lift = _other_lift(words)
    if lift is not None:
        return _refusal(OTHER_LIFT.format(lift), _unit(prefs))
    other_date = _OTHER_DATE.search(text)
    if other_date is not None:
        today = today_in(prefs.timezone, now).isoformat()
        return _refusal(OTHER_DATE.format(other_date.group(), today), _unit(prefs), "day")
    try:
        found, readings = read_line(tokens)
        parsed = _entries(found, readings, note_of(text, tokens), prefs, now)
    except UnreadableError as unreadable:
        parsed = _refusal(unreadable.reason, _unit(prefs), unreadable.field)
    return _as_a_whole(text, tokens, parsed, prefs)


def _as_a_whole(text: str, tokens: list[Token], parsed: Parsed, prefs: Preferences) -> Parsed:
    """What the line says beyond its tokens: reps set by set (in a line refused anyway, now told
    what to send instead); where a load was read, a number read as the weight that is a
    percentage or part of the load on the bar (refused)."""
    if isinstance(parsed, Refusal):
        listed = _REP_LIST.search(text)  # RPEs set by set (`rpe 8,9,9`) were refused before reading
        return parsed if listed is None else _refusal(_rep_list_reason(listed.group()), _unit(prefs), "reps")
    read = parsed.entry if isinstance(parsed, Reading) else parsed.readings[0]
    found = _PERCENT.search(text)
    if found is not None and _weight_in(tokens, read, found.start(), found.end()):
        return _refusal(PERCENT.format(" ".join(found.group().split())), _unit(prefs), "weight")
    for pattern in (_PART_OF_LOAD, _PER_SIDE):
        if pattern is _PER_SIDE and read.variant == "single-leg":
            continue  # each side is each leg
        for found in pattern.finditer(text):
            # "45kg/side", "20 kg a side": the load comes just before the words for the side.
            start = _just_before(text, tokens, found.start()) if pattern is _PER_SIDE else found.start()
            if _weight_in(tokens, read, start, found.end()):
                shown = " ".join(text[start : found.end()].split()).replace("`", "'")[-40:]
                whole = WHOLE_LOAD.get(read.unit, WHOLE_LOAD["kg"])
                return _refusal(PART_OF_LOAD.format(shown, whole), _unit(prefs), "weight")
    return parsed


def _weight_in(tokens: list[Token], read: NewEntry, start: int, end: int) -> bool:
    """Whether the number read as the weight is typed between `start` and `end`."""
    return any(t.kind == "num" and start <= t.start and t.end <= end and t.value == read.weight for t in tokens)


def _just_before(text: str, tokens: list[Token], at: int) -> int:
    """Where the token right before `at` starts, if only spaces lie between; else `at`."""
    before = [t for t in tokens if t.end <= at]
    return before[-1].start if before and not text[before[-1].end : at].strip() else at


def _rep_list_reason(listed: str) -> str:
    """ "10,10,8" → how to send those sets instead: `2x10`, then `1x8`."""
    runs: list[list[int]] = []  # [sets, reps], consecutive equal reps together
    for reps in (int(n) for n in listed.split(",")):
        if runs and runs[-1][1] == reps:
            runs[-1][0] += 1
        else:
            runs.append([1, reps])
    lines = ", then ".join(f"`{sets}x{reps}`" for sets, reps in runs)
    how = "write them as sets × reps" if len(runs) == 1 else "send one line for each number of reps, as sets × reps"
    return f"I read a list of reps (`{' '.join(listed.split())}`): {how}: {lines}"
