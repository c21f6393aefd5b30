"""Storage faults and start-up faults: a clear answer, the bot stays up, and it recovers."""

from __future__ import annotations

import asyncio
import os
import sqlite3
import sys
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.db.connection import load_migrations
from bot.sandbox.driver import Driver
from tests.paths import REPO
from tests.reliability.conftest import Lab
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


async def pragma(bot: HipThrustBot, statement: str) -> None:
    await bot.store.db.conn.execute(statement)


async def entries(bot: HipThrustBot, driver: Driver) -> int:
    return await entry_count(bot.store, driver.user("member").id)


async def test_read_only_database_answers_clearly_and_recovers(lab: Lab) -> None:
    hipbot, driver = lab.bot, lab.driver
    assert hipbot is not None
    await pragma(hipbot, "PRAGMA query_only = ON")  # SQLite now refuses writes: SQLITE_READONLY
    refused = await driver.slash("log", weight=100, reps=10)
    assert refused.ephemeral
    assert "storage is read-only right now, so nothing was stored" in refused.content
    settings = await driver.slash("settings", unit="lb")
    assert "storage is read-only" in settings.content
    assert (await driver.slash("ping")).content.startswith("Pong.")  # still up, reads still work
    assert (await driver.slash("history")).ephemeral
    await pragma(hipbot, "PRAGMA query_only = OFF")  # the fault clears
    stored = await driver.slash("log", weight=100, reps=10)
    assert stored.content.startswith("**Logged** 1 × 10 @ 100 kg")
    assert await entries(hipbot, driver) == 1
    assert (await hipbot.store.users.preferences(driver.user("member").id)).unit == "kg"


async def test_full_database_answers_clearly_and_recovers(lab: Lab) -> None:
    hipbot, driver = lab.bot, lab.driver
    assert hipbot is not None
    conn = hipbot.store.db.conn
    async with conn.execute("PRAGMA page_count") as cursor:
        (pages,) = await cursor.fetchone()
    await pragma(hipbot, f"PRAGMA max_page_count = {pages}")  # no room to grow: SQLITE_FULL, as on a full disk
    logged = 0
    for attempt in range(400):
        reply = await driver.slash("log", weight=100, reps=10, note=f"attempt {attempt} " + "x" * 150)
        if "storage is full right now, so nothing was stored" in reply.content:
            assert reply.ephemeral
            break
        assert reply.content.startswith("**Logged**")
        logged += 1
    else:
        pytest.fail("the database never filled up")
    assert await entries(hipbot, driver) == logged  # every "Logged" is stored, the refused one is not
    assert (await driver.slash("ping")).content.startswith("Pong.")
    await pragma(hipbot, "PRAGMA max_page_count = 1073741823")  # space again
    assert (await driver.slash("log", weight=100, reps=10)).content.startswith("**Logged**")
    assert await entries(hipbot, driver) == logged + 1


@pytest.mark.slow
async def test_a_database_from_a_newer_release_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    newer = len(load_migrations()) + 1
    with sqlite3.connect(db) as conn:
        conn.execute("CREATE TABLE from_the_future (x)")
        conn.execute(f"PRAGMA user_version = {newer}")
    before = db.read_bytes()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "DATABASE_"))}
    env.update(DISCORD_TOKEN="not-used", DATABASE_URL=f"sqlite:///{db}", DISCORD_API_BASE="http://127.0.0.1:9/api/v10",
               PYTHONPATH=str(REPO))  # this checkout's bot, not whichever one the environment installed
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    text = output.decode()
    assert process.returncode == 1, text
    assert f"schema version {newer}, newer than this code" in text
    assert "Traceback" not in text
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == newer
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'from_the_future'").fetchone()
    assert db.read_bytes() == before
