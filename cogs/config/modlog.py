"""Posting to a server's moderator log, and saying why it does not work when it does not.

A post is tried only when the cached channel and permissions say it can work (failed requests
count against Discord's invalid-request limit); `/config show` reads the same cache to say why
the log does not work. A refusal the cache could not foresee is stored as the log's problem,
which `/config show` also reports, until a post works again. Nothing here ever raises into the
command that logged: the moderator has had their answer by then.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

import discord

from bot.client import HipThrustBot
from bot.config import modlog
from bot.errors import MissingPermissionError, discord_refused
from bot.interactions import replies
from bot.interactions.rate_limits import UNSERVED
from bot.snippets.model import missing_permissions

log = logging.getLogger(__name__)

# The log is plain text: mentions and links, no embeds.
LOG_NEEDS = ("view_channel", "send_messages")
CHANNEL_GONE = "the channel was deleted (or I cannot see it); choose another with `/config set log_channel`."


def problem_now(bot: HipThrustBot, guild_id: int, channel_id: int) -> str | None:
    """Why a post to the log channel would fail, from what the bot knows of the server; None if it would not."""
    guild = bot.get_guild(guild_id)
    channel = None if guild is None else guild.get_channel_or_thread(channel_id)
    if guild is None or channel is None:
        return CHANNEL_GONE
    missing = missing_permissions(channel.permissions_for(guild.me), LOG_NEEDS)
    if missing:
        return MissingPermissionError(missing, where=f"<#{channel_id}>").message
    return None


def refused(error: discord.HTTPException | discord.RateLimited, channel_id: int) -> str:
    """Discord's refusal of a log post, in words for `/config show`."""
    if isinstance(error, discord.RateLimited):
        return "Discord was limiting how fast the bot may post (429)."
    if isinstance(error, discord.NotFound):
        return CHANNEL_GONE
    if isinstance(error, discord.Forbidden):
        return discord_refused(f"<#{channel_id}>", LOG_NEEDS).message
    return f"Discord answered with an error ({error.status})."


async def post(bot: HipThrustBot, guild_id: int | None, lines: Sequence[str]) -> None:
    """Post snippet events to the server's moderator log, if it has one. Never raises."""
    if guild_id is None or not lines:
        return
    try:
        config = await bot.store.guild_config.get(guild_id)
        channel_id = config.log_channel_id
        if channel_id is None:
            return
        known = problem_now(bot, guild_id, channel_id)
        if known is not None:
            # Not tried: `/config show` works this out again from the same cache when asked.
            log.info("moderator log of server %s not posted: %s", guild_id, known)
            return
        problem = None
        channel = bot.get_partial_messageable(channel_id, guild_id=guild_id)
        try:
            for text in modlog.messages(lines):
                await channel.send(text, allowed_mentions=replies.NO_PINGS)
        except UNSERVED as error:
            problem = refused(error, channel_id)
            log.warning("moderator log of server %s refused: %s", guild_id, error)
        if problem != config.log_problem:
            await bot.store.guild_config.set_log_problem(guild_id, problem)
    except Exception:
        # The moderator has had their answer; a log that cannot be written must not turn it into an error.
        log.exception("moderator log of server %s: could not post", guild_id)


def status(bot: HipThrustBot, guild_id: int, channel_id: int, stored_problem: str | None) -> str | None:
    """Why the log does not work, for `/config show`; None when nothing says it does not."""
    known = problem_now(bot, guild_id, channel_id)
    if known is not None:
        return known
    if stored_problem is not None:
        return f"the last post failed. {stored_problem} It is tried again with the next event."
    return None
