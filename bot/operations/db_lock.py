"""Whether a bot holds a SQLite database: a lock file beside it, `<database>.lock`.

Every bot process on the file holds a shared `flock` on it for as long as it runs (several shard
processes may share one file); `python -m bot restore` takes it exclusively, so it fails while
any bot runs and a bot cannot start during a restore. The kernel drops a process's locks when it
exits, however it exits (even SIGKILL), so a crashed bot never leaves a stale lock behind; the
file itself stays, empty, and is never deleted (deleting a lock file others may hold is a race).
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from bot.db.database import DatabaseUnavailableError

try:
    import fcntl
except ImportError:  # Windows: no flock (see `supported`)
    fcntl = None  # type: ignore[assignment]


class DatabaseBusyError(RuntimeError):
    """Someone else holds the lock; the message says who and what to do."""


def supported() -> bool:
    """Whether this platform has the POSIX file locks this needs (not Windows)."""
    return fcntl is not None


def lock_path(database: Path) -> Path:
    return database.with_name(database.name + ".lock")


@contextmanager
def running_bot(database: Path) -> Iterator[None]:
    """Held by a running bot, or a backup (shared with the others on the same file)."""
    if str(database) == ":memory:" or fcntl is None:
        yield
        return
    with _locked(database, fcntl.LOCK_SH,
                 f"a restore of {database} is in progress; start the bot when it has finished"):
        yield


@contextmanager
def exclusive(database: Path) -> Iterator[None]:
    """Held by a restore: no bot runs on `database` meanwhile, and none can start."""
    if fcntl is None:
        raise DatabaseBusyError("restore needs POSIX file locks (Linux, macOS) to know that no bot is running")
    with _locked(database, fcntl.LOCK_EX,
                 f"a bot (or a backup) is using {database} (it holds {lock_path(database).name}); stop it first"):
        yield


@contextmanager
def _locked(database: Path, mode: int, busy: str) -> Iterator[None]:
    assert fcntl is not None
    path = lock_path(database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    except OSError as exc:  # a directory that cannot be written, or a place that holds no files (/proc)
        raise DatabaseUnavailableError(
            f"cannot use the SQLite database {database}: cannot create its lock file {path} ({exc.strerror or exc})"
        ) from None
    try:
        try:
            fcntl.flock(fd, mode | fcntl.LOCK_NB)
        except BlockingIOError:
            raise DatabaseBusyError(busy) from None
        yield
    finally:
        os.close(fd)  # closing the descriptor releases the lock
