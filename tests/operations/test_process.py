"""`python -m bot` as an operator runs it: METRICS_PORT and LOG_FORMAT=json from the environment."""

from __future__ import annotations

import asyncio
import json
import signal
import sys
from pathlib import Path

import pytest

from bot.operations.backup import backup, restore
from bot.operations.db_lock import DatabaseBusyError
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import process_environment
from bot.sandbox.raw import command_data
from tests.operations.scrape import get, scrape
from tests.operations.test_healthcheck import free_port
from tests.reliability.process import BotProcess

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


async def test_the_bot_serves_its_metrics_writes_json_logs_and_holds_its_database(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    port, db = free_port(), tmp_path / "process.db"
    bot = BotProcess(imitation, db, tmp_path / "bot.log",
                     {"METRICS_PORT": str(port), "LOG_FORMAT": "json", "LOG_LEVEL": "INFO"})
    await bot.start(driver)
    try:
        for _ in range(100):  # ready once the guilds have arrived
            if (await get(port, "/readyz"))[0] == 200:
                break
            await asyncio.sleep(0.1)
        assert await get(port, "/readyz") == (200, "text/plain; charset=utf-8", "ready\n")
        assert (await driver.slash("ping")).content.startswith("Pong.")
        member, general = driver.user("member"), driver.channel("general")
        data = command_data(imitation.core, "log", {}, member, general)
        data["options"] = "weight=100"  # a payload discord.py cannot read: an apology with an error id
        apology = await driver.answer(driver.send(2, member, general, data))
        error_id = apology.content.split("`")[1]
        found = await scrape(port)
        for _ in range(50):
            if found.value("hipthrust_interactions_total") == 2:
                break
            await asyncio.sleep(0.05)
            found = await scrape(port)
        assert found.value("hipthrust_interactions_total", command="ping", outcome="answered") == 1
        assert found.value("hipthrust_interactions_total", command="unknown", outcome="unexpected_error") == 1

        made = await asyncio.to_thread(backup, db, tmp_path / "live-backup.db")  # while it runs
        assert made.ok
        with pytest.raises(DatabaseBusyError):  # another process: the running bot holds the lock
            restore(tmp_path / "live-backup.db", db)
    finally:
        assert bot.process is not None
        bot.process.send_signal(signal.SIGTERM)
        assert await asyncio.wait_for(bot.wait(), 30) == 0, bot.output()
    assert "voice will NOT be supported" not in bot.output()  # the bot never joins voice: no warning for it

    lines = [json.loads(line) for line in bot.log_path.read_text().splitlines()]  # every line is JSON
    assert imitation.token not in bot.log_path.read_text()
    [failure] = [line for line in lines if line.get("error_id") == error_id]
    assert failure["level"] == "ERROR"
    assert failure["logger"] == "bot.interactions.tree"
    assert failure["command"] == "unknown"
    assert failure["guild"] == str(general.guild_id)
    assert "Traceback" in failure["error"]
    assert any(line["message"].startswith(f"metrics and health on http://127.0.0.1:{port}") for line in lines)


async def test_a_token_discord_refuses_exits_1_with_a_clear_message(imitation: Imitation, tmp_path: Path) -> None:
    env = process_environment(imitation, tmp_path / "refused.db", {"DISCORD_TOKEN": "not-the-token"})
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", cwd=tmp_path, env=env, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
    )  # fmt: skip
    _, err = await asyncio.wait_for(process.communicate(), 60)
    assert process.returncode == 1
    assert "Discord refused the token (DISCORD_TOKEN)" in err.decode()
    assert "Traceback" not in err.decode()
    assert not imitation.gateway.sessions  # it never reached the gateway


async def test_a_bot_whose_shard_claim_ends_stops_with_1_and_says_why(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    """On PostgreSQL the claim is a session's advisory lock: when the server ends that session,
    another process may take the shard, so the bot stops (a supervisor's restart claims it again)."""
    from tests.postgres_helpers import end_claim_session, fresh_schema

    async with fresh_schema() as url:
        known = set(imitation.gateway.sessions)
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", cwd=tmp_path, env=process_environment(imitation, url),
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
        )  # fmt: skip
        try:
            await driver.wait_until(
                lambda: any(s.socket is not None for i, s in imitation.gateway.sessions.items() if i not in known),
                "the bot process to connect", within=60,
            )  # fmt: skip
            ended = await end_claim_session(url)
            assert ended == 1
            _, err = await asyncio.wait_for(process.communicate(), 60)
        finally:
            if process.returncode is None:
                process.kill()
                await process.wait()
    assert process.returncode == 1
    text = err.decode()
    assert "Stopped: the session holding the claim on this bot (unsharded: shard 0 of 1) at PostgreSQL" in text
    assert "Start it again to claim them." in text
    assert text.count("the session holding the claim") == 1  # said once, as it stops
    assert "Traceback" not in text
