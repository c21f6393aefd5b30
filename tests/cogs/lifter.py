"""What the cog tests driven by /log share: a bot with the real LogCog and one more cog, fresh
interactions, and a /log through the LogCog."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from discord.ext import commands

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.progress.charts import ChartRenderer
from cogs.logbook.log import LogCog
from tests.fakes import FakeClock, FakeInteraction, offline_bot, snowflake


@asynccontextmanager
async def lifter_env(
    tmp_path: Path, cog: Callable[[HipThrustBot], commands.Cog], *, charts: ChartRenderer | None = None
) -> AsyncIterator[tuple[HipThrustBot, Store, FakeClock, LogCog, Any]]:
    """(bot, store, clock, its LogCog, `cog` built for it) on a fresh database; the bot renders
    charts with `charts` if given."""
    store = await Store.open(tmp_path / "log.db")
    clock = FakeClock()
    bot = offline_bot(store, clock=clock, charts=charts)
    log_cog = LogCog(bot)
    try:
        yield bot, store, clock, log_cog, cog(bot)
    finally:
        await log_cog.cog_unload()
        await store.close()


def interaction(bot: HipThrustBot, user: int = 1, **kwargs: Any) -> FakeInteraction:
    """A new interaction of `user` with `bot` (a slash command unless `type` says otherwise)."""
    return FakeInteraction(id=snowflake(bot.clock()), user_id=user, client=bot, **kwargs)


async def log(env: tuple[Any, ...], user: int = 1, **options: Any) -> FakeInteraction:
    """/log 100 kg × 10 (unless `options` say otherwise) through the env's LogCog (its fourth item)."""
    bot, cog = env[0], env[3]
    i = interaction(bot, user)
    await cog.log.callback(cog, i, **{"weight": 100.0, "reps": 10, **options})
    return i
