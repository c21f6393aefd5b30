"""SQLite connections: the writing one (WAL, foreign keys, numbered migrations in PRAGMA user_version) and readers."""

from __future__ import annotations

import asyncio
import enum
import logging
import sqlite3
import time
from pathlib import Path

import aiosqlite

from bot.db.database import DatabaseUnavailableError
from bot.db.migrations import Migration, MigrationError, NewerSchemaError, load_migrations

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 5000


SQLITE_HEADER = b"SQLite format 3\x00"  # the first 16 bytes of every SQLite database file
SIDE_FILES = ("-wal", "-shm", "-journal")  # what SQLite keeps beside a database, named after it


class FileProblem(enum.Enum):
    """Why a path cannot be a SQLite file, seen without opening it (callers phrase it their way)."""

    DIRECTORY = enum.auto()
    NOT_SQLITE = enum.auto()  # a file whose first bytes are not SQLite's header


def file_problem(path: Path) -> FileProblem | None:
    """What stops `path` being a SQLite file, or None when nothing seen without opening it does: a
    missing file is a new database, an empty one a database without tables, and for one that
    cannot be read, opening it says more."""
    if path.is_dir():
        return FileProblem.DIRECTORY
    try:
        with path.open("rb") as file:
            header = file.read(len(SQLITE_HEADER))
    except OSError:
        return None
    return FileProblem.NOT_SQLITE if header and header != SQLITE_HEADER else None


def check_file_path(path: Path) -> None:
    """DatabaseUnavailableError when `path` cannot be a SQLite file: a directory, or a file of
    something else (checked before anything is created beside it, such as its lock file)."""
    problem = file_problem(path)
    if problem is FileProblem.DIRECTORY:
        raise DatabaseUnavailableError(f"{path} is a directory; name a SQLite file (e.g. {path / 'hipthrust.db'})")
    if problem is FileProblem.NOT_SQLITE:
        raise DatabaseUnavailableError(f"cannot use the SQLite database {path}: file is not a database")


def remove_database(path: Path) -> None:
    """Delete the SQLite file at `path` and the files SQLite keeps beside it, those that exist."""
    for file in (path, *(path.with_name(path.name + side) for side in SIDE_FILES)):
        file.unlink(missing_ok=True)


def _make_place(path: Path) -> None:
    """Check that `path` can be a SQLite file, and make its directory."""
    check_file_path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise DatabaseUnavailableError(f"cannot create the directory of {path}: {exc.strerror or exc}") from None


async def connect(path: Path | str) -> aiosqlite.Connection:
    """Open the database with the pragmas every connection needs.

    A place that cannot hold it (a directory, a file that is not a database, a directory that
    cannot be written) is a DatabaseUnavailableError that names the file and says why.
    """
    if str(path) != ":memory:":
        await asyncio.to_thread(_make_place, Path(path))  # file reads and a mkdir: off the event loop
    # The schema version is checked before WAL: switching it would already rewrite a newer file's header.
    return await _open(path, str(path), uri=False, then=(
        "PRAGMA journal_mode = WAL", "PRAGMA synchronous = NORMAL", "PRAGMA foreign_keys = ON"))


async def connect_read_only(path: Path) -> aiosqlite.Connection:
    """The database as it is, only read: opened read-only, so nothing is created, migrated or
    converted (not even to WAL), for `python -m bot copy-db --from`."""
    return await _open(path, _read_only_uri(path), uri=True, first=("PRAGMA query_only = ON",))


