"""`python -m bot` as a real process, configured only through the environment, against the imitation."""

from __future__ import annotations

import asyncio
import signal
import sys
from pathlib import Path

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import process_environment

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def start_bot(imitation: Imitation, db: Path, *args: str) -> asyncio.subprocess.Process:
    env = process_environment(imitation, db, {"LOG_LEVEL": "INFO"})
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, env=env, cwd=db.parent,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip


async def stop_bot(process: asyncio.subprocess.Process) -> str:
    process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    return output.decode()


async def test_runs_from_the_environment_syncs_once_and_stops_on_sigterm(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    db = tmp_path / "cli.db"
    first = await start_bot(imitation, db)
    try:
        await driver.wait_until(lambda: imitation.core.command_puts == 1, "the first sync", within=30)
        await driver.wait_ready(within=30)
        reply = await driver.slash("ping")
        assert reply.content.startswith("Pong.")
    finally:
        log = await stop_bot(first)
    assert first.returncode == 0, log
    assert imitation.token not in log
    assert "Traceback" not in log

    second = await start_bot(imitation, db)
    try:
        await driver.wait_until(
            lambda: sum(1 for s in imitation.gateway.sessions.values() if s.socket is not None) >= 1,
            "the second process to connect", within=30,
        )  # fmt: skip
        await driver.wait_ready(within=30)
        assert (await driver.slash("ping")).content.startswith("Pong.")
    finally:
        log = await stop_bot(second)
    assert second.returncode == 0, log
    assert imitation.core.command_puts == 1  # same schema, same place: no second sync
    assert "commands unchanged since the last sync" in log


async def test_sync_command_forces_a_sync_and_exits(imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "sync.db"
    for expected_puts in (1, 2):  # the second is forced although nothing changed
        process = await start_bot(imitation, db, "sync")
        output, _ = await asyncio.wait_for(process.communicate(), 30)
        assert process.returncode == 0, output.decode()
        assert imitation.core.command_puts == expected_puts
    assert "ping" in {c["name"] for c in imitation.core.commands[None]}
    assert not imitation.gateway.sessions  # it never connected to the gateway


@pytest.mark.parametrize("command", [(), ("sync",)])
async def test_a_dev_guild_the_bot_is_not_in_is_one_line(
    command: tuple[str, ...], imitation: Imitation, tmp_path: Path
) -> None:
    db = tmp_path / "guild.db"
    env = process_environment(imitation, db, {"LOG_LEVEL": "INFO", "DEV_GUILD_ID": "4242", "BOT_CPU": "off"})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *command, env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    output, _ = await asyncio.wait_for(process.communicate(), 30)
    log = output.decode()
    assert process.returncode == 1, log
    assert "Traceback" not in log
    errors = [line for line in log.splitlines() if "ERROR" in line]
    assert len(errors) == 1, log
    assert "Discord refused to sync the commands to DEV_GUILD_ID=4242 (404 Unknown Guild): the bot is not in that"\
           " server. Invite it there" in errors[0]
    assert 4242 not in imitation.core.commands  # nothing synced there
    assert not imitation.gateway.sessions  # it stopped before connecting
