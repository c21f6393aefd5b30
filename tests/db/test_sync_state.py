from datetime import UTC, datetime

from bot.db.store import Store


async def test_round_trip_keyed_by_place(database_url):
    store = await Store.open(database_url)
    now = datetime(2026, 1, 1, tzinfo=UTC)
    repo = store.sync_state
    assert await repo.get_hash("http://a/api/v10", 1, "global") is None
    await repo.record("http://a/api/v10", 1, "global", "h1", now)
    await repo.record("http://a/api/v10", 1, "global", "h2", now)
    assert await repo.get_hash("http://a/api/v10", 1, "global") == "h2"
    assert await repo.get_hash("http://b/api/v10", 1, "global") is None
    assert await repo.get_hash("http://a/api/v10", 2, "global") is None
    assert await repo.get_hash("http://a/api/v10", 1, "guild:5") is None
    await store.close()
    reopened = await Store.open(database_url)
    assert await reopened.sync_state.get_hash("http://a/api/v10", 1, "global") == "h2"
    await reopened.close()
