"""The terminal chat's `--db PATH`: checked before anything is made, so a path the sandbox cannot
use is refused in one line naming --db, and leaves no folder, database or lock file behind."""

from __future__ import annotations

import contextlib
import sqlite3
from pathlib import Path

from bot.db.connection import FileProblem, file_problem
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


def _cannot_open(db: Path) -> str | None:
    """What only opening the file finds (a damaged one behind SQLite's header, one that cannot be
    read): the bot would find it too, but only once the sandbox has made its lock file beside it."""
    try:
        with contextlib.closing(sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)) as probe:
            probe.execute("pragma schema_version")
    except sqlite3.Error as exc:
        return _not_sqlite(db, exc)
    return None


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
