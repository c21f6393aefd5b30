"""Where an entry was posted in a server channel (`record_post`, `shared_posts`): kept by the key
the entry was stored under, read only by its lifter, and gone with the entry. Both engines."""

import asyncio
from dataclasses import replace
from datetime import UTC, date, datetime

import pytest

from bot.db.store import Store
from bot.logbook.describe import deleted_text
from bot.logbook.edits import EditedSinceError, form_stamp
from bot.logbook.entries import NewEntry
from bot.logbook.posts import PostRewrite, SharedPost
from cogs.logbook.render import edited_post_text
from tests.stored import add_entry, delete_entry

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
KEY = 1_300_000_000_000_000_001  # the /log's interaction id (or the chat line's message id)
POST = SharedPost(guild_id=1_200_000_000_000_000_001, channel_id=1_200_000_000_000_000_002,
                  message_id=1_300_000_000_000_000_009)
DELETED = "Deleted: 2026-11-20 · 3 × 10 @ 100 kg · barbell."  # what the post becomes


async def logged(store: Store, user_id: int = 1, key: int | None = KEY) -> int:
    entry = NewEntry(performed_on=date(2026, 11, 20), variant="barbell", sets=3, reps=10, weight=100.0, unit="kg",
                     rpe=None, note=None)
    entry_id = await add_entry(store, user_id, entry, setup_id=None, interaction_id=key, when=WHEN)
    assert entry_id is not None
    return entry_id


async def posts(store: Store, user_id: int) -> dict[int, SharedPost]:
    """The user's shared posts by entry id, as /forgetme reads them (`shared_posts`)."""
    return {entry.id: post for post, entry in await store.entries.shared_posts(user_id)}


async def test_a_post_is_kept_by_the_key_of_its_entry_and_read_by_its_lifter_only(store):
    mine = await logged(store)
    await logged(store, key=KEY + 1)  # logged, never shared
    assert not await store.entries.record_post(2, KEY, POST)  # someone else's key: nothing kept
    assert await posts(store, 1) == {}
    assert await store.entries.record_post(1, KEY, POST)
    assert await store.entries.record_post(1, KEY, SharedPost(1, 2, 3))  # kept once: the first post stays
    assert not await store.entries.record_post(1, KEY + 5, POST)  # no entry under that key (deleted meanwhile)
    assert await posts(store, 1) == {mine: POST}  # the entry never shared has none
    assert POST.link == "https://discord.com/channels/1200000000000000001/1200000000000000002/1300000000000000009"
    assert await posts(store, 2) == {}
    assert await store.db.fetchval("SELECT COUNT(*) FROM entry_posts") == 1


async def test_the_post_goes_with_its_entry(store):
    entry_id = await logged(store)
    await store.entries.record_post(1, KEY, POST)
    assert await delete_entry(store, 1, entry_id)
    assert await posts(store, 1) == {}
    assert await store.db.fetchval("SELECT COUNT(*) FROM entry_posts") == 0
    await logged(store, key=KEY + 1)
    await store.entries.record_post(1, KEY + 1, POST)
    gone = await store.privacy.forget(1)  # /forgetme
    assert [(kept.post, kept.content) for kept in gone.posts] == [(POST, DELETED)]  # for the cog to mark
    assert await store.db.fetchval("SELECT COUNT(*) FROM entry_posts") == 0
    assert await store.post_rewrites.waiting() == gone.posts  # kept with the deletes, until marked


async def test_delete_told_deletes_the_entry_and_gives_it_back_with_its_post_once(store):
    mine = await logged(store)
    unshared = await logged(store, key=KEY + 1)
    await store.entries.record_post(1, KEY, POST)
    as_stored = await store.entries.get(1, mine)
    assert as_stored is not None
    assert await store.entries.delete_told(2, mine) == (None, None)  # someone else's entry: untouched
    entry, kept = await store.entries.delete_told(1, mine)
    assert entry == as_stored
    assert kept is not None
    assert (kept.post, kept.content) == (POST, DELETED)
    assert await store.entries.get(1, mine) is None
    assert await store.entries.delete_told(1, mine) == (None, None)  # gone already
    assert await store.db.fetchval("SELECT COUNT(*) FROM entry_posts") == 0
    never_shared = await store.entries.get(1, unshared)
    assert never_shared is not None
    assert await store.entries.delete_told(1, unshared) == (never_shared, None)
    assert await store.db.fetchval("SELECT COUNT(*) FROM removed_entries WHERE user_id = 1") == 2  # not imported again


async def test_delete_told_by_interaction_finds_the_entry_by_the_key_it_was_stored_under(store):
    mine = await logged(store)
    await store.entries.record_post(1, KEY, POST)
    as_stored = await store.entries.get(1, mine)
    assert as_stored is not None
    assert await store.entries.delete_told_by_interaction(2, KEY) == (None, None)  # scoped by user
    assert await store.entries.delete_told_by_interaction(1, mine) == (None, None)  # an entry id is not a key
    entry, kept = await store.entries.delete_told_by_interaction(1, KEY)
    assert entry == as_stored
    assert kept is not None
    assert (kept.post, kept.content) == (POST, DELETED)
    assert await store.entries.delete_told_by_interaction(1, KEY) == (None, None)  # gone already
    assert await store.db.fetchval("SELECT COUNT(*) FROM entries") == 0
    assert await store.post_rewrites.waiting() == [kept]  # one mark: the second delete found nothing


