"""Sending guide sections as an answer: visibility by the server's settings, the repeat note, links.

Shared by `/hipthrust` and "Answer with the guide".
"""

from __future__ import annotations

from collections.abc import Hashable, Sequence
from dataclasses import dataclass

import discord

from bot.client import HipThrustBot
from bot.config.model import GuildConfig, Visibility, guide_visibility
from bot.guide.recent_posts import EarlierPost
from bot.interactions import admission, replies
from bot.interactions.rate_limits import UNSERVED
from cogs.config.channels import gone_answer_channels


def guide_post_key(section_ids: Sequence[str]) -> tuple[Hashable, frozenset[Hashable]]:
    """The repeat guard's key of a guide answer and its parts, one a section: a request whose
    sections one recent post of the channel all holds (`/hipthrust examples`, then one example)
    is answered privately, as the same request is."""
    return ("guide", *section_ids), frozenset(("guide", section_id) for section_id in section_ids)


def repeat_note(earlier: EarlierPost, seconds_ago: float) -> str:
    """The private answer's note when the same thing was just posted in this channel."""
    if earlier.jump_url is None:
        return "This is being posted in this channel right now, so here is a copy only you can see."
    return (
        f"This was posted in this channel {max(1, round(seconds_ago))} s ago: {earlier.jump_url} "
        "— here is a copy only you can see."
    )


async def server_config(bot: HipThrustBot, guild_id: int | None) -> GuildConfig:
    """The settings of the server the interaction came from (the defaults in DMs)."""
    return GuildConfig(0) if guild_id is None else await bot.store.guild_config.get(guild_id)


def visibility_here(
    bot: HipThrustBot, config: GuildConfig, interaction: discord.Interaction, private: bool | None
) -> Visibility:
    """Public or private for a guide answer here, by what the member chose and the server allows;
    the pointer names only answer channels the server still has (none, once the last was deleted)."""
    # A thread is allowed when the channel it is in is (`parent_id`; other channels have none).
    parent_id = getattr(interaction.channel, "parent_id", None)
    return guide_visibility(
        config, private=private, channel_id=interaction.channel_id, parent_id=parent_id,
        gone=gone_answer_channels(bot, config),
    )


async def answer_visibility(bot: HipThrustBot, interaction: discord.Interaction, private: bool | None) -> Visibility:
    """`visibility_here` under the settings of the interaction's server."""
    return visibility_here(bot, await server_config(bot, interaction.guild_id), interaction, private)


@dataclass(frozen=True)
class Posted:
    """An answer's first message: its id (None when Discord did not say) and a link to it."""

    message_id: int | None
    jump_url: str


async def send_sections(
    interaction: discord.Interaction,
    messages: list[list[discord.Embed]],
    *,
    ephemeral: bool,
    note: str | None = None,
) -> Posted:
    """Send every message (the first as the response); return the first."""
    first, *rest = messages
    admission.answering(interaction)
    callback = await interaction.response.send_message(
        content=note, embeds=first, ephemeral=ephemeral, allowed_mentions=replies.NO_PINGS
    )
    for embeds in rest:
        await interaction.followup.send(embeds=embeds, ephemeral=ephemeral, allowed_mentions=replies.NO_PINGS)
    return await first_message(interaction, getattr(callback, "message_id", None))


def message_link(interaction: discord.Interaction, message_id: int | None = None) -> str:
    """A link to a message in the interaction's channel (to the channel, without one). Built here:
    a followup's own jump_url names the server "@me"."""
    where = f"https://discord.com/channels/{interaction.guild_id or '@me'}/{interaction.channel_id}"
    return where if message_id is None else f"{where}/{message_id}"


async def first_message(interaction: discord.Interaction, message_id: int | None) -> Posted:
    """The interaction's message, linked (to its channel when Discord did not name the message)."""
    if message_id is not None:
        return Posted(message_id, message_link(interaction, message_id))
    where = message_link(interaction)
    try:  # the callback response normally names the message; ask only when it did not
        message = await interaction.original_response()
    except UNSERVED:
        return Posted(None, where)  # a link to the channel still beats none
    return Posted(message.id, message.jump_url)
