"""Storage: one interface (`database.py`), a SQLite and a PostgreSQL engine, one repository module
per aggregate, opened together as the `Store` (`store.py`). `open_database` picks the engine
from the URL, so the interface never imports its engines.

How to write a repository method
--------------------------------
1. SQL lives in `bot/db/` only. Write it once, with `?` placeholders, in the SQL both engines
   share (PostgreSQL's engine turns `?` into `$1, $2, …`); where they must differ, branch on
   `q.dialect` (e.g. `FOR UPDATE` in imports.py). Values go in as parameters, always: the only
   text formatted into SQL is this package's own constants (table and column names, fragments).
2. Every query on a person's rows says `user_id = ?`, even when it also has the row's id: an id
   from a custom_id or an option then finds nothing of anyone else's. (Inside a transaction, a
   statement may use the key that such a scoped read has just returned.)
3. Count trips. On SQLite every await on a connection is a trip to its thread that waits for
   the busy event loop (see sqlite.py), so:
   - one statement: call it on the database (`fetchall`, `fetchone`, `fetchval`, `insert`,
     `execute`). A lone write is atomic on its own: no transaction (on SQLite that costs two
     more trips and holds the write gate alone).
   - several statements for one command: write each query as a function of a `Queries`
     (logbook_sql.py) and run them as one job, `db.run(job)`, or `db.run(job, writes=True)`
     when it writes (its statements then commit together). On SQLite the job runs on the
     database thread in one trip, through `ThreadQueries`, driven by `complete()`; read-only
     jobs go to a reader connection, with no transaction: each statement sees the latest
     committed state, on either engine. On PostgreSQL a job holds one pooled connection. A
     job awaits nothing but its `Queries` (`complete()` refuses one that would suspend) and
     does no slow work: it holds the database thread. A writing job on a hot path whose one
     write is its last statement (read first, then write) runs with `transaction=False`: no
     BEGIN and COMMIT, and on SQLite a statement after the write is refused.
   - statements that must commit together off the hot path (setups, imports, "Store anyway",
     forgetting a user): `async with db.transaction() as tx` is the plainest to write, but on
     SQLite it costs a trip per statement besides BEGIN and COMMIT, and it holds the
     `WriteGate` alone, keeping every other write out until it ends: keep it short, and make
     it a writing job instead on a command that runs often.
4. Reads of many rows use `fetchall_packed(sql, params, width, reals)`: on SQLite the whole result
   is one step instead of one per row (`columns_shape` gives width and reals from a column
   list). The rows come back unordered (sort them in Python) and cannot hold BLOBs.
5. A query that a method and a job both need is written once, as a function of `Queries`; the
   method forwards to it on the database, the job calls it on its own `q`.
6. Both engines run it. PostgreSQL runs writes at the same time, so a redelivered interaction
   is absorbed by a unique key with `ON CONFLICT … DO NOTHING` (and a row the writer must read
   first is locked), never by reading before writing. Test every method in `tests/db/` with the
   `store` fixture, which runs each test on SQLite and, given `TEST_DATABASE_URL`, PostgreSQL.
7. A public method exists because the bot calls it. Tests call the same methods, the query
   functions, or read the tables; they get no methods of their own.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from bot.settings import is_postgres_url, sqlite_path

if TYPE_CHECKING:
    from bot.db.database import Database


async def open_database(target: str | Path, *, run_migrations: bool = True, read_only: bool = False) -> Database:
    """Open `postgresql://…`, `sqlite:///path` or a plain SQLite file path, migrated unless told not
    to; `read_only`: as it is, never migrated or written (a SQLite file must exist)."""
    # Each engine is imported only when chosen: asyncpg stays off the SQLite path.
    if isinstance(target, str) and is_postgres_url(target):
        from bot.db.postgres import PostgresDatabase

        return await PostgresDatabase.open(target, run_migrations=run_migrations, read_only=read_only)
    from bot.db.sqlite import SqliteDatabase

    return await SqliteDatabase.open(_sqlite_file(target), run_migrations=run_migrations, read_only=read_only)


def _sqlite_file(target: str | Path) -> Path:
    if isinstance(target, str) and target.startswith("sqlite:"):
        return sqlite_path(target)
    return Path(target)
