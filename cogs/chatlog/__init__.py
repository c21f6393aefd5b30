"""The chat log: sets typed to the bot in a DM, by mention, or picked with "Log as hip thrust"."""

from __future__ import annotations

from bot.client import HipThrustBot


async def setup(bot: HipThrustBot) -> None:
    # Imported here, as the other extensions do: the cog modules import other cog packages.
    from cogs.chatlog.cog import ChatLogCog
    from cogs.chatlog.views import BUTTONS

    bot.add_dynamic_items(*BUTTONS)
    await bot.add_cog(ChatLogCog(bot))
