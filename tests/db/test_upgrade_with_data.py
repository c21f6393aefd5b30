"""An operator upgrading the bot keeps their database: one an earlier release filled is migrated to
the latest schema with nothing a user stored lost or changed. Each test builds the database at
schema version N by running only the first N migrations, fills every table that version has with
rows in that version's shape (every kind of row its code wrote), opens it as the bot starts on it,
then reads every value back, and answers what was waiting with the commands' own reads. Both engines.
"""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from bot.db import open_database
from bot.db.migrations import load_migrations
from bot.db.store import Store
from bot.logbook.entries import NewEntry
from bot.logbook.units import to_kg
from bot.quiz.taken_in import TakenIn
from cogs.logbook.render import edited_post_text

LATEST = len(load_migrations())
WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)
WAITS = (WHEN + timedelta(minutes=14)).isoformat()  # pending rows still waiting when the new code opens it
LIFTER, OTHER = 1_311_111_111_111_111_111, 1_322_222_222_222_222_222  # Discord ids need 64 bits
GUILD, CHANNEL = 1_200_000_000_000_000_001, 1_200_000_000_000_000_002
KEY = 1_400_000_000_000_000_000  # the interaction or message ids rows wait under


def _entry(entry_id: int, user_id: int, day: str, variant: str, sets: int, reps: int, weight: float, unit: str,
           rpe: float | None, note: str | None, **more: Any) -> dict[str, Any]:
    """An entries row as /log stored it (its interaction's id, no import, never edited) unless `more` says."""
    return {"id": entry_id, "user_id": user_id, "performed_on": day, "variant": variant, "sets": sets, "reps": reps,
            "weight": weight, "unit": unit, "weight_kg": to_kg(weight, unit), "rpe": rpe, "note": note,
            "setup_id": None, "created_at": f"{day}T18:00:00+00:00", "interaction_id": KEY + entry_id,
            "batch_id": None, "edited_at": None, **more}  # fmt: skip


def _payload(new: NewEntry, **more: Any) -> str:
    """A pending entry as json.dumps wrote it (its date in ISO)."""
    return json.dumps({**vars(new), "performed_on": new.performed_on.isoformat(), **more})


WAITING = NewEntry(date(2026, 11, 25), "barbell", 3, 10, 1000.0, "lb", None, "typo?")  # "Did you mean …?"
READINGS = (NewEntry(date(2026, 11, 25), "machine", 10, 3, 60.0, "kg", None, None),
            NewEntry(date(2026, 11, 25), "machine", 3, 10, 60.0, "kg", None, None))  # a chat line's 10x3
EDIT = NewEntry(date(2026, 11, 2), "smith", 4, 8, 90.0, "kg", 9.0, "pad moved")  # entry 4's new values
DRAFT = {"weight": "1,000", "sets_reps": "lots", "rpe": "", "date": "2026-11-20", "note": "new pad"}
IMPORTED = [["2025-01-01", "smith", 3, 8, 60.0, "kg", None, "from Strong", None],
            ["2025-01-02", "smith", 3, 9, 62.5, "kg", 7.0, None, "+old gym bench"]]

