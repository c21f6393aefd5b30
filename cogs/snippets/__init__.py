"""Moderator snippets: guide sections pinned in channels, kept current."""

from __future__ import annotations

from bot.client import HipThrustBot
from cogs.snippets.cog import SnippetsCog
from cogs.snippets.views import ListPageButton


async def setup(bot: HipThrustBot) -> None:
    bot.add_dynamic_items(ListPageButton)
    await bot.add_cog(SnippetsCog(bot))
