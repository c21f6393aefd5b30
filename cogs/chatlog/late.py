"""Replies owed to sets typed in chat: stored, but the lifter never told (`bot.db.chat_replies`).

A set is stored, then replied to. When the process is killed in between, Discord does not give
the message to the next one (it re-sends missed events only to a session that resumes), so the
next process replies late, once it is ready, to what was stored in the last `LATE_WINDOW`, saying
why. When Discord refuses the reply (an outage discord.py does not retry, Cloudflare's 429), it
is tried once more `RETRY_AFTER` seconds later, as a reply to the line last typed for that set: its
own, or the same line typed again meanwhile (`cogs.chatlog.flow.RETYPE_WINDOW`), whose refused
"already in your log" is tried once more the same way. A message deleted meanwhile is not replied to.

A set has one reply with its Undo (in a server, the one post `entry_posts` keeps): a late reply and
the answer to the line typed again both take the set's turn (`turn`) and look under it whether the
set is owed its reply still, so whichever comes second knows the other went out.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import Any

import discord

from bot.client import HipThrustBot
from bot.db.chat_replies import LATE_WINDOW, OwedReply, ReplyPlace
from bot.interactions import replies
from bot.interactions.background import ready
from bot.interactions.buttons import expiry_stamp
from bot.interactions.expirer import Expirer
from bot.interactions.presence import bot_in_server_id
from bot.interactions.rate_limits import UNSERVED
from bot.keyed import PerKey
from bot.logbook.edits import form_stamp
from bot.operations.metrics import ANSWERED, DEADLINE_MISSED
from cogs.chatlog.flow import CHAT_LINE, ChatLogger, replied
from cogs.chatlog.render import REFUSED, RESTARTED, late, typed_again

log = logging.getLogger(__name__)

RETRY_AFTER = 30.0  # seconds after Discord refused a reply, it is tried once more


@dataclass(frozen=True)
class ChatLine:
    """A line typed in chat that a reply answers: its message, and where it was typed."""

    message_id: int
    place: ReplyPlace


class LateReplies:
    """Sends the chat log's owed replies: those an earlier process left, and one retry of a refused one."""

    def __init__(self, bot: HipThrustBot, logger: ChatLogger, expirer: Expirer) -> None:
        self.bot, self.logger, self.expirer = bot, logger, expirer
        self.started = bot.clock()  # lines stored from now on are this process's to answer
        self.retry_after = RETRY_AFTER
        self._tasks: set[asyncio.Task[None]] = set()
        self._turns: PerKey[int, asyncio.Lock] = PerKey(asyncio.Lock)  # by the set's key (`turn`)
        self._retrying: dict[int, ChatLine] = {}  # by the set's key: the line its waiting retry answers

    def start(self) -> None:
        """Once the bot is ready, reply to what an earlier process stored and never answered."""
        self._keep(self._after_restart(), "chat late replies")

    def retry(self, user_id: int, key: int, line: ChatLine) -> None:
        """Discord refused the reply to `line` about the set stored under `key` (read from that line,
        or typed again there): try once more, later. One retry a set: refused again before it, the
        retry answers the later line.

        Each refused line is counted (`CHAT_LINE`) once it is known whether it was answered:
        answered when the retry's reply to it went out, else deadline_missed (refused again, or
        answered meanwhile through a line typed again); one the retry no longer answers, the set
        typed again and that answer refused too, at once."""
        waiting = self._retrying.get(key)
        self._retrying[key] = line
        if waiting is None:
            self._keep(self._retry(user_id, key), f"chat reply retry {key}")
        else:
            self._count(sent=False)

    @asynccontextmanager
    async def turn(self, user_id: int, key: int) -> AsyncIterator[OwedReply | None]:
        """The lifter's set stored under `key` while it is owed its reply, None once not (answered,
        undone): one reply about a set at a time, from the look until the reply is kept as sent.
        In one process: Discord gives a channel's messages to the one shard that serves it."""
        with self._turns.using(key) as turn:
            async with turn:
                yield await self.bot.store.chat_replies.owed_for(user_id, key)

    def cancel_all(self) -> None:
        for task in self._tasks:
            task.cancel()

    def _keep(self, work: Coroutine[Any, Any, None], name: str) -> None:
        task = asyncio.get_running_loop().create_task(work, name=name)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def _after_restart(self) -> None:
        if not await ready(self.bot):  # never logged in (a bot under test): there is no one to reply to
            return
        store, oldest = self.bot.store.chat_replies, self.started - LATE_WINDOW
        await store.forget_before(oldest)
        for owed in await store.owed(oldest, before=self.started):
            if self._ours(owed.place):
                await self.send(owed.user_id, owed.message_id, RESTARTED)

    def _ours(self, place: ReplyPlace) -> bool:
        """Whether this process answers that channel: its server is on one of our shards; DMs
        come to shard 0, whose process also syncs the commands."""
        if place.guild_id is None:
            return self.bot.settings.syncs_commands
        return bot_in_server_id(self.bot, place.guild_id)

    async def _retry(self, user_id: int, key: int) -> None:
        await asyncio.sleep(self.retry_after)
        self._count(sent=await self.send(user_id, key, REFUSED, self._retrying.pop(key)))

    def _count(self, *, sent: bool) -> None:
        self.bot.metrics.interaction_done(CHAT_LINE, ANSWERED if sent else DEADLINE_MISSED, None)

    async def send(self, user_id: int, key: int, why: str, line: ChatLine | None = None) -> bool:
        """Reply to the lifter's set stored under `key` with what was stored and its Undo, saying `why`
        it is late: to the line it was read from, or to `line`, where it was typed again (saying so).
        Nothing when it is owed no reply (answered meanwhile, undone). A fault of the bot's own in
        one reply is logged and leaves that reply owed (to the next start within `LATE_WINDOW`), not
        the replies after it unsent. Whether the reply went out."""
        try:
            return await self._send(user_id, key, why, line)
        except Exception:
            log.exception("could not reply late to the chat line %s", key)
            return False

    async def _send(self, user_id: int, key: int, why: str, line: ChatLine | None) -> bool:
        async with self.turn(user_id, key) as owed:
            if owed is None:
                return False
            line = line or ChatLine(owed.message_id, owed.place)
            retyped = line.message_id != owed.message_id
            answer = await self.logger.stored(user_id, owed.entry, key, public=line.place.guild_id is not None,
                                              expires=expiry_stamp(self.bot.clock()), stamp=form_stamp(owed.entry))
            text = typed_again(answer.text) if retyped else answer.text
            channel = self.bot.get_partial_messageable(line.place.channel_id, guild_id=line.place.guild_id)
            try:
                # Read first: a reply to a message deleted meanwhile would be refused as an invalid body.
                message = await channel.fetch_message(line.message_id)
                reply = await message.reply(late(text, why), view=answer.view or discord.utils.MISSING,
                                            mention_author=False, allowed_mentions=replies.NO_PINGS)
            except UNSERVED as error:  # a rate limit past the bot's wait too: left for a retype or the next start
                log.warning("could not reply late to the chat line %s: %s", line.message_id, error)
                # Its own line deleted, or out of reach for good (a line typed again leaves it owed).
                if not retyped and isinstance(error, discord.NotFound | discord.Forbidden):
                    await self.bot.store.chat_replies.answered(user_id, key)
                return False
            await replied(self.bot, self.expirer, user_id, reply, answer, line.place)
        return True
