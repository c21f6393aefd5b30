"""Two shard processes, one PostgreSQL database: each serves its own guild, both see one logbook.

Two `python -m bot` processes (SHARD_COUNT=2, SHARD_IDS=0 and 1) over one fresh PostgreSQL
schema, one guild on each shard. Skipped, with the reason, where no PostgreSQL server is given.
"""

from __future__ import annotations

import contextlib
import csv
import io
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.store import Store
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import Channel
from bot.sandbox.snapshots import ReplyFile
from tests.postgres_helpers import fresh_schema
from tests.reliability.process import BotProcess
from tests.stored import entry_count

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
async def shared_url() -> AsyncIterator[str]:
    async with fresh_schema() as url:
        yield url


def exported_weights(files: list[ReplyFile]) -> list[float]:
    entries = next(f for f in files if f.filename == "entries.csv")
    return sorted(float(row["weight"]) for row in csv.DictReader(io.StringIO(entries.data.decode())))


async def test_two_shard_processes_serve_one_community_from_one_database(
    imitation: Imitation, driver: Driver, shared_url: str, tmp_path: Path
) -> None:
    home = (imitation.scenario.guild.id >> 22) % 2  # the built-in guild's shard
    _, (floor,) = imitation.add_guild("Annex Gym", shard=(1 - home, 2), channels=("floor",))
    channel: dict[int, Channel] = {home: imitation.scenario.general, 1 - home: floor}  # by shard
    processes: dict[int, BotProcess] = {}
    try:
        for shard in (1, 0):  # shard 1 first: it must not sync commands; shard 0 then does
            env = {"DATABASE_URL": shared_url, "SHARD_COUNT": "2", "SHARD_IDS": str(shard)}
            processes[shard] = BotProcess(imitation, tmp_path / "unused.db", tmp_path / f"shard{shard}.log", env)
            await processes[shard].start(driver)
            assert imitation.core.command_puts == (0 if shard == 1 else 1)
        assert sorted(s.shard for s in imitation.gateway.sessions.values()) == [(0, 2), (1, 2)]

        first = await driver.slash("log", user="member", channel=channel[0], weight=100, reps=10)
        second = await driver.slash("log", user="member", channel=channel[1], weight=102.5, reps=8)
        assert first.content.startswith("**Logged** 1 × 10 @ 100 kg")
        assert second.content.startswith("**Logged** 1 × 8 @ 102.5 kg")
        for shard in (0, 1):
            export = await driver.slash("export", user="member", channel=channel[shard])
            assert export.ephemeral
            assert exported_weights(export.attachments) == [100.0, 102.5]

        dead = processes.pop(0)
        dead.kill()  # shard 0's process dies; shard 1's keeps serving its guild
        await dead.wait()
        third = await driver.slash("log", user="member", channel=channel[1], weight=105, reps=6)
        assert third.content.startswith("**Logged** 1 × 6 @ 105 kg")
    finally:
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError):  # it may have stopped by itself
                process.kill()
            await process.wait()
    store = await Store.open(shared_url)
    try:
        assert await entry_count(store, imitation.scenario.member.id) == 3
    finally:
        await store.close()
    assert driver.deadline_misses() == [], "an interaction was not answered within 3 s"
