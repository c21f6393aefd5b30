"""The logbook: a lifter's own hip thrust log, across servers and DMs."""

from __future__ import annotations

import asyncio

from bot.client import HipThrustBot
from bot.nudges.citations import Citations
from bot.nudges.history import load_citations
from cogs.guide.cog import guide_directory, loaded_guide


async def setup(bot: HipThrustBot) -> None:
    # Imported here, as python-discord's extensions do: the cog modules import cogs.logbook.contexts,
    # which would otherwise run this package's imports half-way through their own.
    from cogs.imports.cog import ImportButton, ImportCog, UndoImportButton
    from cogs.logbook.history import HistoryCog, PageButton
    from cogs.logbook.log import LogCog, StorePending, UndoButton
    from cogs.logbook.prefs import PrefsCog
    from cogs.logbook.your_data import DataCog, ForgetButton
    from cogs.progress.cog import ProgressCog

    # The nudges cite the guide the bot serves: the one the guide extension already loaded (it loads
    # first), read from disk only when the logbook is loaded on its own.
    try:
        citations = Citations.from_guide(loaded_guide(bot))
    except RuntimeError:
        citations = await asyncio.to_thread(load_citations, guide_directory(bot.settings.data_dir))
    bot.add_dynamic_items(StorePending, UndoButton, PageButton, ForgetButton, ImportButton, UndoImportButton)
    cogs = (
        LogCog(bot, citations=citations),
        HistoryCog(bot),
        DataCog(bot),
        PrefsCog(bot),
        ProgressCog(bot, citations=citations),
        ImportCog(bot),
    )
    for cog in cogs:
        await bot.add_cog(cog)
