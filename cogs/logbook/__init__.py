"""The logbook: a lifter's own hip thrust log, across servers and DMs."""

from __future__ import annotations

from bot.client import HipThrustBot
from cogs.logbook.data import DataCog, ForgetButton
from cogs.logbook.history import HistoryCog, PageButton
from cogs.logbook.imports import ImportButton, ImportCog, UndoImportButton
from cogs.logbook.log import LogCog, StorePending, UndoButton
from cogs.logbook.prefs import PrefsCog


async def setup(bot: HipThrustBot) -> None:
    bot.add_dynamic_items(StorePending, UndoButton, PageButton, ForgetButton, ImportButton, UndoImportButton)
    for cog in (LogCog(bot), HistoryCog(bot), DataCog(bot), PrefsCog(bot), ImportCog(bot)):
        await bot.add_cog(cog)