async def test_a_deleted_entrys_post_is_kept_to_mark_until_it_is_marked(store):
    """Its entry_posts row goes with the entry: the post and its "Deleted: …" are kept in the
    delete's transaction, for a process that dies before the edit to leave to the next one."""
    first, second = await logged(store), await logged(store, key=KEY + 1)
    await store.entries.record_post(1, KEY, POST)
    await store.entries.record_post(1, KEY + 1, replace(POST, message_id=POST.message_id + 1))
    _, kept = await store.entries.delete_told(1, first)
    _, later = await store.entries.delete_told(1, second)
    assert kept is not None
    assert later is not None
    assert await store.post_rewrites.waiting() == [kept, later]  # oldest first
    assert await store.post_rewrites.waiting(after=kept.id) == [later]
    assert await store.post_rewrites.waiting(limit=1) == [kept]
    await store.post_rewrites.done(kept.id, kept.content)
    assert await store.post_rewrites.waiting() == [later]


async def test_two_deletes_at_once_give_the_entry_back_once(store):
    """Two presses of Delete at once (PostgreSQL runs them together): one is told what it deleted."""
    mine = await logged(store)
    as_stored = await store.entries.get(1, mine)
    told = await asyncio.gather(store.entries.delete_told(1, mine), store.entries.delete_told_by_interaction(1, KEY))
    assert sorted(told, key=lambda pair: pair[0] is None) == [(as_stored, None), (None, None)]
    assert await store.db.fetchval("SELECT COUNT(*) FROM removed_entries") == 1


async def test_edit_told_edits_the_entry_and_keeps_its_post_with_the_text_it_is_to_show(store):
    """The post's new text is kept in the edit's own transaction: a process that dies before it
    rewrites the post leaves the row for the next one (cogs.logbook.rewriting)."""
    mine = await logged(store)
    unshared = await logged(store, key=KEY + 1)
    await store.entries.record_post(1, KEY, POST)
    heavier = NewEntry(performed_on=date(2026, 11, 20), variant="barbell", sets=3, reps=10, weight=105.0, unit="kg",
                       rpe=None, note=None)
    assert await store.entries.edit_told(2, mine, heavier, WHEN,
                                         post_text=edited_post_text) == (False, None)  # someone else's entry: untouched
    assert (await store.entries.get(1, mine)).weight == 100.0
    saved, kept = await store.entries.edit_told(1, mine, heavier, WHEN, post_text=edited_post_text)
    now = await store.entries.get(1, mine)
    assert (saved, now.weight) == (True, 105.0)
    assert kept == PostRewrite(kept.id, POST, edited_post_text(now))
    assert await store.post_rewrites.waiting() == [kept]
    assert await store.entries.edit_told(1, unshared, heavier, WHEN, post_text=edited_post_text) == (True, None)
    assert await store.db.fetchval("SELECT COUNT(*) FROM entry_posts") == 1  # an edit keeps its post


async def test_one_text_a_post_waits_and_the_later_one_wins(store):
    """Two edits, then a delete, of one entry before its post was rewritten: one row for the post,
    holding the latest text; a rewrite into an older text leaves the later one waiting."""
    mine = await logged(store)
    await store.entries.record_post(1, KEY, POST)
    was = await store.entries.get(1, mine)
    _, first = await store.entries.edit_told(1, mine, replace(was, weight=105.0), WHEN, post_text=edited_post_text)
    _, second = await store.entries.edit_told(1, mine, replace(was, weight=110.0), WHEN, post_text=edited_post_text)
    assert first.id == second.id
    assert "110 kg" in second.content
    assert await store.post_rewrites.waiting() == [second]
    await store.post_rewrites.done(first.id, first.content)  # the first edit's rewrite, done late
    assert await store.post_rewrites.content(first.id) == second.content  # the later text still waits
    entry, deleted = await store.entries.delete_told(1, mine)
    assert await store.post_rewrites.waiting() == [deleted]
    assert deleted.content == deleted_text(entry)
    await store.post_rewrites.done(deleted.id, deleted.content)
    assert await store.post_rewrites.waiting() == []
    assert await store.post_rewrites.content(deleted.id) is None


async def test_delete_told_given_a_stamp_deletes_only_the_entry_as_the_lifter_was_shown_it(store):
    """A confirmation carries the entry's edit stamp (`form_stamp`): confirmed after an edit
    elsewhere, it deletes nothing, and the entry comes back as it is now, for the question again."""
    mine = await logged(store)
    await store.entries.record_post(1, KEY, POST)
    shown = await store.entries.get(1, mine)
    assert shown is not None
    assert (await store.entries.edit_told(1, mine, replace(shown, weight=105.0), WHEN, post_text=edited_post_text))[0]
    now = await store.entries.get(1, mine)
    assert now is not None
    with pytest.raises(EditedSinceError) as since:
        await store.entries.delete_told(1, mine, stamp=form_stamp(shown))
    assert since.value.entry == now
    assert await store.entries.get(1, mine) == now
    assert await store.db.fetchval("SELECT weight FROM removed_entries") == 100  # the edit's, no delete's
    assert await store.entries.delete_told(2, mine, stamp=form_stamp(now)) == (None, None)  # scoped by user
    entry, kept = await store.entries.delete_told(1, mine, stamp=form_stamp(now))
    assert entry == now
    assert kept is not None
    assert (kept.post, kept.content) == (POST, "Deleted: 2026-11-20 · 3 × 10 @ 105 kg · barbell.")  # as now
    assert await store.entries.delete_told(1, mine, stamp=form_stamp(now)) == (None, None)  # gone already
