"""Shared pieces for buttons: funnelled callbacks, expiry carried in custom_ids, disabling later.

Buttons whose state must survive a restart are `DynamicItem`s: their state lives in the
custom_id, so nothing is kept in process memory but the patterns registered at start. They sit
in a `View(timeout=None)` made only of dynamic items, which discord.py does not retain, and an
expiry stamp in the custom_id turns away clicks after the buttons' lifetime.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import datetime
from typing import Any

import discord

from bot.errors import BUTTONS_EXPIRED as EXPIRED
from bot.errors import ButtonsExpiredError
from bot.interactions.tree import answer_error

log = logging.getLogger(__name__)

# Buttons expire before the interaction token does (15 minutes), so the message can still be edited.
BUTTON_LIFETIME = 14 * 60


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

    async def callback(self, interaction: discord.Interaction) -> None:
        try:
            await self.handle(interaction)
        except ButtonsExpiredError as error:
            if interaction.message is None or interaction.response.is_done():
                await answer_error(interaction, error)
                return
            # The timer that greys buttons out may not have run (a restart): do it now.
            await interaction.response.edit_message(view=disabled_view(interaction.message))
            await interaction.followup.send(EXPIRED, ephemeral=True)
        except Exception as error:
            await answer_error(interaction, error)

    async def handle(self, interaction: discord.Interaction) -> None:
        raise NotImplementedError


def view_of(*items: discord.ui.Item[Any]) -> discord.ui.View:
    view = discord.ui.View(timeout=None)
    for item in items:
        view.add_item(item)
    return view


def disabled_view(message: discord.Message) -> discord.ui.View:
    """The message's components as they are now, every button and menu disabled."""
    view = discord.ui.View.from_message(message, timeout=None)
    for item in view.children:
        if isinstance(item, discord.ui.Button | discord.ui.Select):
            item.disabled = True
    return view


class Expirer:
    """Disables a message's buttons when they expire (while this process lives)."""

    def __init__(self) -> None:
        self._tasks: set[asyncio.Task[None]] = set()

    def schedule(self, interaction: discord.Interaction, delay: float = BUTTON_LIFETIME) -> None:
        task = asyncio.get_running_loop().create_task(self._expire(interaction, delay))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _expire(self, interaction: discord.Interaction, delay: float) -> None:
        await asyncio.sleep(delay)
        with contextlib.suppress(discord.HTTPException):
            # The message may have moved on (confirmed, cancelled): disable what it shows now.
            message = await interaction.original_response()
            if message.components:
                await interaction.edit_original_response(view=disabled_view(message))

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()
