"""The reading rules of `bot.logbook.chat_line`: which token of a chat line is which /log option.

`read_line` marks every token it reads as used and returns what the line says for sure plus the
readings of its sets × reps; `bot.logbook.chat_note.note_of` is then the line without the used tokens. The
conventions are in `bot.logbook.chat_line`'s docstring; the typed forms refused before any token is read
are in `bot.logbook.chat_refusals`.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from bot.logbook.chat_refusals import UnreadableError, quoted, refuse_unsure
from bot.logbook.chat_tokens import Token
from bot.logbook.checks import RPE_STEPS
from bot.logbook.entries import SETS
from bot.logbook.typed import BODYWEIGHT


def _phrases(field: str, table: dict[str, Any]) -> list[tuple[tuple[str, ...], str, Any]]:
    return [(tuple(words.split()), field, value) for words, value in table.items()]


# Two-word phrases come first so "smith machine" is smith, not machine. Field "" is read and dropped.
_PHRASES = [
    *_phrases("", dict.fromkeys(["hip thrust", "hip thrusts"])),
    *_phrases("variant", {"smith machine": "smith", "glute bridge": "bridge", "glute bridges": "bridge",
                          "single leg": "single-leg", "single legged": "single-leg", "one leg": "single-leg"}),
    # Bodyweight, the two-word "body weight" first.
    *_phrases("weight", dict.fromkeys(sorted(BODYWEIGHT, key=lambda words: -len(words.split())), (0.0, None))),
    *_phrases("", dict.fromkeys(["hip-thrust", "hip-thrusts", "hipthrust", "hipthrusts", "thrust", "thrusts",
                                 "ht", "hts"])),
    *_phrases("variant", {"machine": "machine", "smith": "smith", "bridge": "bridge", "bridges": "bridge",
                          "single-leg": "single-leg", "single-legged": "single-leg", "singleleg": "single-leg",
                          "one-leg": "single-leg", "banded": "banded", "band": "banded", "bands": "banded",
                          "barbell": "barbell"}),
    *_phrases("day", {"today": 0, "yesterday": -1, "tomorrow": 1}),
]
_NAMES = {"weight": "weights", "sets": "set counts", "reps": "rep counts", "rpe": "RPEs",
          "variant": "variants", "day": "dates"}
MISSING_WEIGHT = "I could not find the **weight**: write it with a unit (`100kg`), or `bw` for bodyweight"
# `100kg 3x10 rpe`, `100kg 3x10 @`: an RPE begun and not given. Kept as the note, the entry was
# stored without the RPE the lifter meant to log.
RPE_WITHOUT_NUMBER = f"I read an RPE with no number ({{}}): write it as `@8` or `rpe 8`, {RPE_STEPS}, or leave it out"


_WORD_START = re.compile(r"[^\W_]*")


def _chain_shown(chain: list[tuple[Token, str | None]]) -> str:
    """The numbers in a row as a refusal names them (`quoted`)."""
    return quoted(*(number for number, _ in chain))


def _rpe_like(value: float) -> bool:
    return 1 <= value <= 10 and float(value * 2).is_integer()


class _Reader:
    """Reads one tokenised line; `found` maps a /log option to (value, how it was typed)."""

    def __init__(self, tokens: list[Token]) -> None:
        self.tokens = tokens
        self.found: dict[str, tuple[Any, str]] = {}

    def put(self, field: str, value: Any, shown: str) -> None:
        if field in self.found and self.found[field][0] != value:
            raise UnreadableError(f"I read two {_NAMES[field]} ({self.found[field][1]} and {shown})", field)
        self.found[field] = (value, shown)

    def at(self, i: int) -> Token | None:
        return self.tokens[i] if 0 <= i < len(self.tokens) else None

    def number(self, i: int, *, unit: bool = False) -> Token | None:
        """The unread unsigned number at `i` (with or without a unit if `unit`, else without)."""
        token = self.at(i)
        ok = token is not None and token.kind == "num" and not token.used and not token.signed
        return token if ok and token is not None and (unit or token.unit is None) else None

    def phrases(self) -> None:
        """Words: the exercise name, the variant, bodyweight, the day, a leading `log`."""
        # The bot's mention ("@bot 100kg 3x10") and a leading "log" only address the line.
        lead = 0
        while (token := self.at(lead)) is not None and token.text.startswith("<@") and token.text[2:3] != "&":
            token.used = True
            lead += 1
        if (token := self.at(lead)) is not None and token.is_word("log", "logged"):
            token.used = True
        for i, token in enumerate(self.tokens):
            if token.kind == "date":
                token.used = True
                self.put("day", token.text, quoted(token))
            for words, field, value in _PHRASES:
                span = self.tokens[i : i + len(words)]
                fits = len(span) == len(words)
                if fits and all(t.is_word(w) and not t.used for t, w in zip(span, words, strict=True)):
                    for t in span:
                        t.used = True
                    if field:
                        self.put(field, value, f"`{' '.join(words)}`")
                    if field == "weight":
                        self.separator_after_bodyweight(i + len(words))

    def separator_after_bodyweight(self, i: int) -> None:
        """`bw x 20`: an x (×, *, by) between bodyweight and a number only joins them, as in
        `100 x 20`: it is read, not left in the note."""
        sep = self.at(i)
        if sep is not None and not sep.used and sep.is_sep and self.number(i + 1) is not None:
            sep.used = True

    def rpe(self, *, suffix: bool) -> None:
        """`rpe 8`, `@rpe 8`, `rpe: 8` (or, with `suffix`, `8 rpe`)."""
        for i, token in enumerate(self.tokens):
            if token.used or not token.is_word("rpe"):
                continue
            j = i + 1
            while (t := self.at(j)) is not None and not t.used and (t.kind == "at" or t.text in (":", "=")):
                j += 1
            number = self.number(i - 1) if suffix else self.number(j)
            if number is None:
                continue
            read = [token, number] if suffix else self.tokens[i : j + 1]
            if not suffix and (before := self.at(i - 1)) is not None and before.kind == "at":
                read.append(before)  # @rpe 8
            for t in read:
                t.used = True
            self.put("rpe", number.value, quoted(number))

    def chains(self) -> list[list[tuple[Token, str | None]]]:
        """`3x10`, `3 sets of 10`, `140 x 8 x 4`; a lone `10 reps`/`3 sets` is read at once."""
        chains = []
        i = 0
        while i < len(self.tokens):
            chain: list[tuple[Token, str | None]] = []
            j = i
            while (number := self.number(j, unit=True)) is not None:
                label, nxt = self.label(j + 1) if number.unit is None else (None, j + 1)
                chain.append((number, label))
                sep = self.at(nxt)
                if sep is None or sep.used or not (sep.is_sep or (label == "sets" and sep.is_word("of"))):
                    break
                if self.number(nxt + 1, unit=True) is None:
                    if sep.is_word("x", "х") or sep.text == "×":  # `3x1O`: never 3 alone (`*` is also markup)
                        after = self.at(nxt + 1)
                        # What follows the x only as far as a word goes: a word glued to a number
                        # runs to the next space ("0A@everyone"), and a mention echoed reads as one.
                        shown = None if after is None else _WORD_START.match(after.text)
                        typed = " ".join(t for t in (number.text, sep.text, shown and shown.group()) if t)
                        raise UnreadableError(f"I could not read `{' '.join(typed.split())}` as sets × reps")
                    break
                sep.used = True
                j = nxt + 1
            if len(chain) > 1:
                chains.append(chain)
            elif chain and chain[0][1] is not None:
                self.put(chain[0][1], chain[0][0].value, quoted(chain[0][0]))
            for number, label in chain:
                if len(chain) > 1 or label is not None:
                    number.used = True
            i = j + 1 if chain else i + 1
        return chains

    def label(self, i: int) -> tuple[str | None, int]:
        """`sets` or `reps` at `i` (marked read), and where the chain goes on."""
        token = self.at(i)
        if token is not None and not token.used and token.is_word("set", "sets", "rep", "reps"):
            token.used = True
            return ("sets" if token.lower.startswith("s") else "reps"), i + 1
        return None, i


def _readings(chain: list[tuple[Token, str | None]], weight_known: bool) -> list[dict[str, Any]]:
    """The orders a chain can be read in, most usual first, before /log's limits are applied."""
    values = [number.value for number, _ in chain]
    labelled = any(label for _, label in chain)
    if len(chain) > 3:
        raise UnreadableError(f"I could not read {len(chain)} numbers in a row ({_chain_shown(chain)})")
    orders: Sequence[tuple[str, ...]]
    if len(chain) == 3:
        orders = [("weight", "reps", "sets"), ("sets", "reps", "weight")]
        # `100kg x 3x10`: the weight, then the usual sets × reps glued; read as weight × reps × sets
        # (`140 x 8 x 4`) it would be 10 sets of 3. Both are offered when the weight comes first
        # for sure and the last two numbers are glued as sets × reps are.
        glued = chain[2][0].start - chain[1][0].end <= 1
        if glued and (chain[0][0].unit is not None or values[0] > SETS[1]) and values[1] < values[2]:
            orders.append(("weight", "sets", "reps"))
    elif weight_known:
        orders = [("sets", "reps")] + ([("reps", "sets")] if labelled or values[0] > values[1] else [])
    elif chain[0][0].unit is None and (labelled or values[0] <= SETS[1]) and chain[1][0].unit is None:
        raise UnreadableError(MISSING_WEIGHT, "weight")
    else:
        orders = [("weight", "reps")]
    readings = []
    for order in orders:
        if all((number.unit is None or role == "weight") and label in (None, role)
               for (number, label), role in zip(chain, order, strict=True)):
            readings.append({role: (number.value, number.unit) if role == "weight" else number.value
                             for (number, _), role in zip(chain, order, strict=True)})
    if not readings:
        raise UnreadableError(f"I could not tell the sets, reps and weight apart in {_chain_shown(chain)}")
    return readings


