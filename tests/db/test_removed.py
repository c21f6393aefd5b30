"""Entries the lifter deleted or edited are remembered, and a later import leaves them out (bot/db/removed.py)."""

from __future__ import annotations

import dataclasses
from datetime import date, timedelta

from bot.db.store import Store
from bot.imports import LeftOut
from bot.logbook.entries import Entry, NewEntry
from cogs.logbook.render import edited_post_text
from tests.db.test_imports import NOW, entry, imported
from tests.stored import add_entry, delete_entry, entries_of, entry_count


async def removed_rows(store: Store, user_id: int) -> list[tuple[object, ...]]:
    rows = await store.db.fetchall(
        "SELECT performed_on, variant, sets, reps, weight, unit, batch_id FROM removed_entries WHERE user_id = ?"
        " ORDER BY id",
        (user_id,),
    )
    return [tuple(row) for row in rows]


async def edited(store: Store, user_id: int, entry: Entry, **changes: object) -> bool:
    """Edit the entry as /history's Edit saves it (`edit_told`): whether it was saved."""
    saved, post = await store.entries.edit_told(user_id, entry.id, dataclasses.replace(entry, **changes), NOW,
                                                post_text=edited_post_text)
    assert post is None  # none of these entries was posted in a channel
    return saved


async def test_a_deleted_imported_entry_is_not_imported_again(store):
    first = await imported(store, 1, "strong", [entry(1), entry(2)])
    [one, _] = await entries_of(store, 1)
    assert await delete_entry(store, 1, one.id)
    assert not await delete_entry(store, 1, one.id)  # already gone: remembered once
    assert await removed_rows(store, 1) == [("2025-01-01", "barbell", 3, 10, 100.0, "kg", first.batch_id)]
    again = await imported(store, 1, "strong", [entry(1), entry(2), entry(3)])
    assert (again.stored, again.left_out) == (1, LeftOut(in_log=1, removed=1))
    assert [e.performed_on.day for e in await entries_of(store, 1)] == [2, 3]


async def test_an_edited_entry_comes_back_neither_as_it_was_nor_twice(store):
    await imported(store, 1, "hevy", [entry(1)])
    [stored] = await entries_of(store, 1)
    assert await edited(store, 1, stored, weight=102.5)
    again = await imported(store, 1, "hevy", [entry(1)])
    assert (again.batch_id, again.left_out) == (None, LeftOut(removed=1))
    assert [e.weight for e in await entries_of(store, 1)] == [102.5]


async def test_an_edit_of_the_rpe_or_note_alone_removes_no_set(store):
    await imported(store, 1, "hevy", [entry(1)])
    [stored] = await entries_of(store, 1)
    assert await edited(store, 1, stored, rpe=9.5, note="hips sore")
    assert await removed_rows(store, 1) == []
    assert (await imported(store, 1, "hevy", [entry(1)])).left_out == LeftOut(in_log=1)


async def test_an_edit_that_drops_a_set_keeps_the_file_from_adding_it_back(store):
    await imported(store, 1, "strong", [entry(1)])
    [stored] = await entries_of(store, 1)
    assert await edited(store, 1, stored, sets=2)
    again = await imported(store, 1, "strong", [entry(1)])
    assert (again.batch_id, again.left_out) == (None, LeftOut(removed=1))
    assert [e.sets for e in await entries_of(store, 1)] == [2]
    assert [row[2] for row in await removed_rows(store, 1)] == [1]  # the one set taken off, not all three


async def test_an_edit_that_adds_a_set_removes_none(store):
    """A set logged in chat, edited to two: the file's third set is still imported."""
    one = NewEntry(date(2025, 1, 1), "barbell", 1, 10, 100.0, "kg", None, None)
    assert await add_entry(store, 1, one, setup_id=None, interaction_id=None, when=NOW) is not None
    [stored] = await entries_of(store, 1)
    assert await edited(store, 1, stored, sets=2)
    assert await removed_rows(store, 1) == []
    again = await imported(store, 1, "strong", [entry(1)])  # 3 × 10 @ 100 kg that day
    assert again.stored == 1
    assert again.left_out.partly_sets == 2
    assert sorted(e.sets for e in await entries_of(store, 1)) == [1, 2]


async def test_a_deleted_log_entry_is_not_brought_back_by_an_import_of_an_export(store):
    logged = NewEntry(date(2025, 1, 1), "barbell", 3, 10, 100.0, "kg", 8.0, "felt heavy")
    entry_id = await add_entry(store, 1, logged, setup_id=None, interaction_id=5, when=NOW)
    assert entry_id is not None
    assert await delete_entry(store, 1, entry_id)
    assert await removed_rows(store, 1) == [("2025-01-01", "barbell", 3, 10, 100.0, "kg", None)]  # no note kept
    again = await imported(store, 1, "hipthrust", [entry(1, note="felt heavy")])
    assert (again.batch_id, again.left_out) == (None, LeftOut(removed=1))


