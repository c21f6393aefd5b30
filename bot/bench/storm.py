"""Fire slash commands at the bot through the imitation and time each one.

A shot is timed on this process's clock from its INTERACTION_CREATE being queued on the
gateway to the bot's first callback reaching the imitation, and for a deferred one to the edit
that replaces the "thinking…" placeholder. Two ways to fire many: `burst` (a closed loop: each of
`in_flight` users sends its next command when the last one is answered, to find how many a
second the bot can answer) and `open_loop` (arrivals at a fixed rate whatever the answers do, as
a server's users arrive, to find the latency at that rate).
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox import invocations as inv
from bot.sandbox import option_values
from bot.sandbox.imitation import Imitation
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.model import LOADING, Channel, Message, User

DEADLINE = 3.0
Check = Callable[[Message], bool]


@dataclass
class Shot:
    """One slash command by one user, and what became of it."""

    command: str  # "name" or "name subcommand"
    user: User
    options: dict[str, Any] = field(default_factory=dict)
    sent: float = 0.0
    first: float | None = None
    final: float | None = None
    deferred: bool = False
    record: InteractionRecord | None = None
    answered: asyncio.Future[None] | None = None
    finished: asyncio.Future[None] | None = None

    @property
    def to_first(self) -> float | None:
        return None if self.first is None else self.first - self.sent

    @property
    def to_final(self) -> float | None:
        """Dispatch → the answer the user reads (the first callback unless deferred)."""
        end = self.final if self.deferred else self.first
        return None if end is None else end - self.sent

    @property
    def missed(self) -> bool:
        return self.to_first is None or self.to_first > DEADLINE


class Firer:
    """Sends shots as the built-in guild's #general and watches the imitation for answers."""

    def __init__(self, imitation: Imitation) -> None:
        self.imitation = imitation
        self.core = imitation.core
        self.channel: Channel = imitation.scenario.general
        self._by_record: dict[int, Shot] = {}
        self._by_message: dict[int, Shot] = {}
        self.core.world.listeners.append(self._on_change)

    def _on_change(self, event: str, data: dict[str, Any]) -> None:
        now = time.perf_counter()
        if event == "INTERACTION_ANSWERED":
            record: InteractionRecord = data["record"]
            shot = self._by_record.pop(record.id, None)
            if shot is None:
                return
            shot.first = now
            shot.deferred = record.callback_type == 5
            if shot.deferred and record.original_id is not None:
                self._by_message[record.original_id] = shot
            elif shot.finished is not None:
                shot.finished.set_result(None)
            if shot.answered is not None:
                shot.answered.set_result(None)
        elif event == "MESSAGE_UPDATE":
            message: Message = data["message"]
            shot = self._by_message.get(message.id)
            if shot is not None and not message.flags & LOADING:
                del self._by_message[message.id]
                shot.final = now
                if shot.finished is not None:
                    shot.finished.set_result(None)

    def fire(self, shot: Shot) -> None:
        """Queue the interaction on the gateway now; futures resolve as the bot answers."""
        loop = asyncio.get_running_loop()
        shot.answered, shot.finished = loop.create_future(), loop.create_future()
        words = shot.command.split()
        spec = inv.visible_command(self.core, words[0], shot.user, self.channel)
        chain, leaf = inv.walk(spec, words[1:])
        resolved: dict[str, Any] = {}
        values = option_values.options_payload(self.core, leaf, shot.options, shot.user, self.channel, resolved)
        data: dict[str, Any] = {"id": spec["id"], "name": spec["name"], "type": 1,
                                "options": inv.nest(chain, values)}
        if resolved:
            data["resolved"] = resolved
        payload = inv.base_payload(self.core, 2, shot.user, self.channel, data)
        shot.record = inv.register(self.core, payload, shot.user, self.channel)
        self._by_record[shot.record.id] = shot
        shot.sent = time.perf_counter()
        self.core.dispatch("INTERACTION_CREATE", payload, guild_id=self.channel.guild_id)

    async def one(self, shot: Shot, within: float = 60.0) -> Shot:
        """Fire one shot and wait for its final answer."""
        self.fire(shot)
        assert shot.finished is not None
        await asyncio.wait_for(asyncio.shield(shot.finished), within)
        return shot

    async def burst(self, shots: Iterable[Shot], in_flight: int) -> float:
        """Fire every shot keeping `in_flight` waiting for their final answer; seconds taken."""
        queue = iter(shots)
        began = time.perf_counter()

        async def worker() -> None:
            for shot in queue:
                self.fire(shot)
                assert shot.finished is not None
                # A shot never answered is a deadline miss; give up on it well after 3 s.
                await asyncio.wait([shot.finished], timeout=DEADLINE * 10)

        await asyncio.gather(*(worker() for _ in range(in_flight)))
        return time.perf_counter() - began

    async def open_loop(self, shots: Sequence[Shot], rate: float, *, final_within: float = 60.0) -> list[float]:
        """Fire shot i at i / `rate` seconds from now, never waiting for answers; then wait for
        every answer. Returns how late each shot left (s): this loop's own lag, which must stay
        small for the rate to be the rate the bot saw."""
        began = time.perf_counter()
        late: list[float] = []
        index = 0
        while index < len(shots):
            now = time.perf_counter()
            while index < len(shots) and began + index / rate <= now:
                late.append(now - (began + index / rate))
                self.fire(shots[index])
                index += 1
            if index < len(shots):
                await asyncio.sleep(max(0.0, began + index / rate - time.perf_counter()))
        answered = [s.answered for s in shots if s.answered is not None]
        if answered:
            await asyncio.wait(answered, timeout=DEADLINE * 3)
        finals = [s.finished for s in shots if s.finished is not None and not s.finished.done()
                  and s.answered is not None and s.answered.done()]
        if finals:
            await asyncio.wait(finals, timeout=final_within)
        return late

    def text_of(self, shot: Shot) -> Message | None:
        """The message the user finally sees for a shot (None if never answered)."""
        if shot.record is None or shot.record.original_id is None:
            return None
        return self.core.world.messages.get(shot.record.original_id)
