"""Rewrites, once the bot is ready, the posts a process that died had kept to rewrite.

A delete (/undo, /history's Delete, an Undo button, /forgetme) keeps its entry's post with the
"Deleted: …" it becomes, and an Edit from /history with the entry as it is now, in the same
transaction (bot.db.post_rewrites), answers, then edits the post; killed in between, the process
leaves the row, and the post would show a set no longer logged (after /forgetme, a forgotten
lifter's), or its old numbers, with nothing else left to find it by. Every process writes what is
left when it starts, one at a time (processes starting together take turns: `rewrite_left`): a row
whose post a live process is rewriting at that moment (another shard's) may have its post edited
twice, into the text waiting each time.
"""

from __future__ import annotations

import asyncio
import logging

from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions.background import cancel_and_wait, ready
from cogs.logbook.posts import rewrite_left

log = logging.getLogger(__name__)


class LeftRewritesCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self._task: asyncio.Task[None] | None = None

    async def cog_load(self) -> None:
        self._task = asyncio.get_running_loop().create_task(self._run(), name="left-post-rewrites")

    async def cog_unload(self) -> None:
        await cancel_and_wait(self._task)

    async def _run(self) -> None:
        # Its own token edits the posts: logged in first.
        if not await ready(self.bot):  # never logged in (a bot under test): no post to edit
            return
        try:
            rewritten = await rewrite_left(self.bot)
        except Exception:  # the rows stay, for the next start
            log.exception("could not rewrite the posts of deleted or edited entries a stopped process left")
            return
        if rewritten:
            log.info("rewrote %d posts of deleted or edited entries a stopped process left", rewritten)
