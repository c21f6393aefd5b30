"""Fixtures shared by the guide cog's tests."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.store import Store


@pytest.fixture
async def store(tmp_path: Path) -> AsyncIterator[Store]:
    """The bot's database: the guide reads each server's settings from it."""
    opened = await Store.open(tmp_path / "guide.db")
    yield opened
    await opened.close()
