"""The kinds of error a user should be told about; the funnel in `bot.interactions.tree` answers them.

Domain code raises a `UserError` kind with a message fit for the user. This module imports no
Discord code, so the pure feature packages and the repositories can raise them freely: a value
the user typed is kept as it came, and the funnel makes it inert (markdown, mentions) when it
words the answer (`UserError.worded`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

Escape = Callable[[str], str]
"""Makes text the user typed inert where the answer is shown (the funnel passes Discord's escaping)."""

BUTTONS_EXPIRED = "These buttons have expired. Run the command again."


def _as_typed(text: str) -> str:
    return text


def quoted(value: object, escape: Escape = _as_typed, limit: int = 40) -> str:
    """A value the user gave, escaped, on one line, in backticks, cut at `limit` characters. A
    whole number Discord sent as a float reads as typed: `1250`, not `1250.0`."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    text = escape(str(value)).replace("\n", " ")
    return f"`{text[:limit]}…`" if len(text) > limit else f"`{text}`"


class UserError(Exception):
    """Something the user can fix or should know; `message` is shown to them as is."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def worded(self, escape: Escape) -> str:
        """The answer the user reads; `escape` makes whatever they typed inert (see `ValidationError`)."""
        del escape  # only kinds that echo the user's input need it
        return self.message


class ValidationError(UserError):
    """An option's value is outside what is allowed; names the field and the allowed values.

    `message` echoes the value as typed; `worded` (the funnel) escapes it."""

    def __init__(self, field: str, allowed: str, got: object = None) -> None:
        self.field = field
        self.allowed = allowed
        self.got = got
        super().__init__(self.worded(_as_typed))

    def worded(self, escape: Escape) -> str:
        shown = "" if self.got is None else f" (you gave {quoted(self.got, escape)})"
        return f"**{self.field}** must be {self.allowed}{shown}. Nothing was stored."


class NotFoundError(UserError):
    """The thing the user asked for does not exist (or is not theirs)."""


class MissingPermissionError(UserError):
    """The bot (or, in another channel, the user) lacks permissions; names each one."""

    def __init__(self, permissions: Iterable[str], *, whose: str = "bot", where: str = "") -> None:
        self.permissions = tuple(permissions)
        names = ", ".join(p.replace("_", " ").title() for p in self.permissions)
        subject = "I need" if whose == "bot" else "You need"
        place = f" in {where}" if where else ""
        super().__init__(f"{subject} the {names} permission{'s' if len(self.permissions) > 1 else ''}{place}.")


class CooldownError(UserError):
    """The user is asking again too soon."""

    def __init__(self, retry_after: float, what: str = "this") -> None:
        self.retry_after = retry_after
        super().__init__(f"You can use {what} again in {max(retry_after, 0.1):.1f} s.")


class ButtonsExpiredError(UserError):
    """A click on buttons past their lifetime; the buttons' funnel also greys them out."""

    def __init__(self) -> None:
        super().__init__(BUTTONS_EXPIRED)
