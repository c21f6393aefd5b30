"""`/history`: a lifter's sessions, newest first, ten a page, with a menu of the page's entries
to edit or delete (cogs/logbook/edit.py).

A page is named by the place of its first session (`start`, 0 for the newest), not by a page
number: a page holds fewer than ten sessions when theirs are more entries than its menus list
(100), so that every entry can be reached."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot, bot_of
from bot.interactions import limits, replies
from bot.interactions.buttons import Funnelled, Prebuilt, check_not_expired, expiry_stamp
from bot.interactions.contexts import servers_and_dms
from bot.interactions.expirer import Expirer
from bot.interactions.pages import row
from bot.interactions.paging import PagingButton
from bot.logbook.checks import check_choice
from bot.logbook.entries import VARIANTS, Entry, Variant
from cogs.logbook.edit import show_entry
from cogs.logbook.render import PAGE_SIZE, empty_history, entry_option, history_embed, session_line

# A menu lists at most 25 options, and a message has 5 rows: up to four menus above the buttons.
MENU_OPTIONS = 25
MAX_MENUS = 4
MENU_ENTRIES = MENU_OPTIONS * MAX_MENUS


class PageButton(PagingButton, prefix="hs", digits=6):
    """Previous/Next of /history: its place is where the page to show starts (Next) or ends (Previous)."""

    @property
    def start(self) -> int:
        return self.place

    async def turn(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        if self.direction == "n":
            await show_page(interaction, bot, self.variant, self.start, self.expires)
            return
        variant = self.variant or None  # Previous: the page before the one that starts at `start`
        start, sessions, more = await page_before(bot, interaction.user.id, variant, self.start)
        await _edit_into(interaction, variant, *page_of(sessions, more, variant, start, self.expires))


class EntryPicker(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Select],
    template=r"he:(?P<variant>[a-z-]*):(?P<start>\d{1,6}):(?P<part>\d):(?P<exp>[0-9a-z]+)",
):
    """A menu of the page's entries (the values are entry ids); choosing one shows it with Edit
    and Delete. The page to return to lives in the custom_id, like the page buttons'."""

    def __init__(self, variant: str, start: int, part: int, expires: str) -> None:
        # Made from a click's custom_id; a page writes its menus as JSON (`component`).
        select: discord.ui.Select[Any] = discord.ui.Select(custom_id=self.custom_id_of(variant, start, part, expires))
        super().__init__(select)
        self.variant, self.start, self.expires = variant, start, expires

    @staticmethod
    def custom_id_of(variant: str, start: int, part: int, expires: str) -> str:
        return f"he:{variant}:{start}:{part}:{expires}"

    @classmethod
    def component(cls, variant: str, start: int, part: int, expires: str, entries: Sequence[Entry]) -> dict[str, Any]:
        """The menu of `entries` (the `part`-th 25 of the page's) as Discord's JSON, as discord.ui
        writes a select of these options: a page is sent often, and its options built as
        SelectOption objects, then written out, cost more than the rest of the page."""
        first = part * MENU_OPTIONS + 1
        span = f" ({first}–{first + len(entries) - 1})" if part else ""
        options = []
        for entry in entries:
            label, description = entry_option(entry)
            option = {"label": label, "value": str(entry.id), "default": False}
            if description:
                option["description"] = description
            options.append(option)
        return {
            "type": 3, "custom_id": cls.custom_id_of(variant, start, part, expires), "min_values": 1,
            "max_values": 1, "disabled": False, "required": True, "placeholder": f"Edit or delete an entry{span}…",
            "options": options,
        }  # fmt: skip

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> EntryPicker:
        return cls(match["variant"], int(match["start"]), int(match["part"]), match["exp"])

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        check_not_expired(self.expires, bot.clock())
        data: dict[str, Any] = dict(interaction.data or {})
        values = list(data.get("values") or [])
        entry_id = int(values[0]) if values and str(values[0]).isdigit() else 0
        await show_entry(interaction, bot, entry_id, self.variant, self.start, self.expires)


