"""SQLite connections: the writing one (WAL, foreign keys, numbered migrations in PRAGMA user_version) and readers."""

from __future__ import annotations

import logging
import sqlite3
from pathlib import Path

import aiosqlite

from bot.db.migrations import Migration, MigrationError, load_migrations, newer_schema_error

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


async def connect(path: Path | str) -> aiosqlite.Connection:
    """Open the database with the pragmas every connection needs."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = await aiosqlite.connect(str(path), isolation_level=None)
    db.row_factory = aiosqlite.Row
    await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    try:
        await check_not_newer(db)  # before WAL: switching it would already rewrite a newer file's header
    except BaseException:
        await db.close()
        raise
    await db.execute("PRAGMA journal_mode = WAL")
    await db.execute("PRAGMA synchronous = NORMAL")
    await db.execute("PRAGMA foreign_keys = ON")
    return db


async def connect_reader(path: Path | str) -> aiosqlite.Connection:
    """A second connection to a WAL database that only reads (PRAGMA query_only): it reads the
    last committed state while the writing connection writes."""
    db = await aiosqlite.connect(str(path), isolation_level=None)
    db.row_factory = aiosqlite.Row
    await db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    await db.execute("PRAGMA query_only = ON")
    return db


async def schema_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def check_not_newer(db: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """The database's schema version; MigrationError if a newer release of the bot wrote it.

    Such a database is never downgraded or overwritten: the operator must run the newer code.
    """
    latest = len(load_migrations("sqlite") if migrations is None else migrations)
    current = await schema_version(db)
    if current > latest:
        raise newer_schema_error(current, latest)
    return current


async def migrate(db: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """Apply every migration newer than the database, each in its own transaction."""
    migrations = load_migrations("sqlite") if migrations is None else migrations
    current = await check_not_newer(db, migrations)
    for migration in migrations[current:]:
        log.info("applying migration %s", migration.name)
        await db.execute("BEGIN IMMEDIATE")
        try:
            for statement in _statements(migration.sql):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {migration.version}")
            await db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back by itself (disk full, I/O error)
                await db.execute("ROLLBACK")
            raise
    return await schema_version(db)


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (aiosqlite's executescript would commit on its own)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        raise MigrationError(f"incomplete SQL statement at the end of a migration: {buffer[:60]!r}")
    return statements
