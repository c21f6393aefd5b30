"""`WriteGate`: lone write statements share it; a transaction holds it alone."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager


class WriteGate:
    """A shared/exclusive lock for writers on one connection.

    A lone statement is atomic on its own, so any number may be queued on the connection at
    once (they pipeline through aiosqlite's thread instead of waiting for each other's round
    trip). A transaction spans several statements, so it waits until the lone ones in flight
    are done and keeps new ones out until it ends: none can land inside it. A waiting
    transaction goes first, so a stream of lone writes cannot starve it.

    `left`, if given, is called as each writer leaves (a lone write or a transaction, done or
    failed): every write on the connection passes here (the WAL checkpointer counts them).
    """

    def __init__(self, left: Callable[[], None] | None = None) -> None:
        self._left = left
        self._changed = asyncio.Condition()
        self._sharing = 0
        self._exclusive = False
        self._waiting = 0  # transactions waiting for their turn

    @asynccontextmanager
    async def shared(self) -> AsyncIterator[None]:
        # Every /log passes here: with no transaction open or waiting (nearly always), it takes
        # its share without the condition's lock, which nothing else could be holding between
        # two awaits on the one event loop.
        if self._exclusive or self._waiting:
            async with self._changed:
                await self._changed.wait_for(lambda: not self._exclusive and not self._waiting)
                self._sharing += 1
        else:
            self._sharing += 1
        try:
            yield
        finally:
            self._sharing -= 1
            if self._left is not None:
                self._left()
            if self._waiting and not self._sharing:  # the last lone write out lets a transaction in
                async with self._changed:
                    self._changed.notify_all()

    @asynccontextmanager
    async def exclusive(self) -> AsyncIterator[None]:
        async with self._changed:
            self._waiting += 1
            try:
                await self._changed.wait_for(lambda: not self._exclusive and not self._sharing)
            except BaseException:  # cancelled while waiting: the lone writes queued behind it may go in
                self._waiting -= 1
                self._changed.notify_all()
                raise
            self._waiting -= 1
            self._exclusive = True
        try:
            yield
        finally:
            if self._left is not None:
                self._left()
            async with self._changed:
                self._exclusive = False
                self._changed.notify_all()
