"""Shared pieces for buttons: funnelled callbacks, expiry carried in custom_ids, disabling later.

Buttons whose state must survive a restart are `DynamicItem`s: their state lives in the
custom_id, so nothing is kept in process memory but the patterns registered at start. They sit
in a `View(timeout=None)` made only of dynamic items, which discord.py does not retain, and an
expiry stamp in the custom_id turns away clicks after the buttons' lifetime. `ConfirmButton`
is the ok/no pair every confirmation uses.
"""

from __future__ import annotations

import asyncio
import contextlib
import contextvars
import heapq
import logging
import re
from collections.abc import Awaitable, Callable, Iterator
from datetime import datetime
from typing import Any, ClassVar, Self

import discord
from discord.ext import commands

from bot.client import HipThrustBot, bot_of
from bot.errors import BUTTONS_EXPIRED as EXPIRED
from bot.errors import ButtonsExpiredError
from bot.interactions.tree import answer_error

log = logging.getLogger(__name__)

# Buttons expire before the interaction token does (15 minutes), so the message can still be edited.
BUTTON_LIFETIME = 14 * 60
# An interaction's first answer, in its token's webhook routes (Discord: GET and PATCH
# /webhooks/{application.id}/{interaction.token}/messages/@original). discord.py types the
# message id as int, and puts it in the path as given.
ORIGINAL: Any = "@original"


def expiry_stamp(now: datetime, seconds: int = BUTTON_LIFETIME) -> str:
    """A compact (base 36) unix time at which a button stops working."""
    return _base36(int(now.timestamp()) + seconds)


def check_not_expired(stamp: str, now: datetime) -> None:
    if int(stamp, 36) <= now.timestamp():
        raise ButtonsExpiredError


def _base36(value: int) -> str:
    digits = "0123456789abcdefghijklmnopqrstuvwxyz"
    out = ""
    while value:
        value, rest = divmod(value, 36)
        out = digits[rest] + out
    return out or "0"


