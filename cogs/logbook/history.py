"""`/history`: a lifter's sessions, newest first, ten a page."""

from __future__ import annotations

import re
from typing import Any

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot, bot_of
from bot.interactions import replies
from bot.interactions.buttons import Expirer, Funnelled, check_not_expired, expiry_stamp, view_of
from bot.logbook.entries import VARIANTS, Variant, check_choice
from cogs.logbook.contexts import servers_and_dms
from cogs.logbook.render import EMPTY_HISTORY, PAGE_SIZE, history_embed


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
        embed, view = await render_page(bot, interaction.user.id, self.variant or None, self.page, self.expires)
        await interaction.response.edit_message(embed=embed, view=view, allowed_mentions=replies.NO_PINGS)


async def render_page(
    bot: HipThrustBot, user_id: int, variant: str | None, page: int, expires: str
) -> tuple[discord.Embed | None, discord.ui.View | None]:
    sessions, more = await bot.store.entries.session_page(user_id, variant, offset=page * PAGE_SIZE, limit=PAGE_SIZE)
    if not sessions and page > 0:  # entries were deleted meanwhile: show the first page
        return await render_page(bot, user_id, variant, 0, expires)
    if not sessions:
        return None, None
    embed = history_embed(sessions, page=page, variant=variant, more=more)
    if page == 0 and not more:
        return embed, None
    key = variant or ""
    view = view_of(
        PageButton(key, max(page - 1, 0), "p", expires, disabled=page == 0),
        PageButton(key, page + 1, "n", expires, disabled=not more),
    )
    return embed, view


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
            await replies.send(interaction, ephemeral=True, content=EMPTY_HISTORY)
            return
        if view is None:
            await replies.send(interaction, ephemeral=True, embed=embed)
            return
        await replies.send(interaction, ephemeral=True, embed=embed, view=view)
        self.expirer.schedule(interaction)
