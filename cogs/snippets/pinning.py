"""`/snippet pin`'s writes: post the section, pin the post, record it, and undo what a failure leaves.

Steps that can each fail, or the process be killed, after the one before succeeded. The post is
recorded (as unpinned) before it is pinned, so no pin is ever left that the bot does not know of:
killed after the pin, the record says unpinned, and reconciling with the channel's pins (`/snippet
list`, `pin`, `refresh`) finds it pinned. A failed record deletes the post; a failed pin removes
the post and its record (or, when the post cannot be removed, leaves it recorded as unpinned, so
`/snippet list` shows it). Killed between the post and its record, an unpinned post is left, and
nothing else. Before all that, a section already pinned in the channel is not pinned again
(`pinned_already`).
"""

from __future__ import annotations

import contextlib
import dataclasses

import discord

from bot.client import HipThrustBot
from bot.errors import UserError
from bot.interactions import replies
from bot.interactions.rate_limits import UNSERVED
from bot.snippets.model import Snippet, State, pinned_copy
from bot.snippets.text import audit_reason
from cogs.snippets.channels import explain, raise_explained
from cogs.snippets.reconcile import Noticed, reconcile_channel


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
    except UNSERVED as error:
        raise_explained(error, where, needs)
    when = bot.clock()
    try:
        snippet = await bot.store.snippets.add(
            guild_id=guild_id, channel_id=channel_id, message_id=message.id, section_id=section_id,
            content_version=version, pinned_by=pinner_id, when=when, state=State.UNPINNED,
        )  # fmt: skip
    except BaseException:
        with contextlib.suppress(*UNSERVED):
            await message.delete()  # not recorded, so not left posted either
        raise
    try:
        await message.pin(reason=audit_reason("pinned", pinner_id))
    except UNSERVED as error:
        note = await _undo_post(bot, message, snippet)
        explained = explain(error, where, needs)
        if explained is None:
            raise
        raise UserError(f"{explained.message} {note}") from error
    await bot.store.snippets.set_state([snippet.id], State.PINNED, when)
    return dataclasses.replace(snippet, state=State.PINNED, state_changed_at=when)


async def pinned_already(
    bot: HipThrustBot, *, guild_id: int, channel_id: int, section_id: str
) -> tuple[Snippet | None, Noticed]:
    """The snippet of this section pinned in this channel, if one is; and what reconciling the
    channel noticed on the way (pins removed by hand, posts adopted).

    Records can be behind: a pin removed by hand sends no event that names its message, and the
    bot's removal from the server deleted the records of what it had pinned there. So the
    channel's pins are read first (as `/snippet list` does): a request per 50 pins, in this one
    channel.
    """
    here = await bot.store.snippets.live_in_channel(guild_id, channel_id)
    noticed = await reconcile_channel(bot, guild_id, channel_id, here)
    # Read again: reconciling may have changed the states (pinned again, unpinned by hand, gone, adopted).
    after = await bot.store.snippets.live_in_channel(guild_id, channel_id)
    return pinned_copy(after, channel_id, section_id), noticed


async def _undo_post(bot: HipThrustBot, message: discord.Message, snippet: Snippet) -> str:
    """The pin failed after the post: remove the post and its record, or leave it recorded as
    unpinned; say which."""
    try:
        await message.delete()
    except UNSERVED:
        return f"The post could not be removed, so it is recorded as unpinned: {snippet.jump_url}"
    await bot.store.snippets.discard(snippet.id)
    return "Nothing was left posted."
