"""Where the cogs that cite the guide in nudges (/log, /nudge) get those citations."""

from __future__ import annotations

import asyncio

from bot.client import HipThrustBot
from bot.nudges.citations import Citations
from bot.nudges.history import load_citations
from cogs.guide.cog import guide_directory, loaded_guide


async def bot_citations(bot: HipThrustBot) -> Citations:
    """Citations from the guide the bot serves.

    That is the guide the guide extension already loaded (it loads first); the guide is read
    from disk only when an extension citing it is loaded without the guide extension.
    """
    try:
        return Citations.from_guide(loaded_guide(bot))
    except RuntimeError:
        return await asyncio.to_thread(load_citations, guide_directory(bot.settings.data_dir))