# What a lifter and a server can have stored, in an order that lets each row name those before it:
# (table, the schema version from which a release could write such a row, the row). Given in id
# order, each row gets its id on either engine (a new table's first id is 1, then the largest plus one).
ROWS: list[tuple[str, int, dict[str, Any]]] = [
    ("sync_state", 1, {"api_base": "https://discord.com/api/v10", "application_id": 1_100_000_000_000_000_001,
                       "scope": "global", "schema_hash": "4f2a…", "synced_at": "2026-11-01T09:00:00+00:00"}),
    ("setups", 2, {"id": 1, "user_id": LIFTER, "description": "bench 40 cm, feet flat",
                   "created_at": "2026-10-01T10:00:00+00:00"}),
    ("setups", 2, {"id": 2, "user_id": LIFTER, "description": "+pad 2 cm 'new' box 🍑",
                   "created_at": "2026-10-20T10:00:00+00:00"}),
    ("users", 2, {"user_id": LIFTER, "unit": "lb", "rep_low": 8, "rep_high": 12, "increment_kg": 2.26796185,
                  "timezone": "America/New_York", "share_logs": 1, "current_setup_id": 2}),
    ("users", 2, {"user_id": OTHER, "unit": "kg", "rep_low": 6, "rep_high": 15, "increment_kg": None,
                  "timezone": "UTC", "share_logs": 0, "current_setup_id": None}),
    ("entries", 2, _entry(1, LIFTER, "2026-10-02", "barbell", 3, 10, 225.0, "lb", 8.5, "felt good", setup_id=1)),
    ("entries", 2, _entry(2, LIFTER, "2026-10-05", "barbell", 3, 10, 235.0, "lb", None, "=1+1 \"quoted\" ü",
                          setup_id=1, edited_at="2026-10-06T07:30:00+00:00")),  # edited from /history (0007)
    ("entries", 2, _entry(3, LIFTER, "2026-10-21", "machine", 4, 12, 102.5, "kg", 10.0, "x" * 200, setup_id=2)),
    ("entries", 2, _entry(4, OTHER, "2026-11-01", "smith", 4, 8, 80.0, "kg", 7.5, None)),
    ("entries", 2, _entry(5, OTHER, "2026-11-01", "bridge", 2, 15, 60.0, "kg", None, "line\nbreak")),
    ("entries", 2, _entry(6, OTHER, "2026-11-03", "single-leg", 3, 12, 20.5, "lb", 6.0, None)),
    ("entries", 2, _entry(7, OTHER, "2026-11-04", "banded", 5, 20, 0.0, "kg", None, "bodyweight")),
    ("import_batches", 4, {"id": 1, "user_id": LIFTER, "source": "strong", "created_at": "2026-11-10T08:00:00+00:00",
                           "interaction_id": KEY + 900}),
    ("entries", 4, _entry(8, LIFTER, "2025-01-01", "smith", 3, 8, 60.0, "kg", None, "from Strong",
                          interaction_id=None, batch_id=1)),
    ("pending_logs", 2, {"interaction_id": KEY + 100, "user_id": LIFTER, "payload": _payload(WAITING, setup_id=2),
                         "expires_at": WAITS, "entry_id": None, "kind": "entry"}),
    ("pending_logs", 7, {"interaction_id": KEY + 101, "user_id": OTHER,
                         "payload": json.dumps({"choices": [json.loads(_payload(r)) for r in READINGS]}),
                         "expires_at": WAITS, "entry_id": None, "kind": "choices"}),
    ("pending_logs", 9, {"interaction_id": KEY + 102, "user_id": OTHER, "expires_at": WAITS, "entry_id": 4,
                         "payload": _payload(EDIT, setup_id=None, corrected_weight=90.0, was_edited_at=""),
                         "kind": "entry"}),  # an Edit's "Did you mean …?", kept with only the weight offered
    ("pending_logs", 12, {"interaction_id": KEY + 103, "user_id": OTHER, "payload": json.dumps({"draft": DRAFT}),
                          "expires_at": WAITS, "entry_id": 5, "kind": "draft"}),
    ("quiz_results", 2, {"id": 1, "user_id": LIFTER, "guild_id": GUILD, "verdict_id": "main-tool",
                         "quiz_version": "v1", "taken_at": "2026-10-03T12:00:00+00:00", "taken_in": "server"}),
    # In a DM; before 0019 one unlinked from a server the bot left, or taken in one without the bot,
    # was stored alike, so the upgrade cannot tell which: 'no_server'.
    ("quiz_results", 2, {"id": 2, "user_id": LIFTER, "guild_id": None, "verdict_id": "optional",
                         "quiz_version": "v2", "taken_at": "2026-10-04T12:00:00+00:00", "taken_in": "no_server"}),
    ("quiz_results", 19, {"id": 3, "user_id": OTHER, "guild_id": None, "verdict_id": "not-here",
                          "quiz_version": "v2", "taken_at": "2026-10-05T12:00:00+00:00", "taken_in": "dm"}),
    ("quiz_results", 19, {"id": 4, "user_id": OTHER, "guild_id": None, "verdict_id": "main-tool",
                          "quiz_version": "v2", "taken_at": "2026-10-06T12:00:00+00:00", "taken_in": "left"}),
    ("quiz_results", 19, {"id": 5, "user_id": OTHER, "guild_id": None, "verdict_id": "optional",
                          "quiz_version": "v2", "taken_at": "2026-10-07T12:00:00+00:00", "taken_in": "without_bot"}),
    ("snippets", 3, {"id": 1, "guild_id": GUILD, "channel_id": CHANNEL, "message_id": KEY + 200,
                     "section_id": "setup-repeatable", "content_version": "c0ffee", "pinned_by": LIFTER,
                     "pinned_at": "2026-10-10T10:00:00+00:00", "state": "pinned", "state_changed_at": None,
                     "adopted_at": None}),
    ("snippets", 3, {"id": 2, "guild_id": GUILD, "channel_id": CHANNEL, "message_id": KEY + 201,
                     "section_id": "pair-it", "content_version": "beef", "pinned_by": None,
                     "pinned_at": "2026-10-11T10:00:00+00:00", "state": "removed",
                     "state_changed_at": "2026-10-12T10:00:00+00:00", "adopted_at": None}),
    # Found pinned without a record once the bot was added back to the server: pinner unknown.
    ("snippets", 17, {"id": 3, "guild_id": GUILD, "channel_id": CHANNEL, "message_id": KEY + 202,
                      "section_id": "caveats", "content_version": "0123456789ab", "pinned_by": None,
                      "pinned_at": "2026-10-09T10:00:00+00:00", "state": "pinned", "state_changed_at": None,
                      "adopted_at": "2026-10-13T10:00:00+00:00"}),
    ("pending_imports", 4, {"interaction_id": KEY + 300, "user_id": OTHER, "source": "hevy",
                            "payload": json.dumps(IMPORTED, separators=(",", ":")), "expires_at": WAITS}),
    ("guild_config", 5, {"guild_id": GUILD, "public_answers": 0, "log_channel_id": CHANNEL + 9, "ping_authors": 1,
                         "log_problem": "Missing Access (50001)", "updated_at": "2026-10-15T10:00:00+00:00"}),
    ("guild_answer_channels", 5, {"guild_id": GUILD, "channel_id": CHANNEL}),
    ("reminders", 6, {"user_id": LIFTER, "days": "mon,wed,fri", "at_minute": 1110, "zone": "America/New_York",
                      "next_due_at": 1_796_600_000, "handled_at": 1_796_500_000, "sent_count": 12, "paused": 0,
                      "notice_pending": 0, "created_at": "2026-10-01T10:00:00+00:00",
                      "dm_channel_id": 1_250_000_000_000_000_001}),
    ("reminders", 6, {"user_id": OTHER, "days": "sat", "at_minute": 420, "zone": "Europe/Berlin",
                      "next_due_at": 1_796_700_000, "handled_at": 1_796_500_000, "sent_count": 3, "paused": 1,
                      "notice_pending": 1, "created_at": "2026-10-02T10:00:00+00:00", "dm_channel_id": None}),
    ("leases", 6, {"name": "reminders", "holder": "host-1:4242", "expires_at": 1_796_500_060}),
    ("removed_entries", 10, {"id": 1, "user_id": LIFTER, "performed_on": "2025-01-03", "variant": "smith",
                             "sets": 3, "reps": 10, "weight": 65.0, "unit": "kg", "batch_id": 1}),
    ("entry_posts", 11, {"entry_id": 3, "guild_id": GUILD, "channel_id": CHANNEL, "message_id": KEY + 400}),
    ("posts_to_mark", 15, {"id": 1, "guild_id": GUILD, "channel_id": CHANNEL, "message_id": KEY + 401,
                           "content": "Deleted: 2026-10-22 · 3 × 12 @ 100 kg · RPE 9.5 · machine."}),
    ("chat_replies_owed", 16, {"entry_id": 6, "guild_id": None, "channel_id": CHANNEL + 1}),  # a DM's, unanswered
]
# A column a later migration added to a table holds this in the rows kept from before it.
# (pending_logs.kind is not here: 0013 reads it from the payload, so it is the one ROWS gives.)
ADDED_LATER: dict[tuple[str, str], Any] = {
    ("import_batches", "interaction_id"): None, ("entries", "edited_at"): None,
    ("pending_logs", "entry_id"): None, ("reminders", "dm_channel_id"): None, ("snippets", "adopted_at"): None,
}  # fmt: skip


