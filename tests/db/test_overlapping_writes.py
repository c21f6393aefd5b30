"""Writes that overlap (PostgreSQL runs them at once; SQLite one after another) still store once."""

from __future__ import annotations

import asyncio
import contextlib
from datetime import UTC, date, datetime, timedelta

from bot.db.logbook_sql import insert_entry
from bot.db.store import Store
from bot.imports import ImportedEntry
from bot.logbook.entries import NewEntry
from bot.logbook.posts import SharedPost
from tests.stored import entry_count

NOW = datetime(2026, 11, 25, 12, tzinfo=UTC)
LATER = NOW + timedelta(minutes=14)
PRESSES = 6


async def test_import_pressed_many_times_at_once_stores_one_batch(store: Store) -> None:
    rows = [ImportedEntry(date(2025, 1, day), "barbell", 3, 10, 100.0, "kg", 8.0, None) for day in (1, 2, 3)]
    await store.imports.put_pending(77, 1, "strong", rows, LATER)
    results = await asyncio.gather(*(store.imports.confirm(77, 1, NOW) for _ in range(PRESSES)))
    assert all(r is not None for r in results)
    fresh = [r for r in results if r is not None and not r.already]
    assert len(fresh) == 1
    assert fresh[0].stored == 3
    assert {r.batch_id for r in results if r is not None} == {fresh[0].batch_id}
    assert await entry_count(store, 1) == 3


async def test_store_anyway_pressed_many_times_at_once_logs_once(store: Store) -> None:
    entry = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 300.0, "kg", 8.0, None)
    await store.pending.put(500, 1, entry, None, LATER)
    results = await asyncio.gather(*(store.pending.confirm(500, 1, NOW) for _ in range(PRESSES)))
    assert len([r for r in results if r is not None]) == 1
    assert await entry_count(store, 1) == 1


async def test_logs_from_several_places_at_once_all_arrive(store: Store) -> None:
    entry = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 100.0, "kg", 8.0, None)
    outcomes = await asyncio.gather(
        *(store.logbook.log(1, lambda _: entry, interaction_id=900 + i % 5, when=NOW, sessions=12) for i in range(10))
    )
    ids = [o.entry_id for o in outcomes]
    assert len({i for i in ids if i is not None}) == 5  # five interactions, each delivered twice
    assert await entry_count(store, 1) == 5


async def test_two_previews_of_one_file_imported_at_once_store_its_sets_once(store: Store) -> None:
    """Each Import locked only its own preview: both read the log before either stored, and both stored the file."""
    rows = [ImportedEntry(date(2025, 1, day), "barbell", 3, 10, 100.0, "kg", 8.0, None) for day in (1, 2, 3)]
    for preview in range(PRESSES):  # /import of the same file, again and again, then every Import pressed at once
        await store.imports.put_pending(80 + preview, 1, "strong", rows, LATER)
    results = await asyncio.gather(*(store.imports.confirm(80 + preview, 1, NOW) for preview in range(PRESSES)))
    assert sorted(r.stored for r in results if r is not None) == [0] * (PRESSES - 1) + [3]
    assert await entry_count(store, 1) == 3


