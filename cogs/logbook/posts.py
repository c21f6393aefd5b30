"""An entry's post in a server channel (a shared /log, the reply to a set typed in chat): kept
when it is posted, turned into "Deleted: …" when the lifter deletes the entry, and into the entry
as it is now (marked edited) when the lifter edits it.

The post is the bot's own message, so the bot edits it with its own token (the channel's Edit
Message) whenever it can see the channel: the interaction token of the /log that posted it
lasts 15 minutes, and only the process that answered the /log holds it. The words are the ones
the chat log's Undo leaves on its reply, so a channel reads the same whichever way the entry went,
and nothing in them pings. Editing, rather than deleting, keeps what members replied to the post
in place and tells them why it changed.
"""

from __future__ import annotations

import asyncio
import logging
import secrets

import discord

from bot.client import HipThrustBot
from bot.interactions import replies
from bot.interactions.presence import bot_in_server_id
from bot.interactions.rate_limits import UNSERVED
from bot.logbook.describe import deleted_text
from bot.logbook.entries import NewEntry
from bot.logbook.posts import PostRewrite, SharedPost
from cogs.logbook.render import post_line

log = logging.getLogger(__name__)

# Held by the one process rewriting the posts dead processes left (`rewrite_left`). It keeps its first
# name: a process of the release before, starting alongside, takes turns under that one.
LEASE = "left-post-marks"
LEASE_SECONDS = 120  # a holder that died frees it this long after its last post
LOOK_AGAIN = 10.0  # seconds between a waiting process's looks at the lease and the rows left


async def remember(
    bot: HipThrustBot, user_id: int, key: int, entry: NewEntry,
    guild_id: int | None, channel_id: int | None, message_id: int | None,
) -> None:
    """Keep where `entry`, stored under `key`, was posted, when that was in a server channel. The
    post's id comes from Discord after the entry was stored: deleted meanwhile (an /undo from
    another device, /forgetme), its delete found no post to mark, so the post is marked here.
    Nothing is kept of a post in a server the bot user is not in (the app's commands alone): the
    bot could not edit it, and the row would stay after the server is gone (`bot.interactions.presence`).

    Not durable: Discord makes the post before it names it, so a process killed between its answer
    and the write here leaves a post nothing knows of, never marked deleted or edited. Finding it
    after a restart means reading the channel's messages for the bot's own reply to the entry's key
    (Read Message History, which posting never needed) or keeping the interaction's token (never
    kept: 0011); the window is one local write, so it is left open, and said so in the README."""
    if guild_id is None or channel_id is None or message_id is None:
        return  # a DM is the lifter's own; and a post Discord did not name cannot be found again
    if not bot_in_server_id(bot, guild_id):
        return
    post = SharedPost(guild_id, channel_id, message_id)
    if not await bot.store.entries.record_post(user_id, key, post):
        await rewrite(bot, post, deleted_text(entry))


async def rewrite(bot: HipThrustBot, post: SharedPost, content: str) -> bool | None:
    """Turn the post into `content` (its buttons gone): True when it was edited, False when
    Discord refused (the bot lost sight of the channel, or a rate limit held it back), None when
    the post is gone already."""
    channel = bot.get_partial_messageable(post.channel_id, guild_id=post.guild_id)
    try:
        await channel.get_partial_message(post.message_id).edit(
            content=content, view=None, allowed_mentions=replies.NO_PINGS
        )
    except discord.NotFound:
        return None
    except UNSERVED as error:
        log.info("could not edit the post %s of a deleted or edited entry: %s", post.message_id, error)
        return False
    return True


