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


class ClosingClient:
    """What `Stopping` asks of the bot: `close`, counted."""

    def __init__(self) -> None:
        self.closed = asyncio.Event()
        self.closes = 0

    async def close(self) -> None:
        self.closes += 1
        self.closed.set()


async def test_stopping_ends_a_gateway_still_waiting_to_reconnect(monkeypatch):
    monkeypatch.setattr(runtime, "GATEWAY_GRACE", 0.05)
    client = ClosingClient()
    stopping = runtime.Stopping(client)

    async def reconnecting() -> None:  # discord.py's reconnect loop, sleeping out its backoff
        await asyncio.sleep(600)

    served = asyncio.create_task(stopping.serve(reconnecting()))
    await asyncio.sleep(0)
    stopping.stop()
    stopping.stop()  # a second signal: closed once
    await asyncio.wait_for(served, 5)  # ends, and not with an error
    assert client.closes == 1
    assert stopping.gateway is not None
    assert stopping.gateway.cancelled()


async def test_a_gateway_that_ends_once_the_bot_is_closed_is_not_cancelled():
    client = ClosingClient()
    stopping = runtime.Stopping(client)

    async def connected() -> None:  # the websocket closes with the bot, and the gateway returns
        await client.closed.wait()

    served = asyncio.create_task(stopping.serve(connected()))
    await asyncio.sleep(0)
    stopping.stop()
    await asyncio.wait_for(served, 5)
    assert stopping.gateway is not None
    assert not stopping.gateway.cancelled()
    assert not stopping.ended_gateway


async def test_a_run_cancelled_from_outside_is_not_taken_for_a_stop():
    stopping = runtime.Stopping(ClosingClient())
    served = asyncio.create_task(stopping.serve(asyncio.sleep(600)))
    await asyncio.sleep(0)
    served.cancel()
    with pytest.raises(asyncio.CancelledError):
        await served
    assert stopping.gateway is not None
    assert stopping.gateway.cancelled()
