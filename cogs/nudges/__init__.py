"""The Discord face of `/nudge`: the target for next session and why."""

from __future__ import annotations

from bot.client import HipThrustBot


async def setup(bot: HipThrustBot) -> None:
    # Imported here, as python-discord's extensions do: the cog module imports cogs.logbook.render.
    from cogs.nudges.cog import NudgeCog

    await bot.add_cog(NudgeCog(bot))
