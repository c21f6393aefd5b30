"""The snippets `/snippet unpin` offers as the moderator types: this server's pinned ones, each
named by its section and channel, where the moderator can see that channel."""

from __future__ import annotations

from collections.abc import Callable

import discord
from discord import app_commands

from bot.client import HipThrustBot
from bot.interactions import limits
from bot.snippets.text import choice_names
from cogs.snippets.channels import hidden_from_member


async def unpin_choices(
    bot: HipThrustBot, interaction: discord.Interaction, current: str, title: Callable[[str], str]
) -> list[app_commands.Choice[str]]:
    """The choices for what was typed (`current`), a snippet's id each; `title` names a section."""
    if interaction.guild_id is None:
        return []
    query = " ".join(current.casefold().split())
    guild = interaction.guild
    labelled = []
    for s in await bot.store.snippets.pinned_in_guild(interaction.guild_id):
        if hidden_from_member(interaction, s.channel_id):
            continue  # not named, nor offered: they could not unpin there
        channel = guild.get_channel_or_thread(s.channel_id) if guild else None
        # Deleted (or a thread not in the cache): its id names nothing.
        labelled.append((s, title(s.section_id), str(s.channel_id) if channel is None else channel.name))
    choices: list[app_commands.Choice[str]] = []
    for (s, _, _), name in zip(labelled, choice_names(labelled), strict=True):
        if query in name.casefold():
            choices.append(app_commands.Choice(name=name, value=str(s.id)))
        if len(choices) == limits.CHOICES:
            break
    return choices
