"""`/snippet pin`'s writes: post the section, pin the post, record it, and undo what a failure leaves.

Three calls that can each fail after the one before succeeded. A failed pin removes the post (or,
when that fails too, records it as unpinned, so `/snippet list` shows it); a failed record deletes
the post, so no pin is left that the bot does not know of. Before all that, a section already
pinned in the channel is not pinned again (`pinned_already`).
"""

from __future__ import annotations

import contextlib
from typing import Any

import discord

from bot.client import HipThrustBot
from bot.errors import UserError
from bot.interactions import replies
from bot.snippets.model import Snippet, State, live_copies, pinned_copy
from bot.snippets.text import audit_reason
from cogs.snippets.channels import explain, raise_explained
from cogs.snippets.reconcile import reconcile_channel


async def post_and_pin(
    bot: HipThrustBot,
    *,
    guild_id: int,
    channel_id: int,
    embeds: list[discord.Embed],
    section_id: str,
    version: str,
    pinner_id: int,
    needs: tuple[str, ...],
) -> Snippet:
    """Post the embeds in the channel, pin them and record the snippet; the record.

    Discord's refusals become a `UserError` that says what was left behind; the caller checks
    permissions first (`needs`: what posting and pinning there take), so these are the races and
    limits a check cannot see.
    """
    where = f"<#{channel_id}>"
    target = bot.get_partial_messageable(channel_id, guild_id=guild_id)
    try:
        message = await target.send(embeds=embeds, allowed_mentions=replies.NO_PINGS)
    except discord.HTTPException as error:
        raise_explained(error, where, needs)
    record: dict[str, Any] = {
        "guild_id": guild_id,
        "channel_id": channel_id,
        "message_id": message.id,
        "section_id": section_id,
        "content_version": version,
        "pinned_by": pinner_id,
        "when": bot.clock(),
    }
    try:
        await message.pin(reason=audit_reason("pinned", pinner_id))
    except discord.HTTPException as error:
        note = await _undo_post(bot, message, record)
        explained = explain(error, where, needs)
        if explained is None:
            raise
        raise UserError(f"{explained.message} {note}") from error
    try:
        return await bot.store.snippets.add(**record)
    except BaseException:
        with contextlib.suppress(discord.HTTPException):
            await message.delete()  # not recorded, so not left pinned either
        raise


async def pinned_already(
    bot: HipThrustBot, *, guild_id: int, channel_id: int, section_id: str
) -> tuple[Snippet | None, list[Snippet]]:
    """The snippet of this section pinned in this channel, if one is; and the pins found removed
    by hand on the way.

    Records can be behind: a pin removed by hand sends no event that names its message. So when
    the records hold a copy, the channel's pins are read first (as `/snippet list` does); a
    channel without one costs no request.
    """
    here = await bot.store.snippets.live_in_channel(guild_id, channel_id)
    if not live_copies(here, channel_id, section_id):
        return None, []
    found_unpinned = await reconcile_channel(bot, guild_id, channel_id, here)
    # Read again: reconciling may have changed the states (pinned again, unpinned by hand, gone).
    after = await bot.store.snippets.live_in_channel(guild_id, channel_id)
    return pinned_copy(after, channel_id, section_id), found_unpinned


async def _undo_post(bot: HipThrustBot, message: discord.Message, record: dict[str, Any]) -> str:
    """The pin failed after the post: remove the post, or record it as unpinned; say which."""
    try:
        await message.delete()
    except discord.HTTPException:
        snippet = await bot.store.snippets.add(**record, state=State.UNPINNED)
        return f"The post could not be removed, so it is recorded as unpinned: {snippet.jump_url}"
    return "Nothing was left posted."
