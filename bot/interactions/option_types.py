"""Check the raw option values of a slash command against their declared types.

Discord's client sends each option as the type the command declares, but an interaction
payload is only data. discord.py converts some values before any of our code runs (every
number option goes through `float()`, every id through `int()`), outside the tree's error
funnel: a string in a number option, or an integer too large for a float, would end the
handler with no answer at all. So the tree checks the types first and tells the user which
field was wrong. Each option's `type` in the payload is only data too: a string option sent as
`{"type": 4, "value": 12345}` fits its own tag, and reached the command as an int. So a value is
checked against the type the command declares for that option (`declared`, from the tree), and
the payload's tag must agree with it, except among text, integers and booleans, which discord.py
hands on as they came. Ranges, lengths and choices are the commands' own checks.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

SUBCOMMAND, GROUP, STRING, INTEGER, BOOLEAN = 1, 2, 3, 4, 5
USER, CHANNEL, ROLE, MENTIONABLE, NUMBER, ATTACHMENT = 6, 7, 8, 9, 10, 11
_SNOWFLAKES = (USER, CHANNEL, ROLE, MENTIONABLE, ATTACHMENT)
_MAX_SNOWFLAKE = 2**64 - 1
# discord.py passes these on as the payload has them; the others it converts (float()) or resolves.
_AS_SENT = frozenset({STRING, INTEGER, BOOLEAN})
_WORDS = {STRING: "text", INTEGER: "a number", NUMBER: "a number", BOOLEAN: "true or false"}
_PICKED = "something picked from Discord's list"


def _is_number(value: object) -> bool:
    if isinstance(value, bool) or not isinstance(value, int | float):
        return False
    try:
        float(value)  # a huge integer overflows here, as it would in discord.py
    except OverflowError:
        return False
    return True


def _is_snowflake(value: object) -> bool:
    if isinstance(value, str):
        return value.isascii() and value.isdigit() and len(value) <= 20 and int(value) <= _MAX_SNOWFLAKE
    return isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= _MAX_SNOWFLAKE


def _expected(kind: object, value: object) -> str | None:
    """What the option should have held, or None when the value fits its type."""
    if kind == STRING and not isinstance(value, str):
        return "text"
    if kind in (INTEGER, NUMBER) and not _is_number(value):
        return "a number"
    if kind == BOOLEAN and not isinstance(value, bool):
        return "true or false"
    if kind in _SNOWFLAKES and not _is_snowflake(value):
        return _PICKED
    return None


def _misfit(tagged: object, declared: object, value: object) -> str | None:
    """What an option tagged `tagged` in the payload and declared `declared` by the command (None:
    not known) should have held; None when its value fits."""
    if declared is None:
        return _expected(tagged, value)
    wanted = _WORDS.get(declared, _PICKED)  # type: ignore[call-overload]
    if _expected(declared, value) is not None:
        return wanted
    # Another tag makes discord.py convert or resolve the value as that type, unless both pass it on.
    return None if tagged == declared or {tagged, declared} <= _AS_SENT else wanted


@dataclass(frozen=True)
class Misfit:
    """An option whose value does not fit its declared type."""

    name: str
    expected: str
    value: Any

    @property
    def shown(self) -> object:
        """The value as the user should see it (JSON words, never a Python repr of None)."""
        if self.value is None:
            return "nothing"
        if isinstance(self.value, bool):
            return "true" if self.value else "false"
        return self.value


def first_misfit(options: object, declared: Mapping[str, int] | None = None) -> Misfit | None:
    """The first option (subcommands included) whose value does not fit its type, if any.

    `options` is the `options` list of an application command's data; `declared` the type the
    command declares for each of its options, by name (the payload's own tags are used for a name
    it lacks). Shapes discord.py cannot read at all (not a list, an option without a name) are
    left to it: the tree's catch-all answers those.
    """
    declared = declared or {}
    if not isinstance(options, Sequence) or isinstance(options, str):
        return None
    for option in options:
        if not isinstance(option, Mapping):
            continue
        kind = option.get("type")
        if kind in (SUBCOMMAND, GROUP):
            found = first_misfit(option.get("options") or [], declared)
            if found is not None:
                return found
            continue
        if option.get("focused") or "value" not in option:
            continue  # autocomplete sends what the user is typing, as text
        expected = _misfit(kind, declared.get(str(option.get("name"))), option["value"])
        if expected is not None:
            return Misfit(str(option.get("name", "an option")), expected, option["value"])
    return None
