"""Whether the bot user is a member of the server an interaction comes from.

A server can hold the app's commands without its bot user: added with the `applications.commands`
scope alone, or the bot kicked while the commands stay (Server Settings → Integrations removes
them). Discord still delivers the commands, and answers to them work; but the bot cannot post,
pin or read messages there (Discord's `app_permissions` then holds only what an interaction's
answer may use), it hears nothing of the server, and what it stored for the server would never
be deleted, as it is when the bot leaves. Commands that act in the server say so instead.
"""

from __future__ import annotations

import discord
from discord import app_commands

from bot.errors import UserError

NOT_IN_SERVER = (
    "I am not a member of this server: the app was added here without its bot, or the bot was removed, "
    "so I cannot post, pin or read messages here, nor keep settings for this server. A server admin can "
    "add the bot again with the invite link (scopes `bot` and `applications.commands`). "
    "Nothing was changed."
)


class BotNotInServerError(UserError, app_commands.CheckFailure):
    """A command that acts in the server, used where the bot user is not a member. A check failure
    too, so a cog's `interaction_check` can raise it into the error funnel."""

    def __init__(self) -> None:
        super().__init__(NOT_IN_SERVER)


def bot_in_server(interaction: discord.Interaction) -> bool:
    """False when the interaction comes from a server the bot user is not in. Discord sends the
    bot every server it is in at connection (GUILD_CREATE, or an unavailable one in READY), and a
    server's interactions reach the shard that holds it, so the cache answers."""
    return bot_in_server_id(interaction.client, interaction.guild_id)


def bot_in_server_id(client: discord.Client, guild_id: int | None) -> bool:
    """`bot_in_server` for the server `guild_id` (None, a DM, is not a server), from something
    that came from it: an interaction, or a message the bot heard."""
    return guild_id is None or client.get_guild(guild_id) is not None


def require_bot_in_server(interaction: discord.Interaction) -> bool:
    """`bot_in_server`, or `BotNotInServerError`: a cog's `interaction_check`, or a first line."""
    if not bot_in_server(interaction):
        raise BotNotInServerError
    return True
