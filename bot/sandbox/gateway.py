"""The imitation's gateway: HELLO, IDENTIFY → READY, RESUME, heartbeats and dispatches.

Events follow Discord's intent rules (message deletes only with guild_messages or
direct_messages) and sharding formula. Each session keeps what it was sent, so a client
whose socket dropped can RESUME and receive what it missed.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import secrets
import zlib
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

from bot.sandbox.core import Core, log
from bot.sandbox.message_content import as_the_bot_sees
from bot.sandbox.model import Channel, Message
from bot.sandbox.payloads import channel_json, guild_create_json, iso, message_json, role_json, user_json

GUILDS = 1 << 0
GUILD_MESSAGES = 1 << 9
DIRECT_MESSAGES = 1 << 12
MESSAGE_CONTENT = 1 << 15
HEARTBEAT_INTERVAL_MS = 41250
_KEEP = 2000  # dispatches kept per session for RESUME


@dataclass
class Session:
    """One identified gateway session (survives its socket for RESUME)."""

    id: str
    shard: tuple[int, int]
    intents: int
    sent: list[dict[str, Any]] = field(default_factory=list)  # dispatches with their seq
    seq: int = 0
    delivered: int = 0  # highest seq written to the current socket
    socket: web.WebSocketResponse | None = None
    wakeup: asyncio.Event = field(default_factory=asyncio.Event)
    identifies: int = 1
    resumes: int = 0


class Connection:
    """One websocket: optional zlib-stream compression and ordered sends."""

    def __init__(self, socket: web.WebSocketResponse, compress: bool) -> None:
        self.socket = socket
        self._zlib = zlib.compressobj() if compress else None
        self._lock = asyncio.Lock()

    async def send(self, payload: dict[str, Any]) -> None:
        text = json.dumps(payload)
        async with self._lock:
            if self._zlib is None:
                await self.socket.send_str(text)
            else:
                data = self._zlib.compress(text.encode()) + self._zlib.flush(zlib.Z_SYNC_FLUSH)
                await self.socket.send_bytes(data)


class Gateway:
    """Serves the websocket and routes world changes to sessions."""

    def __init__(self, core: Core) -> None:
        self.core = core
        self.sessions: dict[str, Session] = {}
        self.identified = asyncio.Event()
        self.connections: list[Connection] = []
        core.dispatch = self.dispatch
        core.world.listeners.append(self._on_change)

    # -- routing ------------------------------------------------------------------------

    def dispatch(self, event: str, data: dict[str, Any], *, guild_id: int | None = None,
                 intent: int = 0) -> None:
        """Queue an event for every session of the right shard that has the intent."""
        for session in list(self.sessions.values()):
            shard_id, shard_count = session.shard
            home = 0 if guild_id is None else (guild_id >> 22) % shard_count
            if home == shard_id and (not intent or session.intents & intent):
                self._queue(session, event, data)

    @staticmethod
    def _queue(session: Session, event: str, data: dict[str, Any]) -> None:
        session.seq += 1
        session.sent.append({"op": 0, "t": event, "s": session.seq, "d": data})
        del session.sent[:-_KEEP]
        session.wakeup.set()

    def _on_change(self, event: str, data: dict[str, Any]) -> None:
        world = self.core.world
        if event in ("MESSAGE_CREATE", "MESSAGE_UPDATE"):
            message: Message = data["message"]
            if message.ephemeral:
                return
            self._message_event(event, message, world.channels[message.channel_id])
        elif event == "MESSAGE_DELETE":
            message = data["message"]
            channel = world.channels.get(message.channel_id)
            if channel is None or message.ephemeral:
                return
            self.dispatch("MESSAGE_DELETE", {**self._where(channel), "id": str(message.id)},
                          guild_id=channel.guild_id, intent=self._message_intent(channel))
        elif event == "MESSAGE_DELETE_BULK":
            channel = data["channel"]
            self.dispatch("MESSAGE_DELETE_BULK",
                          {**self._where(channel), "ids": [str(i) for i in data["ids"]]},
                          guild_id=channel.guild_id, intent=self._message_intent(channel))
        elif event == "CHANNEL_PINS_UPDATE":
            channel = data["channel"]
            intent = GUILDS if channel.guild_id is not None else DIRECT_MESSAGES
            self.dispatch("CHANNEL_PINS_UPDATE",
                          {**self._where(channel), "last_pin_timestamp": iso(channel.last_pin_at)},
                          guild_id=channel.guild_id, intent=intent)
        elif event == "CHANNEL_UPDATE":  # overwrites changed (Discord sends the whole channel)
            channel = data["channel"]
            if channel.guild_id is not None:
                self.dispatch("CHANNEL_UPDATE", channel_json(world, channel),
                              guild_id=channel.guild_id, intent=GUILDS)
        elif event == "GUILD_ROLE_UPDATE":
            guild_id = data["guild_id"]
            self.dispatch("GUILD_ROLE_UPDATE", {"guild_id": str(guild_id),
                                                "role": role_json(data["role"])},
                          guild_id=guild_id, intent=GUILDS)
        elif event == "CHANNEL_DELETE":
            channel = data["channel"]
            if channel.guild_id is not None:
                self.dispatch("CHANNEL_DELETE", channel_json(world, channel),
                              guild_id=channel.guild_id, intent=GUILDS)
        elif event == "THREAD_CREATE":  # the thread, marked as new (not one the bot was added to)
            thread = data["channel"]
            self.dispatch("THREAD_CREATE", {**channel_json(world, thread), "newly_created": True},
                          guild_id=thread.guild_id, intent=GUILDS)
        elif event == "THREAD_UPDATE":  # archived or opened again: the whole thread
            thread = data["channel"]
            self.dispatch("THREAD_UPDATE", channel_json(world, thread), guild_id=thread.guild_id, intent=GUILDS)
        elif event == "THREAD_DELETE":  # only these four fields of the thread
            thread = data["channel"]
            self.dispatch("THREAD_DELETE", {"id": str(thread.id), "guild_id": str(thread.guild_id),
                                            "parent_id": str(thread.parent_id), "type": thread.type},
                          guild_id=thread.guild_id, intent=GUILDS)

    @staticmethod
    def _where(channel: Channel) -> dict[str, Any]:
        where = {"channel_id": str(channel.id)}
        if channel.guild_id is not None:
            where["guild_id"] = str(channel.guild_id)
        return where

    @staticmethod
    def _message_intent(channel: Channel) -> int:
        return GUILD_MESSAGES if channel.guild_id is not None else DIRECT_MESSAGES

    def redeliver(self, message: Message) -> None:
        """Dispatch a message's MESSAGE_CREATE again (as a replay after a reconnect can)."""
        self._message_event("MESSAGE_CREATE", message, self.core.world.channels[message.channel_id])

    def _message_event(self, event: str, message: Message, channel: Channel) -> None:
        data = message_json(self.core.world, message, self.core.files_base)
        for session in list(self.sessions.values()):
            if not session.intents & self._message_intent(channel):
                continue
            # Without the privileged intent a bot gets no content of others' messages, save DMs
            # and mentions (bot.sandbox.message_content).
            body = as_the_bot_sees(self.core, message, dict(data),
                                   privileged=bool(session.intents & MESSAGE_CONTENT))
            shard_id, shard_count = session.shard
            home = 0 if channel.guild_id is None else (channel.guild_id >> 22) % shard_count
            if home == shard_id:
                self._queue(session, event, body)

    # -- control ------------------------------------------------------------------------

    async def drop(self, code: int = 4000, *, forget: bool = False) -> None:
        """Close every socket (as a network blip would); clients reconnect and RESUME.

        With `forget` the sessions go too (as when Discord's gateway restarts): a RESUME is
        refused with INVALID_SESSION, the client identifies afresh, and what was dispatched
        in between is lost.
        """
        if forget:
            self.sessions.clear()
        for connection in list(self.connections):
            await connection.socket.close(code=code, message=b"sandbox: dropped")

    async def close(self) -> None:
        await self.drop(1001)

    # -- the websocket ------------------------------------------------------------------

    async def handle(self, request: web.Request) -> web.WebSocketResponse:
        socket = web.WebSocketResponse(max_msg_size=0, autoping=True)
        await socket.prepare(request)
        connection = Connection(socket, request.query.get("compress") == "zlib-stream")
        self.connections.append(connection)
        session: Session | None = None
        writer: asyncio.Task[None] | None = None
        try:
            await connection.send({"op": 10, "d": {"heartbeat_interval": HEARTBEAT_INTERVAL_MS}})
            async for frame in socket:
                if frame.type is not WSMsgType.TEXT:
                    continue
                message = json.loads(frame.data)
                op, data = message.get("op"), message.get("d")
                if op == 1:
                    await connection.send({"op": 11})
                elif op in (2, 6) and session is None:
                    session = await self._identify(connection, data) if op == 2 else \
                        await self._resume(connection, data)
                    if session is None:
                        break
                    writer = asyncio.create_task(self._write(session, connection))
                elif op in (3, 4, 8):
                    log.debug("sandbox gateway: ignoring op %s", op)
                else:
                    log.warning("sandbox gateway: unexpected op %s", op)
        finally:
            if writer is not None:
                writer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await writer
            if session is not None and session.socket is socket:
                session.socket = None
            self.connections.remove(connection)
        return socket

    async def _identify(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        if data.get("token") != self.core.token:
            await connection.socket.close(code=4004, message=b"Authentication failed.")
            return None
        shard_id, shard_count = data.get("shard") or (0, 1)
        session = Session(secrets.token_hex(16), (shard_id, shard_count), int(data.get("intents", 0)))
        session.socket = connection.socket
        self.sessions[session.id] = session
        world = self.core.world
        guilds = [g for g in world.guilds.values()
                  if self.core.bot_user_id in g.members and (g.id >> 22) % shard_count == shard_id]
        self._queue(session, "READY", {
            "v": 10, "user": {**user_json(world.users[self.core.bot_user_id]), "verified": True,
                              "mfa_enabled": False},
            "guilds": [{"id": str(g.id), "unavailable": True} for g in guilds],
            "session_id": session.id, "session_type": "normal",
            "resume_gateway_url": self.core.gateway_url.replace("/gateway", "/resume-gateway"),
            "shard": [shard_id, shard_count], "private_channels": [],
            "application": {"id": str(self.core.application_id), "flags": 0},
        })
        for guild in guilds:
            self._queue(session, "GUILD_CREATE",
                        guild_create_json(world, guild, self.core.bot_user_id))
        self.identified.set()
        return session

    async def _resume(self, connection: Connection, data: dict[str, Any]) -> Session | None:
        session = self.sessions.get(data.get("session_id", ""))
        if session is None or data.get("token") != self.core.token:
            await connection.send({"op": 9, "d": False})
            return None
        session.socket = connection.socket
        session.resumes += 1
        session.delivered = int(data.get("seq") or 0)
        self._queue(session, "RESUMED", {})
        return session

    async def _write(self, session: Session, connection: Connection) -> None:
        with contextlib.suppress(ConnectionError, RuntimeError):
            while True:
                # `sent` holds consecutive seqs ending at `seq`: the undelivered ones are its tail.
                behind = session.seq - session.delivered
                pending = session.sent[-behind:] if 0 < behind < len(session.sent) else \
                    list(session.sent) if behind > 0 else []
                if not pending:
                    session.wakeup.clear()
                    await session.wakeup.wait()
                    continue
                for payload in pending:
                    await connection.send(payload)
                    session.delivered = payload["s"]
