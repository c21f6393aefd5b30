"""How each application command, button, menu and form ended, and how long its first answer took,
for the metrics.

The tree calls `dispatched` as it takes a command and `settle` when its handler is done; the
client calls `track_component` for a button, menu or form with the tasks discord.py started for
it, which settles it when they are done; the error funnel calls `failed`. The first answer is
timed where discord.py records it: the moment an `InteractionResponse` becomes done (a reply, a
defer, a modal), whichever cog answered. Once settled, an interaction is let go of (`let_go`), as
the tree does after an autocomplete, which is not counted.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
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
    Re-check on a discord.py upgrade: tests/operations/test_metrics_e2e.py fails if it stops working.
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


def component_label(interaction: discord.Interaction) -> str:
    """`button:<prefix>`, `menu:<prefix>` or `form:<prefix>`: the kind and the custom_id's prefix
    (`button:im` is /import's Import). Only the bot makes custom_ids (Discord sends only those of
    its own messages and forms), and their prefixes are a few letters (tests/test_client.py):
    anything else is `…:unknown`, so the label can take only a bounded set of values."""
    data: dict[str, Any] = dict(interaction.data or {})
    if interaction.type is discord.InteractionType.modal_submit:
        kind = "form"
    else:
        kind = "button" if data.get("component_type") == discord.ComponentType.button.value else "menu"
    prefix = str(data.get("custom_id", "")).split(":", 1)[0]
    return f"{kind}:{prefix}" if prefix.isascii() and prefix.isalpha() and len(prefix) <= 3 else f"{kind}:unknown"


Unanswered = Callable[[discord.Interaction], Awaitable[None]]
_FINISHING: set[asyncio.Task[None]] = set()  # the loop keeps only weak references to its tasks


def track_component(interaction: discord.Interaction, handlers: list[asyncio.Task[Any]], metrics: Metrics,
                    received_at: float | None, *, unanswered: Unanswered | None = None) -> None:
    """Time a button, menu or form from `received_at` and count it once its `handlers` (the tasks
    discord.py started for it) are all done; with none, nothing will answer it: counted at once.
    When they are done and none answered it or failed to (Discord refused an answer: another
    process gave one), nothing handled it: `unanswered` answers it first, then it is counted."""
    dispatched(interaction, received_at)
    label = component_label(interaction)
    left = set(handlers)

    def finish() -> None:
        if unanswered is None or interaction.response.is_done() or _OUTCOME in interaction.extras:
            settle(interaction, metrics, label)
            return
        task = asyncio.get_running_loop().create_task(_answer_then_settle(interaction, metrics, label, unanswered))
        _FINISHING.add(task)
        task.add_done_callback(_FINISHING.discard)

    def done(task: asyncio.Task[Any]) -> None:
        left.discard(task)
        if not left:
            finish()

    if not left:
        finish()
    for task in handlers:
        task.add_done_callback(done)


async def _answer_then_settle(interaction: discord.Interaction, metrics: Metrics, label: str,
                              unanswered: Unanswered) -> None:
    try:
        await unanswered(interaction)
    finally:
        settle(interaction, metrics, label)


def settle(interaction: discord.Interaction, metrics: Metrics, label: str | None = None) -> str:
    """Count the command once, with its worst outcome, and its first-answer time, and `let_go` of
    it; returns the outcome.

    A command with no first answer, or one later than Discord's 3 s, missed its deadline,
    whatever else happened: the user saw "The application did not respond". One that another
    process answered (Discord refused ours: 40060) did not: the user saw that answer.
    """
    seconds = first_answer_seconds(interaction)
    outcome = interaction.extras.get(_OUTCOME) or "answered"
    if outcome != ANSWERED_ELSEWHERE and (seconds is None or seconds > DEADLINE_SECONDS):
        outcome = worse(outcome, DEADLINE_MISSED)
    metrics.interaction_done(label or command_label(interaction), outcome, seconds)
    let_go(interaction)
    return str(outcome)


def let_go(interaction: discord.Interaction) -> None:
    """Untie a finished interaction from itself, so that it goes (with its member, options and
    payload, ~17 objects) as soon as nothing refers to it, instead of waiting for the cyclic garbage
    collector: discord.py's response refers back to the interaction that caches it.

    An answered response keeps its answer: it still says it is done, and answering again still
    raises InteractionResponded (with no interaction in it). One not answered is left as it is.
    """
    response: discord.InteractionResponse[Any] | None = getattr(interaction, "_cs_response", None)
    if response is not None and response.is_done():
        # discord.py's private slot, read only to answer (which a done response refuses first).
        response._parent = None  # type: ignore[assignment]
