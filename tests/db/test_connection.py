"""A SQLite file: what is seen before opening it (`file_problem`), and the two ways of opening
it, the writing connection and the read-only one, which share one opening (`connection._open`)."""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Awaitable, Callable
from pathlib import Path

import aiosqlite
import pytest

from bot.db.connection import FileProblem, connect, connect_read_only, file_problem, remove_database
from bot.db.database import DatabaseUnavailableError
from bot.db.migrations import MigrationError, load_migrations

Opener = Callable[[Path], Awaitable[aiosqlite.Connection]]


async def pragma(db: aiosqlite.Connection, name: str) -> object:
    async with db.execute(f"PRAGMA {name}") as cursor:
        row = await cursor.fetchone()
    assert row is not None
    return row[0]


def plain_file(path: Path, user_version: int = 0) -> Path:
    """A SQLite file in the rollback journal mode, as another tool would leave it."""
    with sqlite3.connect(path) as conn:
        conn.execute("CREATE TABLE t (x)")
        conn.execute("INSERT INTO t VALUES (1)")
        conn.execute(f"PRAGMA user_version = {user_version}")
    return path


async def test_the_read_only_connection_reads_the_file_as_it_is(tmp_path: Path) -> None:
    path = plain_file(tmp_path / "plain.db")
    before = path.read_bytes()
    db = await connect_read_only(path)
    try:
        assert await pragma(db, "journal_mode") == "delete"  # not converted to WAL
        assert await pragma(db, "query_only") == 1
        assert await pragma(db, "busy_timeout") == 5000
        assert db.row_factory is aiosqlite.Row
        async with db.execute("SELECT x FROM t") as cursor:
            assert [row["x"] for row in await cursor.fetchall()] == [1]
        with pytest.raises(sqlite3.OperationalError):
            await db.execute("INSERT INTO t VALUES (2)")
    finally:
        await db.close()
    assert path.read_bytes() == before


async def test_the_writing_connection_sets_its_pragmas(tmp_path: Path) -> None:
    db = await connect(plain_file(tmp_path / "plain.db"))
    try:
        assert (await pragma(db, "journal_mode"), await pragma(db, "synchronous")) == ("wal", 1)
        assert (await pragma(db, "foreign_keys"), await pragma(db, "busy_timeout")) == (1, 5000)
        assert await pragma(db, "query_only") == 0
    finally:
        await db.close()


@pytest.mark.parametrize("opener", [connect, connect_read_only])
async def test_a_newer_schema_is_refused_before_anything_is_changed(tmp_path: Path, opener: Opener) -> None:
    path = plain_file(tmp_path / "newer.db", user_version=len(load_migrations()) + 1)
    before = path.read_bytes()
    with pytest.raises(MigrationError, match="newer than this code"):
        await opener(path)
    assert path.read_bytes() == before  # the writing connection had not switched to WAL yet


@pytest.mark.parametrize("opener", [connect, connect_read_only])
async def test_a_file_that_is_not_sqlite_is_named_with_the_reason(tmp_path: Path, opener: Opener) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"SQLite format 3\x00" + bytes(200))  # SQLite's header, then nothing SQLite can read
    said = f"cannot use the SQLite database {path}: file is not a database"
    with pytest.raises(DatabaseUnavailableError, match=f"^{re.escape(said)}$"):
        await opener(path)


def test_file_problem_tells_what_is_seen_without_opening(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a database")
    (tmp_path / "short.db").write_bytes(b"SQLite")  # shorter than the header, and not it
    (tmp_path / "empty.db").touch()
    (tmp_path / "damaged.db").write_bytes(b"SQLite format 3\x00" + bytes(200))
    found = {name: file_problem(tmp_path / name) for name in
             (".", "notes.txt", "short.db", "empty.db", "missing.db", "damaged.db")}
    assert found == {".": FileProblem.DIRECTORY, "notes.txt": FileProblem.NOT_SQLITE,
                     "short.db": FileProblem.NOT_SQLITE, "empty.db": None, "missing.db": None,
                     "damaged.db": None}  # fmt: skip
    assert file_problem(plain_file(tmp_path / "plain.db")) is None


def test_remove_database_takes_the_files_sqlite_keeps_beside_it(tmp_path: Path) -> None:
    for name in ("a.db", "a.db-wal", "a.db-shm", "a.db-journal", "a.db.bak", "b.db", "b.db-wal"):
        (tmp_path / name).touch()
    remove_database(tmp_path / "a.db")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db.bak", "b.db", "b.db-wal"]
    remove_database(tmp_path / "b.db")  # a side file may be missing
    remove_database(tmp_path / "c.db")  # or all of them
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.db.bak"]
