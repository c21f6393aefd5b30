"""Backups of a SQLite database, through SQLite's online backup API (the standard library's
`sqlite3.Connection.backup`), never a file copy: a copy of the file while the bot writes could
catch half a transaction, or miss what is still in the `-wal` file.

`backup` copies every page in one step, inside one read transaction: the copy is the database
as it was at one moment, and in WAL mode the bot's writes go on meanwhile. `restore` writes a
checked backup into the database through the same API, which SQLite does as one transaction.
PostgreSQL has pg_dump and pg_restore for this (README, "Operating it").
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from bot.db.connection import remove_database
from bot.db.migrations import load_migrations
from bot.operations import db_lock

BUSY_TIMEOUT_MS = 5000
SHOWN_PROBLEMS = 10  # integrity_check lists up to 100; the first few say what is wrong


class BackupError(RuntimeError):
    """The backup or restore was refused or failed; the message is fit for an operator."""


@dataclass(frozen=True)
class Check:
    """What `PRAGMA integrity_check` and `foreign_key_check` found, and what the file holds."""

    path: Path
    problems: list[str]  # empty when the database is sound
    schema_version: int
    rows: dict[str, int] = field(default_factory=dict)  # every table of the schema, by name
    columns: dict[str, list[str]] = field(default_factory=dict)  # every table's columns, in order

    @property
    def ok(self) -> bool:
        return not self.problems

    def describe(self) -> str:
        """Lines for the operator: the verdict and schema version, what is wrong, each table's rows."""
        verdict = "integrity ok" if self.ok else "FAILED its checks"
        lines = [f"{self.path}: schema version {self.schema_version}, {verdict}"]
        lines += [f"  ! {problem}" for problem in self.problems[:SHOWN_PROBLEMS]]
        if len(self.problems) > SHOWN_PROBLEMS:
            lines.append(f"  ! … and {len(self.problems) - SHOWN_PROBLEMS} more")
        width = max((len(name) for name in self.rows), default=0)
        lines += [f"  {name:<{width}}  {count:>10,}" for name, count in sorted(self.rows.items())]
        return "\n".join(lines)


@contextlib.contextmanager
def _connection(path: Path, unable: str | None = None, advice: str = "") -> Iterator[sqlite3.Connection]:
    """A connection to `path`; with `unable`, SQLite failing to open it is a BackupError that says
    `unable`, why and `advice` (SQLite's own message names no file: "unable to open database file")."""
    with contextlib.ExitStack() as stack:  # closes the connection however this ends, a refusal too
        try:
            conn = stack.enter_context(contextlib.closing(sqlite3.connect(path, isolation_level=None)))
            conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        except sqlite3.Error as exc:
            if unable is None:
                raise
            raise BackupError(f"{unable} ({exc}){advice}") from None
        yield conn


# What SQLite says of a file it cannot read as a database: damaged pages, or not a database at all.
_DAMAGED = (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)


def _damaged(database: Path, why: str) -> BackupError:
    return BackupError(
        f"the database {database} is damaged ({why}), so no backup of it was made. Stop the bot, move the"
        " database (and its -wal and -shm files) aside and restore your latest backup (python -m bot restore"
        " PATH); `sqlite3 <a copy of it> .recover` may save what can still be read"
    )


def check(conn: sqlite3.Connection, path: Path) -> Check:
    """Check the database on `conn` (`path` only names it in the report)."""
    found = [str(row[0]) for row in conn.execute("PRAGMA integrity_check")]
    problems = [] if found == ["ok"] else found
    problems += [f"a row of {row[0]} points at a missing row of {row[2]}"
                 for row in conn.execute("PRAGMA foreign_key_check")]  # fmt: skip
    tables = [str(row[0]) for row in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
    )]  # fmt: skip
    # The names come from the file's own catalogue, quoted as identifiers.
    rows = {t: int(conn.execute(f'SELECT COUNT(*) FROM "{t.replace(chr(34), chr(34) * 2)}"').fetchone()[0])
            for t in tables}  # fmt: skip
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    return Check(path, problems, version, rows, _columns(conn, tables))


def _columns(conn: sqlite3.Connection, tables: list[str]) -> dict[str, list[str]]:
    return {t: [str(c[1]) for c in conn.execute(f'PRAGMA table_info("{t.replace(chr(34), chr(34) * 2)}")')]
            for t in tables}  # fmt: skip


def schema_columns(version: int) -> dict[str, list[str]]:
    """The tables and columns of this bot's SQLite schema at `version` (built in memory)."""
    with contextlib.closing(sqlite3.connect(":memory:")) as scratch:
        for migration in load_migrations("sqlite")[:version]:
            scratch.executescript(migration.sql)
        tables = [str(row[0]) for row in scratch.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )]  # fmt: skip
        return _columns(scratch, tables)


