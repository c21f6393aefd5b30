"""The terminal chat's `--db PATH`: checked before anything is made, so a path the sandbox cannot
use is refused in one line naming --db, and leaves no folder, database or lock file behind."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import tempfile
from pathlib import Path

from bot.db.connection import FileProblem, file_problem
from bot.db.database import DatabaseUnavailableError
from bot.db.migrations import MigrationError, NewerSchemaError, load_migrations
from bot.operations.db_lock import DatabaseBusyError
from bot.settings import SettingsError, load_settings


def database_problem(db: Path) -> str | None:
    """Why the sandbox cannot keep its data in `db`, or None when it can (its folder then exists)."""
    with contextlib.suppress(SettingsError):
        if load_settings().sqlite_path.resolve() == db.resolve():
            return f"{db} is the real bot's database (DATABASE_URL); choose another --db"
    problem = file_problem(db)  # the bot's own checks of its file, phrased for --db
    if problem is FileProblem.DIRECTORY:
        return f"--db {db}: is a directory; name a file, e.g. --db {db / 'sandbox.db'}"
    if problem is FileProblem.NOT_SQLITE:
        return _not_sqlite(db, "file is not a database")  # SQLite's own words for it
    if db.exists():
        return _cannot_open(db)
    return _cannot_create(db)


# What opening the sandbox's database can still raise once the checks passed (a file changed meanwhile).
DATABASE_FAILURES = (DatabaseUnavailableError, DatabaseBusyError, MigrationError)


def database_failure(db: Path, exc: Exception) -> str:
    """One line for a failure in DATABASE_FAILURES, naming --db (never DATABASE_URL)."""
    if isinstance(exc, NewerSchemaError):
        return newer_release(db, exc.current, exc.latest)
    return f"--db {db}: {exc}"


def _cannot_open(db: Path) -> str | None:
    """What only opening the file finds (a damaged one behind SQLite's header, one that cannot be
    read, one a newer release wrote, one the sandbox could not write): the bot would find it too,
    but only once the sandbox has made its lock file beside it, and with a traceback."""
    try:
        with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro&immutable=1", uri=True)) as probe:
            probe.execute("pragma schema_version")
            version = int(probe.execute("pragma user_version").fetchone()[0])
    except sqlite3.Error as exc:
        return _not_sqlite(db, exc)
    latest = len(load_migrations("sqlite"))
    if version > latest:
        return newer_release(db, version, latest)
    if not os.access(db, os.W_OK):
        return _read_only(db, "the file is read-only")
    if not _writable_folder(db.parent):
        return _read_only(db, f"its folder {db.parent} cannot be written")
    return None


def newer_release(db: Path, version: int, latest: int) -> str:
    return (f"--db {db}: a newer release of the bot wrote it (schema version {version}; this release reads"
            f" up to {latest}); run that release's sandbox, or name another --db. Nothing was changed")


def _read_only(db: Path, why: str) -> str:
    # The sandbox writes to its database (its users, the commands it synced) and beside it (-wal,
    # -shm and .lock files), as the bot does.
    return (f"--db {db}: the sandbox must write to it and beside it, and {why}; name a copy"
            " in a folder you can write")


def _writable_folder(folder: Path) -> bool:
    """Whether a file can be made in `folder` (made and removed: permissions alone miss a read-only mount)."""
    try:
        fd, name = tempfile.mkstemp(prefix=".sandbox-check-", dir=folder)
    except OSError:
        return False
    os.close(fd)
    os.unlink(name)
    return True


def _not_sqlite(db: Path, reason: object) -> str:
    return f"--db {db}: cannot open it as a SQLite database ({reason}); name another file"


def _cannot_create(db: Path) -> str | None:
    """Make the folders and the file once, to know they can be made, then remove the file (and
    folders, if the file cannot be made)."""
    missing = [folder for folder in (db.parent, *db.parent.parents) if not folder.exists()]
    above = next(folder for folder in (db.parent, *db.parent.parents) if folder.exists())
    if not above.is_dir():
        return f"--db {db}: {above} is a file, not a folder; name another path"
    try:
        db.parent.mkdir(parents=True, exist_ok=True)
        db.touch(exist_ok=False)
        db.unlink()
    except OSError as exc:
        for folder in missing:  # deepest first
            with contextlib.suppress(OSError):
                folder.rmdir()
        return f"--db {db}: cannot create it ({exc.strerror or exc}); name another file"
    return None