def read_line(tokens: list[Token]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """What the line says for sure (/log option → value), and the readings of its sets × reps (one or two).

    A weight is (value, unit or None for the lifter's unit); a day is an ISO text or an offset from today.
    """
    refuse_unsure(tokens)
    reader = _Reader(tokens)
    reader.phrases()
    reader.rpe(suffix=False)
    chains = reader.chains()
    reader.rpe(suffix=True)
    if len(chains) > 1:
        raise UnreadableError("I read more than one set description; send one line per entry")
    chain = chains[0] if chains else None
    in_chain = chain is not None and (len(chain) == 3 or any(n.unit for n, _ in chain))
    for i in range(len(tokens)):
        if (number := reader.number(i, unit=True)) is not None and number.unit is not None:
            number.used = True
            reader.put("weight", (number.value, number.unit), quoted(number))
        elif (number := reader.number(i)) is not None and (before := reader.at(i - 1)) and before.kind == "at":
            number.used = before.used = True
            known = "weight" in reader.found or in_chain
            reader.put("rpe" if known or _rpe_like(number.value) else "weight",
                       number.value if known or _rpe_like(number.value) else (number.value, None), quoted(number))
    for token in tokens:
        if token.kind != "num" or token.used:
            continue
        if token.signed:
            raise UnreadableError(f"I could not read {quoted(token)}: weights, sets and reps are never signed")
        if "weight" not in reader.found and not in_chain:
            reader.put("weight", (token.value, None), quoted(token))
        elif chain is None and "reps" not in reader.found:
            reader.put("reps", token.value, quoted(token))
        else:
            raise UnreadableError(f"I could not tell what {quoted(token)} is (a number in a note makes a line "
                                  "unreadable: `/log note:` takes one)")
        token.used = True
    for i, token in enumerate(tokens):
        # An `@` or `rpe` counts only at the end of the line (`@ home gym`, `no rpe today`, `rpe was
        # low` are notes) and once a weight was read (`3x10 @` lacks the weight: `3x10 @ 225`).
        dangling = (not token.used and (token.kind == "at" or token.is_word("rpe"))
                    and all(t.kind == "other" for t in tokens[i + 1 :]) and ("weight" in reader.found or in_chain))
        if dangling:
            raise UnreadableError(RPE_WITHOUT_NUMBER.format(quoted(token)), "rpe")
    found = {field: value for field, (value, _) in reader.found.items()}
    if chain is None:
        return found, [{}]
    if in_chain and "weight" in found:
        shown = reader.found["weight"][1]
        if len(chain) == 3 and not any(number.unit for number, _ in chain):
            # `100kg 3 x 10 x 3`: no weight in the chain, but three numbers where the weight
            # leaves room for two (sets × reps); which two the lifter meant no line says.
            raise UnreadableError(f"I read the weight ({shown}), then three numbers in a row "
                                  f"({_chain_shown(chain)}): beside a weight, write only sets × reps (`3x10`)")
        raise UnreadableError(f"I read two weights ({shown} and {_chain_shown(chain)})", "weight")
    readings = _readings(chain, "weight" in found)
    # `10x3 ... 3 sets`: a count typed with its word elsewhere picks the reading that agrees with it.
    agreeing = [r for r in readings if all(found.get(field, value) == value for field, value in r.items())]
    if not agreeing:
        clash = next(field for field in readings[0] if field in found)
        shown = reader.found[clash][1]
        raise UnreadableError(f"I read two {_NAMES[clash]} ({shown} and {_chain_shown(chain)})", clash)
    return found, agreeing
