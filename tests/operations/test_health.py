"""/readyz says 503, and why, until the gateway is connected and while the database does not answer."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.operations.server import serving
from bot.runtime import open_bot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch, sandbox_settings, stop
from tests.operations.scrape import get, scrape

pytestmark = pytest.mark.e2e


async def test_not_ready_before_the_gateway_then_ready_then_not_when_the_database_fails(
    imitation: Imitation, driver: Driver, tmp_path: Path
) -> None:
    settings = sandbox_settings(imitation, tmp_path / "health.db")
    async with open_bot(settings, clock=imitation.clock, guild_ready_timeout=0.05) as bot, \
            serving(bot, bot.metrics, "127.0.0.1", 0) as port:
        assert await get(port, "/healthz") == (200, "text/plain; charset=utf-8", "ok\n")
        status, _, body = await get(port, "/readyz")
        assert status == 503
        assert body == "not ready\n- the gateway has not sent READY yet\n- shard 0: gateway not connected\n"
        assert (await scrape(port)).value("hipthrust_gateway_connected", shard="0") == 0

        runner = await launch(bot, imitation, driver, within=20)
        try:
            assert await get(port, "/readyz") == (200, "text/plain; charset=utf-8", "ready\n")
            assert (await scrape(port)).value("hipthrust_gateway_connected", shard="0") == 1
            await bot.store.db.close()  # as if the disk went away under the bot
            status, _, body = await get(port, "/readyz")
            assert status == 503
            assert body.startswith("not ready\n- database: ")
            assert "gateway" not in body
        finally:
            await stop(bot, runner)
        status, _, body = await get(port, "/readyz")
        assert status == 503
        assert "- the bot is shutting down\n" in body