async def _fill(store: Store, version: int) -> list[tuple[str, dict[str, Any]]]:
    """Insert the rows a release at `version` could have written, with the columns it had; returns
    each row as the latest schema must hold it."""
    columns = await store.db.columns()
    kept = []
    for table, since, row in ROWS:
        if version < since:
            continue
        written = {name: value for name, value in row.items() if name in columns[table] and name != "id"}
        names = ", ".join(written)
        insert = f"INSERT INTO {table} ({names}) VALUES ({', '.join('?' for _ in written)})"
        if "id" in row:
            assert await store.db.insert(insert + " RETURNING id", tuple(written.values())) == row["id"]
        else:
            await store.db.execute(insert, tuple(written.values()))
        kept.append((table, {n: v if n in columns[table] else ADDED_LATER.get((table, n), v) for n, v in row.items()}))
    return kept


async def _stored(store: Store, table: str, names: list[str]) -> list[tuple[Any, ...]]:
    rows = await store.db.fetchall(f"SELECT {', '.join(names)} FROM {table}")
    return sorted((tuple(row) for row in rows), key=repr)


async def test_the_rows_name_every_column_of_the_latest_schema(tmp_path: Path) -> None:
    """A migration that adds a table or a column adds its rows here (and says in ADDED_LATER what
    the rows kept before it hold), so every upgrade below keeps it too."""
    named: dict[str, set[str]] = {}
    for table, _, row in ROWS:
        named.setdefault(table, set()).update(row)
    assert all(set(row) == named[table] for table, _, row in ROWS), "each row of a table names the same columns"
    db = await open_database(tmp_path / "latest.db")
    try:
        assert named == {table: set(names) for table, names in (await db.columns()).items()}
    finally:
        await db.close()