async def test_quiz_verdicts_stored_at_once_leave_one_per_server(store: Store) -> None:
    """Each deleted the member's verdict in the server before storing its own: both found none to delete."""
    guild = 1_300_000_000_000_000_001
    verdicts = ("main-tool", "accessory") * (PRESSES // 2)
    await asyncio.gather(*(store.quiz.record(1, guild, verdict, "v1", NOW) for verdict in verdicts))
    assert len(await store.quiz.verdicts_for_user(1)) == 1


async def test_one_setup_described_at_once_from_two_places_is_one_setup(store: Store) -> None:
    """Each /setup looked for the lifter's setup of those words, found none and added one: the same
    setup twice, the lifter's sets then split between two setups that are never compared."""
    spellings = ("Bench, pad on", "bench, pad ON") * (PRESSES // 2)
    await asyncio.gather(*(store.users.preferences(1) for _ in spellings))  # every connection open
    chosen = await asyncio.gather(*(store.users.set_setup(1, words, NOW) for words in spellings))
    assert len(await store.users.setups(1)) == 1
    assert set(chosen) == {(await store.users.current_setup(1) or (0, ""))[0]}



class _RollBackError(Exception):
    """Raised to roll a held transaction back."""


async def _waits_for_a_lock(store: Store, statement: str) -> None:
    """Until a session of the test's PostgreSQL server waits for a lock in `statement`."""
    for _ in range(200):
        waiting = await store.db.fetchval(
            "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE ?", (f"{statement}%",)
        )
        if waiting:
            return
        await asyncio.sleep(0.01)
    raise AssertionError(f"nothing waited in {statement}")


async def test_store_anyway_and_cancel_at_once_do_not_both_go_ahead(store: Store) -> None:
    """Store anyway read the waiting entry, Cancel deleted it meanwhile, and Store anyway stored it
    all the same: the lifter was told "Nothing was stored" over an entry in their log."""
    entry = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 300.0, "kg", 8.0, None)
    await store.pending.put(500, 1, entry, None, LATER)
    if store.db.dialect == "sqlite":  # one writer at a time: they cannot overlap
        stored, cancelled = await asyncio.gather(store.pending.confirm(500, 1, NOW), store.pending.discard(500, 1))
    else:
        # Held where they overlap: Store anyway has read the entry and waits to insert it (an entry
        # of the same interaction, not committed, is in its way) when Cancel comes.
        with contextlib.suppress(_RollBackError):
            async with store.db.transaction() as held:
                await insert_entry(held, 1, entry, None, 500, NOW)
                storing = asyncio.create_task(store.pending.confirm(500, 1, NOW))
                await _waits_for_a_lock(store, "INSERT INTO entries")
                cancelling = asyncio.create_task(store.pending.discard(500, 1))
                await asyncio.sleep(0.2)  # Cancel's delete reaches the server (and waits, if locked out)
                raise _RollBackError  # the entry in the way goes: Store anyway goes on
        stored, cancelled = await storing, await cancelling
    assert (stored is None) == cancelled
    assert await entry_count(store, 1) == (0 if cancelled else 1)


async def test_forgetme_and_a_shared_post_kept_at_once_leave_no_post_untold(store: Store) -> None:
    """A shared /log learns its post's id after storing the entry, and keeps it then (record_post).
    /forgetme read the lifter's posts, and a post kept before its deletes reached the entries went
    with them unread: the channel's post kept saying "Logged …" and no one was told to mark it."""
    entry = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 100.0, "kg", 8.0, None)
    async with store.db.transaction() as tx:
        await insert_entry(tx, 1, entry, None, 600, NOW)
    await store.pending.put(700, 1, entry, None, LATER)  # a row forget deletes before the entries
    post = SharedPost(10, 20, 30)
    if store.db.dialect == "sqlite":  # one writer at a time: they cannot overlap
        forgotten, kept = await asyncio.gather(store.privacy.forget(1), store.entries.record_post(1, 600, post))
    else:
        # Held where they overlapped: forget has read the posts (none) and waits to delete the
        # pending row a held transaction locks, when the post is kept.
        with contextlib.suppress(_RollBackError):
            async with store.db.transaction() as held:
                await held.fetchall("SELECT interaction_id FROM pending_logs WHERE user_id = ? FOR UPDATE", (1,))
                forgetting = asyncio.create_task(store.privacy.forget(1))
                await _waits_for_a_lock(store, "DELETE FROM pending_logs")
                keeping = asyncio.create_task(store.entries.record_post(1, 600, post))
                await asyncio.sleep(0.2)  # the post's record reaches the server (and waits, if locked out)
                raise _RollBackError
        forgotten, kept = await forgetting, await keeping
    told = [kept.post for kept in forgotten.posts] == [post]  # forget read it, and marks the post
    assert told or not kept  # or record_post found the entry gone, and its caller marks the post
    assert await entry_count(store, 1) == 0


async def test_two_forgetmes_at_once_keep_each_post_to_mark_once(store: Store) -> None:
    """Each keeps the posts it read to mark: two reading the same posts would keep each twice."""
    entry = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 100.0, "kg", 8.0, None)
    for key in (600, 601):
        async with store.db.transaction() as tx:
            await insert_entry(tx, 1, entry, None, key, NOW)
        assert await store.entries.record_post(1, key, SharedPost(10, 20, key))
    results = await asyncio.gather(*(store.privacy.forget(1) for _ in range(PRESSES)))
    assert sorted(len(r.posts) for r in results) == [0] * (PRESSES - 1) + [2]
    assert sorted(r.counts["log entries"] for r in results) == [0] * (PRESSES - 1) + [2]
    assert await store.db.fetchval("SELECT COUNT(*) FROM posts_to_mark") == 2
