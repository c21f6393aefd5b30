"""Numbers and loads as lifters type them, read one way wherever they type them: a chat line,
/history's Edit form and the reminder's Log form.

A decimal comma is read ("102,5"). A comma before exactly three digits ("1,000") is a thousands
separator or a decimal comma, and nothing typed says which, so it is refused with both readings
(`comma_in_doubt`, which /import csv asks of each number cell too).
Only 1 to 3 digits, the first not 0, can stand before a thousands separator, so "0,500" and
"1234,567" are decimal commas. A load may name its unit as a chat line does ("225 lb", "100kg",
"225#") or be bodyweight ("bw"). Pure: the forms' fields go on to `validate_log`'s checks, which
name the field and what is allowed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from bot.errors import ValidationError
from bot.logbook.chat_tokens import Token, tokenize

_IN_DOUBT = re.compile(r"^[1-9][0-9]{0,2},[0-9]{3}(?![0-9.,])")
_PLAIN = re.compile(r"^[0-9]+(?:[.,][0-9]+)?$")
# The one list of words for bodyweight (a load of 0), wherever a lifter types one.
BODYWEIGHT = frozenset({"bw", "bodyweight", "body-weight", "body weight"})
_BODYWEIGHT_LENGTHS = sorted({len(words.split()) for words in BODYWEIGHT}, reverse=True)  # in words, longest first


def bodyweight_at(tokens: Sequence[Token], i: int) -> int:
    """How many tokens from `tokens[i]` spell one of `BODYWEIGHT` ("bw": 1, "body weight": 2); 0 when none."""
    for n in _BODYWEIGHT_LENGTHS:
        span = tokens[i : i + n]
        if len(span) == n and all(t.kind == "word" for t in span) and " ".join(t.lower for t in span) in BODYWEIGHT:
            return n
    return 0


def comma_in_doubt(text: str) -> str | None:
    """The number `text` starts with when its comma may be a thousands separator or a decimal
    comma ("1,000" of "1,000kg"); None otherwise ("102,5", "1,25", "1000", "0,500", "1234,567"),
    and when more of a number follows ("1,000.5", "1,000,000": no "1,000" in doubt there, only a
    text that is no number, refused as typed)."""
    match = _IN_DOUBT.match(text.strip())
    return None if match is None else match.group()


def comma_readings(typed: str) -> tuple[str, str]:
    """ "1,000" → ("1000", "1.000"): the two numbers it may be."""
    return typed.replace(",", ""), typed.replace(",", ".")


def comma_error(field: str, typed: str) -> ValidationError:
    """The refusal of a number in doubt, naming both readings."""
    whole, decimal = comma_readings(typed)
    return ValidationError(field, f"written without the comma: `{typed}` could be {whole} or {decimal}")


def read_number(field: str, text: str) -> float | str:
    """A typed number ("8.5" or "8,5"), or the text as typed (stripped) for the validator to
    refuse in its own words; `comma_error` for a number in doubt ("1,000")."""
    typed = text.strip()
    if (doubt := comma_in_doubt(typed)) is not None:
        raise comma_error(field, doubt)
    return float(typed.replace(",", ".")) if _PLAIN.match(typed) else typed


def read_load(text: str, unit: str) -> tuple[float | str, str]:
    """A typed load and its unit, as a chat line reads one: "82.5", "82,5 kg", "225 lb", "225#"
    (`unit` when none is named), "bw" for bodyweight (0); the text as typed, with `unit`, for the
    validator to refuse when it is no load; `comma_error` for a number in doubt ("1,000")."""
    typed = text.strip()
    if " ".join(typed.casefold().split()) in BODYWEIGHT:
        return 0.0, unit
    if (doubt := comma_in_doubt(typed)) is not None:
        raise comma_error("weight", doubt)
    tokens = tokenize(typed)
    if len(tokens) == 1 and tokens[0].kind == "num" and not tokens[0].signed:
        return float(tokens[0].value), tokens[0].unit or unit
    return typed, unit
