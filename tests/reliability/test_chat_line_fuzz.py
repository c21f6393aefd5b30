"""Hostile chat lines through the set parser: always an answer, never a crash, nothing storable on refusal.

The parser is pure, so "nothing stored" is checked where it is decided: a refusal carries no entry,
and every entry the parser does hand out is exactly what /log's own validation would store from
the same options (so nothing the parser passes on can be out of /log's limits).
"""

from __future__ import annotations

import math
import re
from datetime import UTC, datetime

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.logbook.chat_line import EXAMPLE, MAX_LINE, Choice, Reading, Refusal, parse_line
from bot.logbook.chat_tokens import tokenize
from bot.logbook.checks import validate_log
from bot.logbook.entries import MAX_NOTE, NewEntry, Preferences
from tests.reliability import hostile

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
PREFS = st.sampled_from([Preferences(), Preferences(unit="lb"), Preferences(unit="lb", timezone="Pacific/Kiritimati"),
                         Preferences(timezone="America/Adak")])
# Discord pings in text: a refusal must never carry one unescaped.
PING = re.compile(r"@(everyone|here|[!&]?[0-9]{17,20})")
EXAMPLES = settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = ["100kg", "3x10", "10x3", "140 x 8 x 4", "@8", "@", "@ 8", "rpe", "rpe8.5", "x", "×", "*", "by", "bw",
         "bodyweight", "kg", "kgs", "lb", "lbs", "#", "sets", "reps", "set", "of", "for", "at", "yesterday", "today",
         "tomorrow", "2026-11-20", "2099-01-01", "2024-02-30", "0000-00-00", "machine", "banded", "single leg",
         "smith machine", "hip thrust", "ht", "log", "-5", "+20", "−3", "1e309", "nan", "inf", "-inf", "0x0",
         "٣", "١٠٠", "１００", "𝟗", "²", "½", "💪", "🏋️", "\n", "\r\n", "\t", ",", ":", "102,5", "2nd", "0.5",
         "000000", "9" * 40, str(2**1100)[:250], "10-12", "3x10x100x5", ".", "..", "-", "x10", "10x", "kg3"]
NUMBERS = hostile.numbers(-5, 1100).map(str)
soup = st.lists(st.one_of(st.sampled_from(WORDS), st.sampled_from([*hostile.MENTIONS, *hostile.MARKDOWN,
                                                                   *hostile.CONTROL]), NUMBERS),
                max_size=14).flatmap(lambda parts: st.sampled_from(["", " "]).map(lambda glue: glue.join(parts)))
shaped = st.builds(lambda w, u, s, r, e, rest: f"{w}{u} {s}x{r} @{e} {rest}", NUMBERS,
                   st.sampled_from(["", "kg", " lb", "#", "kilos"]), NUMBERS, NUMBERS, NUMBERS,
                   hostile.texts(40))
# A readable set with hostile text around it: the note's path (mentions, markdown, control characters).
sane_set = st.builds(lambda w, u, s, r, e: f"{w}{u} {s}x{r} @{e}", st.integers(0, 1000),
                     st.sampled_from(["kg", " lb", "", "#"]), st.integers(1, 20), st.integers(1, 100),
                     st.integers(1, 10))
around = st.one_of(st.sampled_from(WORDS), hostile.pieces, hostile.sane_note())
near_sane = st.builds(lambda before, core, after: f"{before} {core} {after}", around, sane_set, around)
lines = st.one_of(st.text(max_size=MAX_LINE + 20), soup, shaped, near_sane, near_sane, hostile.texts(MAX_LINE),
                  st.text(st.characters(codec="utf-8"), min_size=MAX_LINE - 5, max_size=MAX_LINE + 5))


def relog(entry: NewEntry, prefs: Preferences) -> NewEntry:
    """What /log would store from the entry's own options."""
    return validate_log(weight=entry.weight, reps=entry.reps, sets=entry.sets, rpe=entry.rpe, variant=entry.variant,
                        unit=entry.unit, note=entry.note, day=entry.performed_on.isoformat(), prefs=prefs, now=NOW)


def check_entry(entry: NewEntry, prefs: Preferences) -> None:
    assert relog(entry, prefs) == entry
    assert math.isfinite(entry.weight)
    if entry.note is not None:
        assert len(entry.note) <= MAX_NOTE
        assert entry.note == entry.note.strip()
        # What was read is cut out of the note: what is left has no number the parser could read.
        assert not [t.text for t in tokenize(entry.note) if t.kind == "num"], entry.note


@EXAMPLES
@given(line=lines, prefs=PREFS)
def test_any_line_gets_one_clear_answer(line: str, prefs: Preferences) -> None:
    parsed = parse_line(line, prefs, NOW)
    assert parse_line(line, prefs, NOW) == parsed  # no hidden state between lines
    if isinstance(parsed, Refusal):
        assert parsed.message.endswith(f"Nothing was stored. A line I can read: `{EXAMPLE[prefs.unit]}`.")
        assert len(parsed.message) < 2000  # one Discord message
        assert not PING.search(parsed.message), parsed.message
    elif isinstance(parsed, Reading):
        check_entry(parsed.entry, prefs)
    else:
        assert isinstance(parsed, Choice)
        first, second = parsed.readings
        assert first != second
        for entry in parsed.readings:
            check_entry(entry, prefs)
        # The two readings differ only in how the numbers of one `AxB` (or `AxBxC`) are assigned.
        assert (first.performed_on, first.variant, first.rpe, first.note) == (
            second.performed_on, second.variant, second.rpe, second.note)


@settings(max_examples=50, deadline=None)
@given(prefs=PREFS, size=st.sampled_from([MAX_LINE + 1, 10_000, 1_000_000]),
       fill=st.sampled_from(["9", "3x10 ", "x", "@", "💪", "\n", "٣"]))
def test_a_wall_of_text_is_refused_unread(prefs: Preferences, size: int, fill: str) -> None:
    parsed = parse_line((fill * size)[:size], prefs, NOW)
    assert isinstance(parsed, Refusal)
    assert "too long" in parsed.message


@settings(max_examples=200, deadline=None)
@given(value=st.one_of(hostile.json_junk, hostile.any_float, st.binary(max_size=20)), prefs=PREFS)
def test_what_is_not_text_is_refused(value: object, prefs: Preferences) -> None:
    assert isinstance(parse_line(value, prefs, NOW), Refusal)
