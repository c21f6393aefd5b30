"""The Discord face of `/import`."""

from __future__ import annotations

from bot.client import HipThrustBot


async def setup(bot: HipThrustBot) -> None:
    # Imported here, as python-discord's extensions do: importing the package loads no cog.
    from cogs.imports.cog import ImportButton, ImportCog, UndoImportButton

    bot.add_dynamic_items(ImportButton, UndoImportButton)
    await bot.add_cog(ImportCog(bot))
