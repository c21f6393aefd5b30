"""Copy every row from one database into another, empty one (SQLite → PostgreSQL, for scaling out).

The source is only read: `check_source` makes sure it is a database of this bot, and
`check_target` that the target is new or empty, before the target is brought to the source's
schema version (the bot migrates it further when it starts on it). The copy runs in one
transaction on the target: rows arrive with their ids, tables in foreign-key order, then the
counts of every table are compared before COMMIT, so the target ends with everything or with
nothing. Each table's id counter goes on where the source's stood (`carry_id_counters`), not
after the largest id copied: an id the source gave to an entry since deleted is never given again.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Iterable
from graphlib import CycleError, TopologicalSorter

from bot.db.database import Database, Queries, Transaction

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
        await carry_id_counters(tx, columns, await last_ids(source, columns))
    return copied


async def _copy_table(source: Database, tx: Transaction, table: str, columns: list[str]) -> int:
    names = ", ".join(columns)
    insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in columns)})"
    count = 0
    async for rows in source.batches(f"SELECT {names} FROM {table}", size=BATCH):
        await tx.executemany(insert, [tuple(row) for row in rows])
        count += len(rows)
    return count


async def last_ids(db: Queries, tables: Collection[str]) -> dict[str, int]:
    """The last id the counter of each of `tables` gave out, for those that have one (SQLite's
    AUTOINCREMENT, PostgreSQL's identity or serial columns): rows deleted since may have held it."""
    if db.dialect == "sqlite":
        if not await db.fetchval("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_sequence'"):
            return {}  # no table has AUTOINCREMENT yet (a schema before 0008)
        rows = await db.fetchall("SELECT name, seq FROM sqlite_sequence")
        return {str(name): int(seq) for name, seq in rows if name in tables}
    found: dict[str, int] = {}
    for table, _column, sequence in await _sequences(db, tables):
        [(last, called)] = await db.fetchall(f"SELECT last_value, is_called FROM {sequence}")
        found[table] = int(last) if called else int(last) - 1  # not called yet: `last` is the next one
    return found


async def carry_id_counters(tx: Transaction, columns: dict[str, list[str]], handed_out: dict[str, int]) -> None:
    """Set each of the target's id counters to go on after both its largest id and the last id
    the source's counter gave out (`handed_out`, from `last_ids`). On SQLite only AUTOINCREMENT
    tables keep a counter; the others give the largest id + 1 wherever their rows came from."""
    if tx.dialect == "postgres":
        for table, column, sequence in await _sequences(tx, columns):
            await tx.execute(
                f"SELECT setval(?, GREATEST(COALESCE(MAX({column}), 0), ?) + 1, false) FROM {table}",
                (sequence, handed_out.get(table, 0)),
            )
        return
    counted = await tx.fetchall(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND sql LIKE '%AUTOINCREMENT%' ORDER BY name"
    )
    for (table,) in counted:
        if table not in columns:
            continue
        last = handed_out.get(str(table), 0)
        # Inserting rows with their ids already raised the counter to the largest of them.
        if not await tx.execute("UPDATE sqlite_sequence SET seq = MAX(seq, ?) WHERE name = ?", (last, table)):
            await tx.execute("INSERT INTO sqlite_sequence (name, seq) VALUES (?, ?)", (table, last))


async def _sequences(db: Queries, tables: Collection[str]) -> list[tuple[str, str, str]]:
    """PostgreSQL: (table, column, sequence) for each identity or serial column of `tables`."""
    rows = await db.fetchall(
        "SELECT table_name, column_name, pg_get_serial_sequence(format('%I.%I', table_schema, table_name), column_name)"
        " FROM information_schema.columns WHERE table_schema = current_schema()"
        " AND (is_identity = 'YES' OR column_default LIKE 'nextval(%') ORDER BY table_name"
    )
    return [(str(table), str(column), str(seq)) for table, column, seq in rows if table in tables and seq is not None]
