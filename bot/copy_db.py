"""`python -m bot copy-db --from sqlite:///… --to postgresql://…`: move the data to another database.

Stop the bot first. The source is brought to the newest schema, the target (which must be
empty) is created with it, every row is copied in one transaction and the counts compared.
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TextIO

from bot.db import open_database
from bot.db.copy import CopyError, copy_database
from bot.db.database import Database, DatabaseUnavailableError
from bot.db.migrations import MigrationError
from bot.settings import SettingsError, redact_url, sqlite_path

USAGE = "python -m bot copy-db --from sqlite:///data/hipthrust.db --to postgresql://user:pass@host/db"


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of `python -m bot copy-db` (the parser itself is `bot.__main__`'s)."""
    parser.add_argument("--from", dest="source", required=True, help="the database to read (not changed)")
    parser.add_argument("--to", dest="target", required=True, help="an empty database to fill")


async def copy_db(source_url: str, target_url: str, out: TextIO) -> None:
    """Copy everything from `source_url` into the empty `target_url`, reporting each table."""
    if source_url.startswith("sqlite:") and not sqlite_path(source_url).is_file():
        raise CopyError(f"no SQLite database at {sqlite_path(source_url)}")
    source: Database | None = None
    target: Database | None = None
    try:
        source = await open_database(source_url)
        target = await open_database(target_url)
        print(f"copying {redact_url(source_url)} → {redact_url(target_url)}", file=out)
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
    except (CopyError, MigrationError, DatabaseUnavailableError, SettingsError) as exc:
        print(f"{name}: {exc}", file=err or sys.stderr)
        return 1
    return 0
