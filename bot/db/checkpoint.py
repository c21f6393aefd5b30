"""The WAL checkpointer: a connection of its own copies the WAL into the database file, so the
writing connection never waits for the syncs that go with it.

SQLite checkpoints a WAL database at the commit that grows its WAL past 1,000 pages, on the
connection that commits: it copies the pages into the database file and syncs both files (with
`synchronous = NORMAL`, the only syncs there are). On the one writing connection every write
queued behind that commit waited for both syncs, and the bot's loop, with every admitted /log
waiting on the database, sat idle meanwhile: with those checkpoints off, /log answered 2,075–2,094
a second where it answered 1,878–1,971 (issue 32, two benchmark runs each way).

So after every `CHECKPOINT_EVERY` writes, this connection (on its own thread) runs a PASSIVE
checkpoint, which waits for no one and no one waits for: the writer goes on appending to the WAL
meanwhile, and starts it over from the top once a checkpoint has copied all of it. The writer
keeps a checkpoint of its own only past `WRITER_PAGES`, should this one fall behind or fail.

A write also has a checkpoint at most `CHECKPOINT_AFTER_S` after it, however few follow. With
`synchronous = NORMAL` a commit is safe from the process dying at once, but from the machine
losing power only once a checkpoint has synced the WAL: counted alone, a quiet server's last few
hundred /logs could wait hours for that. And the WAL, copied whole while no one writes, starts
over from the top at the next write, instead of growing burst after burst to `WRITER_PAGES`.
"""

from __future__ import annotations

import asyncio
import logging
import sqlite3

import aiosqlite

log = logging.getLogger(__name__)

# A /log writes ~7 pages to the WAL (its row, the id sequence, the interaction ids' index and four
# indexes of the lifter's). A checkpoint copies each page once however often it was written since
# the last, and a lifter logging set after set rewrites the same four index pages: every 512
# writes (~3,700 pages of WAL, ~15 MiB) the checkpointer took 2-6 µs of CPU per /log where every
# 128 took 10-15, and the writer's thread 122-149 µs per /log (13 bursts of 1,000) where every 128
# it took 122-130 in six bursts of nine and 166-200 in three (issue 32, capacity rounds, A/B).
CHECKPOINT_EVERY = 512
CHECKPOINT_AFTER_S = 1.0  # the longest a write waits for its checkpoint (the WAL's sync)
WRITER_PAGES = 10_000  # ~40 MiB of WAL at 4 KiB pages: the writer checkpoints only past this
WRITER_PRAGMA = f"PRAGMA wal_autocheckpoint = {WRITER_PAGES}"  # for the writing connection
CHECKPOINT = "PRAGMA wal_checkpoint(PASSIVE)"


class Checkpointer:
    """Runs a PASSIVE checkpoint on `conn` (a connection of its own to the database:
    `connection.connect_checkpointer`) after every `every` writes the writing connection reports
    (`wrote`), and `after` seconds after a write when fewer follow, one at a time; the writing
    connection then runs `WRITER_PRAGMA`."""

    def __init__(self, conn: aiosqlite.Connection, every: int = CHECKPOINT_EVERY, after: float | None = None) -> None:
        self._conn = conn
        self._every = every
        self._after = CHECKPOINT_AFTER_S if after is None else after
        self._writes = 0  # since the last checkpoint began
        self._running: asyncio.Task[None] | None = None
        self._timer: asyncio.TimerHandle | None = None  # the checkpoint due `after` a write
        self._closed = False

    def wrote(self) -> None:
        """One write committed (or ended) on the writing connection."""
        if self._closed:
            return
        self._writes += 1
        if self._writes >= self._every and not self._busy():
            self._start()
        elif self._timer is None:
            self._timer = asyncio.get_running_loop().call_later(self._after, self._due)

    async def settled(self) -> None:
        """Return once no checkpoint runs or is due (one is, `after` seconds after a write)."""
        while True:
            if self._running is not None and not self._running.done():
                await asyncio.wait([self._running])
            elif self._timer is not None:
                await asyncio.sleep(max(0.0, self._timer.when() - asyncio.get_running_loop().time()) + 0.01)
            else:
                return

    async def close(self) -> None:
        """Let a checkpoint under way finish, then close the connection (one only due is left:
        the last connection to close checkpoints the whole WAL)."""
        self._closed = True
        self._cancel_timer()
        await self.settled()
        await self._conn.close()

    def _busy(self) -> bool:
        return self._running is not None and not self._running.done()

    def _due(self) -> None:
        self._timer = None
        if self._closed or not self._writes:
            return
        if self._busy():  # the writes since it began wait for the next
            self._timer = asyncio.get_running_loop().call_later(self._after, self._due)
            return
        self._start()

    def _start(self) -> None:
        self._cancel_timer()
        self._writes = 0
        self._running = asyncio.get_running_loop().create_task(self._checkpoint())

    def _cancel_timer(self) -> None:
        if self._timer is not None:
            self._timer.cancel()
            self._timer = None

    async def _checkpoint(self) -> None:
        try:
            await self._conn.execute_fetchall(CHECKPOINT)
        except sqlite3.Error as exc:  # the writer's own checkpoint (WRITER_PAGES) still bounds the WAL
            log.warning("the WAL checkpoint failed: %s", exc)
