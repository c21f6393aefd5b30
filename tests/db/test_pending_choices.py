"""What waits for the lifter's answer to a chat line: a "Did you mean …?" entry, or two readings to pick from."""

import asyncio
import json
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from bot.logbook.entries import NewEntry
from tests.stored import entry_count

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
LATER = WHEN + timedelta(minutes=14)
MESSAGE = 1_300_000_000_000_000_001  # a Discord message id: the key the entry will be stored under


def entry(sets: int, reps: int, weight: float = 100.0) -> NewEntry:
    return NewEntry(performed_on=date(2026, 11, 25), variant="barbell", sets=sets, reps=reps, weight=weight,
                    unit="kg", rpe=None, note="10x3 felt easy")


async def test_a_second_put_under_the_same_key_says_so(store):
    assert await store.pending.put(MESSAGE, 1, entry(3, 10), None, LATER) is True
    assert await store.pending.put(MESSAGE, 1, entry(3, 10, 500), None, LATER) is False  # a redelivery
    assert await store.pending.put_choice(MESSAGE, 1, (entry(10, 3), entry(3, 10)), LATER) is False
    assert await store.pending.confirm(MESSAGE, 1, WHEN) is not None
    stored = await store.entries.by_interaction(1, MESSAGE)
    assert (stored.weight, stored.sets, stored.reps) == (100.0, 3, 10)


async def test_a_pick_takes_its_reading_once(store):
    readings = (entry(10, 3), entry(3, 10))
    assert await store.pending.put_choice(MESSAGE, 1, readings, LATER) is True
    assert await store.pending.put_choice(MESSAGE, 1, readings, LATER) is False
    assert await store.pending.pick(MESSAGE, 2, 1, WHEN) is None  # someone else's
    assert await store.pending.pick(MESSAGE, 1, 1, WHEN) == readings[1]
    assert await store.pending.pick(MESSAGE, 1, 0, WHEN) is None  # answered already
    assert await entry_count(store, 1) == 0  # picking stores nothing by itself: the caller logs it


async def test_two_picks_at_once_get_one_reading(store):
    await store.pending.put_choice(MESSAGE, 1, (entry(10, 3), entry(3, 10)), LATER)
    picks = await asyncio.gather(*(store.pending.pick(MESSAGE, 1, n % 2, WHEN) for n in range(4)))
    assert len([p for p in picks if p is not None]) == 1


async def test_a_pick_expires_and_never_takes_a_waiting_entry(store):
    await store.pending.put_choice(MESSAGE, 1, (entry(10, 3), entry(3, 10)), LATER)
    assert await store.pending.pick(MESSAGE, 1, 0, LATER) is None  # expired
    await store.pending.put(MESSAGE + 1, 1, entry(3, 10, 900), None, LATER)
    assert await store.pending.pick(MESSAGE + 1, 1, 0, WHEN) is None  # not a choice: left waiting
    assert await store.pending.confirm(MESSAGE, 1, WHEN) is None  # a choice cannot be "stored anyway"
    assert await store.pending.confirm(MESSAGE + 1, 1, WHEN) is not None
    assert await entry_count(store, 1) == 1


async def test_a_bad_index_takes_nothing_storable(store):
    await store.pending.put_choice(MESSAGE, 1, (entry(10, 3), entry(3, 10)), LATER)
    assert await store.pending.pick(MESSAGE, 1, 7, WHEN) is None


async def test_the_weight_offered_is_stored_instead_of_the_one_typed_once(store):
    typed = entry(3, 10, 1000)
    await store.pending.put(MESSAGE, 1, typed, None, LATER, corrected=entry(3, 10, 100))
    await store.pending.put(MESSAGE + 1, 1, typed, None, LATER)  # no weight offered
    assert await store.pending.confirm(MESSAGE + 1, 1, WHEN, corrected=True) is None
    assert await store.pending.confirm(MESSAGE, 1, WHEN, corrected=True) is not None
    assert await store.pending.confirm(MESSAGE, 1, WHEN) is None  # Store anyway after: nothing waits
    stored = await store.entries.by_interaction(1, MESSAGE)
    assert (stored.weight, stored.sets, stored.reps, stored.note) == (100.0, 3, 10, "10x3 felt easy")
    assert await store.pending.confirm(MESSAGE + 1, 1, WHEN) is not None  # the typed weight, as it was
    assert (await store.entries.by_interaction(1, MESSAGE + 1)).weight == 1000.0


async def test_the_unit_offered_is_stored_with_it_and_a_row_kept_before_it_still_reads(store):
    typed = entry(3, 10, 225)
    await store.pending.put(MESSAGE, 1, typed, None, LATER, corrected=replace(typed, unit="lb"))
    assert await store.pending.confirm(MESSAGE, 1, WHEN, corrected=True) is not None
    stored = await store.entries.by_interaction(1, MESSAGE)
    assert (stored.weight, stored.unit) == (225.0, "lb")
    row = await store.db.fetchone("SELECT weight_kg FROM entries WHERE id = ?", (stored.id,))
    assert abs(row[0] - 102.06) < 0.01  # compared in kg as what it is
    # A question asked before the unit was kept offered only a weight: that weight, in the typed unit.
    older = json.dumps({**{k: v for k, v in vars(typed).items() if k != "performed_on"},
                        "performed_on": "2026-11-25", "setup_id": None, "corrected_weight": 100.0})
    await store.db.execute(
        "INSERT INTO pending_logs (interaction_id, user_id, payload, expires_at) VALUES (?, ?, ?, ?)",
        (MESSAGE + 1, 1, older, LATER.isoformat()),
    )
    assert await store.pending.confirm(MESSAGE + 1, 1, WHEN, corrected=True) is not None
    again = await store.entries.by_interaction(1, MESSAGE + 1)
    assert (again.weight, again.unit) == (100.0, "kg")
