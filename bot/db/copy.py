"""Copy every row from one database into another, empty one (SQLite → PostgreSQL, for scaling out).

Both are migrated to the same schema version first. The copy runs in one transaction on the
target: rows arrive with their ids, tables in foreign-key order, then the counts of every table
are compared before COMMIT, so the target ends with everything or with nothing.
"""

from __future__ import annotations

from collections.abc import Callable
from graphlib import CycleError, TopologicalSorter

from bot.db.database import Database, Transaction

BATCH = 2000


class CopyError(RuntimeError):
    """The copy cannot start or did not arrive whole; the message is fit for an operator."""


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
    for table in columns:
        if await target.fetchval(f"SELECT COUNT(*) FROM {table}"):
            raise CopyError(f"the target is not empty (table {table} has rows); copy only into a new database")
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