def backup(database: Path, target: Path) -> Check:
    """Copy the live `database` to `target` (replaced only once the copy passes its checks)."""
    if not database.is_file():
        raise BackupError(f"there is no database at {database} (DATABASE_URL)")
    if target.is_dir() or target.name in ("", ".."):
        example = target / f"{database.stem}-{datetime.now(UTC):%Y-%m-%d}.db"
        raise BackupError(f"{target} is a directory; name the backup file, e.g. {example}")
    if _same_file(database, target):
        raise BackupError(f"{target} is the database itself; name another file for the backup")
    if _companion(database, target):  # replacing the live -wal loses what it holds; the lock, what it guards
        raise BackupError(f"{target} is a file the database {database} keeps beside it; name another file for the"
                          " backup")
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = target.with_name(f".{target.name}.partial")
    partial.unlink(missing_ok=True)
    try:
        # A shared hold like a bot's: a restore cannot start under the backup, nor a backup under it.
        with db_lock.running_bot(database), \
                _connection(database, f"cannot open the database {database}") as source, \
                _connection(partial, f"cannot write the backup {target} in {target.parent}",
                            "; name a file in a folder you can write") as copy:
            try:
                source.backup(copy)  # every page in one step: one consistent moment
                copy.execute("PRAGMA journal_mode = DELETE")  # one self-contained file, no -wal beside it
                result = check(copy, target)
            except sqlite3.DatabaseError as exc:  # the copy is new: what is damaged is the database
                if getattr(exc, "sqlite_errorcode", None) in _DAMAGED:
                    raise _damaged(database, str(exc)) from None
                raise
        if not result.ok:  # what is wrong, under the database's name (the copy is not kept)
            found = dataclasses.replace(result, path=database).describe()
            raise BackupError(f"{_damaged(database, 'its copy fails SQLite checks')}:\n{found}")
        partial.replace(target)
    except BaseException:  # refused, failed or interrupted: no half-made file stays behind
        remove_database(partial)
        raise
    return result


def inspect(path: Path) -> Check:
    """Check a backup file without changing it."""
    if path.is_dir():
        raise BackupError(f"{path} is a directory; name the backup file in it")
    if not path.is_file():
        raise BackupError(f"there is no backup at {path}")
    try:
        with contextlib.closing(sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)) as conn:
            return check(conn, path)
    except sqlite3.DatabaseError as exc:
        raise BackupError(f"{path} is not a readable SQLite database: {exc}") from None


@dataclass(frozen=True)
class Restored:
    check: Check  # of the database after the restore
    kept: Path | None  # the database as it was before, when there was one


def restore(source: Path, database: Path, *, now: datetime | None = None) -> Restored:
    """Replace `database` with the backup `source`, if it passes its checks and no bot runs.

    The database as it was is first backed up beside it (`<name>.before-restore-<time>`).
    """
    found = inspect(source)
    if not found.ok:
        raise BackupError(f"refusing to restore a backup that fails its checks:\n{found.describe()}")
    latest = len(load_migrations("sqlite"))
    if not 1 <= found.schema_version <= latest:
        raise BackupError(
            f"{source} is at schema version {found.schema_version}; this release reads 1 to {latest}"
            + (" (a newer release wrote it: restore with that release)" if found.schema_version > latest
               else " (it is not a database of this bot)")
        )
    # user_version is any application's to set: the tables tell this bot's database from another's.
    if found.columns != schema_columns(found.schema_version):
        raise BackupError(f"{source} is not a database of this bot: its tables are not the bot's schema version"
                          f" {found.schema_version}")
    if _same_file(source, database):
        raise BackupError(f"{source} is the database itself")
    with db_lock.exclusive(database):
        kept = None
        if database.is_file():
            stamp = (now or datetime.now(UTC)).strftime("%Y%m%dT%H%M%SZ")
            kept = database.with_name(f"{database.name}.before-restore-{stamp}")
            _keep(database, kept)
        database.parent.mkdir(parents=True, exist_ok=True)
        with _connection(source) as backup_conn, _connection(database) as live:
            backup_conn.backup(live)
            live.execute("PRAGMA journal_mode = WAL")  # as the bot runs it
            after = check(live, database)
    return Restored(after, kept)


def _keep(database: Path, kept: Path) -> None:
    """The database as it was, through the backup API too (it may hold commits in its -wal)."""
    try:
        with _connection(database) as old, _connection(kept) as copy:
            old.backup(copy)
            copy.execute("PRAGMA journal_mode = DELETE")
    except sqlite3.DatabaseError as exc:
        raise BackupError(
            f"the current database {database} could not be read to keep a copy ({exc}); if it is damaged,"
            " move it (and its -wal and -shm files) away and run restore again"
        ) from None


def _same_file(a: Path, b: Path) -> bool:
    return a.resolve() == b.resolve()


def _companion(database: Path, path: Path) -> bool:
    """Whether `path` is one of the files beside `database` that SQLite or the bot uses with it: its
    -wal, -shm and -journal, its lock and its shard locks (bot.operations.db_lock, shard_claim)."""
    where, name = path.resolve(), database.resolve().name
    if where.parent != database.resolve().parent:
        return False
    own = {f"{name}-wal", f"{name}-shm", f"{name}-journal", f"{name}.lock"}
    shard_lock = rf"{re.escape(name)}\.shard-[0-9]+-of-[0-9]+\.lock"
    return where.name in own or re.fullmatch(shard_lock, where.name) is not None
