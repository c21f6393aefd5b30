"""Shared pieces for buttons: funnelled callbacks, expiry carried in custom_ids, views to send.

Buttons whose state must survive a restart are `DynamicItem`s: their state lives in the
custom_id, so nothing is kept in process memory but the patterns registered at start. They sit
in a `View(timeout=None)` made only of dynamic items, which discord.py does not retain, and an
expiry stamp in the custom_id turns away clicks after the buttons' lifetime. Greying them out
once it passes is `bot.interactions.expirer`'s; `ConfirmButton` (`bot.interactions.confirm`) is
the ok/no pair every confirmation uses.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from datetime import datetime
from typing import Any, ClassVar

import discord

from bot.client import HipThrustBot
from bot.errors import BUTTONS_EXPIRED as EXPIRED
from bot.errors import ButtonsExpiredError
from bot.interactions.expirer import BUTTON_LIFETIME, UPDATES, disabled_view, newer_answer
from bot.interactions.tree import answer_error


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
            # Every `handle` judges its press (`check_not_expired`, by the bot's clock) before its
            # first await, or never refuses one as expired: a press refused leaves this before any
            # other press could see it answering, and one judged live is marked with no await since.
            with answering_live(interaction):
                await self.handle(interaction)
        except ButtonsExpiredError:
            await self._refuse_expired(interaction)
        except Exception as error:
            await answer_error(interaction, error)

    async def _refuse_expired(self, interaction: discord.Interaction) -> None:
        message = interaction.message
        # A live press may have answered after this one was made: greying out what this one saw
        # would overwrite that answer.
        if message is None or interaction.response.is_done() or newer_answer(interaction.client, message.id):
            await answer_error(interaction, ButtonsExpiredError(self.expired))
            return
        try:
            # The timer that greys buttons out may not have run (a restart): do it now.
            await interaction.response.edit_message(view=disabled_view(message))
            await interaction.followup.send(self.expired, ephemeral=True)
        except Exception as error:  # the message deleted meanwhile, say: funnelled, as any other
            await answer_error(interaction, error)

    async def handle(self, interaction: discord.Interaction) -> None:
        """Answer the press; refuse one after the buttons' lifetime (`check_not_expired`) before
        any await, so that a press waiting to be judged never counts as live (`callback`)."""
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


@contextlib.contextmanager
def answering_live(interaction: discord.Interaction) -> Iterator[None]:
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
        client.live_answers.done(message.id, edited=interaction.response.type in UPDATES)
