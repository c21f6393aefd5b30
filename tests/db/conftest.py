import pytest

from bot.db.store import Store


@pytest.fixture
async def store(tmp_path):
    store = await Store.open(tmp_path / "repo.db")
    yield store
    await store.close()
