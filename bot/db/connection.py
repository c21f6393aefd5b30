"""The SQLite connection: one per process, WAL, foreign keys, numbered migrations."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import aiosqlite

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000
_MIGRATION_NAME = re.compile(r"^(\d{4})_[a-z0-9_]+\.sql$")


class MigrationError(RuntimeError):
    """The migration files or the database's schema version are inconsistent."""


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def load_migrations() -> list[Migration]:
    """The numbered `.sql` files shipped in bot/db/migrations, in order, without gaps."""
    folder = resources.files("bot.db") / "migrations"
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _MIGRATION_NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), entry.name, entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise MigrationError(f"migration {migration.name} should be number {expected:04d}")
    return found


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


async def schema_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def check_not_newer(db: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """The database's schema version; MigrationError if a newer release of the bot wrote it.

    Such a database is never downgraded or overwritten: the operator must run the newer code.
    """
    latest = len(load_migrations() if migrations is None else migrations)
    current = await schema_version(db)
    if current > latest:
        raise MigrationError(
            f"the database is at schema version {current}, newer than this code ({latest}); "
            "a newer release of the bot wrote it. Run that release (or point DATABASE_URL at another "
            "database); nothing was changed."
        )
    return current


async def migrate(db: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """Apply every migration newer than the database, each in its own transaction."""
    migrations = load_migrations() if migrations is None else migrations
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
    import sqlite3

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