def menus(sessions: list[list[Entry]], variant: str, start: int, expires: str) -> list[dict[str, Any]]:
    """The page's entries as menus of 25 (a row each), in the order the page lists them."""
    entries = [entry for session in sessions for entry in session][:MENU_ENTRIES]
    return [
        row(EntryPicker.component(variant, start, part, expires, entries[first : first + MENU_OPTIONS]))
        for part, first in enumerate(range(0, len(entries), MENU_OPTIONS))
    ]


def fitting(sessions: Sequence[Sequence[Entry]], lines: Sequence[str]) -> int:
    """How many of the sessions, in the order given, one page can show whole (at least one): its
    menus list 100 entries, and its description holds 4,096 characters of session lines."""
    entries = characters = 0
    for count, (session, line) in enumerate(zip(sessions, lines, strict=True)):
        entries += len(session)
        characters += len(line) + (1 if count else 0)  # the line break between lines
        if count and (entries > MENU_ENTRIES or characters > limits.EMBED_DESCRIPTION):
            return count
    return len(sessions)


def start_before(sessions: Sequence[Sequence[Entry]], end: int) -> int:
    """Where the page that ends just before session `end` starts, as Next made the pages: from
    the newest of `sessions` (newest first), each page as many sessions as it shows (pages differ
    in length, so Previous cannot step back a fixed ten)."""
    sessions = sessions[:end]
    start = last = 0
    while start < len(sessions):  # fewer than `end` when sessions were deleted: the last page there is
        last, page = start, sessions[start : start + PAGE_SIZE]
        shown = fitting(page, [session_line(s) for s in page])
        if start + shown >= end:
            return start
        start += shown
    return last


async def page_before(
    bot: HipThrustBot, user_id: int, variant: str | None, end: int
) -> tuple[int, list[list[Entry]], bool]:
    """The page that ends just before session `end`: where it starts, and its sessions and whether
    more follow as `session_page` reads them from there. One read, of the sessions before `end` (to
    find the start) and ten more: the page reaches past `end` when sessions were logged since
    `end`'s page was shown, and its Next needs to know whether any follow."""
    sessions, more = await bot.store.entries.session_page(user_id, variant, offset=0, limit=end + PAGE_SIZE)
    start = start_before(sessions, end)
    return start, sessions[start : start + PAGE_SIZE], more or len(sessions) > start + PAGE_SIZE


async def render_page(
    bot: HipThrustBot, user_id: int, variant: str | None, start: int, expires: str
) -> tuple[discord.Embed | None, discord.ui.View | None]:
    sessions, more = await bot.store.entries.session_page(user_id, variant, offset=start, limit=PAGE_SIZE)
    if not sessions and start > 0:  # entries were deleted meanwhile: show the last page there is
        start, sessions, more = await page_before(bot, user_id, variant, start)
    return page_of(sessions, more, variant, start, expires)


def page_of(
    sessions: list[list[Entry]], more: bool, variant: str | None, start: int, expires: str
) -> tuple[discord.Embed | None, discord.ui.View | None]:
    """The page of `sessions` read from `start` (up to ten; `more` if others follow): as many as fit."""
    if not sessions:
        return None, None
    lines = [session_line(s) for s in sessions]
    shown = fitting(sessions, lines)
    sessions, more = sessions[:shown], more or shown < len(sessions)
    embed = history_embed(lines[:shown], start=start, variant=variant, more=more)
    key = variant or ""
    rows = menus(sessions, key, start, expires)
    if start > 0 or more:  # Previous carries where this page starts: the page before it is worked out on the click
        rows.append(row(
            PageButton.component(key, start, "p", expires, disabled=start == 0),
            PageButton.component(key, start + shown, "n", expires, disabled=not more),
        ))  # fmt: skip
    return embed, Prebuilt(rows)


async def show_page(
    interaction: discord.Interaction, bot: HipThrustBot, variant: str, start: int, expires: str
) -> None:
    """Answer a click by turning its message into the history page (or the hint, when it is empty)."""
    embed, view = await render_page(bot, interaction.user.id, variant or None, start, expires)
    await _edit_into(interaction, variant or None, embed, view)


async def _edit_into(
    interaction: discord.Interaction, variant: str | None, embed: discord.Embed | None, view: discord.ui.View | None
) -> None:
    content = empty_history(variant) if embed is None else None
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