@pytest.mark.parametrize("version", range(1, LATEST))
async def test_a_database_filled_at_an_earlier_version_keeps_every_value(database_url: str, version: int) -> None:
    store = Store(await open_database(database_url, run_migrations=False))
    try:
        assert await store.db.migrate(up_to=version) == version
        kept = await _fill(store, version)
    finally:
        await store.close()
    store = await Store.open(database_url)  # as the bot starts on it: migrated to the latest
    try:
        assert await store.db.schema_version() == LATEST
        for table in {table for table, _ in kept}:
            names = list(next(row for t, row in kept if t == table))
            expected = sorted((tuple(row[n] for n in names) for t, row in kept if t == table), key=repr)
            assert await _stored(store, table, names) == expected, table
        await _answered_as_before(store, version)
    finally:
        await store.close()


async def _answered_as_before(store: Store, version: int) -> None:
    """What waited is answered by the new code, the reads of /history, /records and /export take
    the old rows, and a new /log is stored under an id no old entry had."""
    if version < 2:
        return
    assert await store.pending.confirm(KEY + 100, LIFTER, WHEN) is not None  # Store anyway
    stored = await store.entries.by_interaction(LIFTER, KEY + 100)
    assert (stored.weight, stored.unit, stored.note, stored.setup_id) == (1000.0, "lb", "typo?", 2)
    if version >= 7:
        assert await store.pending.pick(KEY + 101, OTHER, 0, WHEN) == READINGS[0]
    if version >= 9:  # the Edit's "Did you mean 90 kg?" kept before the offer named its unit
        answered = await store.pending.confirm_edit(KEY + 102, OTHER, WHEN, corrected=True, post_text=edited_post_text)
        assert answered is not None
        assert answered.saved
        assert (await store.entries.get(OTHER, 4)).note == "pad moved"
    if version >= 12:
        assert await store.pending.draft(KEY + 103, OTHER, 5, WHEN) == DRAFT
    if version >= 4:
        imported = await store.imports.confirm(KEY + 300, OTHER, WHEN)
        assert imported is not None
        assert imported.stored == 2
        assert [b.source for b in await store.imports.batches(LIFTER)] == ["strong"]
    lifter = [e async for part in store.entries.stream(LIFTER) for e in part]
    assert [(e.id, e.weight, e.unit, e.note) for e in lifter][:3] == [
        (1, 225.0, "lb", "felt good"), (2, 235.0, "lb", '=1+1 "quoted" ü'), (3, 102.5, "kg", "x" * 200)]
    assert (lifter[1].edited_at is None) == (version < 7)
    history = await store.logbook.history(LIFTER, "barbell", sessions=6)
    assert [(h.day, h.weight) for h in history][:2] == [(date(2026, 10, 2), 225.0), (date(2026, 10, 5), 235.0)]
    assert {best.weight_kg for best in (await store.logbook.record_inputs(LIFTER, "barbell")).sets} >= {
        to_kg(235.0, "lb")}
    prefs = await store.users.preferences(LIFTER)
    assert (prefs.unit, prefs.rep_low, prefs.rep_high, prefs.current_setup_id) == ("lb", 8, 12, 2)
    largest = int(await store.db.fetchval("SELECT max(id) FROM entries"))
    new = NewEntry(WHEN.date(), "machine", 4, 12, 102.5, "kg", 8.0, "after the upgrade")
    logged = await store.logbook.log(LIFTER, lambda _prefs: new, interaction_id=KEY + 500, when=WHEN, sessions=6)
    assert logged.entry_id is not None
    assert logged.entry_id > largest
    assert (await store.entries.get(LIFTER, logged.entry_id)).note == "after the upgrade"
    await store.quiz.record(LIFTER, None, "accessory", "v3", WHEN)  # in DMs: the verdicts kept before all stay
    assert [(v.verdict_id, v.guild_id, v.taken_in) for v in await store.quiz.verdicts_for_user(LIFTER)] == [
        ("accessory", None, TakenIn.DM), ("optional", None, TakenIn.NO_SERVER), ("main-tool", GUILD, TakenIn.SERVER)]
