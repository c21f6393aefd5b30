"""discord.py's heartbeat latency, measured from the right heartbeat when the gateway answers at once.

discord.py 2.7's keep-alive thread (`discord/gateway.py`, `KeepAliveHandler.run`) hands each
heartbeat to the event loop, blocks until the send is done, and only then records the send time
(`_last_send`). The event loop meanwhile reads the gateway's HEARTBEAT_ACK, and
`KeepAliveHandler.ack` takes the latency from `_last_send`. A gateway on the same machine (the
sandbox's imitation, in the same process and on the same loop as the bot; a gateway proxy)
answers in microseconds, so the loop often reads the ACK before the thread has woken up and won
the GIL: the latency is then measured from the previous heartbeat, a whole interval (41.25 s)
earlier, discord.py logs "Can't keep up, shard ID None websocket is 41.3s behind." and
`Client.latency` (what /ping reports) says 41 s. Over the network to Discord the ACK never
arrives that early, which is why it went unnoticed upstream until Rapptz/discord.py#10448 (after
2.7.1) moved the recording onto the loop, before the send. `record_heartbeat_sends` does the
same for the discord.py we run: harmless once a release has the fix, and removable then (the
test in tests/interactions/test_heartbeat.py says when).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable, Coroutine
from typing import Any

from discord.gateway import DiscordWebSocket

SendHeartbeat = Callable[[DiscordWebSocket, Any], Coroutine[Any, Any, None]]
_RECORDS_SEND = "_records_send_before_sending"


def recording_send(send: SendHeartbeat) -> SendHeartbeat:
    """`send` (DiscordWebSocket.send_heartbeat), recording the send time on the loop first.

    The ACK is read on the same loop, after this frame is written, so it always finds the time
    of its own heartbeat. The keep-alive thread still records a time after the send; it is never
    earlier than this one, and the next heartbeat records afresh before it goes out.
    """

    @functools.wraps(send)
    async def send_heartbeat(ws: DiscordWebSocket, data: Any) -> None:
        keep_alive = ws._keep_alive
        if keep_alive is not None:
            keep_alive._last_send = time.perf_counter()
        await send(ws, data)

    setattr(send_heartbeat, _RECORDS_SEND, True)
    return send_heartbeat


def record_heartbeat_sends() -> None:
    """Make every gateway connection of this process record its heartbeats' send time before
    sending (see the module's docstring). Idempotent."""
    if not getattr(DiscordWebSocket.send_heartbeat, _RECORDS_SEND, False):
        DiscordWebSocket.send_heartbeat = recording_send(  # type: ignore[method-assign,assignment]
            DiscordWebSocket.send_heartbeat)
