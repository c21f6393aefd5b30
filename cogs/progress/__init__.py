"""The Discord face of `/progress`."""

from __future__ import annotations

from bot.client import HipThrustBot


async def setup(bot: HipThrustBot) -> None:
    # Imported here, as python-discord's extensions do: the cog module imports cogs.logbook.render.
    from cogs.progress.cog import ProgressCog

    await bot.add_cog(ProgressCog(bot))
