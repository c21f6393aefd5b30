"""Issue 33: a gateway that ACKs a heartbeat at once must not look 41 s behind (bot/interactions/heartbeat.py).

The race is played out by hand, in the order the sandbox produced it: the heartbeat is sent on
the loop, and the gateway's ACK is read on the loop before discord.py's keep-alive thread
(not started here) would have recorded the send.
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any

import pytest
from discord.gateway import DiscordWebSocket, KeepAliveHandler

from bot.interactions.heartbeat import record_heartbeat_sends, recording_send

INTERVAL = 41.25  # seconds, as Discord's HELLO and the imitation's say


class InstantGateway:
    """The socket of a gateway that answers each heartbeat before its sender hears the send is done."""

    def __init__(self) -> None:
        self.ws: DiscordWebSocket | None = None
        self.sent: list[dict[str, Any]] = []

    async def send_str(self, data: str) -> None:
        self.sent.append(json.loads(data))
        assert self.ws is not None
        await self.ws.received_message(json.dumps({"op": 11, "d": None}))  # HEARTBEAT_ACK


async def heartbeat_one_interval_on(send: Any) -> tuple[DiscordWebSocket, InstantGateway]:
    """A connection whose previous heartbeat went out one interval ago sends the next with `send`."""
    socket = InstantGateway()
    ws = DiscordWebSocket(socket, loop=asyncio.get_running_loop())  # type: ignore[arg-type]
    socket.ws = ws
    ws.shard_id = None
    ws._max_heartbeat_timeout = 60.0
    keep_alive = KeepAliveHandler(ws=ws, interval=INTERVAL)
    keep_alive._last_send -= INTERVAL
    ws._keep_alive = keep_alive
    await send(ws, keep_alive.get_payload())
    return ws, socket


def original_send() -> Any:
    send = DiscordWebSocket.send_heartbeat
    return getattr(send, "__wrapped__", send)


async def test_discord_py_alone_measures_an_instant_ack_from_the_previous_heartbeat(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="discord.gateway"):
        ws, socket = await heartbeat_one_interval_on(original_send())
    assert socket.sent == [{"op": 1, "d": None}]
    # If this fails, discord.py records the send itself (Rapptz/discord.py#10448 released):
    # bot/interactions/heartbeat.py and its call in bot/runtime.open_bot can go.
    assert ws.latency >= INTERVAL
    assert "Can't keep up, shard ID None websocket is 41." in caplog.text


async def test_recorded_before_sending_an_instant_ack_is_measured_from_its_own_heartbeat(
        caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="discord.gateway"):
        ws, socket = await heartbeat_one_interval_on(recording_send(original_send()))
    assert socket.sent == [{"op": 1, "d": None}]
    assert ws.latency < 10  # discord.py's own "can't keep up" line
    assert caplog.records == []


def test_recording_is_installed_once() -> None:
    record_heartbeat_sends()
    installed = DiscordWebSocket.send_heartbeat
    record_heartbeat_sends()
    assert DiscordWebSocket.send_heartbeat is installed
    assert installed.__wrapped__ is original_send()  # type: ignore[attr-defined]
