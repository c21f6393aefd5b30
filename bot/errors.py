"""The kinds of error a user should be told about; the funnel in `bot.interactions.tree` answers them.

Domain code raises a `UserError` kind with a message fit for the user. This module imports no
Discord code, so the pure feature packages and the repositories can raise them freely. A value
the user typed is echoed in a code span (`quoted`), where Discord renders no markdown and no
mention: it reads as typed, and inert.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

BUTTONS_EXPIRED = "These buttons have expired. Run the command again."

# Control characters (NUL, tabs, carriage returns, C1), the line and paragraph separators and lone
# surrogates: each becomes a space; "\n" stays for text shown on lines of its own (`quoted` joins
# lines first). Direction marks, overrides and isolates (U+061C, U+200E/F, U+202A–E, U+2066–9),
# which turn the rest of the line around (the closing quote of an echo included), are dropped.
_TO_SPACE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff]")
_DIRECTION = re.compile("[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")
_UNSAFE = re.compile(f"{_TO_SPACE.pattern}|{_DIRECTION.pattern}")


def plain(text: str) -> str:
    """User text made safe to echo: controls as spaces (line feeds kept), direction controls gone.
    Every echo of what a user typed goes through it (`quoted`, `replies.escape`)."""
    if not _UNSAFE.search(text):
        return text
    return _DIRECTION.sub("", _TO_SPACE.sub(" ", text))


def quoted(value: object, limit: int = 40) -> str:
    """A value the user gave, as typed, in a code span: on one line (`plain`), its backticks
    (which would end the span) as ', cut at `limit` characters. A whole number Discord sent as a
    float reads as typed: `1250`, not `1250.0`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = plain(" ".join(str(value).splitlines())).replace("`", "'")
    return f"`{text[:limit]}…`" if len(text) > limit else f"`{text or ' '}`"


class UserError(Exception):
    """Something the user can fix or should know; `message` is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ValidationError(UserError):
    """An option's value is outside what is allowed; names the field and the allowed values, and
    echoes the value given (`quoted`); `suggestion`, when given, is offered after ("Did you mean …?")."""

    def __init__(self, field: str, allowed: str, got: object = None, *, suggestion: str | None = None) -> None:
        self.field = field
        self.allowed = allowed
        self.got = got
        shown = "" if got is None else f" (you gave {quoted(got)})"
        offered = "" if suggestion is None else f" Did you mean {suggestion}?"
        self.problem = f"**{field}** must be {allowed}{shown}.{offered}"  # one line of a form's several
        super().__init__(f"{self.problem} Nothing was stored.")


class NotFoundError(UserError):
    """The thing the user asked for does not exist (or is not theirs)."""


def permission_label(name: str) -> str:
    """A permission as Discord's settings label it: send_messages_in_threads, "Send Messages in Threads"."""
    return " ".join(word if word in ("in", "and") else word.capitalize() for word in name.split("_"))


def permission_labels(names: Iterable[str]) -> str:
    """Permissions as a sentence names them: "View Channel, Send Messages and Embed Links"."""
    *first, last = map(permission_label, names)
    return f"{', '.join(first)} and {last}" if first else last


class MissingPermissionError(UserError):
    """The bot (or, in another channel, the user) lacks permissions; names each one."""

    def __init__(self, permissions: Iterable[str], *, whose: str = "bot", where: str = "") -> None:
        self.permissions = tuple(permissions)
        subject = "I need" if whose == "bot" else "You need"
        place = f" in {where}" if where else ""
        plural = "s" if len(self.permissions) > 1 else ""
        super().__init__(f"{subject} the {permission_labels(self.permissions)} permission{plural}{place}.")


def discord_refused(where: str, needs: Iterable[str]) -> UserError:
    """Discord's Missing Access or Missing Permissions, met although the bot's own check passed
    (a permission changed meanwhile, or one the check cannot see): what the action needs there."""
    return UserError(f"Discord refused: I lack a permission in {where}. I need {permission_labels(needs)} there.")


def discord_unavailable(status: int) -> UserError:
    """Discord did not do what the bot asked for reasons of its own (`status` 429: its rate limit;
    5xx: its fault or overload), so the user should try again later."""
    if status == 429:
        return UserError(f"Discord is limiting how fast the bot may act right now (it answered {status}). "
                         "Please try again in a few minutes.")
    return UserError(f"Discord could not do this just now (it answered {status}, a fault or overload on its side). "
                     "Please try again in a minute.")


class CooldownError(UserError):
    """The user is asking again too soon."""

    def __init__(self, retry_after: float, what: str = "this") -> None:
        self.retry_after = retry_after
        super().__init__(f"You can use {what} again in {max(retry_after, 0.1):.1f} s.")


class ButtonsExpiredError(UserError):
    """A click on buttons past their lifetime; the buttons' funnel also greys them out. `message`
    says what to do instead (by default, run the command again)."""

    def __init__(self, message: str = BUTTONS_EXPIRED) -> None:
        super().__init__(message)
