"""The logbook: a lifter's own hip thrust log, across servers and DMs."""

from __future__ import annotations

from bot.client import HipThrustBot


async def setup(bot: HipThrustBot) -> None:
    # Imported here, as python-discord's extensions do: the cog modules import cogs.logbook.render,
    # which would otherwise run this package's imports half-way through their own.
    from cogs.logbook.edit import EntryButton
    from cogs.logbook.edit_fix import FixButton
    from cogs.logbook.edit_save import EditCog, StoreEdit, StoreEditCorrected
    from cogs.logbook.held import StoreCorrected, StorePending
    from cogs.logbook.history import EntryPicker, HistoryCog, PageButton
    from cogs.logbook.log import LogCog, UndoButton
    from cogs.logbook.prefs import PrefsCog
    from cogs.logbook.records import RecordsCog, RecordsPageButton
    from cogs.logbook.rewriting import LeftRewritesCog
    from cogs.logbook.your_data import DataCog, ForgetButton

    bot.add_dynamic_items(
        StorePending, StoreCorrected, UndoButton, PageButton, ForgetButton, EntryPicker, EntryButton, StoreEdit,
        StoreEditCorrected, FixButton, RecordsPageButton,
    )
    cogs = (
        LogCog(bot), HistoryCog(bot), DataCog(bot), PrefsCog(bot), EditCog(bot), RecordsCog(bot), LeftRewritesCog(bot),
    )
    for cog in cogs:
        await bot.add_cog(cog)
