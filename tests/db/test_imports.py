"""Imports storage on a real SQLite file: one batch per Import, sets already logged left out, undo by batch."""

from __future__ import annotations

import itertools
import json
from collections.abc import Sequence
from datetime import UTC, date, datetime, timedelta

from bot.db import imports as imports_repo
from bot.db.imports import JSON_CHUNK, Stored
from bot.db.store import Store
from bot.imports import ImportedEntry, LeftOut
from bot.logbook.entries import NewEntry
from tests.stored import add_entry, entries_of, entry_count

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=14)


def entry(day: int, weight: float = 100.0, note: str | None = None, setup: str | None = None) -> ImportedEntry:
    return ImportedEntry(date(2025, 1, day), "barbell", 3, 10, weight, "kg", 8.0, note, setup=setup)


_imports = itertools.count(1000)  # interaction ids of the /import commands below


async def imported(store: Store, user_id: int, source: str, entries: Sequence[ImportedEntry]) -> Stored:
    """What the Import button stores: /import csv keeps the preview pending, the button confirms it."""
    interaction_id = next(_imports)
    await store.imports.put_pending(interaction_id, user_id, source, entries, LATER)
    stored = await store.imports.confirm(interaction_id, user_id, NOW)
    assert stored is not None
    return stored


async def test_batch_and_entries_in_one_go_and_again_adds_nothing(store):
    entries = [entry(1), entry(2, note="=SUM(A1)"), entry(2)]
    first = await imported(store, 1, "strong", entries)
    assert (first.stored, first.left_out) == (3, LeftOut())
    again = await imported(store, 1, "strong", entries)
    assert (again.batch_id, again.stored, again.left_out) == (None, 0, LeftOut(in_log=3))
    assert await entry_count(store, 1) == 3
    stored = await entries_of(store, 1, "barbell")
    assert [(e.performed_on.day, e.note) for e in stored] == [(1, None), (2, "=SUM(A1)"), (2, None)]


async def test_duplicates_count_as_a_multiset_and_include_logged_entries(store):
    logged = NewEntry(date(2025, 1, 1), "barbell", 3, 10, 100.0, "kg", 8.0, None)
    await add_entry(store, 1, logged, setup_id=None, interaction_id=5, when=NOW)
    assert (await imported(store, 1, "hevy", [entry(1, weight=100.0004)])).left_out == LeftOut(in_log=1)
    result = await imported(store, 1, "hevy", [entry(1), entry(1), entry(2)])
    assert (result.stored, result.left_out) == (2, LeftOut(in_log=1))
    assert await entry_count(store, 1) == 3


async def test_sets_are_matched_whatever_entries_hold_them(store):
    # Two sets logged one at a time (another RPE, a note): the file's 3 x 10 brings only the third.
    for interaction_id, note in ((6, "felt heavy"), (7, None)):
        one = NewEntry(date(2025, 1, 1), "barbell", 1, 10, 100.0, "kg", 9.0, note)
        await add_entry(store, 1, one, setup_id=None, interaction_id=interaction_id, when=NOW)
    result = await imported(store, 1, "strong", [entry(1, note="from Strong")])
    assert (result.stored, result.left_out) == (1, LeftOut(partly=1, partly_sets=2))
    stored = await entries_of(store, 1)
    assert [(e.sets, e.rpe, e.note) for e in stored] == [
        (1, 9.0, "felt heavy"), (1, 9.0, None), (1, 8.0, "from Strong")]
    again = await imported(store, 1, "strong", [entry(1)])
    assert (again.batch_id, again.left_out) == (None, LeftOut(in_log=1))


async def test_other_users_entries_are_not_duplicates(store):
    await imported(store, 2, "strong", [entry(1)])
    assert (await imported(store, 1, "strong", [entry(1)])).stored == 1


async def test_confirm_stores_once_even_when_pressed_twice(store):
    await store.imports.put_pending(77, 1, "strong", [entry(1), entry(2)], LATER)
    first = await store.imports.confirm(77, 1, NOW)
    assert first is not None
    assert (first.stored, first.already) == (2, False)
    second = await store.imports.confirm(77, 1, NOW)
    assert second is not None
    assert (second.batch_id, second.stored, second.already) == (first.batch_id, 2, True)
    assert await entry_count(store, 1) == 2


