"""Two shard processes, one PostgreSQL database: each serves its own guild, both see one logbook.

Two bots (shards 0 and 1 of 2), each with its own connection pool, over one fresh PostgreSQL
schema; one guild on each shard. Skipped, with the reason, where no PostgreSQL server is given.
"""

from __future__ import annotations

import asyncio
import csv
import io
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack
from dataclasses import replace
from pathlib import Path

import pytest

from bot.client import HipThrustBot, ShardedHipThrustBot
from bot.runtime import open_bot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop
from bot.sandbox.model import Channel
from bot.sandbox.replies import ReplyFile
from tests.postgres_helpers import fresh_schema

pytestmark = pytest.mark.e2e


@pytest.fixture
async def shared_url() -> AsyncIterator[str]:
    async with fresh_schema() as url:
        yield url


def exported_weights(files: list[ReplyFile]) -> list[float]:
    entries = next(f for f in files if f.filename == "entries.csv")
    return sorted(float(row["weight"]) for row in csv.DictReader(io.StringIO(entries.data.decode())))


async def test_two_shards_serve_one_community_from_one_database(
    imitation: Imitation, driver: Driver, shared_url: str, tmp_path: Path
) -> None:
    home = (imitation.scenario.guild.id >> 22) % 2  # the built-in guild's shard
    _, (floor,) = imitation.add_guild("Annex Gym", shard=(1 - home, 2), channels=("floor",))
    channel: dict[int, Channel] = {home: imitation.scenario.general, 1 - home: floor}  # by shard
    base = replace(sandbox_settings(imitation, tmp_path / "unused.db"), database_url=shared_url, shard_count=2)
    async with AsyncExitStack() as stack:
        bots: dict[int, HipThrustBot] = {}
        runners: dict[int, asyncio.Task[None]] = {}
        for shard in (1, 0):  # shard 1 first: it must not sync; shard 0 then does
            bot = await stack.enter_async_context(
                open_bot(replace(base, shard_ids=(shard,)), guild_ready_timeout=0.05)
            )
            bots[shard], runners[shard] = bot, await launch(bot, imitation, driver, within=20)
            assert isinstance(bot, ShardedHipThrustBot)
            assert imitation.core.command_puts == (0 if shard == 1 else 1)
        try:
            for shard, bot in bots.items():
                assert [g.id for g in bot.guilds] == [channel[shard].guild_id]

            first = await driver.slash("log", user="member", channel=channel[0], weight=100, reps=10)
            second = await driver.slash("log", user="member", channel=channel[1], weight=102.5, reps=8)
            assert "100" in first.text
            assert "102.5" in second.text

            for shard in (0, 1):
                export = await driver.slash("export", user="member", channel=channel[shard])
                assert export.ephemeral
                assert exported_weights(export.attachments) == [100.0, 102.5]

            await stop(bots[0], runners.pop(0))  # shard 0's process goes away
            third = await driver.slash("log", user="member", channel=channel[1], weight=105, reps=6)
            assert "105" in third.text
            member = imitation.scenario.member.id
            assert await bots[1].store.entries.count(member) == 3
        finally:
            for shard, runner in runners.items():
                await stop(bots[shard], runner)
    assert driver.deadline_misses() == [], "an interaction was not answered within 3 s"
