"""An Edit from /history that waits for "Did you mean …?": kept in pending_logs under the form's
submit, saved over its entry once, never over an entry deleted or edited since; and the load it
is compared with (`load_near`). Both engines."""

import asyncio
from datetime import UTC, date, datetime, timedelta

from bot.db.store import Store
from bot.logbook.edits import SessionLoad
from bot.logbook.entries import Entry, NewEntry
from bot.logbook.posts import PostRewrite, SharedPost
from cogs.logbook.render import edited_post_text
from tests.stored import add_entry, delete_entry, entry_count

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
LATER = WHEN + timedelta(minutes=14)
SUBMIT = 1_300_000_000_000_000_007  # the Edit form's submit: the key the question waits under
POST = SharedPost(guild_id=1_200_000_000_000_000_001, channel_id=1_200_000_000_000_000_002,
                  message_id=1_300_000_000_000_000_009)


def entry(weight: float = 100.0, day: date = date(2026, 11, 20), variant: str = "barbell") -> NewEntry:
    return NewEntry(performed_on=day, variant=variant, sets=3, reps=10, weight=weight, unit="kg", rpe=8.0,
                    note="kept")


async def stored(store: Store, new: NewEntry, user_id: int = 1) -> Entry:
    entry_id = await add_entry(store, user_id, new, setup_id=None, interaction_id=None, when=WHEN)
    assert entry_id is not None
    found = await store.entries.get(user_id, entry_id)
    assert found is not None
    return found


async def ask(store: Store, was: Entry, weight: float, *, offered: float | None = None, key: int = SUBMIT) -> bool:
    corrected = None if offered is None else entry(offered)
    return await store.pending.put(key, 1, entry(weight), None, LATER, corrected=corrected, edits=was)


async def test_an_edit_is_saved_over_its_entry_once(store):
    was = await stored(store, entry(100))
    assert await ask(store, was, 1000, offered=100) is True
    assert await ask(store, was, 900) is False  # a redelivered submit
    assert (await store.entries.get(1, was.id)).weight == 100.0  # nothing changed while it waits
    assert await store.pending.confirm(SUBMIT, 1, WHEN) is None  # /log's Store anyway never adds it
    assert await store.pending.confirm_edit(SUBMIT, 2, WHEN, post_text=edited_post_text) is None  # someone else's
    answered = await store.pending.confirm_edit(SUBMIT, 1, WHEN, post_text=edited_post_text)
    assert (answered.entry_id, answered.was, answered.saved) == (was.id, was, True)
    now = await store.entries.get(1, was.id)
    assert (now.weight, now.note, now.edited_at) == (1000.0, "kept", WHEN)
    assert (answered.entry, answered.post) == (now, None)  # as saved, without reading it again; never posted
    assert await store.pending.confirm_edit(SUBMIT, 1, WHEN, post_text=edited_post_text) is None  # answered already
    assert await entry_count(store, 1) == 1


async def test_the_weight_offered_is_saved_instead_of_the_one_typed(store):
    was = await stored(store, entry(100))
    await ask(store, was, 1050, offered=105)
    await ask(store, was, 1050, key=SUBMIT + 1)  # nothing offered: Store 105 kg cannot reach it
    assert await store.pending.confirm_edit(SUBMIT + 1, 1, WHEN, corrected=True, post_text=edited_post_text) is None
    assert (await store.pending.confirm_edit(SUBMIT, 1, WHEN, corrected=True, post_text=edited_post_text)).saved
    assert (await store.entries.get(1, was.id)).weight == 105.0


