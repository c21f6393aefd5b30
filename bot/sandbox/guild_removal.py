"""The bot removed from a server (kicked, banned, or the server deleted), as the gateway says it.

Discord sends GUILD_DELETE without `unavailable` (an outage sends it with `unavailable: true`,
which is not a removal); discord.py then dispatches `on_guild_remove`. Afterwards the bot is no
member of the server, so its requests there are refused.
"""

from __future__ import annotations

from bot.sandbox.gateway import GUILDS
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import Guild


def remove_bot(imitation: Imitation, guild: Guild) -> None:
    """Take the bot out of `guild` and tell it so."""
    core = imitation.core
    guild.members.pop(core.bot_user_id, None)
    core.dispatch("GUILD_DELETE", {"id": str(guild.id)}, guild_id=guild.id, intent=GUILDS)
    core.world.emit("GUILD_DELETE", {"guild": guild})  # wakes whoever waits on the world
