"""Trips to SQLite's threads, counted: what a click costs the database, for tests that hold it to one."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import aiosqlite
import pytest


def count_trips(monkeypatch: pytest.MonkeyPatch) -> list[Callable[..., Any]]:
    """From now on, every call aiosqlite queues for one of its connection threads (a lone query, a
    write, a whole `Database.run` job) is appended to the list returned. `Connection._execute` is
    the one door all of them go through (bot.db.sqlite._on_thread relies on it too)."""
    trips: list[Callable[..., Any]] = []
    queue = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
        trips.append(fn)
        return await queue(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return trips
