from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.db.store import Store
from tests.cogs.snippets.env import Setup
from tests.cogs.snippets.fakes import World


@pytest.fixture
async def env(tmp_path: Path) -> AsyncIterator[Setup]:
    """A fake server with two channels, a real temporary database and the snippet cog."""
    store = await Store.open(tmp_path / "snippets.db")
    setup = Setup(store, World())
    yield setup
    await setup.bot.close()
    await store.close()
