"""`/snippet unpin`'s checks and write: the record its value names, the permissions Discord does
not check, and unpinning the message (a message or channel found gone is recorded so)."""

from __future__ import annotations

import discord

from bot.client import HipThrustBot
from bot.errors import MissingPermissionError, NotFoundError, UserError
from bot.interactions.codes import UNKNOWN_CHANNEL, UNKNOWN_MESSAGE
from bot.snippets.model import UNPIN_INVOKER_NEEDS, UNPIN_NEEDS, Snippet, State, missing_permissions
from bot.snippets.text import CHANNEL_GONE, MESSAGE_GONE, NOT_PINNED, audit_reason, unknown_snippet
from cogs.snippets.channels import bot_permissions, is_known_channel, member_permissions, raise_explained

# A record id fits SQLite's 64-bit integer with room to spare.
MAX_SNIPPET_ID_DIGITS = 18


async def chosen_snippet(bot: HipThrustBot, guild_id: int, value: str) -> Snippet:
    """The server's snippet whose id is `value` (the autocomplete's choice); `NotFoundError` otherwise."""
    text = value.strip()
    # isdigit() alone takes "²" (int() refuses it) and 5,000 digits (SQLite cannot bind them).
    chosen = text.isascii() and text.isdigit() and len(text) <= MAX_SNIPPET_ID_DIGITS
    record = await bot.store.snippets.get(guild_id, int(text)) if chosen else None
    if record is None:
        raise NotFoundError(unknown_snippet(value))
    return record


def check_unpin_permissions(interaction: discord.Interaction, record: Snippet, where: str) -> None:
    """The bot's permissions to unpin there, and the moderator's when it is another channel.

    Permissions are known here (Discord sends them) and in cached channels. A channel missing
    from the cache was deleted: the unpin hears so from Discord and marks it gone."""
    here = record.channel_id == interaction.channel_id
    if not (here or is_known_channel(interaction, record.channel_id)):
        return
    missing = missing_permissions(bot_permissions(interaction, record.channel_id), UNPIN_NEEDS)
    if missing:
        raise MissingPermissionError(missing, where=where)
    if not here:  # Discord checked the moderator's permissions only where they typed
        missing = missing_permissions(member_permissions(interaction, record.channel_id), UNPIN_INVOKER_NEEDS)
        if missing:
            raise MissingPermissionError(missing, whose="you", where=where)


async def unpin_snippet(bot: HipThrustBot, interaction: discord.Interaction, record: Snippet, where: str) -> None:
    """Unpin the snippet's message and record it unpinned by command; a `UserError` when it is
    no longer pinned, or its message or channel is gone (recorded so)."""
    if record.state is not State.PINNED:
        raise UserError(NOT_PINNED.format(status=record.state.value))
    channel = bot.get_partial_messageable(record.channel_id, guild_id=record.guild_id)
    now = bot.clock()
    try:
        await channel.get_partial_message(record.message_id).unpin(
            reason=audit_reason("unpinned", interaction.user.id)
        )
    except discord.HTTPException as error:
        if error.code == UNKNOWN_MESSAGE:
            await bot.store.snippets.set_state([record.id], State.GONE, now)
            raise UserError(MESSAGE_GONE) from error
        if error.code == UNKNOWN_CHANNEL:
            await bot.store.snippets.mark_channel_gone(record.channel_id, now)
            raise UserError(f"{CHANNEL_GONE} Its snippets are now marked gone.") from error
        raise_explained(error, where, UNPIN_NEEDS)
    await bot.store.snippets.set_state([record.id], State.REMOVED, now)
