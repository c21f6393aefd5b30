"""Copy every row from one database into another, empty one (SQLite → PostgreSQL, for scaling out).

The source is only read: `check_source` makes sure it is a database of this bot, and
`check_target` that the target is new or empty, before the target is brought to the source's
schema version (the bot migrates it further when it starts on it). The copy runs in one
transaction on the target: rows arrive with their ids, tables in foreign-key order, then the
counts of every table are compared before COMMIT, so the target ends with everything or with
nothing.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from graphlib import CycleError, TopologicalSorter

from bot.db.database import Database, Transaction

BATCH = 2000


class CopyError(RuntimeError):
    """The copy cannot start or did not arrive whole; the message is fit for an operator."""


async def check_source(source: Database) -> int:
    """The source's schema version, once its tables are this bot's at that version (CopyError if not)."""
    version = await source.schema_version()
    if version == 0:
        raise CopyError("--from is not a database of this bot (the bot never migrated it); nothing was changed")
    # A newer schema than this code's never gets here: opening it read-only refuses (check_not_newer).
    if await source.columns() != await schema_columns(version):
        raise CopyError(f"--from is not a database of this bot: its tables are not the bot's schema version {version}"
                        "; nothing was changed")  # fmt: skip
    return version


async def schema_columns(version: int) -> dict[str, list[str]]:
    """The tables and columns of the bot's schema at `version` (built in memory)."""
    from bot.db.sqlite import SqliteDatabase  # the engines stay out of this module until needed

    scratch = await SqliteDatabase.open(":memory:", run_migrations=False)
    try:
        await scratch.migrate(up_to=version)
        return await scratch.columns()
    finally:
        await scratch.close()


async def check_target(target: Database, version: int) -> None:
    """CopyError unless the target is new, or this bot's at most at the source's schema `version`
    (reads only: for a SQLite file it can be opened read-only)."""
    current, tables = await target.schema_version(), sorted(await target.columns())
    if current == 0 and tables:
        shown = ", ".join(tables[:5]) + (", …" if len(tables) > 5 else "")
        raise CopyError(f"--to holds tables that are not this bot's ({shown}); copy only into a new, empty database")
    if current > version:
        raise CopyError(f"--to is at schema version {current}, --from at {version}: copy into a new database, or"
                        " start the bot on --from once (it migrates it) and copy then")  # fmt: skip
    await _check_empty(target, tables)


async def _check_empty(target: Database, tables: Iterable[str]) -> None:
    """CopyError when one of the target's `tables` (its `columns()`, read by the caller) has a row."""
    for table in tables:
        if await target.fetchval(f"SELECT COUNT(*) FROM {table}"):
            raise CopyError(f"the target is not empty (table {table} has rows); copy only into a new database")


def table_order(columns: dict[str, list[str]], references: dict[str, set[str]]) -> list[str]:
    """Tables so that each comes after the tables its foreign keys point at."""
    graph = {table: references.get(table, set()) & columns.keys() for table in sorted(columns)}
    try:
        return list(TopologicalSorter(graph).static_order())
    except CycleError as exc:
        raise CopyError(f"tables reference each other in a cycle: {exc.args[1]}") from exc


async def copy_database(
    source: Database, target: Database, *, report: Callable[[str, int], None] = lambda table, count: None
) -> dict[str, int]:
    """Copy every table of `source` into `target`; returns the rows copied per table."""
    source_version, target_version = await source.schema_version(), await target.schema_version()
    if source_version != target_version:
        raise CopyError(f"schema versions differ: source {source_version}, target {target_version}")
    columns = await source.columns()
    if columns != await target.columns():
        raise CopyError("the two databases have different tables or columns")
    await _check_empty(target, columns)  # the target's tables too: they were just compared
    order = table_order(columns, await source.references())
    copied: dict[str, int] = {}
    async with target.transaction() as tx:
        for table in order:
            copied[table] = await _copy_table(source, tx, table, columns[table])
            report(table, copied[table])
        for table in order:
            arrived = int(await tx.fetchval(f"SELECT COUNT(*) FROM {table}"))
            expected = int(await source.fetchval(f"SELECT COUNT(*) FROM {table}"))
            if arrived != expected:
                raise CopyError(f"{table}: {expected} rows in the source but {arrived} arrived; nothing was kept")
        if tx.dialect == "postgres":
            await _restart_identities(tx, columns)
    return copied


async def _copy_table(source: Database, tx: Transaction, table: str, columns: list[str]) -> int:
    names = ", ".join(columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    count = 0
    async for rows in source.batches(f"SELECT {names} FROM {table}", size=BATCH):
        await tx.executemany(insert, [tuple(row) for row in rows])
        count += len(rows)
    return count


async def _restart_identities(tx: Transaction, columns: dict[str, list[str]]) -> None:
    """Rows came with their ids, so each identity must continue after the largest one."""
    for table, names in columns.items():
        if "id" in names:
            await tx.execute(
                f"SELECT setval(pg_get_serial_sequence(?, 'id'), COALESCE(MAX(id), 0) + 1, false) FROM {table}",
                (table,),
            )
