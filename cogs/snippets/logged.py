"""What the snippet commands tell a server's moderator log: one line per pin, unpin, refresh, per
pin found removed by hand and per post of the bot's found pinned without a record (adopted), each
naming who did it or noticed it (a mention that pings nobody)."""

from __future__ import annotations

from collections.abc import Sequence

import discord

from bot.client import HipThrustBot
from bot.config import modlog as lines
from bot.snippets.model import Snippet
from cogs.config import modlog


async def log_events(
    bot: HipThrustBot,
    interaction: discord.Interaction,
    *,
    pinned: Sequence[Snippet] = (),
    unpinned: Sequence[Snippet] = (),
    refreshed: Sequence[Snippet] = (),
    found_unpinned: Sequence[Snippet] = (),
    adopted: Sequence[Snippet] = (),
) -> None:
    """Post these events to the moderator log of the interaction's server (if it has one)."""
    guide, actor = bot.content.guide, interaction.user.id

    def title(s: Snippet) -> str:
        return guide.title_of(s.section_id)

    written = [
        *(lines.pinned(actor, title(s), s.channel_id, s.jump_url) for s in pinned),
        *(lines.unpinned(actor, title(s), s.channel_id, s.jump_url) for s in unpinned),
        *(lines.refreshed(actor, title(s), s.channel_id, s.jump_url) for s in refreshed),
        *(lines.found_unpinned(actor, title(s), s.channel_id, s.jump_url) for s in found_unpinned),
        *(lines.adopted(actor, title(s), s.channel_id, s.jump_url) for s in adopted),
    ]
    await modlog.post(bot, interaction.guild_id, written)
