"""How each application command ended, and how long its first answer took, for the metrics.

The tree calls `dispatched` as it takes a command and `settle` when its handler is done; the
error funnel calls `failed`. The first answer is timed where discord.py records it: the moment
an `InteractionResponse` becomes done (a reply, a defer, a modal), whichever cog answered.
"""

from __future__ import annotations

import time
from typing import Any

import discord

from bot.operations.metrics import ANSWERED_ELSEWHERE, DEADLINE_MISSED, DEADLINE_SECONDS, Metrics, worse

_DISPATCHED = "hipthrust.dispatched_at"
_ANSWERED = "hipthrust.first_answer_at"
_OUTCOME = "hipthrust.outcome"
UNKNOWN_COMMAND = "unknown"  # the payload named no command of this version (or could not be read)


class _TimedResponse(discord.InteractionResponse):  # type: ignore[type-arg]
    """discord.py's response, noting when it first becomes done.

    Every way of answering ends by setting `_response_type` (discord.py's private slot, which
    `is_done()` reads); this class turns that slot into a property that also notes the time.
    Re-check on a discord.py upgrade: tests/operations/test_outcomes.py fails if it stops working.
    """

    __slots__ = ("_answered_as",)

    @property  # type: ignore[override]
    def _response_type(self) -> Any:
        return getattr(self, "_answered_as", None)

    @_response_type.setter
    def _response_type(self, value: Any) -> None:
        if value is not None and getattr(self, "_answered_as", None) is None:
            self._parent.extras.setdefault(_ANSWERED, time.monotonic())
        self._answered_as = value


def dispatched(interaction: discord.Interaction, received_at: float | None) -> None:
    """Start timing a command: from `received_at` (monotonic, at the gateway) or now."""
    interaction.extras[_DISPATCHED] = time.monotonic() if received_at is None else received_at
    if isinstance(interaction, discord.Interaction) and not interaction.response.is_done():
        # `response` is a cached slot property: replacing the cached object is all it takes.
        setattr(interaction, "_cs_response", _TimedResponse(interaction))  # noqa: B010


def failed(interaction: discord.Interaction, outcome: str) -> None:
    """The funnel's verdict on a failure (a user error, an unexpected one, an expired interaction)."""
    interaction.extras[_OUTCOME] = worse(interaction.extras.get(_OUTCOME), outcome)


def first_answer_seconds(interaction: discord.Interaction) -> float | None:
    """Seconds from dispatch to the first answer; None when the command has not answered."""
    started, answered = interaction.extras.get(_DISPATCHED), interaction.extras.get(_ANSWERED)
    if started is None or answered is None:
        return None
    return max(0.0, float(answered) - float(started))


def command_label(interaction: discord.Interaction) -> str:
    """The command's qualified name, or `UNKNOWN_COMMAND`; never text the user typed."""
    try:
        command = interaction.command
    except Exception:  # a payload discord.py cannot read
        return UNKNOWN_COMMAND
    if command is None:
        return UNKNOWN_COMMAND
    return str(getattr(command, "qualified_name", command.name))


def settle(interaction: discord.Interaction, metrics: Metrics) -> str:
    """Count the command once, with its worst outcome, and its first-answer time; returns the outcome.

    A command with no first answer, or one later than Discord's 3 s, missed its deadline,
    whatever else happened: the user saw "The application did not respond". One that another
    process answered (Discord refused ours: 40060) did not: the user saw that answer.
    """
    seconds = first_answer_seconds(interaction)
    outcome = interaction.extras.get(_OUTCOME) or "answered"
    if outcome != ANSWERED_ELSEWHERE and (seconds is None or seconds > DEADLINE_SECONDS):
        outcome = worse(outcome, DEADLINE_MISSED)
    metrics.interaction_done(command_label(interaction), outcome, seconds)
    return str(outcome)