async def test_import_undo_forgets_what_was_removed_from_that_import(store):
    await add_entry(store, 1, NewEntry(date(2025, 1, 9), "barbell", 1, 5, 60.0, "kg", None, None),
                    setup_id=None, interaction_id=6, when=NOW)  # fmt: skip
    batch = await imported(store, 1, "strong", [entry(1), entry(2), entry(9)])
    _, first, second, ninth = await entries_of(store, 1)  # the logged one first
    assert await delete_entry(store, 1, first.id)
    assert await edited(store, 1, second, reps=8)
    assert await delete_entry(store, 1, ninth.id)
    assert batch.batch_id is not None
    assert await store.imports.delete(1, batch.batch_id) == 1
    assert await removed_rows(store, 1) == []
    again = await imported(store, 1, "strong", [entry(1), entry(2), entry(9)])
    assert (again.stored, again.left_out) == (3, LeftOut())


async def test_removals_of_the_log_outside_imports_stay_after_import_undo(store):
    logged = NewEntry(date(2025, 1, 1), "barbell", 3, 10, 100.0, "kg", 8.0, None)
    entry_id = await add_entry(store, 1, logged, setup_id=None, interaction_id=7, when=NOW)
    assert entry_id is not None
    assert await delete_entry(store, 1, entry_id)
    batch = await imported(store, 1, "strong", [entry(2)])
    assert batch.batch_id is not None
    await store.imports.delete(1, batch.batch_id)
    assert len(await removed_rows(store, 1)) == 1


async def test_another_users_removals_do_not_count(store):
    await imported(store, 2, "strong", [entry(1)])
    [theirs] = await entries_of(store, 2)
    assert not await delete_entry(store, 1, theirs.id)
    assert not await edited(store, 1, theirs, reps=8)
    assert await removed_rows(store, 1) == []
    assert await delete_entry(store, 2, theirs.id)
    assert (await imported(store, 1, "strong", [entry(1)])).stored == 1
    assert await entry_count(store, 2) == 0


async def test_forget_deletes_what_was_removed(store):
    await imported(store, 1, "strong", [entry(1)])
    logged = NewEntry(date(2025, 1, 5), "barbell", 1, 10, 100.0, "kg", None, None)
    entry_id = await add_entry(store, 1, logged, setup_id=None, interaction_id=8, when=NOW)
    assert entry_id is not None
    for e in await entries_of(store, 1):
        assert await delete_entry(store, 1, e.id)
    counts = (await store.privacy.forget(1)).counts
    assert counts["deletions and edits kept out of imports"] == 2
    assert await removed_rows(store, 1) == []
    assert (await imported(store, 1, "strong", [entry(1)])).stored == 1


async def test_an_edit_saved_from_its_did_you_mean_question_is_remembered_too(store):
    """An Edit whose load asked first is saved by `pending.confirm_edit`, not `entries.edit_told`."""
    await imported(store, 1, "strong", [entry(1)])
    [stored] = await entries_of(store, 1)
    fields = {f.name: getattr(stored, f.name) for f in dataclasses.fields(NewEntry)}
    tenfold = NewEntry(**{**fields, "weight": 1000.0})
    assert await store.pending.put(7, 1, tenfold, None, NOW + timedelta(minutes=14), edits=stored)
    answered = await store.pending.confirm_edit(7, 1, NOW, post_text=edited_post_text)
    assert answered is not None
    assert answered.saved
    assert [row[:6] for row in await removed_rows(store, 1)] == [("2025-01-01", "barbell", 3, 10, 100.0, "kg")]
    again = await imported(store, 1, "strong", [entry(1)])
    assert again.left_out == LeftOut(removed=1)


async def test_forget_counts_an_entry_edited_then_deleted_as_two_removals(store):
    """/forgetme's "deletions and edits kept out of imports" counts what was remembered."""
    await imported(store, 1, "strong", [entry(1)])
    [stored] = await entries_of(store, 1)
    assert await edited(store, 1, stored, sets=2)  # one set off
    assert await delete_entry(store, 1, stored.id)  # the two left
    assert [row[2] for row in await removed_rows(store, 1)] == [1, 2]
    counts = (await store.privacy.forget(1)).counts
    assert counts["deletions and edits kept out of imports"] == 2
