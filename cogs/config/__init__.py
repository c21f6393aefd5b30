"""Per-server settings (`/config`), the moderator log, and forgetting a server the bot leaves."""

from __future__ import annotations

from bot.client import HipThrustBot


async def setup(bot: HipThrustBot) -> None:
    from cogs.config.cog import ConfigCog

    await bot.add_cog(ConfigCog(bot))