async def _open(path: Path | str, target: str, *, uri: bool, first: tuple[str, ...] = (),
                then: tuple[str, ...] = ()) -> aiosqlite.Connection:
    """Connect to `target` (the file `path`, or a URI naming it), run the pragmas `first`, check the
    schema version is not newer than this release, run the pragmas `then`. SQLite's refusals are
    DatabaseUnavailableErrors naming `path`; a connection that fails is closed."""
    try:
        db = await aiosqlite.connect(target, uri=uri, isolation_level=None)
    except sqlite3.Error as exc:
        raise DatabaseUnavailableError(f"cannot open the SQLite database {path}: {exc}") from None
    db.row_factory = aiosqlite.Row
    try:
        for pragma in (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", *first):
            await db.execute(pragma)
        await check_not_newer(db)
        for pragma in then:
            await _execute_when_free(db, pragma)
    except BaseException as exc:
        await db.close()
        if isinstance(exc, sqlite3.Error):  # "file is not a database", "attempt to write a readonly database"
            raise DatabaseUnavailableError(f"cannot use the SQLite database {path}: {exc}") from None
        raise
    return db


async def _execute_when_free(db: aiosqlite.Connection, pragma: str) -> None:
    """Run `pragma`, retrying while another connection holds the file, for up to the busy timeout.

    `PRAGMA journal_mode = WAL` on a file not yet in WAL takes its lock without waiting (SQLite
    calls no busy handler there): a process starting on a new file while another creates its tables
    got 'database is locked' at once.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            await db.execute(pragma)
            return
        except sqlite3.OperationalError as exc:
            if exc.sqlite_errorcode != sqlite3.SQLITE_BUSY or time.monotonic() >= deadline:
                raise
        await asyncio.sleep(0.02)


def _read_only_uri(path: Path) -> str:
    """Read-only; immutable too when nothing lies beside the file: SQLite then reads the file alone
    and makes nothing beside it, where a reader of a WAL database otherwise leaves an empty `-wal`
    and `-shm` (a refused copy-db left them beside its target). A `-wal` or `-journal` beside it
    may hold what the file lacks, so it is then read as SQLite reads it."""
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if not any(path.with_name(path.name + side).exists() for side in SIDE_FILES):
        uri += "&immutable=1"
    return uri


async def connect_reader(path: Path | str) -> aiosqlite.Connection:
    """A second connection to a WAL database that only reads (PRAGMA query_only): it reads the
    last committed state while the writing connection writes."""
    db = await _beside_writer(path, "PRAGMA query_only = ON")
    db.row_factory = aiosqlite.Row
    return db


async def connect_checkpointer(path: Path | str) -> aiosqlite.Connection:
    """A connection to a WAL database that only checkpoints it (`bot.db.checkpoint`), syncing as
    the writing connection does (`synchronous = NORMAL`)."""
    return await _beside_writer(path, "PRAGMA synchronous = NORMAL")


async def _beside_writer(path: Path | str, *pragmas: str) -> aiosqlite.Connection:
    """Another connection to the writing connection's WAL database, waiting for its locks as the
    writer does (`BUSY_TIMEOUT_MS`), with `pragmas`; closed if one fails."""
    db = await aiosqlite.connect(str(path), isolation_level=None)
    try:
        for pragma in (f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}", *pragmas):
            await db.execute(pragma)
    except BaseException:
        await db.close()
        raise
    return db


async def schema_version(db: aiosqlite.Connection) -> int:
    async with db.execute("PRAGMA user_version") as cursor:
        row = await cursor.fetchone()
    return int(row[0]) if row else 0


async def check_not_newer(db: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """The database's schema version; MigrationError if a newer release of the bot wrote it.

    Such a database is never downgraded or overwritten: the operator must run the newer code.
    """
    latest = len(load_migrations("sqlite") if migrations is None else migrations)
    current = await schema_version(db)
    if current > latest:
        raise NewerSchemaError(current, latest)
    return current


async def migrate(db: aiosqlite.Connection, migrations: list[Migration] | None = None) -> int:
    """Apply every migration newer than the database, each in its own transaction.

    Which one is next is read inside that transaction, once it holds the write lock: processes
    starting together on a new file all read version 0 before any writes, and each that gets the
    lock after another must find that migration applied, not apply it again ('table users already
    exists'). An up-to-date database is only read.
    """
    migrations = load_migrations("sqlite") if migrations is None else migrations
    if await check_not_newer(db, migrations) == len(migrations):
        return len(migrations)
    while True:
        await db.execute("BEGIN IMMEDIATE")
        try:
            current = await check_not_newer(db, migrations)
            if current == len(migrations):  # another process applied the rest meanwhile
                await db.execute("COMMIT")
                return current
            migration = migrations[current]
            log.info("applying migration %s", migration.name)
            for statement in _statements(migration.sql):
                await db.execute(statement)
            await db.execute(f"PRAGMA user_version = {migration.version}")
            await db.execute("COMMIT")
        except BaseException:
            if db.in_transaction:  # SQLite may have rolled back by itself (disk full, I/O error)
                await db.execute("ROLLBACK")
            raise


def _statements(sql: str) -> list[str]:
    """Split a migration into statements (aiosqlite's executescript would commit on its own)."""
    statements: list[str] = []
    buffer = ""
    for line in sql.splitlines(keepends=True):
        buffer += line
        if sqlite3.complete_statement(buffer):
            if buffer.strip():
                statements.append(buffer.strip())
            buffer = ""
    if buffer.strip() and not buffer.strip().startswith("--"):
        raise MigrationError(f"incomplete SQL statement at the end of a migration: {buffer[:60]!r}")
    return statements
