"""Why a chat line is refused: `UnreadableError`, which every reading rule raises with a reason for
the lifter, and the typed forms no reading can be sure of, refused before the line is read
(`refuse_unsure`): a digit other than 0-9, a letter O for a zero, a comma that may be a thousands
separator or a decimal one, a day named by its weekday."""

from __future__ import annotations

import re

from bot.logbook.chat_tokens import Token
from bot.logbook.typed import comma_in_doubt, comma_readings

# A number typed with a letter O for a zero (`1O`, `8O`, `1OOkg`): a word of the note to the
# tokenizer, so `3x1O` would read as 3 and `@ 8O` as no RPE.
_LETTER_O = re.compile(r"^[0-9]+[oO][0-9oO]*(?:kgs?|lbs?)?$", re.IGNORECASE)


# A day named by its weekday ("last monday", "on friday") is not a date the line can be stored on;
# a weekday in a note ("happy friday", "same as monday") is a note.
_WHEN = ("last", "on", "this", "past")
_WEEKDAYS = frozenset(
    day + end for day in ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
    for end in ("", "s")
)


class UnreadableError(Exception):
    """The line cannot be read for sure; `reason` says why (for the lifter), `field` which option."""

    def __init__(self, reason: str, field: str | None = None) -> None:
        super().__init__(reason)
        self.reason = reason
        self.field = field


def quoted(*tokens: Token) -> str:
    """The token as typed, its spaces folded, in backticks: how a refusal names it. Numbers typed
    in a row are named together, joined by " x " (`100 x 3 x 10`, however the line glued them)."""
    return "`" + " x ".join(" ".join(token.text.split()) for token in tokens) + "`"


def _more_of_the_number(tokens: list[Token], i: int) -> str | None:
    """The number typed from token `i` on, when a point or a comma and more digits follow it with
    no space ("1,000" then ".5"); None when nothing does. The tokens split a number at its second
    separator, as a file's and a form's checks do not (bot.logbook.typed.comma_in_doubt)."""
    glued, end = tokens[i].text, tokens[i].end
    for mark, more in zip(tokens[i + 1 :: 2], tokens[i + 2 :: 2], strict=False):
        if not (mark.kind == "other" and mark.text in ".," and mark.start == end
                and more.kind == "num" and not more.signed and more.start == mark.end):
            break
        glued, end = glued + mark.text + more.digits, more.end
    return glued if end != tokens[i].end else None


def refuse_unsure(tokens: list[Token]) -> None:
    """Raise `UnreadableError` for the first token typed in a form no reading can be sure of."""
    for i, token in enumerate(tokens):
        if token.kind == "other" and token.text.isdecimal():
            # A digit other than 0-9 (full-width `３`, Arabic-Indic `٣`), as a phone keyboard types one: no
            # number to the tokenizer, so `100kg ３x10` would store 1 × 10 with `３x` for its note.
            raise UnreadableError(f"I could not read {quoted(token)}: write numbers with the digits 0 to 9")
        if token.kind == "word" and _LETTER_O.match(token.text):
            raise UnreadableError(f"I could not read {quoted(token)} (a letter O for a zero?)")
        # "1,000": a thousands separator or a decimal comma; no line says which (bot.logbook.typed).
        if token.kind == "num" and (typed := comma_in_doubt(token.text)) is not None:
            if glued := _more_of_the_number(tokens, i):  # "1,000.5": no "1,000" in doubt, and no number
                raise UnreadableError(f"I could not read `{glued}` as a number: write it without the comma")
            whole, decimal = comma_readings(typed)
            raise UnreadableError(f"I could not tell whether `{typed}` is {whole} or {decimal}: write it without the "
                                  "comma")
        before = tokens[i - 1] if i else None
        if token.kind == "word" and token.lower in _WEEKDAYS and before is not None and before.is_word(*_WHEN):
            raise UnreadableError(f"I read a day as `{before.text} {token.text}`: in chat, write `yesterday` or "
                                  "the date as YYYY-MM-DD (or use `/log date:`)", "day")
