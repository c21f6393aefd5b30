"""Repository tests run on both backends: a SQLite temp file and a fresh PostgreSQL schema."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.store import Store
from tests.postgres_helpers import fresh_schema


@pytest.fixture(params=["sqlite", "postgres"])
async def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[str]:
    """An empty database of each backend in turn (PostgreSQL skipped, with the reason, without a server)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'repo.db'}"
        return
    async with fresh_schema() as url:
        yield url


@pytest.fixture
async def store(database_url: str) -> AsyncIterator[Store]:
    store = await Store.open(database_url)
    yield store
    await store.close()