async def test_confirm_refuses_expired_cancelled_and_other_users(store):
    await store.imports.put_pending(78, 1, "strong", [entry(1)], LATER)
    assert await store.imports.confirm(78, 2, NOW) is None
    assert await store.imports.confirm(78, 1, LATER) is None
    assert await store.imports.discard_pending(78, 1)
    assert await store.imports.confirm(78, 1, NOW) is None
    assert await entry_count(store, 1) == 0


async def test_setups_named_in_an_export_come_back_once(store):
    existing = await store.users.set_setup(1, "bench 40 cm", NOW)
    entries = [entry(1, setup="bench 40 cm"), entry(2, setup="machine seat 4"), entry(3, setup="machine seat 4")]
    await imported(store, 1, "hipthrust", entries)
    stored = await entries_of(store, 1, "barbell")
    assert [e.setup for e in stored] == ["bench 40 cm", "machine seat 4", "machine seat 4"]
    assert stored[0].setup_id == existing
    assert [s[1] for s in await store.users.setups(1)] == ["bench 40 cm", "machine seat 4"]


async def test_an_export_names_a_setup_as_set_up_would_find_it(store):
    # The same words in another case or spacing are the lifter's setup, as /setup finds it.
    existing = await store.users.set_setup(1, "bench 40 cm", NOW)
    await imported(store, 1, "hipthrust", [entry(1, setup="Bench  40 cm"), entry(2, setup="BENCH 40 CM")])
    assert {e.setup_id for e in await entries_of(store, 1, "barbell")} == {existing}
    assert len(await store.users.setups(1)) == 1


async def test_undo_takes_back_the_setups_the_import_added_that_nothing_uses(store):
    # The lifter's own, used by the import, then no longer current nor used: it was not the import's.
    before = await store.users.set_setup(1, "bench 40 cm", NOW - timedelta(days=1))
    other = await imported(store, 2, "hipthrust", [entry(1, setup="seat 4")])  # another lifter's, same time
    stored = await imported(store, 1, "hipthrust", [entry(1, setup="bench 40 cm"), entry(2, setup="seat 4"),
                                                   entry(3, setup="box 30 cm"), entry(4, setup="pad 2")])
    added = {description: setup_id for setup_id, description, _ in await store.users.setups(1)}
    await store.users.set_setup(1, "box 30 cm", LATER)  # chosen since: the current setup
    await add_entry(store, 1, NewEntry(date(2025, 2, 1), "barbell", 3, 10, 100.0, "kg", None, None),
                    setup_id=added["pad 2"], interaction_id=77, when=LATER)  # logged on since  # fmt: skip
    assert stored.batch_id is not None
    assert await store.imports.delete(1, stored.batch_id) == 4
    assert [s[1] for s in await store.users.setups(1)] == ["bench 40 cm", "box 30 cm", "pad 2"]
    assert added["bench 40 cm"] == before
    assert [s[1] for s in await store.users.setups(2)] == ["seat 4"]  # theirs, untouched
    assert other.batch_id is not None


async def test_latest_and_delete_remove_only_that_batch_of_that_user(store):
    older = await imported(store, 1, "strong", [entry(1)])
    newer = await imported(store, 1, "hevy", [entry(5), entry(9)])
    await add_entry(store, 1, NewEntry(date(2025, 2, 1), "machine", 1, 8, 50.0, "kg", None, None),
                    setup_id=None, interaction_id=9, when=NOW)  # fmt: skip
    latest = await store.imports.latest(1)
    assert latest is not None
    assert (latest.id, latest.source, latest.entries) == (newer.batch_id, "hevy", 2)
    assert (latest.first_day, latest.last_day) == (date(2025, 1, 5), date(2025, 1, 9))
    assert newer.batch_id is not None
    assert await store.imports.delete(2, newer.batch_id) is None
    assert await store.imports.delete(1, newer.batch_id) == 2
    assert await store.imports.delete(1, newer.batch_id) is None
    assert await entry_count(store, 1) == 2
    latest = await store.imports.latest(1)
    assert latest is not None
    assert latest.id == older.batch_id
    assert await store.imports.latest(2) is None


