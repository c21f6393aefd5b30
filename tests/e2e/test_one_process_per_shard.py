"""A second `python -m bot` serving the shard another already serves on the same SQLite file
refuses to start, in one line; the first keeps answering alone."""

from __future__ import annotations

import asyncio
import contextlib
import sys
from pathlib import Path

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import process_environment
from tests.reliability.process import BotProcess

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def test_a_second_unsharded_bot_on_one_database_refuses_to_start(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    db = tmp_path / "hipthrust.db"
    first = BotProcess(imitation, db, tmp_path / "first.log")
    await first.start(driver)
    try:
        sessions = len(imitation.gateway.sessions)
        second = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=process_environment(imitation, db),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        _, err = await asyncio.wait_for(second.communicate(), 60)
        assert second.returncode == 1, err.decode()
        lines = err.decode().splitlines()
        assert "Traceback" not in err.decode()
        assert len([line for line in lines if "ERROR" in line]) == 1, lines
        assert (f"Not started: another process already serves this bot (unsharded: shard 0 of 1) on {db}:"
                " two processes on one shard both answer every command") in lines[-1]
        assert len(imitation.gateway.sessions) == sessions  # it never connected
        answer = await driver.slash("ping", user="member")
        assert answer.ephemeral
    finally:
        with contextlib.suppress(ProcessLookupError):
            first.kill()
        await first.wait()
