"""`/history`: a lifter's sessions, newest first, ten a page, with a menu of the page's entries
to edit or delete (cogs/logbook/edit.py)."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot, bot_of
from bot.interactions import replies
from bot.interactions.buttons import Expirer, Funnelled, check_not_expired, expiry_stamp, view_of
from bot.interactions.contexts import servers_and_dms
from bot.logbook.entries import VARIANTS, Entry, Variant, check_choice
from cogs.logbook.edit import show_entry
from cogs.logbook.render import PAGE_SIZE, empty_history, entry_option, history_embed

# A menu lists at most 25 options, and a message has 5 rows: up to four menus above the buttons.
MENU_OPTIONS = 25
MAX_MENUS = 4


class PageButton(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"hs:(?P<variant>[a-z-]*):(?P<page>\d{1,6}):(?P<dir>[pn]):(?P<exp>[0-9a-z]+)",
):
    """Previous/Next: the page to show lives in the custom_id; the viewer is whoever clicks (ephemeral)."""

    def __init__(self, variant: str, page: int, direction: str, expires: str, *, disabled: bool = False) -> None:
        label = "Previous" if direction == "p" else "Next"
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=label, disabled=disabled, custom_id=f"hs:{variant}:{page}:{direction}:{expires}"
        )
        super().__init__(button)
        self.variant, self.page, self.expires = variant, page, expires

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> PageButton:
        return cls(match["variant"], int(match["page"]), match["dir"], match["exp"])

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        check_not_expired(self.expires, bot.clock())
        await show_page(interaction, bot, self.variant, self.page, self.expires)


class EntryPicker(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Select],
    template=r"he:(?P<variant>[a-z-]*):(?P<page>\d{1,6}):(?P<part>\d):(?P<exp>[0-9a-z]+)",
):
    """A menu of the page's entries (the values are entry ids); choosing one shows it with Edit
    and Delete. The page to return to lives in the custom_id, like the page buttons'."""

    def __init__(self, variant: str, page: int, part: int, expires: str, entries: list[Entry] | None = None) -> None:
        shown = entries or []
        first = part * MENU_OPTIONS + 1
        span = f" ({first}–{first + len(shown) - 1})" if part else ""
        placeholder = f"Edit or delete an entry{span}…"
        options = [
            discord.SelectOption(label=label, value=str(entry.id), description=description)
            for entry in shown
            for label, description in [entry_option(entry)]
        ]
        select: discord.ui.Select[Any] = discord.ui.Select(
            custom_id=f"he:{variant}:{page}:{part}:{expires}", placeholder=placeholder, options=options
        )
        super().__init__(select)
        self.variant, self.page, self.expires = variant, page, expires

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> EntryPicker:
        return cls(match["variant"], int(match["page"]), int(match["part"]), match["exp"])

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        check_not_expired(self.expires, bot.clock())
        data: dict[str, Any] = dict(interaction.data or {})
        values = list(data.get("values") or [])
        entry_id = int(values[0]) if values and str(values[0]).isdigit() else 0
        await show_entry(interaction, bot, entry_id, self.variant, self.page, self.expires)


def pickers(sessions: list[list[Entry]], variant: str, page: int, expires: str) -> list[EntryPicker]:
    """The page's entries as menus of 25, in the order the page lists them."""
    entries = [entry for session in sessions for entry in session][: MENU_OPTIONS * MAX_MENUS]
    return [
        EntryPicker(variant, page, part, expires, entries[start : start + MENU_OPTIONS])
        for part, start in enumerate(range(0, len(entries), MENU_OPTIONS))
    ]


async def render_page(
    bot: HipThrustBot, user_id: int, variant: str | None, page: int, expires: str
) -> tuple[discord.Embed | None, discord.ui.View | None]:
    sessions, more = await bot.store.entries.session_page(user_id, variant, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    if not sessions and page > 0:  # entries were deleted meanwhile: show the first page
        return await render_page(bot, user_id, variant, 0, expires)
    if not sessions:
        return None, None
    embed = history_embed(sessions, page=page, variant=variant, more=more)
    key = variant or ""
    items: list[discord.ui.Item[Any]] = list(pickers(sessions, key, page, expires))
    if page > 0 or more:
        items += [
            PageButton(key, max(page - 1, 0), "p", expires, disabled=page == 0),
            PageButton(key, page + 1, "n", expires, disabled=not more),
        ]
    return embed, view_of(*items)


async def show_page(interaction: discord.Interaction, bot: HipThrustBot, variant: str, page: int, expires: str) -> None:
    """Answer a click by turning its message into the history page (or the hint, when it is empty)."""
    embed, view = await render_page(bot, interaction.user.id, variant or None, page, expires)
    content = empty_history(variant or None) if embed is None else None
    await interaction.response.edit_message(content=content, embed=embed, view=view, allowed_mentions=replies.NO_PINGS)


class HistoryCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.expirer = Expirer()

    async def cog_unload(self) -> None:
        self.expirer.cancel_all()

    @app_commands.command(name="history", description="Your hip thrust sessions, newest first")
    @servers_and_dms
    @app_commands.describe(variant="Only this variant")
    async def history(self, interaction: discord.Interaction, variant: Variant | None = None) -> None:
        if variant is not None:
            check_choice("variant", variant, VARIANTS)
        embed, view = await render_page(self.bot, interaction.user.id, variant, 0, expiry_stamp(self.bot.clock()))
        if embed is None:
            await replies.send(interaction, ephemeral=True, content=empty_history(variant))
            return
        await replies.send(interaction, ephemeral=True, embed=embed, view=view)
        self.expirer.schedule(interaction)
