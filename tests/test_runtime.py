"""runtime.run: process-wide settings made where the bot's process starts."""

import asyncio
import gc
import sys
from contextlib import asynccontextmanager

import pytest

from bot import runtime
from bot.settings import Secret, Settings


async def test_run_shortens_the_gil_switch_interval_for_the_database_thread(monkeypatch):
    @asynccontextmanager
    async def refused(settings, **options):
        raise RuntimeError("stop here")
        yield

    saved, saved_gc = sys.getswitchinterval(), gc.get_threshold()
    monkeypatch.setattr(runtime, "open_bot", refused)
    try:
        with pytest.raises(RuntimeError, match="stop here"):
            await runtime.run(Settings(token=Secret("t")))
        assert sys.getswitchinterval() == pytest.approx(runtime.GIL_SWITCH_INTERVAL)
        assert gc.get_threshold() == runtime.GC_THRESHOLD
    finally:
        sys.setswitchinterval(saved)
        gc.set_threshold(*saved_gc)


async def test_what_exists_when_the_bot_is_ready_is_frozen_out_of_collections() -> None:
    class ReadyBot:
        async def wait_until_ready(self) -> None:
            await asyncio.sleep(0)

    assert gc.get_freeze_count() == 0
    try:
        await runtime._freeze_when_ready(ReadyBot())  # type: ignore[arg-type]
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()


async def test_every_bot_records_its_heartbeats_before_sending_them(monkeypatch, tmp_path):
    from discord.gateway import DiscordWebSocket

    send = DiscordWebSocket.send_heartbeat
    original = getattr(send, "__wrapped__", send)  # as discord.py ships it
    monkeypatch.setattr(DiscordWebSocket, "send_heartbeat", original)
    async with runtime.open_bot(Settings(token=Secret("t"), database_url=f"sqlite:///{tmp_path}/bot.db")):
        assert DiscordWebSocket.send_heartbeat.__wrapped__ is original  # wrapped by bot/interactions/heartbeat.py
