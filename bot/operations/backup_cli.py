"""`python -m bot backup PATH` and `python -m bot restore PATH`, on the database DATABASE_URL names."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path
from typing import TextIO

from bot.db.database import DatabaseUnavailableError
from bot.operations.backup import BackupError, backup, restore
from bot.operations.db_lock import DatabaseBusyError
from bot.settings import Settings, is_postgres_url

BACKUP_HELP = "copy the SQLite database to PATH while the bot runs, check the copy and print its row counts"
RESTORE_HELP = "replace the SQLite database with the backup at PATH (checked first; refused while a bot runs)"
POSTGRES = """\
DATABASE_URL names a PostgreSQL server: back it up with PostgreSQL's own tools, e.g.
  pg_dump --format=custom --file=hipthrust.dump "$DATABASE_URL"
  pg_restore --clean --if-exists --no-owner --single-transaction --dbname="$DATABASE_URL" hipthrust.dump
(README, "Operating it")."""


def main(command: str, path: Path, settings: Settings, out: TextIO | None = None, err: TextIO | None = None) -> int:
    """Run `backup` or `restore`; 0 when done, 1 when refused or failed, 2 for a PostgreSQL URL."""
    out, err = out or sys.stdout, err or sys.stderr
    if is_postgres_url(settings.database_url):
        print(POSTGRES, file=err)
        return 2
    database = settings.sqlite_path
    try:
        if command == "backup":
            made = backup(database, path)
            print(f"backed up {database} to {path}", file=out)
            print(made.describe(), file=out)
        else:
            done = restore(path, database)
            if done.kept is not None:
                print(f"the database as it was is kept in {done.kept}", file=out)
            print(f"restored {path} into {database}", file=out)
            print(done.check.describe(), file=out)
            if not done.check.ok:
                return 1
    except (BackupError, DatabaseBusyError, DatabaseUnavailableError) as exc:
        print(f"{command} refused: {exc}", file=err)
        return 1
    except (sqlite3.Error, OSError) as exc:  # the disk, say: named with both files, as SQLite names neither
        where = f"copying {database} to {path}" if command == "backup" else f"restoring {path} into {database}"
        print(f"{command} failed: {type(exc).__name__}: {exc} ({where})", file=err)
        return 1
    return 0
