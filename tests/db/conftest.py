"""Repository tests run on both backends (`database_url`: a SQLite temp file and a fresh PostgreSQL schema)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.db.store import Store
from tests.postgres_helpers import database_url

__all__ = ["database_url", "store"]


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = await Store.open(database_url)
    yield store
    await store.close()
