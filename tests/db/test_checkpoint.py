"""The WAL checkpointer: a connection of its own copies the WAL into the database file after every
so many writes; the writing connection checkpoints only far past that, should it fall behind."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

import aiosqlite
import pytest

from bot.db import checkpoint, connection
from bot.db.checkpoint import CHECKPOINT_EVERY, WRITER_PAGES, Checkpointer
from bot.db.sqlite import SqliteDatabase


def in_the_file(path: Path) -> int:
    """Rows of `t` in the database file itself, leaving its WAL aside (immutable: not read). Read
    only when no checkpoint runs, after one that copied the whole WAL: otherwise the file alone can
    be torn."""
    raw = sqlite3.connect(f"{path.as_uri()}?immutable=1", uri=True)
    try:
        if raw.execute("SELECT 1 FROM sqlite_master WHERE name = 't'").fetchone() is None:
            return 0  # not even the table is in the file yet
        return int(raw.execute("SELECT count(*) FROM t").fetchone()[0])
    finally:
        raw.close()


@dataclass
class Beside:
    """A writing connection that never checkpoints itself, and a Checkpointer beside it."""

    writer: aiosqlite.Connection
    checkpointer: Checkpointer

    async def write(self, *statements: str) -> None:
        """Each statement on the writer, reported as the write gate reports a write."""
        for sql in statements:
            await self.writer.execute(sql)
            self.checkpointer.wrote()


@asynccontextmanager
async def beside_a_writer(path: Path, *, every: int, after: float) -> AsyncIterator[Beside]:
    writer = await connection.connect(path)
    await writer.execute("PRAGMA wal_autocheckpoint = 0")
    checkpointer = Checkpointer(await connection.connect_checkpointer(path), every=every, after=after)
    try:
        yield Beside(writer, checkpointer)
    finally:
        await checkpointer.close()
        await writer.close()


async def test_every_so_many_writes_the_checkpointer_copies_the_wal_into_the_file(tmp_path: Path) -> None:
    path = tmp_path / "c.db"
    async with beside_a_writer(path, every=4, after=60) as side:
        await side.write("CREATE TABLE t (x)", "INSERT INTO t VALUES (0)", "INSERT INTO t VALUES (1)")
        assert in_the_file(path) == 0  # three writes, and none a minute old: still only in the WAL
        await side.write("INSERT INTO t VALUES (2)")  # the fourth
        await side.checkpointer.settled()
        assert in_the_file(path) == 3


async def test_the_database_checkpoints_beside_its_writer(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(checkpoint, "CHECKPOINT_AFTER_S", 60)  # none due by time while this runs
    path = tmp_path / "d.db"
    db = await SqliteDatabase.open(path)
    try:
        async with db.conn.execute("PRAGMA wal_autocheckpoint") as cursor:
            assert (await cursor.fetchone())[0] == WRITER_PAGES
        assert db._checkpointer is not None
        await db.execute("CREATE TABLE t (x)")
        for x in range(CHECKPOINT_EVERY - 2):  # each write through the write gate
            await db.execute("INSERT INTO t VALUES (?)", (x,))
        assert in_the_file(path) == 0  # one write short: all in the WAL
        # The last write before a checkpoint; the writer alone would not have checkpointed yet
        # (its own is at 10,000 pages). Nothing is written while the checkpoint copies, so it
        # copies the whole WAL: read while it copies, or after it copied a part while writes went
        # on, the file alone can be torn.
        await db.execute("INSERT INTO t VALUES (-1)")
        await db._checkpointer.settled()
        assert in_the_file(path) == CHECKPOINT_EVERY - 1
        await db.execute("INSERT INTO t VALUES (-2)")
    finally:
        await db.close()
    assert in_the_file(path) == CHECKPOINT_EVERY  # closing checkpoints the rest
    assert not (tmp_path / "d.db-wal").exists()


async def test_a_write_has_its_checkpoint_soon_however_few_follow(tmp_path: Path) -> None:
    """With `synchronous = NORMAL` a commit survives the machine losing power once a checkpoint
    has synced the WAL: a quiet server's writes must not wait for hundreds more."""
    path = tmp_path / "q.db"
    async with beside_a_writer(path, every=1000, after=0.05) as side:
        await side.write("CREATE TABLE t (x)", "INSERT INTO t VALUES (0)", "INSERT INTO t VALUES (1)")
        await side.checkpointer.settled()  # the checkpoint due 0.05 s after the first write, and done
        assert in_the_file(path) == 2
        await side.write("INSERT INTO t VALUES (2)")
        await side.checkpointer.settled()
        assert in_the_file(path) == 3


async def test_a_write_made_while_a_checkpoint_runs_has_one_after_it(tmp_path: Path) -> None:
    """The checkpoint under way copies only what was written before it began; a write made
    meanwhile is due at once (after=0) but waits for it to end, then has its own."""
    path = tmp_path / "r.db"
    async with beside_a_writer(path, every=2, after=0) as side:
        await side.write("CREATE TABLE t (x)", "INSERT INTO t VALUES (0)")  # the second starts one
        await side.write("INSERT INTO t VALUES (1)")  # made while it runs on its thread
        await side.checkpointer.settled()
        assert in_the_file(path) == 2


async def test_closing_does_not_wait_for_a_checkpoint_only_due(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    async with beside_a_writer(path, every=1000, after=3600) as side:
        await side.write("CREATE TABLE t (x)", "INSERT INTO t VALUES (1)")
        await asyncio.wait_for(side.checkpointer.close(), 10)
    # the writer, the last connection to close, checkpoints the whole WAL
    assert in_the_file(path) == 1
    assert not (tmp_path / "w.db-wal").exists()


async def test_a_checkpoint_that_fails_is_logged_and_the_next_one_is_tried(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    path = tmp_path / "e.db"
    path.write_text("not a database")  # SQLite reads it only when the checkpoint does
    checkpointer = Checkpointer(await aiosqlite.connect(path, isolation_level=None), every=1)
    try:
        with caplog.at_level(logging.WARNING, logger="bot.db.checkpoint"):
            for _ in range(2):
                checkpointer.wrote()
                await checkpointer.settled()
        failed = [r.getMessage() for r in caplog.records if r.name == "bot.db.checkpoint"]
        assert failed == ["the WAL checkpoint failed: file is not a database"] * 2
    finally:
        await checkpointer.close()
