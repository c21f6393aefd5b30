"""The bot's own snippet posts found pinned without a record, recorded again ("adopted").

Removing the bot from a server deletes its snippet records (`GUILD_TABLES`), but what it pinned
stays pinned; added back, it would neither list, unpin nor refresh those posts, and `/snippet pin`
would post a second copy beside one. Reconciling reads a channel's pins anyway: a pinned message
the bot wrote itself (only the author can edit a message, so its footer is the bot's own words)
whose last embed has the snippet footer is recorded again with what the post says, its section
and content version. Who pinned it is not known: `pinned_by` stays empty, `adopted_at` says why.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Iterable

import discord

from bot.client import HipThrustBot
from bot.guide.model import Guide
from bot.snippets.model import Snippet
from bot.snippets.text import ReadFooter, read_footer
from cogs.snippets.channels import sections_by_footer_name

log = logging.getLogger(__name__)


def own_snippet_post(message: discord.Message, bot_user_id: int) -> ReadFooter | None:
    """What a snippet post of this bot says of itself; None for any other message: another
    bot's or a member's, a webhook's, an answer to a command (a public guide answer), or a post
    whose snippet footer cannot be read."""
    if message.author.id != bot_user_id or message.webhook_id is not None:
        return None
    if message.interaction_metadata is not None or message.type is not discord.MessageType.default:
        return None
    return read_footer(message.embeds[-1].footer.text) if message.embeds else None


def section_of(read: ReadFooter, guide: Guide) -> str:
    """The id of the section a post's footer names; a section the guide no longer has (or has
    under another title) keeps the name the post shows, which is what the snippet commands show
    for a section id they do not know."""
    return sections_by_footer_name(guide).get(read.name, read.name)


async def adopt_pins(
    bot: HipThrustBot, guild_id: int, channel_id: int, pins: Iterable[discord.Message], recorded: Collection[int]
) -> list[tuple[Snippet, discord.Message]]:
    """Record again this channel's pinned snippet posts of the bot that no record names (`recorded`:
    the message ids recorded); the new records, each with its message."""
    if bot.user is None:  # not logged in: no message is known to be its own
        return []
    adopted: list[tuple[Snippet, discord.Message]] = []
    for message in pins:
        read = None if message.id in recorded else own_snippet_post(message, bot.user.id)
        if read is None:
            continue
        snippet = await bot.store.snippets.adopt(
            guild_id=guild_id, channel_id=channel_id, message_id=message.id,
            section_id=section_of(read, bot.content.guide), content_version=read.version,
            posted_at=message.created_at, when=bot.clock(),
        )  # fmt: skip
        if snippet is not None:
            adopted.append((snippet, message))
    if adopted:
        log.info("adopted %d snippet posts found pinned without a record in channel %s", len(adopted), channel_id)
    return adopted
