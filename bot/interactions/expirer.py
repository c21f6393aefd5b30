"""Greying buttons out when they expire: one timer per cog (`Expirer`) for every answer it sent.

Buttons work for `BUTTON_LIFETIME` (their custom_ids carry the stamp, `bot.interactions.buttons`);
once it passes, the message they sit on shows them disabled. An answer that updates its message
renews that message's buttons, and the bot keeps when those expire (`HipThrustBot.renewed_messages`).
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions.live_answers import FIRST_ANSWER_DEADLINE
from bot.interactions.rate_limits import UNSERVED

log = logging.getLogger(__name__)

# Buttons expire before the interaction token does (15 minutes), so the message can still be edited.
BUTTON_LIFETIME = 14 * 60
# An interaction's first answer, in its token's webhook routes (Discord: GET and PATCH
# /webhooks/{application.id}/{interaction.token}/messages/@original). discord.py types the
# message id as int, and puts it in the path as given.
ORIGINAL: Any = "@original"


def disabled_view(message: discord.Message) -> discord.ui.View:
    """The message's components as they are now, every button and menu disabled. Stopped, as
    nothing can press them: discord.py would otherwise keep the view (its items have custom_ids
    and no timeout) for as long as the process lives, one per message whose buttons expired."""
    view = discord.ui.View.from_message(message, timeout=None)
    for item in view.children:
        if isinstance(item, discord.ui.Button | discord.ui.Select):
            item.disabled = True
    view.stop()
    return view


# An answer that updates the message it came from (an Edit form turned down on a /history page
# shows Fix the form there) renews the message's buttons for a lifetime of their own: the bot keeps
# when those expire, by message id (`HipThrustBot.renewed_messages`, on the event loop's clock),
# and an earlier answer's timer, due first, leaves them to that answer's. It is the bot's, not an
# Expirer's: the page and the form are different cogs'. An entry goes when the later timer greys
# the message, or, past its time (the message gone before that timer fetched it), once 1,000 are kept.
_RENEWED_PRUNED_AT = 1000
# The answers that change the message they came from (a click's), not post a new one.
UPDATES = frozenset({discord.InteractionResponseType.message_update,
                     discord.InteractionResponseType.deferred_message_update})
# A live press answering the message, or whose answer landed just now, may show what the message as
# fetched does not (`bot.interactions.live_answers`): greying out what was fetched would bring its
# buttons back over that answer. The timer looks again once such an answer is too old to matter.
LOOK_AGAIN_AFTER = FIRST_ANSWER_DEADLINE


def _renewed(client: object) -> dict[int, float]:
    """The bot's renewed messages (a client that is not the bot, a test's, renews none)."""
    return client.renewed_messages if isinstance(client, HipThrustBot) else {}


def newer_answer(client: object, message_id: int) -> bool:
    """Whether a live press may have answered the message since it was seen (fetched, or shown to
    an expired press), or is answering it now (`bot.interactions.live_answers`). A client that is
    not the bot, a test's, has none."""
    return isinstance(client, HipThrustBot) and client.live_answers.newer(message_id)


def _renew(renewed: dict[int, float], message_id: int, until: float, now: float) -> None:
    if len(renewed) >= _RENEWED_PRUNED_AT:
        for past in [m for m, when in renewed.items() if when <= now]:
            del renewed[past]
    renewed[message_id] = max(until, renewed.get(message_id, 0.0))


