"""`python -m bot copy-db --from sqlite:///… --to postgresql://…`: move the data to another database.

Stop the bot first. Both are URLs (`sqlite:///path`, `sqlite:////absolute/path` or
`postgresql://…`); a bare path is refused, as a mistyped URL (`postgresql:/host/db`) would
otherwise name a new SQLite file. The source must be a database of this bot; it is only read,
never migrated or written. The target, new or empty, gets the source's schema version, every row
and each table's id counter in one transaction, and the counts compared. When the copy refuses
or fails, a SQLite target it created is removed again.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path
from typing import TextIO

from bot.db import open_database
from bot.db.connection import check_file_path, remove_database
from bot.db.copy import CopyError, check_source, check_target, copy_database
from bot.db.database import Database, DatabaseUnavailableError
from bot.db.migrations import MigrationError
from bot.settings import SettingsError, database_url, is_postgres_url, redact_url, sqlite_path

USAGE = "python -m bot copy-db --from sqlite:///data/hipthrust.db --to postgresql://user:pass@host/db"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m bot copy-db` (the parser itself is `bot.__main__`'s)."""
    parser.add_argument("--from", dest="source", required=True, help="the database to read (not changed)")
    parser.add_argument("--to", dest="target", required=True, help="a new or empty database to fill")


async def copy_db(source_url: str, target_url: str, out: TextIO) -> None:
    """Copy everything from `source_url` into the new or empty `target_url`, reporting each table."""
    source_file, target_file = _sqlite_file(source_url, "--from"), _sqlite_file(target_url, "--to")
    if source_file is not None:
        check_file_path(source_file)  # a directory, or a file that is not SQLite, says so
        if not source_file.is_file():
            raise CopyError(f"--from: no SQLite database at {source_file}")
    if target_file is not None:
        check_file_path(target_file)
        if source_file is not None and source_file.resolve() == target_file.resolve():
            raise CopyError("--from and --to name the same database")
        if not target_file.parent.is_dir():
            raise CopyError(f"--to: there is no directory {target_file.parent} for {target_file.name}; create it first")
    created = target_file is not None and not target_file.exists()
    try:
        await _copy(source_url, target_url, out, probe_target=target_file is not None and not created)
    except BaseException:
        if created and target_file is not None:
            remove_database(target_file)  # with the files SQLite made beside it
        raise


def _sqlite_file(url: str, name: str) -> Path | None:
    """The SQLite file `url` names, None for a PostgreSQL server; SettingsError naming the option
    (`name`) for a URL the bot cannot open."""
    if is_postgres_url(url):
        database_url(url, name)
        return None
    return sqlite_path(url, name)  # what database_url checks of a SQLite URL


async def _copy(source_url: str, target_url: str, out: TextIO, *, probe_target: bool) -> None:
    source: Database | None = None
    target: Database | None = None
    try:
        source = await open_database(source_url, run_migrations=False, read_only=True)
        version = await check_source(source)
        if probe_target:  # an existing SQLite file: checked read-only, as opening it to write converts it to WAL
            probe = await open_database(target_url, run_migrations=False, read_only=True)
            try:
                await check_target(probe, version)
            finally:
                await probe.close()
        target = await open_database(target_url, run_migrations=False)
        if not probe_target:
            await check_target(target, version)
        await target.migrate(up_to=version)
        print(f"copying {redact_url(source_url)} → {redact_url(target_url)} (schema version {version})", file=out)
        copied = await copy_database(source, target, report=lambda t, n: print(f"  {t}: {n} rows", file=out))
        print(f"done: {sum(copied.values())} rows in {len(copied)} tables, counts match", file=out)
    finally:
        for database in (source, target):
            if database is not None:
                await database.close()


def main(
    source_url: str, target_url: str, *, name: str = "copy-db", out: TextIO | None = None, err: TextIO | None = None
) -> int:
    """Run `copy_db`; 1 with the reason on `err` (prefixed by the command's `name` as typed) when it refuses."""
    try:
        asyncio.run(copy_db(source_url, target_url, out or sys.stdout))
    except (CopyError, MigrationError, DatabaseUnavailableError, SettingsError, OSError) as exc:
        print(f"{name}: {exc}", file=err or sys.stderr)
        return 1
    return 0
