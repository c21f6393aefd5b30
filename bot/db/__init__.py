"""Storage: one interface (`database.py`), a SQLite and a PostgreSQL engine, one repository module
per aggregate, opened together as the `Store` (`store.py`). `open_database` picks the engine
from the URL, so the interface never imports its engines.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import is_postgres_url, sqlite_path

if TYPE_CHECKING:
    from bot.db.database import Database


async def open_database(target: str | Path, *, run_migrations: bool = True) -> Database:
    """Open `postgresql://…`, `sqlite:///path` or a plain SQLite file path, migrated unless told not to."""
    # Each engine is imported only when chosen: asyncpg stays off the SQLite path.
    if isinstance(target, str) and is_postgres_url(target):
        from bot.db.postgres import PostgresDatabase

        return await PostgresDatabase.open(target, run_migrations=run_migrations)
    from bot.db.sqlite import SqliteDatabase

    return await SqliteDatabase.open(_sqlite_file(target), run_migrations=run_migrations)


def _sqlite_file(target: str | Path) -> Path:
    if isinstance(target, str) and target.startswith("sqlite:"):
        return sqlite_path(target)
    return Path(target)