class Expirer:
    """Disables a message's buttons when they expire (while this process lives).

    One timer for all of them, set for the answer due first, and a task only once one is due: a
    busy server answers dozens of `/history` pages a second, and each message's own timer (its
    handle, a copy of the context, its callback's closure and cells: ~15 objects) was kept for
    its 14 minutes and walked by every garbage collection meanwhile (~1,000 of each per 1,000
    `/history`, issue 32). What waits is the interaction's id, application and token, not the
    interaction: with its member, data, response and followup that was ~4 KB per answer for 14
    minutes (the bot grew 4 MiB per 1,000 `/history`), ~100 MiB at 30 pages a second. A message
    the bot sent in a channel (a chat line's reply) waits as its id and its channel's, no token."""

    def __init__(self) -> None:
        # A heap: (when, interaction id, application id, token) for an interaction's first answer,
        # (when, message id, channel id, "") for a message sent in a channel (`schedule_message`).
        self._due: list[tuple[float, int, int, str]] = []
        self._then: dict[int, Callable[[], Awaitable[object]]] = {}  # by interaction id: run once it expired
        self._client: discord.Client | None = None
        self._timer: asyncio.TimerHandle | None = None
        self._timer_at = 0.0  # when it fires, exactly: uvloop's TimerHandle.when() is rounded to the ms
        self._tasks: set[asyncio.Task[None]] = set()

    def __len__(self) -> int:
        """Answers whose buttons are still to expire."""
        return len(self._due)

    def schedule(
        self, interaction: discord.Interaction, *, then: Callable[[], Awaitable[object]] | None = None
    ) -> None:
        """Grey the answer's buttons out after `BUTTON_LIFETIME` seconds, then run `then` (what
        only those buttons could use, forgotten with them)."""
        loop = asyncio.get_running_loop()
        when = loop.time() + BUTTON_LIFETIME
        self._client = interaction.client
        if interaction.message is not None and interaction.response.type in UPDATES:
            _renew(_renewed(interaction.client), interaction.message.id, when, loop.time())
        self._push(loop, when, (interaction.id, interaction.application_id, interaction.token), then)

    def schedule_message(self, client: discord.Client, message: discord.Message) -> None:
        """Grey the buttons of a message the bot sent in a channel (not an interaction's answer: no
        token reaches it) out after `BUTTON_LIFETIME` seconds, through the channel's endpoints."""
        loop = asyncio.get_running_loop()
        self._client = client
        self._push(loop, loop.time() + BUTTON_LIFETIME, (message.id, message.channel.id, ""), None)

    def _push(self, loop: asyncio.AbstractEventLoop, when: float, answer: tuple[int, int, str],
              then: Callable[[], Awaitable[object]] | None) -> None:
        """Grey `answer` (its key, where and token, as `_expire` takes them) out at `when`; the
        timer set again if it is due first."""
        heapq.heappush(self._due, (when, *answer))
        if then is not None:
            self._then[answer[0]] = then
        if self._timer is None or when < self._timer_at:
            self._arm(loop)

    def _arm(self, loop: asyncio.AbstractEventLoop) -> None:
        """Set the timer for the answer due first (none when nothing waits), in a context of its
        own: not the one of the command that happened to set it (its log context)."""
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        if self._due:
            self._timer_at = self._due[0][0]
            self._timer = loop.call_at(self._timer_at, self._expire_due, loop, context=contextvars.Context())

    def _expire_due(self, loop: asyncio.AbstractEventLoop) -> None:
        self._timer = None
        while self._due and self._due[0][0] <= loop.time():
            _, key, where, token = heapq.heappop(self._due)
            task = loop.create_task(self._expire(key, where, token, self._then.pop(key, None)))
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        self._arm(loop)

    async def _expire(self, key: int, where: int, token: str, then: Callable[[], Awaitable[object]] | None) -> None:
        """Disable the buttons of an interaction's first answer (`key` its id, `where` its
        application, `token` its token), or of a message sent in a channel (`key` its id, `where`
        the channel's, no token). A message deleted meanwhile is left alone; one a live press is
        answering, or just answered, is looked at again `LOOK_AGAIN_AFTER` seconds later."""
        client = self._client
        assert client is not None  # set by the first schedule
        with contextlib.suppress(*UNSERVED):
            # The message may have moved on (confirmed, cancelled): disable what it shows now.
            message: discord.Message
            if token:
                answers = discord.Webhook.partial(where, token, client=client)
                message = await answers.fetch_message(ORIGINAL)
            else:
                message = await client.get_partial_messageable(where).fetch_message(key)
            if newer_answer(client, message.id):
                loop = asyncio.get_running_loop()
                self._push(loop, loop.time() + LOOK_AGAIN_AFTER, (key, where, token), then)
                return
            # Buttons a later answer put there are its own timer's to grey out.
            renewed = _renewed(client)
            if renewed.get(message.id, 0.0) <= asyncio.get_running_loop().time():
                renewed.pop(message.id, None)
                if message.components:
                    view = disabled_view(message)
                    if token:
                        await answers.edit_message(ORIGINAL, view=view)
                    else:
                        await message.edit(view=view)
        if then is not None:
            try:
                await then()
            except Exception:  # a timer has no one to answer: logged, as the funnel would
                log.exception("Clearing up after expired buttons failed")

    def skip(self, seconds: float) -> None:
        """Bring every timer `seconds` nearer, as if that much more time had passed: the sandbox's
        `wait` moves the bot's clock, which the event loop's does not follow. Those now due expire."""
        if not self._due:
            return
        self._due = [(when - seconds, i, app, token) for when, i, app, token in self._due]  # all alike: still a heap
        self._arm(asyncio.get_running_loop())

    def cancel_all(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None
        self._due.clear()
        self._then.clear()
        for task in self._tasks:
            task.cancel()


def skip_button_timers(bot: commands.Bot, seconds: float) -> None:
    """Every cog's button timers (its `Expirer`), and the messages a later answer renewed, as if
    `seconds` more had passed (`Expirer.skip`): for the sandbox's `wait`."""
    renewed = _renewed(bot)
    for message_id in renewed:
        renewed[message_id] -= seconds
    for cog in bot.cogs.values():
        expirer = getattr(cog, "expirer", None)
        if isinstance(expirer, Expirer):
            expirer.skip(seconds)