async def test_an_entry_edited_or_deleted_since_the_question_is_left_as_it_is(store):
    was = await stored(store, entry(100))
    await ask(store, was, 1000)
    await ask(store, was, 10, key=SUBMIT + 1)  # a second form open on the same entry
    assert await store.entries.edit_told(1, was.id, entry(102.5), WHEN + timedelta(seconds=1),
                                         post_text=edited_post_text) == (True, None)
    meanwhile = await store.entries.get(1, was.id)
    answered = await store.pending.confirm_edit(SUBMIT, 1, WHEN + timedelta(seconds=2), post_text=edited_post_text)
    assert (answered.was, answered.saved, answered.entry) == (meanwhile, False, meanwhile)
    assert await store.entries.get(1, was.id) == meanwhile
    assert await store.pending.confirm_edit(SUBMIT, 1, WHEN,
                                            post_text=edited_post_text) is None  # the stale question is gone too

    await delete_entry(store, 1, was.id)
    answered = await store.pending.confirm_edit(SUBMIT + 1, 1, WHEN + timedelta(seconds=3), post_text=edited_post_text)
    assert (answered.entry_id, answered.was, answered.saved, answered.entry) == (was.id, None, False, None)
    assert await entry_count(store, 1) == 0


async def test_the_weight_offered_when_the_entry_holds_it_already_writes_nothing(store):
    was = await stored(store, entry(82.5))
    await ask(store, was, 825, offered=82.5)  # 825 for the 82.5 it is: "Store 82.5 kg" changes nothing
    answered = await store.pending.confirm_edit(SUBMIT, 1, WHEN, corrected=True, post_text=edited_post_text)
    assert (answered.was, answered.saved, answered.unchanged, answered.entry) == (was, False, True, was)
    assert await store.entries.get(1, was.id) == was  # no edit stamp
    assert (await store.entries.get(1, was.id)).edited_at is None
    assert await store.pending.confirm_edit(SUBMIT, 1, WHEN, corrected=True,
                                            post_text=edited_post_text) is None  # answered
    await ask(store, was, 825, offered=82.5, key=SUBMIT + 1)
    # Edited elsewhere meanwhile: stale, not unchanged.
    assert await store.entries.edit_told(1, was.id, entry(80), WHEN, post_text=edited_post_text) == (True, None)
    stale = await store.pending.confirm_edit(SUBMIT + 1, 1, WHEN + timedelta(seconds=1), corrected=True,
                                             post_text=edited_post_text)
    assert (stale.saved, stale.unchanged) == (False, False)
    assert stale.entry == await store.entries.get(1, was.id)


async def test_an_edit_saved_by_its_own_question_then_stales_the_other(store):
    was = await stored(store, entry(100))
    await ask(store, was, 1000)
    await ask(store, was, 10, key=SUBMIT + 1)
    assert (await store.pending.confirm_edit(SUBMIT + 1, 1, WHEN, post_text=edited_post_text)).saved
    assert not (await store.pending.confirm_edit(SUBMIT, 1, WHEN + timedelta(seconds=1),
                                                 post_text=edited_post_text)).saved
    assert (await store.entries.get(1, was.id)).weight == 10.0


async def test_two_presses_at_once_save_once_and_neither_is_told_the_entry_changed(store):
    was = await stored(store, entry(100))
    await ask(store, was, 1000, offered=105)  # not the entry's own 100 kg, which would be no edit at all
    presses = await asyncio.gather(*(store.pending.confirm_edit(SUBMIT, 1, WHEN, corrected=n % 2 == 0,
                                                                post_text=edited_post_text)
                                     for n in range(4)))
    answered = [p for p in presses if p is not None]
    assert len(answered) == 1
    assert answered[0].saved


async def test_an_edit_expires_and_cancel_discards_it(store):
    was = await stored(store, entry(100))
    await ask(store, was, 1000)
    assert await store.pending.confirm_edit(SUBMIT, 1, LATER, post_text=edited_post_text) is None
    await ask(store, was, 1000, key=SUBMIT + 1)
    assert await store.pending.discard(SUBMIT + 1, 1) is True
    assert await store.pending.confirm_edit(SUBMIT + 1, 1, WHEN, post_text=edited_post_text) is None
    assert await store.entries.get(1, was.id) == was


async def test_a_waiting_log_is_never_saved_over_an_entry(store):
    await store.pending.put(SUBMIT, 1, entry(1000), None, LATER)
    assert await store.pending.confirm_edit(SUBMIT, 1, WHEN, post_text=edited_post_text) is None
    assert await store.pending.confirm(SUBMIT, 1, WHEN) is not None


