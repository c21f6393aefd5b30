"""Repository tests run on both backends (`database_url`: a SQLite temp file and a fresh PostgreSQL
schema); the tests of PostgreSQL alone take `url`, a fresh schema of it."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.db.store import Store
from tests.postgres_helpers import database_url, fresh_schema

__all__ = ["database_url", "store", "url"]


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = await Store.open(database_url)
    yield store
    await store.close()


@pytest.fixture
async def url() -> AsyncIterator[str]:
    """A fresh PostgreSQL schema's URL (the test is skipped without a server, failed under CI)."""
    async with fresh_schema() as schema_url:
        yield schema_url
