"""Where logbook commands can be used: a lifter's log follows them across servers and DMs with the bot."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from discord import app_commands

T = TypeVar("T", bound=Callable[..., object])

# For groups, which take the same as arguments.
CONTEXTS = app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=False)
INSTALLS = app_commands.AppInstallationType(guild=True, user=False)


def servers_and_dms(command: T) -> T:
    """Usable in servers and in DMs with the bot (guild install only)."""
    command = app_commands.allowed_contexts(guilds=True, dms=True, private_channels=False)(command)
    return app_commands.allowed_installs(guilds=True, users=False)(command)