async def test_an_edit_is_compared_with_the_nearest_session_before_it_else_after(store):
    day = date(2026, 11, 20)
    old = await stored(store, entry(60, day - timedelta(days=200)))
    before = day - timedelta(days=3)
    for weight in (95, 100):
        await stored(store, entry(weight, before))
    await stored(store, entry(40, day - timedelta(days=1), variant="machine"))  # another variant
    edited = await stored(store, entry(105, day))
    await stored(store, entry(140, day + timedelta(days=30)))  # a later, heavier session

    assert await store.entries.load_near(1, edited, day) == SessionLoad(before, 100.0)
    # Moved to another day by the same edit: compared where it lands.
    assert await store.entries.load_near(1, edited, day + timedelta(days=40)) == SessionLoad(
        day + timedelta(days=30), 140.0)
    # The first session has none before it: the one after it.
    assert await store.entries.load_near(1, old, old.performed_on) == SessionLoad(before, 100.0)
    # Its own day's other sets count, not itself.
    same_day = await stored(store, entry(80, day))
    assert await store.entries.load_near(1, same_day, day) == SessionLoad(day, 105.0)
    assert await store.entries.load_near(1, edited, day) == SessionLoad(day, 80.0)
    # Another lifter's entries never count; alone in its variant, nothing to compare with.
    theirs = await stored(store, entry(100, day, variant="smith"), user_id=2)
    assert await store.entries.load_near(2, theirs, day) is None
    mine = await stored(store, entry(50, day, variant="smith"))
    assert await store.entries.load_near(1, mine, day) is None


async def test_an_edit_saved_keeps_the_entrys_post_with_the_text_it_is_to_show(store):
    """Store anyway keeps the entry's post with its new text in the job that saves it, as a direct
    save does (`edit_told`): the next process rewrites it should this one die first."""
    logged = SUBMIT - 1  # the shared /log's interaction id, which its post is kept by
    entry_id = await add_entry(store, 1, entry(100), setup_id=None, interaction_id=logged, when=WHEN)
    await store.entries.record_post(1, logged, POST)
    was = await store.entries.get(1, entry_id)
    await ask(store, was, 1000)
    answered = await store.pending.confirm_edit(SUBMIT, 1, WHEN, post_text=edited_post_text)
    assert answered.saved
    assert answered.entry == await store.entries.get(1, was.id)
    assert answered.post == PostRewrite(answered.post.id, POST, edited_post_text(answered.entry))
    assert await store.post_rewrites.waiting() == [answered.post]


async def test_a_refused_forms_fields_wait_for_fix_the_form_and_nothing_else(store):
    was = await stored(store, entry(100))
    typed = {"weight": "1,000", "sets_reps": "lots", "rpe": "", "date": "2026-11-20", "note": "new pad"}
    await store.pending.put_draft(SUBMIT, 1, was.id, typed, LATER)
    await store.pending.put_draft(SUBMIT, 1, was.id, {**typed, "note": "again"}, LATER)  # a redelivery: kept once
    assert await store.pending.draft(SUBMIT, 1, was.id, WHEN) == typed
    assert await store.pending.draft(SUBMIT, 1, was.id, WHEN) == typed  # reopened twice: still there
    assert await store.pending.draft(SUBMIT, 2, was.id, WHEN) is None  # someone else's
    assert await store.pending.draft(SUBMIT, 1, was.id + 1, WHEN) is None  # another entry's
    assert await store.pending.draft(SUBMIT, 1, was.id, LATER) is None  # expired
    # Neither a Store under the same key nor a new entry's Store anyway nor a pick takes it as values.
    assert await store.pending.confirm_edit(SUBMIT, 1, WHEN, corrected=True, post_text=edited_post_text) is None
    assert await store.pending.confirm(SUBMIT, 1, WHEN) is None
    assert await store.pending.pick(SUBMIT, 1, 0, WHEN) is None
    assert await store.pending.draft(SUBMIT, 1, was.id, WHEN) == typed  # none of them took it away
    assert (await store.entries.get(1, was.id)) == was
    assert await store.pending.discard(SUBMIT, 1)
    assert await store.pending.draft(SUBMIT + 1, 1, was.id, WHEN) is None
