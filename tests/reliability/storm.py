"""Many interactions at once: keep N in flight, learn of answers from the imitation's events.

One listener counts answers, so thousands of interactions cost no more than one waiter.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from bot.sandbox.driver import Driver
from bot.sandbox.ledger import InteractionRecord
from bot.sandbox.model import Channel, User
from bot.sandbox.raw import command_data

Send = Callable[[], InteractionRecord]


def log_sender(driver: Driver, user: User, channel: Channel, options: dict[str, Any]) -> Send:
    """A /log delivery, made when called."""
    data = command_data(driver.core, "log", options, user, channel)
    return lambda: driver.send(2, user, channel, data)


@dataclass
class Storm:
    """Sends from `sends`, at most `in_flight` unanswered at a time, until told to stop."""

    driver: Driver
    in_flight: int
    sent: list[InteractionRecord] = field(default_factory=list)
    _answered: asyncio.Event = field(default_factory=asyncio.Event)
    _stopped: bool = False

    def stop(self) -> None:
        """Send nothing more (what is in flight stays in flight)."""
        self._stopped = True
        self._answered.set()

    @property
    def answered(self) -> list[InteractionRecord]:
        return [r for r in self.sent if r.answered]

    def _listen(self, event: str, data: dict[str, Any]) -> None:
        if event == "INTERACTION_ANSWERED":
            self._answered.set()

    async def run(self, sends: Iterable[Send], *, on_answer: Callable[[int], None] | None = None) -> None:
        """Send everything (or until `stop()`), then wait for what is in flight to be answered."""
        world = self.driver.world
        world.listeners.append(self._listen)
        pending: dict[int, InteractionRecord] = {}
        answered = 0
        todo: Iterator[Send] = iter(sends)
        try:
            while not self._stopped:
                for record in [r for r in pending.values() if r.answered]:
                    del pending[record.id]
                    answered += 1
                    if on_answer is not None:
                        on_answer(answered)
                while len(pending) < self.in_flight and not self._stopped:
                    send = next(todo, None)
                    if send is None:
                        break
                    record = send()
                    self.sent.append(record)
                    pending[record.id] = record
                if not pending or self._stopped:
                    return
                self._answered.clear()
                await asyncio.wait_for(self._answered.wait(), self.driver.timeout)
        finally:
            world.listeners.remove(self._listen)
