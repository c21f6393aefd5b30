"""Which command and server a log line belongs to, for LOG_FORMAT=json.

The tree sets it as it takes a command; every line logged while the command's task runs (and in
tasks it starts, which copy the context) then carries them, whichever module logs it.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class LogContext:
    command: str | None = None
    guild: int | None = None


NONE = LogContext()
_current: ContextVar[LogContext | None] = ContextVar("hipthrust_log_context", default=None)


@contextmanager
def within(command: str | None, guild: int | None) -> Iterator[None]:
    """Mark what the current task (a command's handler) logs until the block ends."""
    token = _current.set(LogContext(command, guild))
    try:
        yield
    finally:
        _current.reset(token)


def current() -> LogContext:
    """The command and server of the task logging now (both None outside a command)."""
    return _current.get() or NONE
