"""Our real bot hosted against the imitation: started, stopped and restarted on one database.

The bot runs on the imitation's clock, so `imitation.advance(seconds)` moves Discord's time
and the bot's time together (button expiry, cooldowns, token lifetime).
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

from bot.client import HipThrustBot
from bot.runtime import open_bot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop


class BotHost:
    """Runs one bot at a time on the same database file."""

    def __init__(self, imitation: Imitation, driver: Driver, db: Path) -> None:
        self.imitation = imitation
        self.driver = driver
        self.db = db
        self._stack: contextlib.AsyncExitStack | None = None
        self._bot: HipThrustBot | None = None
        self._runner: asyncio.Task[None] | None = None

    @property
    def bot(self) -> HipThrustBot:
        if self._bot is None:
            raise RuntimeError("no bot is running")
        return self._bot

    async def start(self) -> HipThrustBot:
        """Open the database, build the bot on the imitation's clock, connect; return it ready."""
        if self._bot is not None:
            raise RuntimeError("a bot is already running")
        settings = sandbox_settings(self.imitation, self.db)
        stack = contextlib.AsyncExitStack()
        bot = await stack.enter_async_context(
            open_bot(settings, guild_ready_timeout=0.05, clock=self.imitation.clock))
        try:
            self._runner = await launch(bot, self.imitation, self.driver, within=20)
        except BaseException:
            await stack.aclose()
            raise
        self._stack, self._bot = stack, bot
        return bot

    async def stop(self) -> None:
        """Close the bot and its database, as a shutdown does."""
        if self._bot is None or self._stack is None or self._runner is None:
            return
        try:
            await stop(self._bot, self._runner)
        finally:
            await self._stack.aclose()
            self._stack = self._bot = self._runner = None

    async def restart(self) -> HipThrustBot:
        """Stop this bot and start a new process-worth of bot on the same database."""
        await self.stop()
        return await self.start()
