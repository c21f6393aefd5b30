"""Migrations on PostgreSQL: schema_version, the advisory lock, rollback, the same schema as SQLite."""

from __future__ import annotations

import asyncio
from pathlib import Path

import asyncpg
import pytest

from bot.db import open_database
from bot.db.database import DatabaseUnavailableError
from bot.db.migrations import Migration, MigrationError, load_migrations
from bot.db.postgres import PostgresDatabase


async def test_empty_database_reaches_latest_and_rerun_is_noop(url: str) -> None:
    db = await PostgresDatabase.open(url, run_migrations=False)
    latest = len(load_migrations("postgres"))
    assert await db.schema_version() == 0
    assert await db.migrate() == latest
    before = await db.columns()
    assert "sync_state" in before
    assert await db.migrate() == latest
    assert await db.columns() == before
    recorded = await db.fetchall("SELECT version, name FROM schema_version ORDER BY version")
    assert [(r[0], r[1]) for r in recorded] == [(m.version, m.name) for m in load_migrations("postgres")]
    await db.close()


@pytest.mark.parametrize("start", range(len(load_migrations("postgres"))))
async def test_from_each_earlier_version(url: str, start: int) -> None:
    migrations = load_migrations("postgres")
    db = await PostgresDatabase.open(url, run_migrations=False)
    assert await db.migrate(migrations[:start]) == start
    assert await db.migrate() == len(migrations)
    await db.close()


async def test_processes_starting_together_migrate_once(url: str) -> None:
    """Several pools migrate at the same moment: the lock makes one apply, the others see it done."""
    databases = [await PostgresDatabase.open(url, run_migrations=False) for _ in range(4)]
    versions = await asyncio.gather(*(db.migrate() for db in databases))
    assert set(versions) == {len(load_migrations("postgres"))}
    count = await databases[0].fetchval("SELECT COUNT(*) FROM schema_version")
    assert count == len(load_migrations("postgres"))
    for db in databases:
        await db.close()


async def test_failed_migration_rolls_back(url: str) -> None:
    db = await PostgresDatabase.open(url, run_migrations=False)
    broken = [
        Migration(1, "0001_x.sql", "CREATE TABLE t (a INTEGER);"),
        Migration(2, "0002_y.sql", "INSERT INTO nowhere VALUES (1);"),
    ]
    with pytest.raises(asyncpg.UndefinedTableError):
        await db.migrate(broken)
    assert await db.schema_version() == 0
    assert "t" not in await db.columns()
    await db.close()


async def test_database_newer_than_code_is_refused(url: str) -> None:
    db = await PostgresDatabase.open(url)
    await db.execute("INSERT INTO schema_version (version, name) VALUES (?, ?)", (999, "9999_future.sql"))
    with pytest.raises(MigrationError, match="newer than this code"):
        await db.migrate()
    await db.close()
    with pytest.raises(MigrationError, match="newer than this code"):
        await open_database(url)


async def test_same_tables_and_columns_as_sqlite(url: str, tmp_path: Path) -> None:
    """A variant must not drift from its base: both backends end with the same schema."""
    pg = await open_database(url)
    lite = await open_database(tmp_path / "same.db")
    assert await pg.columns() == await lite.columns()
    assert await pg.references() == await lite.references()
    await pg.close()
    await lite.close()


async def test_unreachable_server_is_named_without_its_password() -> None:
    with pytest.raises(DatabaseUnavailableError, match=r"127\.0\.0\.1:1") as refused:
        await PostgresDatabase.open("postgresql://bot:hunter2@127.0.0.1:1/none")
    assert "hunter2" not in str(refused.value)
