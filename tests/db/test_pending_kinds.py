"""What waits in pending_logs is told apart by its `kind` (migration 0013), not by how its payload
starts: each write names its kind, and rows kept before 0013 get theirs from their payload and are
answered as before. Both engines."""

import json
from datetime import UTC, date, datetime, timedelta

from bot.db import open_database
from bot.db.store import Store
from bot.logbook.entries import NewEntry
from cogs.logbook.render import edited_post_text
from tests.stored import add_entry, entry_count

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
LATER = WHEN + timedelta(minutes=14)
KEY = 1_300_000_000_000_000_001  # an interaction or message id: what a row waits under
TYPED = {"weight": "1,000", "sets_reps": "lots", "rpe": "", "date": "2026-11-20", "note": "new pad"}


def entry(weight: float = 100.0, sets: int = 3, reps: int = 10) -> NewEntry:
    return NewEntry(performed_on=date(2026, 11, 20), variant="barbell", sets=sets, reps=reps, weight=weight,
                    unit="kg", rpe=8.0, note="kept")


def values(new: NewEntry) -> dict[str, object]:
    """An entry as a payload holds it (json.dumps of its fields, the date as ISO)."""
    return {**vars(new), "performed_on": new.performed_on.isoformat()}


async def kinds(store: Store) -> list[tuple[int, str]]:
    rows = await store.db.fetchall("SELECT interaction_id, kind FROM pending_logs ORDER BY interaction_id")
    return [(int(row[0]), str(row[1])) for row in rows]


async def test_each_write_names_its_kind(store: Store) -> None:
    entry_id = await add_entry(store, 1, entry(), setup_id=None, interaction_id=None, when=WHEN)
    was = await store.entries.get(1, entry_id)
    await store.pending.put(KEY, 1, entry(1000), None, LATER, corrected=entry(100))  # a /log's "Did you mean …?"
    await store.pending.put(KEY + 1, 1, entry(1000), None, LATER, edits=was)  # an Edit's
    await store.pending.put_choice(KEY + 2, 1, (entry(sets=10, reps=3), entry()), LATER)  # a chat line's 10x3
    await store.pending.put_draft(KEY + 3, 1, entry_id, TYPED, LATER)  # an Edit form refused
    assert await kinds(store) == [(KEY, "entry"), (KEY + 1, "entry"), (KEY + 2, "choices"), (KEY + 3, "draft")]


async def test_rows_kept_at_0012_get_their_kind_from_their_payload_and_are_answered_as_before(
        database_url: str) -> None:
    store = Store(await open_database(database_url, run_migrations=False))
    try:
        assert await store.db.migrate(up_to=12) == 12
        entry_id = await add_entry(store, 1, entry(), setup_id=None, interaction_id=None, when=WHEN)
        # Each row as 0012's code wrote it: the payload's first key said what it was.
        kept = [
            (KEY, json.dumps({**values(entry(1000)), "setup_id": None}), None),
            (KEY + 1, json.dumps({**values(entry(1000)), "setup_id": None, "was_edited_at": ""}), entry_id),
            (KEY + 2, json.dumps({"choices": [values(entry(sets=10, reps=3)), values(entry())]}), None),
            (KEY + 3, json.dumps({"draft": TYPED}), entry_id),
        ]
        for key, payload, edits in kept:
            await store.db.execute(
                "INSERT INTO pending_logs (interaction_id, user_id, payload, expires_at, entry_id)"
                " VALUES (?, ?, ?, ?, ?)", (key, 1, payload, LATER.isoformat(), edits))

        assert await store.db.migrate() >= 13  # 0013, and any migration after it
        assert await kinds(store) == [(KEY, "entry"), (KEY + 1, "entry"), (KEY + 2, "choices"), (KEY + 3, "draft")]
        # Fix the form still reopens with what was typed, and nothing takes the draft for values.
        assert await store.pending.draft(KEY + 3, 1, entry_id, WHEN) == TYPED
        assert await store.pending.confirm_edit(KEY + 3, 1, WHEN, post_text=edited_post_text) is None
        assert await store.pending.draft(KEY + 3, 1, entry_id, WHEN) == TYPED
        assert await store.pending.pick(KEY + 2, 1, 1, WHEN) == entry()
        assert (await store.pending.confirm_edit(KEY + 1, 1, WHEN, post_text=edited_post_text)).saved
        assert (await store.entries.get(1, entry_id)).weight == 1000.0
        assert await store.pending.confirm(KEY, 1, WHEN) is not None
        assert await entry_count(store, 1) == 2
        assert await kinds(store) == [(KEY + 3, "draft")]
    finally:
        await store.close()


async def test_only_an_entry_held_for_did_you_mean_asks_first(store: Store) -> None:
    # What a chat line's second pick is told: the first one's set waits for "Did you mean …?".
    entry_id = await add_entry(store, 1, entry(), setup_id=None, interaction_id=None, when=WHEN)
    was = await store.entries.get(1, entry_id)
    await store.pending.put(KEY, 1, entry(1000), None, LATER, corrected=entry(100))
    await store.pending.put(KEY + 1, 1, entry(1000), None, LATER, edits=was)
    await store.pending.put_choice(KEY + 2, 1, (entry(sets=10, reps=3), entry()), LATER)
    await store.pending.put_draft(KEY + 3, 1, entry_id, TYPED, LATER)
    assert [await store.pending.asks_first(KEY + i, 1, WHEN) for i in range(4)] == [True, False, False, False]
    assert not await store.pending.asks_first(KEY, 2, WHEN)  # another user's
    assert not await store.pending.asks_first(KEY, 1, LATER)  # expired
    assert await store.pending.confirm(KEY, 1, WHEN) is not None
    assert not await store.pending.asks_first(KEY, 1, WHEN)  # answered