async def test_forget_removes_pending_imports_and_batches(store):
    await imported(store, 1, "strong", [entry(1)])
    await store.imports.put_pending(80, 1, "strong", [entry(2)], LATER)
    counts = (await store.privacy.forget(1)).counts
    assert counts["pending imports"] == 1
    assert counts["import batches"] == 1
    assert await store.imports.latest(1) is None
    assert await store.imports.confirm(80, 1, NOW) is None


async def test_store_anyway_after_undo_took_its_setup_stores_the_entry_without_it(store):
    """A /log asked "Did you mean …?" on a setup an import had added; the lifter moved to another
    setup and took the import back, which deletes the setups it added that nothing uses: Store
    anyway then inserted an entry naming a setup gone, and failed on the foreign key."""
    batch = await imported(store, 1, "hip-thrust-coach", [entry(1, setup="Bench A")])
    bench = await store.users.set_setup(1, "bench a", NOW)  # the imported setup, made current
    heavy = NewEntry(performed_on=date(2026, 11, 24), variant="barbell", sets=1, reps=10, weight=300.0, unit="kg",
                     rpe=None, note=None)
    await store.pending.put(555, 1, heavy, bench, LATER)  # waiting for Store anyway
    await store.users.set_setup(1, "Floor", NOW + timedelta(seconds=1))
    assert batch.batch_id is not None
    assert await store.imports.delete(1, batch.batch_id) == 1
    assert [description for _, description, _ in await store.users.setups(1)] == ["Floor"]

    assert await store.pending.confirm(555, 1, NOW) is not None
    [stored] = await entries_of(store, 1)
    assert (stored.weight, stored.setup_id) == (300.0, None)


async def test_a_pending_import_is_written_and_read_in_small_json_calls(store, monkeypatch):
    """json's C code holds the GIL for the whole of a call, so the event loop waits on it even
    though the call runs in a worker thread: one call on 50,000 entries (2.7 MB of JSON, 14 MB
    with long emoji notes) was 40-160 ms in which no other command or heartbeat was answered."""
    calls: list[tuple[str, int]] = []
    dumps = json.dumps

    class Decoder(json.JSONDecoder):
        def raw_decode(self, s: str, idx: int = 0) -> tuple[object, int]:
            value, end = super().raw_decode(s, idx)
            calls.append(("read", 1 if isinstance(value, list) and isinstance(value[0], str) else len(value)))
            return value, end

    class Json:
        JSONDecoder = Decoder

        @staticmethod
        def dumps(value: list[object], **kwargs: object) -> str:
            calls.append(("write", len(value)))
            return dumps(value, **kwargs)

        @staticmethod
        def loads(s: str) -> list[object]:
            value: list[object] = json.loads(s)
            calls.append(("read", len(value)))
            return value

    monkeypatch.setattr(imports_repo, "json", Json)
    entries = [entry(1 + n % 28, weight=50.0 + n, note=f"🏋️ [{n}], \"x\"" if n % 3 else None) for n in range(250)]
    await store.imports.put_pending(1, 1, "strong", entries, LATER)
    payload = await store.db.fetchval("SELECT payload FROM pending_imports WHERE interaction_id = 1")
    rows = [[e.performed_on.isoformat(), e.variant, e.sets, e.reps, e.weight, e.unit, e.rpe, e.note, e.setup]
            for e in entries]  # fmt: skip
    assert payload == dumps(rows, separators=(",", ":"))  # as before: a row pending across a redeploy still reads
    assert (await store.imports.confirm(1, 1, NOW)).stored == 250
    assert [(e.performed_on, e.weight, e.note) for e in await entries_of(store, 1)] == [
        (e.performed_on, e.weight, e.note) for e in entries]
    assert set(calls) == {("read", 1), ("write", JSON_CHUNK), ("write", 50)}  # a row a read, 100 entries a write