async def rewrite_post(bot: HipThrustBot, kept: PostRewrite) -> bool | None:
    """Turn the post into the text kept for it with the delete or edit (`rewrite`), then forget
    that text: once Discord answered, edited, gone or refused (the lifter is told of a refusal,
    with the post's link). Only a process that dies first leaves it, to `rewrite_left`.

    A later edit or delete of the entry replaces the text waiting (bot.db.post_rewrites): one rewrite
    of a post at a time, each writing the text waiting when its turn comes, so the post is left
    with the later text whichever request Discord serves first. None when there is nothing left
    to write (the post gone, or its latest text written already by the turn before)."""
    with bot.post_turns.using(kept.post.message_id) as turn:
        async with turn:
            content = await bot.store.post_rewrites.content(kept.id)
            if content is None:
                return None
            edited = await rewrite(bot, kept.post, content)
            await bot.store.post_rewrites.done(kept.id, content)
    return edited


async def rewrite_post_unless(bot: HipThrustBot, kept: PostRewrite, *, edited: discord.Message | None) -> None:
    """Rewrite the post kept with a delete (`rewrite_post`), unless it is `edited`, the message the
    press that deleted the entry edited into that text already (the Undo button under the chat
    log's reply): then the text kept is only forgotten."""
    if edited is not None and kept.post.message_id == edited.id:
        await bot.store.post_rewrites.done(kept.id, kept.content)
    else:
        await rewrite_post(bot, kept)


async def rewrite_left(bot: HipThrustBot, batch: int = 100, look_again: float = LOOK_AGAIN) -> int:
    """Rewrite the posts a process that died kept to rewrite (deleted or edited entries'), oldest
    first; how many this process rewrote.

    One process rewrites them at a time, the holder of the lease `LEASE`: processes starting
    together (shards) would each read the same rows and edit every post once each. The others look
    again every `look_again` seconds until the rows are gone or the lease is free (its holder done,
    or dead and its lease run out). A post a live process is rewriting meanwhile (after its own
    delete or edit) may still be edited twice, into the text waiting each time."""
    holder, rewrites = secrets.token_hex(8), bot.store.post_rewrites
    if not await rewrites.waiting(limit=1):
        return 0  # nearly every start: nothing left, so no lease to write and give up again
    while not await bot.store.leases.acquire(LEASE, holder, bot.clock(), LEASE_SECONDS):
        if not await rewrites.waiting(limit=1):
            return 0  # rewritten by the holder
        await asyncio.sleep(look_again)
    count, after = 0, 0
    try:
        while kept := await rewrites.waiting(after=after, limit=batch):
            for row in kept:
                # Renewed before each post (an edit waits 30 s at most on a rate limit); lost after a stall.
                if not await bot.store.leases.acquire(LEASE, holder, bot.clock(), LEASE_SECONDS):
                    return count
                await rewrite_post(bot, row)
                count += 1
            after = kept[-1].id
    finally:
        await bot.store.leases.release(LEASE, holder)
    return count


async def tell_post(interaction: discord.Interaction, bot: HipThrustBot, kept: PostRewrite | None, answer: str) -> None:
    """After the lifter was answered `answer` ("Saved: …" of an edit): show the edit in the
    entry's post, if it had one (kept with the edit, its text `edited_post_text`), and add to the
    answer what became of it. The answer goes first: the edit may wait on Discord's rate limits,
    and the click has 3 seconds."""
    if kept is not None:
        await _tell(interaction, kept.post, await rewrite_post(bot, kept), answer, deleted=False)


async def tell_deleted(
    interaction: discord.Interaction, bot: HipThrustBot, kept: PostRewrite | None, answer: str
) -> None:
    """After the lifter was answered `answer` ("Deleted: …"): rewrite the deleted entry's post, if it
    had one (kept with the delete), and add to the answer what became of it, as `tell_post` does."""
    if kept is not None:
        await _tell(interaction, kept.post, await rewrite_post(bot, kept), answer, deleted=True)


async def _tell(
    interaction: discord.Interaction, post: SharedPost, edited: bool | None, answer: str, *, deleted: bool
) -> None:
    if edited is not None:  # a post gone already needs no word
        await replies.edit_original(interaction, content=f"{answer}\n{post_line(post, edited=edited, deleted=deleted)}")
