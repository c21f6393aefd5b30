"""Admission: how many slash commands work towards their first answer at once.

Discord gives each interaction 3 s for its first answer, and every command's work shares one
event loop. Started all at once under a burst, a hundred commands each take a turn of the
loop per step (a database round trip, an HTTP request), every turn grows long, and each of
them, the loop's own timers (heartbeats) included, waits behind all the others. With a bound,
the commands past it wait their turn in arrival order, costing the loop nothing, and those
admitted get short turns: the same throughput, a responsive loop, and no command kept
waiting behind later ones (issue 21's storm: loop lag p99 ~100 ms → see docs/performance.md).

A command's slot is freed as its first answer leaves (`answering`): the answer itself, or a
defer (the 3 s window closes there, and what follows is waiting for a chart or an import, not
loop work); else when it ends. Not when Discord acknowledges the answer: that is a round trip
over the internet (tens of milliseconds, where the imitation on loopback takes microseconds), and
16 slots each held for a 50 ms round trip let through 320 commands a second however idle the
bot's CPU (the benchmark's capacity phase with 50 ms added to each answer: `/ping` 306 a second).
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import discord

DEFAULT_LIMIT = 16  # enough to keep the loop and the database threads busy together
_RELEASE = "hipthrust.admission_release"


class Admission:
    """At most `limit` commands admitted at once; the rest wait in arrival order (FIFO)."""

    def __init__(self, limit: int = DEFAULT_LIMIT) -> None:
        if limit < 1:
            raise ValueError("the admission limit must be at least 1")
        self.limit = limit
        self._slots = asyncio.Semaphore(limit)  # fair: waiters are woken in the order they came
        self.admitted = 0  # commands holding a slot right now
        self.waiting = 0  # commands waiting for one
        self._quiet = asyncio.Event()
        self._quiet.set()

    async def quiet(self, within: float) -> None:
        """Return once no command waits for a slot, or after `within` seconds at the latest.

        For batch work (a chart) that can let waiting commands go first: on two cores even a
        process that only takes idle CPU slows the bot's loop (issue 21's storm).
        """
        if self._quiet.is_set():
            return
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._quiet.wait(), within)

    @asynccontextmanager
    async def slot(self, interaction: discord.Interaction) -> AsyncIterator[None]:
        """Hold a slot while the block runs, or until `answering(interaction)` frees it sooner."""
        self.waiting += 1
        self._quiet.clear()
        try:
            await self._slots.acquire()
        finally:
            self.waiting -= 1
            if not self.waiting:
                self._quiet.set()
        self.admitted += 1
        freed = False

        def release() -> None:
            nonlocal freed
            if not freed:
                freed = True
                self.admitted -= 1
                self._slots.release()

        interaction.extras[_RELEASE] = release
        try:
            yield
        finally:
            release()


def answering(interaction: discord.Interaction) -> None:
    """The interaction's first answer (or its defer) is about to be sent: free its admission slot,
    if it holds one. Call it before awaiting the request, not after (see the module's docstring)."""
    release: Callable[[], None] | None = interaction.extras.pop(_RELEASE, None)
    if release is not None:
        release()
