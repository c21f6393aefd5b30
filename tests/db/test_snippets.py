"""SnippetsRepository on a real temporary SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from bot.db.store import Store
from bot.snippets.model import State

WHEN = datetime(2026, 3, 1, 12, tzinfo=UTC)
LATER = WHEN + timedelta(hours=1)


async def pin(store: Store, message_id: int, *, guild: int = 10, channel: int = 20, by: int | None = 7):
    return await store.snippets.add(
        guild_id=guild,
        channel_id=channel,
        message_id=message_id,
        section_id="quick-answer",
        content_version="v1",
        pinned_by=by,
        when=WHEN,
    )


async def test_add_records_everything_and_reads_back(store: Store) -> None:
    s = await pin(store, 100)
    assert (s.guild_id, s.channel_id, s.message_id) == (10, 20, 100)
    assert (s.section_id, s.content_version, s.pinned_by) == ("quick-answer", "v1", 7)
    assert s.pinned_at == WHEN
    assert s.state is State.PINNED
    assert s.state_changed_at is None
    assert await store.snippets.get(10, s.id) == s


async def test_snippets_are_scoped_by_server(store: Store) -> None:
    mine = await pin(store, 100)
    await pin(store, 101, guild=11)
    assert await store.snippets.get(11, mine.id) is None
    assert [s.message_id for s in await store.snippets.for_guild(10)] == [100]


async def test_for_guild_is_newest_first_and_pinned_in_guild_only_pinned(store: Store) -> None:
    a = await pin(store, 100)
    b = await pin(store, 101)
    c = await pin(store, 102)
    await store.snippets.set_state([b.id], State.REMOVED, LATER)
    assert [s.id for s in await store.snippets.for_guild(10)] == [c.id, b.id, a.id]
    assert [s.id for s in await store.snippets.pinned_in_guild(10)] == [c.id, a.id]


async def test_live_in_channel_is_one_channel_of_one_server_live_only_newest_first(store: Store) -> None:
    a = await pin(store, 100)
    by_hand = await pin(store, 101)
    removed = await pin(store, 102)
    gone = await pin(store, 103)
    await pin(store, 104, channel=21)
    await pin(store, 105, guild=11)
    await store.snippets.set_state([by_hand.id], State.UNPINNED, LATER)
    await store.snippets.set_state([removed.id], State.REMOVED, LATER)
    await store.snippets.set_state([gone.id], State.GONE, LATER)
    assert [s.id for s in await store.snippets.live_in_channel(10, 20)] == [by_hand.id, a.id]
    assert await store.snippets.live_in_channel(11, 21) == []


async def test_set_state_records_when_and_counts_only_changes(store: Store) -> None:
    s = await pin(store, 100)
    assert await store.snippets.set_state([s.id], State.UNPINNED, LATER) == 1
    assert await store.snippets.set_state([s.id], State.UNPINNED, LATER) == 0
    after = await store.snippets.get(10, s.id)
    assert after is not None
    assert (after.state, after.state_changed_at) == (State.UNPINNED, LATER)
    assert await store.snippets.set_state([], State.GONE, LATER) == 0


async def test_deleted_messages_mark_live_snippets_gone_but_keep_removed_ones(store: Store) -> None:
    live = await pin(store, 100)
    by_hand = await pin(store, 101)
    removed = await pin(store, 102)
    other = await pin(store, 103)
    await store.snippets.set_state([by_hand.id], State.UNPINNED, WHEN)
    await store.snippets.set_state([removed.id], State.REMOVED, WHEN)
    assert await store.snippets.mark_messages_gone([100, 101, 102, 999], LATER) == 2
    states = {s.id: s.state for s in await store.snippets.for_guild(10)}
    assert states == {live.id: State.GONE, by_hand.id: State.GONE, removed.id: State.REMOVED, other.id: State.PINNED}


async def test_bulk_delete_of_many_ids(store: Store) -> None:
    await pin(store, 5)
    ids = [*range(1000, 2200), 5]  # more than one chunk of bound parameters
    assert await store.snippets.mark_messages_gone(ids, LATER) == 1


async def test_deleted_channel_marks_its_snippets_gone(store: Store) -> None:
    await pin(store, 100, channel=20)
    await pin(store, 101, channel=20)
    kept = await pin(store, 102, channel=21)
    assert await store.snippets.mark_channel_gone(20, LATER) == 2
    assert [s.id for s in await store.snippets.pinned_in_guild(10)] == [kept.id]


async def test_set_version_after_refresh(store: Store) -> None:
    s = await pin(store, 100)
    await store.snippets.set_version(s.id, "v2")
    after = await store.snippets.get(10, s.id)
    assert after is not None
    assert after.content_version == "v2"


async def test_forgetme_removes_the_pinners_id_and_keeps_the_record(store: Store) -> None:
    mine = await pin(store, 100, by=7)
    theirs = await pin(store, 101, by=8)
    gone = await store.privacy.forget(7)
    assert gone.counts["snippet records with your id removed"] == 1
    assert [s.id for s in gone.pinned] == [mine.id]  # its footer names them: the cog edits it
    forgotten = await store.snippets.get(10, mine.id)
    assert forgotten is not None
    assert forgotten.pinned_by is None
    assert forgotten.message_id == 100  # the audit record stays
    assert await store.db.fetchval("SELECT COUNT(*) FROM snippets WHERE pinned_by = 7") == 0
    kept = await store.snippets.get(10, theirs.id)
    assert kept is not None
    assert kept.pinned_by == 8
