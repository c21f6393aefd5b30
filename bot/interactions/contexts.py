"""Where the bot's commands can be used. The bot is installed to servers only (no user installs);
a lifter's log follows them across servers and DMs with the bot, the guide reads anywhere, and
what changes a server (its settings, its pins, answering in its channels) stays in servers."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypedDict, TypeVar

from discord import app_commands

T = TypeVar("T", bound=Callable[..., object])

GUILD_INSTALL = app_commands.AppInstallationType(guild=True, user=False)
SERVERS_ONLY = app_commands.AppCommandContext(guild=True, dm_channel=False, private_channel=False)
SERVERS_AND_DMS = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)
EVERYWHERE = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True)


class Allowed(TypedDict):
    """The keywords of a command group or context menu for where it may be used."""

    allowed_contexts: app_commands.AppCommandContext
    allowed_installs: app_commands.AppInstallationType


def allowed(where: app_commands.AppCommandContext) -> Allowed:
    """`Group(…, **allowed(SERVERS_ONLY))`: a group's or a context menu's contexts, installed to
    servers like every command of the bot (commands take `allowed_in`)."""
    return Allowed(allowed_contexts=where, allowed_installs=GUILD_INSTALL)


def allowed_in(where: app_commands.AppCommandContext) -> Callable[[T], T]:
    """A command's decorator for these contexts, installed to servers like every command of the
    bot (groups and context menus take `allowed`'s keywords)."""

    def decorate(command: T) -> T:
        command = app_commands.allowed_contexts(
            guilds=where.guild, dms=where.dm_channel, private_channels=where.private_channel
        )(command)
        return app_commands.allowed_installs(guilds=GUILD_INSTALL.guild, users=GUILD_INSTALL.user)(command)

    return decorate


servers_and_dms = allowed_in(SERVERS_AND_DMS)  # a lifter's log follows them