class Funnelled:
    """Mixin for dynamic items: errors in `handle` go to the one error funnel, not just the log."""

    # What a click after the buttons expired is told. Buttons no command made (under a set typed
    # in chat) say what to do instead of "Run the command again".
    expired: ClassVar[str] = EXPIRED

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.handle(interaction)
        except ButtonsExpiredError:
            message = interaction.message
            if message is None or interaction.response.is_done() or _newer_answer(interaction, message.id):
                await answer_error(interaction, ButtonsExpiredError(self.expired))
                return
            # The timer that greys buttons out may not have run (a restart): do it now.
            await interaction.response.edit_message(view=disabled_view(message))
            await interaction.followup.send(self.expired, ephemeral=True)
        except Exception as error:
            await answer_error(interaction, error)

    async def handle(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


def view_of(*items: discord.ui.Item[Any]) -> discord.ui.View:
    """A view of these items to send. Made only of dynamic items (clicks reach their registered
    classes, not this view), it is stopped before it is sent: discord.py then neither keeps it
    nor starts the 15-minute timeout task it gives an ephemeral answer's view, which every
    /log and /history would otherwise leave running for a quarter of an hour."""
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    if items and all(isinstance(item, discord.ui.DynamicItem) for item in items):
        view.stop()
    return view


class Prebuilt(discord.ui.View):
    """Components written as Discord's JSON (action rows), sent where a view goes: for an answer
    sent often, built without discord.ui's items. A /history page's menus and buttons took ~0.19
    ms of its 0.72 to build as items, options included, and to write out again (issue 32). Its
    custom_ids are dynamic items' (a click reaches the registered class), so, like `view_of`'s
    view, it is stopped: discord.py neither keeps it nor times it out."""

    def __init__(self, rows: list[dict[str, Any]]) -> None:
        super().__init__(timeout=None)
        self._rows = rows
        self.stop()

    def to_components(self) -> list[dict[str, Any]]:
        return self._rows


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
_UPDATES = frozenset({discord.InteractionResponseType.message_update,
                      discord.InteractionResponseType.deferred_message_update})


def _renewed(client: object) -> dict[int, float]:
    """The bot's renewed messages (a client that is not the bot, a test's, renews none)."""
    return client.renewed_messages if isinstance(client, HipThrustBot) else {}


def _newer_answer(interaction: discord.Interaction, message_id: int) -> bool:
    """Whether a live press may have answered the message after this (expired) press was made, or
    is answering it now: greying out what this press saw would overwrite that answer
    (`bot.interactions.live_answers`). A client that is not the bot, a test's, has none."""
    client = interaction.client
    if not isinstance(client, HipThrustBot):
        return False
    return client.live_answers.newer(message_id)


@contextlib.contextmanager
def _answering_live(interaction: discord.Interaction) -> Iterator[None]:
    """Around a press judged live (not expired) as it answers: an expired press on the same
    message meanwhile, or just after, leaves the message to this answer."""
    client, message = interaction.client, interaction.message
    if not isinstance(client, HipThrustBot) or message is None:
        yield
        return
    client.live_answers.start(message.id)
    try:
        yield
    finally:
        client.live_answers.done(message.id, edited=interaction.response.type in _UPDATES)


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
        heapq.heappush(self._due, (when, interaction.id, interaction.application_id, interaction.token))
        if interaction.message is not None and interaction.response.type in _UPDATES:
            _renew(_renewed(interaction.client), interaction.message.id, when, loop.time())
        if then is not None:
            self._then[interaction.id] = then
        self._arm_if_first(loop, when)

    def schedule_message(self, client: discord.Client, message: discord.Message) -> None:
        """Grey the buttons of a message the bot sent in a channel (not an interaction's answer: no
        token reaches it) out after `BUTTON_LIFETIME` seconds, through the channel's endpoints."""
        loop = asyncio.get_running_loop()
        when = loop.time() + BUTTON_LIFETIME
        self._client = client
        heapq.heappush(self._due, (when, message.id, message.channel.id, ""))
        self._arm_if_first(loop, when)

    def _arm_if_first(self, loop: asyncio.AbstractEventLoop, when: float) -> None:
        """The timer for an answer just added, due `when`: set again if it is due first."""
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
        the channel's, no token). A message deleted meanwhile is left alone."""
        client = self._client
        assert client is not None  # set by the first schedule
        with contextlib.suppress(discord.HTTPException):
            # The message may have moved on (confirmed, cancelled): disable what it shows now.
            message: discord.Message
            if token:
                answers = discord.Webhook.partial(where, token, client=client)
                message = await answers.fetch_message(ORIGINAL)
            else:
                message = await client.get_partial_messageable(where).fetch_message(key)
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


class EditStamp(str):
    """The kind of a field that holds an entry's edit stamp (`bot.logbook.edits.form_stamp`, hex),
    written `s<hex>`. It may be missing (None): buttons sent before it was carried lack it."""


# How each kind of value a confirmation carries is written in its custom_id (a text: a variant,
# or nothing for all of them).
Field = type[int] | type[str]
_FIELD_PATTERNS: dict[Field, str] = {int: r"\d+", bool: "[01]", str: "[a-z-]*", EditStamp: "[0-9a-f]{1,16}"}


def _field_template(name: str, kind: Field) -> str:
    if kind is EditStamp:
        return f"(?::s(?P<{name}>{_FIELD_PATTERNS[kind]}))?"
    return f":(?P<{name}>{_FIELD_PATTERNS[kind]})"


def _written(kind: Field, value: int | str) -> str:
    if kind is EditStamp:
        return f"s{value}"
    return value if isinstance(value, str) else str(int(value))


class ConfirmButton(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"(?!)",  # matches nothing: only the subclasses are registered
):
    """One of an ok/no pair that confirms an action: `prefix:ok|no:<fields>[:<expiry stamp>]`.
    A field of kind `EditStamp` is written only when it has a value (None for buttons sent
    before it was carried, which must keep working).

    A subclass names its prefix, the typed values its custom_id carries (`fields`, in order)
    and whether the pair expires (an expiry stamp last), its labels and cancel text, and implements
    `confirm` (and `cancel` when something waits to be discarded; `answer_cancel` when the answer
    to Cancel depends on whether it still waited). A subclass of a subclass (a
    "Store 37.5 kg" beside Store anyway) names only its prefix: it carries what its parent does.
    Its `__init__` takes the action, then the field values, then the expiry stamp, in that order:
    `from_custom_id` calls it so.
    """

    prefix: ClassVar[str]
    fields: ClassVar[dict[str, Field]]
    expiring: ClassVar[bool]
    confirm_label: ClassVar[str]
    confirm_style: ClassVar[discord.ButtonStyle] = discord.ButtonStyle.danger
    cancel_label: ClassVar[str] = "Cancel"
    cancelled: ClassVar[str]

    def __init_subclass__(
        cls, *, prefix: str, fields: dict[str, Field] | None = None, expiring: bool | None = None
    ) -> None:
        # Unnamed, the parent's (none on the first subclass: ConfirmButton only declares them).
        inherited: dict[str, Field] = getattr(cls, "fields", {})
        cls.fields = dict(inherited if fields is None else fields)
        cls.prefix, cls.expiring = prefix, getattr(cls, "expiring", False) if expiring is None else expiring
        template = f"{prefix}:(?P<act>ok|no)" + "".join(_field_template(n, kind) for n, kind in cls.fields.items())
        if cls.expiring:
            template += ":(?P<exp>[0-9a-z]+)"
        super().__init_subclass__(template=template)

    def __init__(self, act: str, *parts: int | str | None) -> None:
        ok = act == "ok"
        kinds: list[Field] = [*self.fields.values(), *([str] if self.expiring else [])]
        written = [_written(kind, part) for kind, part in zip(kinds, parts, strict=True) if part is not None]
        custom_id = ":".join([self.prefix, act, *written])
        # A value that does not fit the pattern would make a button no click could reach.
        if self.__discord_ui_compiled_template__.fullmatch(custom_id) is None:
            raise ValueError(f"{custom_id!r} does not fit {type(self).__name__}'s custom_id")
        super().__init__(
            discord.ui.Button(
                label=self.confirm_label if ok else self.cancel_label,
                style=self.confirm_style if ok else discord.ButtonStyle.secondary,
                custom_id=custom_id,
            )
        )
        self.act = act
        self.expires = str(parts[-1]) if self.expiring else None

    @classmethod
    def pair(cls, *parts: int | str | None) -> discord.ui.View:
        """The confirm and cancel buttons for these values, as a view."""
        return view_of(cls("ok", *parts), cls("no", *parts))

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> Self:
        values: list[int | str | None] = [
            match[name] if kind in (str, EditStamp) else kind(int(match[name])) for name, kind in cls.fields.items()
        ]
        if cls.expiring:
            values.append(match["exp"])
        return cls(match["act"], *values)

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        if self.expires is not None:
            check_not_expired(self.expires, bot.clock())
        # Judged live with no await since: an expired press judged after this one finds it answering.
        with _answering_live(interaction):
            if self.act == "ok":
                await self.confirm(interaction, bot)
                return
            await self.answer_cancel(interaction, bot, await self.cancel(bot, interaction.user.id))

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        """Do what was asked and answer the click."""
        raise NotImplementedError

    async def cancel(self, bot: HipThrustBot, user_id: int) -> bool:
        """Discard whatever waits for the confirmation (nothing, unless a subclass says so), and
        say whether something still waited (False: a confirm pressed just before took it)."""
        return False

    async def answer_cancel(self, interaction: discord.Interaction, bot: HipThrustBot, discarded: bool) -> None:
        """Answer the Cancel press: the `cancelled` text in place of the question, its buttons gone.
        `discarded`: what `cancel` said (unused here; a subclass may answer by it)."""
        await interaction.response.edit_message(content=self.cancelled, embed=None, view=None)
