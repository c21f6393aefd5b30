"""The Discord face of reminders: `/remind set|show|off`, and the reminder DMs with their buttons."""

from __future__ import annotations

from bot.client import HipThrustBot


async def setup(bot: HipThrustBot) -> None:
    # Imported here, as python-discord's extensions do: the cog module imports cogs.logbook.
    from cogs.reminders.cog import RemindCog
    from cogs.reminders.dm import LogButton, StopButton

    bot.add_dynamic_items(LogButton, StopButton)
    await bot.add_cog(RemindCog(bot))
