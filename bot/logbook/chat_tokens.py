"""Cutting a chat line into tokens for `bot.logbook.chat_line`: numbers (with a unit), words, signs.

Every token keeps its span in the line, so what the parser does not read can be cut out of the
original text and kept as the note, spacing and capitals as typed. Only ASCII digits are
numbers: `float()` would accept Arabic-Indic or full-width digits, and a lifter who types those
meant something we cannot check, so they stay text (and a line without a readable number is
refused).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# One alternative per kind, tried in this order at each position. Discord's markup for a mention,
# channel, custom emoji or timestamp is one token: its id is not a number of the set. A date comes before a number
# (2024-01-05 is not 2024 minus 1); a sign counts only at the start of a word, so 10-12 is two
# numbers around a dash, not 10 and minus 12.
_TOKEN = re.compile(
    r"""
      (?P<mention><(?:@[!&]?|\#|a?:\w+:|t:)[0-9]+(?::\w)?>)
    | (?P<date>(?<![0-9])[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}(?![0-9]))
    | (?P<sign>(?<!\S)[-+−])?(?P<num>[0-9]+(?:[.,][0-9]+)?)
      (?P<unit>\s*(?:kilogram(?:s|mes?|m|os)?|kilos?|kgs?|kgr|кг|pounds?|lbs?)(?:(?![^\W\d_])|(?=x[0-9]))|\#(?![^\W_])|\s+\#(?!\S)(?!\s+[^\W\d_]))?
      (?P<tail>[^\W\d_]*)
    | (?P<word>[^\W\d_]+(?:[-'’][^\W\d_]+)*)
    | (?P<at>@)
    | (?P<sep>[×*])
    | (?P<other>\S)
    """,
    re.VERBOSE | re.IGNORECASE,
)
# Letters glued to a number that still leave it a number: 3x10, 10reps, 8rpe. Any other
# ("2nd", "10am") makes the whole thing a word of the note.
_GLUED_WORDS = frozenset({"x", "х", "rep", "reps", "set", "sets", "rpe"})  # х: Cyrillic


@dataclass
class Token:
    """One piece of the line; `used` is set once the parser has read it (the rest is the note)."""

    kind: str  # "num", "word", "date", "mention", "at", "sep" (× or *), "other"
    text: str
    start: int
    end: int
    value: float = 0  # a "num"'s value
    unit: str | None = None  # a "num"'s unit when one was typed with it: "kg" or "lb"
    signed: bool = False  # a "num" typed with + or -: never a weight, reps or sets
    digits: str = ""  # a "num"'s number as typed, without its sign or unit ("1,000" of "1,000kg")
    used: bool = False

    @property
    def lower(self) -> str:
        """The text in lower case, for comparing words."""
        return self.text.lower()

    def is_word(self, *words: str) -> bool:
        """Whether this is one of `words` (lower case), as a word."""
        return self.kind == "word" and self.lower in words

    @property
    def is_sep(self) -> bool:
        """x (or a Cyrillic х), ×, * or by: what stands between sets, reps and weight in 3x10 or 140 x 8 x 4."""
        return self.kind == "sep" or self.is_word("x", "х", "by")


def _unit(text: str) -> str:
    return "kg" if text.strip().lower().startswith(("k", "к")) else "lb"


def tokenize(line: str) -> list[Token]:
    """The tokens of `line` in order; whitespace separates them and belongs to none."""
    tokens: list[Token] = []
    pos = 0
    while (match := _TOKEN.search(line, pos)) is not None:
        start, end = match.span()
        pos = end
        if match.group("num") is None:
            tokens.append(Token(match.lastgroup or "other", match.group(), start, end))
            continue
        tail = match.group("tail")
        if tail and tail.lower() not in _GLUED_WORDS:
            # "2nd", "10am", "1e5kg": a word of the note, up to the next space, numbers and all
            # (reading the 5kg of 1e5kg as the weight would be a guess).
            while pos < len(line) and not line[pos].isspace():
                pos += 1
            tokens.append(Token("word", line[start:pos], start, pos))
            continue
        unit = match.group("unit")
        number_end = end - len(tail)
        digits = match.group("num").replace(",", ".")
        tokens.append(
            Token(
                "num",
                line[start:number_end].strip(),
                start,
                number_end,
                # Whole numbers stay exact: a refusal shows 250 as typed, not 250.0.
                value=int(digits) if digits.isdigit() and len(digits) <= 15 else float(digits),
                unit=None if unit is None else _unit(unit),
                signed=match.group("sign") is not None,
                digits=match.group("num"),
            )
        )
        if tail:
            tokens.append(Token("word", tail, number_end, end))
    return tokens
