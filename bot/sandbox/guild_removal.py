"""The bot removed from a server (kicked, banned, or the server deleted), and added back, as the
gateway says it.

Discord sends GUILD_DELETE without `unavailable` (an outage sends it with `unavailable: true`,
which is not a removal); discord.py then dispatches `on_guild_remove`. Afterwards the bot is no
member of the server, so its requests there are refused. Added back, the bot gets GUILD_CREATE
without `unavailable` (a server back from an outage, or one READY named, comes with
`unavailable: false`); discord.py then dispatches `on_guild_join`.
"""

from __future__ import annotations

from bot.sandbox.gateway import GUILDS
from bot.sandbox.imitation import BOT_PERMISSIONS, Imitation
from bot.sandbox.model import Guild
from bot.sandbox.payloads import guild_create_json


def remove_bot(imitation: Imitation, guild: Guild) -> None:
    """Take the bot out of `guild` and tell it so."""
    core = imitation.core
    guild.members.pop(core.bot_user_id, None)
    core.dispatch("GUILD_DELETE", {"id": str(guild.id)}, guild_id=guild.id, intent=GUILDS)
    core.world.emit("GUILD_DELETE", {"guild": guild})  # wakes whoever waits on the world


def add_bot(imitation: Imitation, guild: Guild) -> None:
    """Add the bot to `guild` (again), with a role of its own as an invite with permissions makes
    one, and tell it so."""
    core, world = imitation.core, imitation.world
    bot = world.users[core.bot_user_id]
    world.add_member(guild, bot, [world.add_role(guild, bot.username, BOT_PERMISSIONS)])
    joined = guild_create_json(world, guild, core.bot_user_id)
    del joined["unavailable"]
    core.dispatch("GUILD_CREATE", joined, guild_id=guild.id, intent=GUILDS)
