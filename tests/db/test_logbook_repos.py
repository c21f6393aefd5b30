import asyncio
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from functools import partial

from bot.db.history_sql import first_page_query, session_page_query
from bot.db.privacy import PERSONAL_TABLES
from bot.db.store import Store
from bot.errors import ValidationError
from bot.imports import ImportedEntry
from bot.logbook.edits import edited
from bot.logbook.entries import NewEntry, Preferences
from bot.logbook.prefs import changed_preferences
from bot.logbook.units import to_kg
from bot.quiz.taken_in import TakenIn
from cogs.logbook.render import edited_post_text
from tests.db.plans import sqlite_plan
from tests.stored import add_entry, delete_entry, entry_count, save_preferences

WHEN = datetime(2026, 11, 25, 12, tzinfo=UTC)


def entry(day=date(2026, 11, 20), weight=100.0, reps=10, sets=3, variant="barbell", unit="kg", rpe=8.0, note=None):
    return NewEntry(
        performed_on=day, variant=variant, sets=sets, reps=reps, weight=weight, unit=unit, rpe=rpe, note=note
    )


async def test_entry_round_trip_and_idempotent_interaction(store):
    first = await add_entry(store, 1, entry(note="felt good"), setup_id=None, interaction_id=77, when=WHEN)
    again = await add_entry(store, 1, entry(weight=999), setup_id=None, interaction_id=77, when=WHEN)
    assert first is not None
    assert again is None
    assert await entry_count(store, 1) == 1
    stored = await store.entries.get(1, first)
    assert (stored.weight, stored.unit, stored.note, stored.sets) == (100.0, "kg", "felt good", 3)
    row = await store.db.fetchone("SELECT weight_kg FROM entries WHERE id = ?", (first,))
    assert row[0] == 100.0


async def test_a_deleted_entrys_id_is_never_given_to_the_next_one(store):
    # Buttons keep the id they act on (/undo's "Delete it", /history's Edit and Delete): a new
    # entry taking the id of one just deleted would be deleted or edited by a stale button.
    kept = await add_entry(store, 1, entry(), setup_id=None, interaction_id=1, when=WHEN)
    newest = await add_entry(store, 1, entry(weight=105), setup_id=None, interaction_id=2, when=WHEN)
    assert await delete_entry(store, 1, newest)
    after = await add_entry(store, 1, entry(weight=110), setup_id=None, interaction_id=3, when=WHEN)
    assert after not in (kept, newest)
    assert await store.entries.get(1, newest) is None


async def test_weight_stored_as_entered_with_kg(store):
    entry_id = await add_entry(store, 1, entry(weight=225, unit="lb"), setup_id=None, interaction_id=1, when=WHEN)
    row = await store.db.fetchone("SELECT weight, unit, weight_kg FROM entries WHERE id = ?", (entry_id,))
    assert (row[0], row[1]) == (225.0, "lb")
    assert abs(row[2] - 102.0582) < 0.001


async def test_entries_are_scoped_by_user(store):
    mine = await add_entry(store, 1, entry(), setup_id=None, interaction_id=1, when=WHEN)
    assert await store.entries.get(2, mine) is None
    assert await delete_entry(store, 2, mine) is False
    assert await store.entries.last_logged(2) == (None, False)
    assert await delete_entry(store, 1, mine) is True


async def test_a_page_reads_only_the_newest_days_and_finds_its_sessions_entries_by_day(tmp_path):
    store = await Store.open(tmp_path / "plan.db")
    try:
        newest = "SEARCH entries USING {}INDEX {} (user_id=? AND {}performed_on>?)"
        for one_variant, params, newest_days in (
            (False, (1, 1, 11, 11, 0, 1), newest.format("", "entries_by_user", "")),
            (True, (1, "barbell", 1, "barbell", 11, 11, 0, 1),
             newest.format("COVERING ", "entries_by_user_variant", "variant=? AND ")),
        ):  # fmt: skip
            plan = await sqlite_plan(store, session_page_query(one_variant), params)
            assert newest_days in plan, plan  # not all of the lifter's entries
            assert "SEARCH e USING INDEX entries_by_user_variant (user_id=? AND variant=? AND performed_on=?)" in plan
            assert "AUTOMATIC" not in plan, plan  # no index built for each read
            assert "SCAN e" not in plan, plan
        # The first page reads its newest days' entries whole, once, and groups them in Python.
        for one_variant, params, index in ((False, (1, 1, 10), "entries_by_user (user_id=? AND "),
                                           (True, (1, "barbell", 1, "barbell", 10),
                                            "entries_by_user_variant (user_id=? AND variant=? AND ")):
            plan = await sqlite_plan(store, first_page_query(one_variant), params)
            assert f"SEARCH e USING INDEX {index}performed_on>?)" in plan, plan
            assert not any(step in plan for step in ("SCAN", "TEMP B-TREE", "AUTOMATIC")), plan
    finally:
        await store.close()


async def test_every_page_holds_the_sessions_in_their_place(store):
    # Days with one, two or three variants, sessions of one to three entries, logged out of
    # order (a session's place is its day, then its latest entry), beside another lifter's.
    rng = random.Random(32)
    logged: list[tuple[int, date, str]] = []
    for n in range(120):
        user = 1 if n % 5 else 2
        day, variant = date(2026, 9, 1) + timedelta(days=rng.randrange(30)), rng.choice(["barbell", "machine", "smith"])
        logged_as = entry(day=day, variant=variant)
        entry_id = await add_entry(store, user, logged_as, setup_id=None, interaction_id=n, when=WHEN)
        if user == 1:
            logged.append((entry_id, day, variant))
    for variant in (None, "machine"):
        mine = [row for row in logged if variant in (None, row[2])]
        keys = {(day, kind) for _, day, kind in mine}
        latest = {key: max(i for i, day, kind in mine if (day, kind) == key) for key in keys}
        expected = [
            [i for i, day, kind in sorted(mine) if (day, kind) == key]
            for key in sorted(keys, key=lambda key: (key[0], latest[key]), reverse=True)
        ]
        for offset in range(0, len(expected) + 4, 4):
            page, more = await store.entries.session_page(1, variant, offset=offset, limit=4)
            assert [[e.id for e in session] for session in page] == expected[offset : offset + 4], (variant, offset)
            assert more is (offset + 4 < len(expected))


async def test_session_pages_newest_first(store):
    for i in range(25):
        day = date(2026, 10, 1) + timedelta(days=i)
        await add_entry(store, 1, entry(day=day, weight=100 + i), setup_id=None, interaction_id=i * 2, when=WHEN)
        await add_entry(
            store, 1, entry(day=day, weight=50, variant="machine"), setup_id=None, interaction_id=i * 2 + 1, when=WHEN
        )
    page, more = await store.entries.session_page(1, "barbell", offset=0, limit=10)
    assert more is True
    assert [s[0].weight for s in page] == [124 - i for i in range(10)]
    last, more = await store.entries.session_page(1, "barbell", offset=20, limit=10)
    assert (len(last), more) == (5, False)
    mixed, _ = await store.entries.session_page(1, None, offset=0, limit=4)
    days = [(s[0].performed_on.day, s[0].variant) for s in mixed]
    assert days == [(25, "machine"), (25, "barbell"), (24, "machine"), (24, "barbell")]
    assert await store.entries.session_page(2, None, offset=0, limit=10) == ([], False)


async def test_preferences_and_setups(store):
    assert await store.users.preferences(1) == Preferences()
    await save_preferences(store, 1, Preferences(unit="lb", rep_low=8, rep_high=12, share_logs=True))
    prefs = await store.users.preferences(1)
    assert (prefs.unit, prefs.rep_low, prefs.rep_high, prefs.share_logs) == ("lb", 8, 12, True)
    first = await store.users.set_setup(1, "bench 40 cm, feet wide", WHEN)
    second = await store.users.set_setup(1, "machine, pad high", WHEN)
    assert await store.users.current_setup(1) == (second, "machine, pad high")
    assert [s[0] for s in await store.users.setups(1)] == [first, second]
    assert (await store.users.preferences(1)).unit == "lb"  # setting a setup keeps the preferences


async def test_saving_settings_read_before_a_setup_was_chosen_keeps_that_setup(store):
    # /settings reads the preferences, checks its options and saves them; a /setup handled in
    # between (two commands at once) was undone by the save, which wrote back the setup it had read.
    read = await store.users.preferences(1)
    chosen = await store.users.set_setup(1, "bench 40 cm", WHEN)
    await save_preferences(store, 1, replace(read, unit="lb"))
    assert await store.users.current_setup(1) == (chosen, "bench 40 cm")
    assert (await store.users.preferences(1)).unit == "lb"
    await store.users.clear_setup(1)
    await save_preferences(store, 1, replace(await store.users.preferences(1), current_setup_id=chosen))
    assert await store.users.current_setup(1) is None  # /setup none stays: the setup is /setup's to change


LIFTERS = range(1, 9)  # each sends two /settings at once: on PostgreSQL some overlap whatever the timing


async def _settings_at_once(store, *options):
    """Each lifter's /settings with each of `options`, all at once; what each answered, by lifter
    (its settings before and after, or its refusal)."""
    # Connections ready first (PostgreSQL's pool opens them as needed): opening one took longer
    # than a change, which then overlapped none.
    await asyncio.gather(*(store.users.preferences(lifter) for lifter in LIFTERS for _ in options))
    changes = [
        store.users.change_preferences(lifter, partial(changed_preferences, **given))
        for lifter in LIFTERS
        for given in options
    ]
    answers = await asyncio.gather(*changes, return_exceptions=True)
    return [answers[i : i + len(options)] for i in range(0, len(answers), len(options))]


async def test_two_settings_at_once_keep_both_changes(store):
    # /settings read the whole row, checked its options and wrote the row back: of two at once
    # (one the unit, the other the time zone), the one written last put back the other's old value.
    await _settings_at_once(store, {"unit": "lb"}, {"timezone": "Asia/Tokyo"})
    for lifter in LIFTERS:
        prefs = await store.users.preferences(lifter)
        assert (prefs.unit, prefs.timezone) == ("lb", "Asia/Tokyo")


async def test_two_settings_at_once_are_checked_against_each_other(store):
    # rep_low:12 and rep_high:8 each fit the stored 6–15: checked against the row each had read
    # (PostgreSQL runs both at once), both were written, into a range of 12–8. The second is
    # checked against the first, and refused.
    for answers in await _settings_at_once(store, {"rep_low": 12}, {"rep_high": 8}):
        [refused] = [answer for answer in answers if isinstance(answer, BaseException)]
        assert isinstance(refused, ValidationError)
    for lifter in LIFTERS:
        prefs = await store.users.preferences(lifter)
        assert (prefs.rep_low, prefs.rep_high) in {(12, 15), (6, 8)}


async def test_a_unit_and_an_increment_at_once_never_keep_a_step_of_the_old_units_plates(store):
    for lifter in LIFTERS:
        await save_preferences(store, lifter, Preferences(unit="lb", increment_kg=to_kg(10, "lb")))
    for answers in await _settings_at_once(store, {"unit": "kg"}, {"increment": 1.25}):
        assert not [answer for answer in answers if isinstance(answer, BaseException)]
    for lifter in LIFTERS:
        prefs = await store.users.preferences(lifter)
        # Either order is the two commands one after the other: kg, then 1.25 kg; or 1.25 lb, reset by kg.
        assert (prefs.unit, prefs.increment_kg) in {("kg", 1.25), ("kg", None)}


async def test_a_setup_described_again_is_that_setup(store):
    bench = await store.users.set_setup(1, "bench 40 cm, feet wide", WHEN)
    machine = await store.users.set_setup(1, "machine, pad high", WHEN)
    assert await store.users.set_setup(1, "bench 40 cm, feet wide", WHEN) == bench  # back to it: same id
    assert await store.users.set_setup(1, "  Bench 40 cm,  feet WIDE ", WHEN) == bench  # case and spacing
    assert await store.users.current_setup(1) == (bench, "  Bench 40 cm,  feet WIDE ")  # the newest spelling
    assert [s[0] for s in await store.users.setups(1)] == [bench, machine]  # nothing recorded twice
    assert await store.users.set_setup(1, "bench 45 cm, feet wide", WHEN) not in (bench, machine)
    assert await store.users.set_setup(2, "machine, pad high", WHEN) != machine  # another lifter's is theirs


async def test_pending_confirm_stores_once_and_respects_expiry(store):
    expires = WHEN + timedelta(minutes=14)
    await store.pending.put(500, 1, entry(weight=375), None, expires)
    assert await store.pending.confirm(500, 2, WHEN) is None  # someone else's
    assert await store.pending.discard(500, 2) is False
    first = await store.pending.confirm(500, 1, WHEN)
    second = await store.pending.confirm(500, 1, WHEN)
    assert first is not None
    assert second is None
    assert await entry_count(store, 1) == 1
    await store.pending.put(501, 1, entry(), None, expires)
    assert await store.pending.confirm(501, 1, expires + timedelta(seconds=1)) is None
    assert await entry_count(store, 1) == 1


async def test_quiz_counts_latest_verdict_per_member(store):
    await store.quiz.record(1, 10, "accessory", "v1", WHEN)
    await store.quiz.record(1, 10, "main-tool", "v1", WHEN)
    await store.quiz.record(2, 10, "main-tool", "v1", WHEN)
    await store.quiz.record(3, 10, "optional", "v1", WHEN)
    await store.quiz.record(3, 99, "main-tool", "v1", WHEN)
    assert await store.quiz.latest_verdict_counts(10) == {"main-tool": 2, "optional": 1}
    assert [v.verdict_id for v in await store.quiz.verdicts_for_user(3)] == ["main-tool", "optional"]


async def test_quiz_keeps_only_the_latest_verdict_per_server(store):
    await store.quiz.record(1, 10, "accessory", "v1", WHEN)
    await store.quiz.record(1, 10, "main-tool", "v1", WHEN)
    await store.quiz.record(1, None, "optional", "v1", WHEN)
    await store.quiz.record(1, None, "accessory", "v1", WHEN)
    rows = await store.db.fetchall("SELECT guild_id, verdict_id FROM quiz_results WHERE user_id = 1")
    assert sorted((r[0] or 0, r[1]) for r in rows) == [(0, "accessory"), (10, "main-tool")]


async def test_quiz_keeps_the_latest_verdict_of_each_place_and_one_for_each_server_left(store):
    # A quiz in DMs, or in a server without the bot, deleted every verdict without a server id:
    # the DM verdict and those unlinked from the servers the bot had left.
    await store.quiz.record(1, None, "optional", "v1", WHEN)  # in DMs
    await store.quiz.record(1, 10, "accessory", "v1", WHEN)
    await store.quiz.record(1, 11, "main-tool", "v1", WHEN)
    await store.guild_config.forget_guild(10)
    await store.guild_config.forget_guild(11)
    await store.quiz.record(1, 12, "not-here", "v1", WHEN, bot_member=False)
    await store.quiz.record(1, 13, "setup-first", "v1", WHEN, bot_member=False)  # no id tells 13 from 12
    await store.quiz.record(1, None, "main-tool", "v2", WHEN)
    await store.quiz.record(1, 14, "optional", "v1", WHEN)
    await store.quiz.record(2, None, "accessory", "v1", WHEN)  # another member's
    found = await store.quiz.verdicts_for_user(1)
    assert [(v.verdict_id, v.guild_id, v.taken_in) for v in found] == [
        ("optional", 14, TakenIn.SERVER), ("main-tool", None, TakenIn.DM),
        ("setup-first", None, TakenIn.WITHOUT_BOT), ("main-tool", None, TakenIn.LEFT),
        ("accessory", None, TakenIn.LEFT)]  # fmt: skip
    assert await store.quiz.latest_verdict_counts(12) == {}  # kept without the server's id: not counted
    assert await store.quiz.latest_verdict_counts(14) == {"optional": 1}


async def test_the_export_read_has_every_stored_verdict_with_its_server(store):
    await store.quiz.record(1, 10, "main-tool", "v1", WHEN)
    await store.quiz.record(1, None, "optional", "v2", WHEN)
    await store.quiz.record(2, 10, "accessory", "v1", WHEN)  # another member's
    found = await store.quiz.verdicts_for_user(1)
    assert [(v.verdict_id, v.quiz_version, v.guild_id, v.taken_in) for v in found] == [
        ("optional", "v2", None, TakenIn.DM), ("main-tool", "v1", 10, TakenIn.SERVER)]
    assert found[0].taken_at == WHEN.isoformat()


async def test_forget_removes_every_row_about_the_user(store):
    await store.users.set_setup(1, "bench", WHEN)
    await save_preferences(store, 1, Preferences(unit="lb"))
    await add_entry(store, 1, entry(), setup_id=None, interaction_id=1, when=WHEN)
    await store.pending.put(2, 1, entry(), None, WHEN)
    await store.quiz.record(1, 10, "accessory", "v1", WHEN)
    await add_entry(store, 2, entry(), setup_id=None, interaction_id=3, when=WHEN)
    counts = (await store.privacy.forget(1)).counts
    assert counts["log entries"] == 1
    assert counts["setups"] == 1
    assert counts["quiz results"] == 1
    for _, table, column in PERSONAL_TABLES:
        assert await store.db.fetchval(f"SELECT COUNT(*) FROM {table} WHERE {column} = 1") == 0
    assert await entry_count(store, 2) == 1


async def test_every_table_with_a_user_id_is_forgotten(store):
    with_user = {table for table, columns in (await store.db.columns()).items() if "user_id" in columns}
    assert with_user == {t for _, t, _ in PERSONAL_TABLES}


async def test_an_entry_reads_back_field_by_field(store):
    # Every field a different value, so a column read into the wrong field shows.
    setup_id = await store.users.set_setup(1, "bench 40 cm", WHEN)
    logged = NewEntry(performed_on=date(2026, 11, 3), variant="smith", sets=4, reps=9, weight=102.5, unit="lb",
                      rpe=7.5, note="slow eccentric")  # fmt: skip
    entry_id = await add_entry(store, 1, logged, setup_id=setup_id, interaction_id=5, when=WHEN)
    edited = WHEN + timedelta(hours=2)
    assert await store.entries.edit_told(1, entry_id, logged, edited, post_text=edited_post_text) == (True, None)
    (page,), _ = await store.entries.session_page(1, None, offset=0, limit=10)
    for entry in (await store.entries.get(1, entry_id), page[0]):
        assert (entry.id, entry.performed_on, entry.variant, entry.sets, entry.reps, entry.weight, entry.unit) == (
            entry_id, date(2026, 11, 3), "smith", 4, 9, 102.5, "lb")  # fmt: skip
        assert (entry.rpe, entry.note, entry.setup_id, entry.setup, entry.edited_at) == (
            7.5, "slow eccentric", setup_id, "bench 40 cm", edited)  # fmt: skip


async def test_an_edited_entry_derived_is_the_entry_read_back(store):
    """/history's Edit answers with `edited` rather than reading the entry again: the two agree,
    field by field, whatever the edit changed (a day, a unit, an RPE and a note removed)."""
    setup_id = await store.users.set_setup(1, "bench 40 cm", WHEN)
    logged = NewEntry(performed_on=date(2026, 11, 3), variant="smith", sets=4, reps=9, weight=102.5, unit="kg",
                      rpe=7.5, note="slow eccentric")  # fmt: skip
    entry_id = await add_entry(store, 1, logged, setup_id=setup_id, interaction_id=5, when=WHEN)
    was = await store.entries.get(1, entry_id)
    changes = [
        replace(logged, performed_on=date(2026, 11, 4), sets=3, reps=12, weight=225.0, unit="lb", rpe=None, note=None),
        replace(logged, weight=102.0583, rpe=9.5, note="felt fine"),  # an imported load, kept exactly
    ]
    for n, changed in enumerate(changes, start=1):
        when = WHEN + timedelta(hours=n, microseconds=n)
        assert await store.entries.edit_told(1, entry_id, changed, when, post_text=edited_post_text) == (True, None)
        read = await store.entries.get(1, entry_id)
        assert edited(was, changed, when) == read
        was = read


async def test_the_entry_logged_last_is_the_one_stored_last_whatever_its_date(store):
    # /undo takes back what was just logged: a set logged for last month after today's is that set.
    today = await add_entry(store, 1, entry(day=date(2026, 11, 20)), setup_id=None, interaction_id=1, when=WHEN)
    backdated = await add_entry(store, 1, entry(day=date(2026, 10, 1), weight=90), setup_id=None,
                                interaction_id=2, when=WHEN)
    await add_entry(store, 2, entry(day=date(2026, 9, 1)), setup_id=None, interaction_id=3, when=WHEN)  # another lifter
    last, imported_after = await store.entries.last_logged(1)
    assert (last.id, last.weight, imported_after) == (backdated, 90.0, False)
    assert await delete_entry(store, 1, backdated)
    assert (await store.entries.last_logged(1))[0].id == today


async def test_the_entry_logged_last_leaves_imports_to_import_undo(store):
    assert await store.entries.last_logged(1) == (None, False)
    interaction_id = 900
    imported = [ImportedEntry(date(2026, 11, 21), "barbell", 3, 10, 100.0, "kg", 8.0, None)]
    await store.imports.put_pending(interaction_id, 1, "strong", imported, WHEN + timedelta(minutes=14))
    assert await store.imports.confirm(interaction_id, 1, WHEN) is not None
    assert await store.entries.last_logged(1) == (None, True)  # only an import: /import undo's
    logged = await add_entry(store, 1, entry(), setup_id=None, interaction_id=1, when=WHEN)
    last, imported_after = await store.entries.last_logged(1)
    assert (last.id, imported_after) == (logged, False)
    again = [ImportedEntry(date(2026, 11, 22), "barbell", 3, 10, 100.0, "kg", 8.0, None)]
    await store.imports.put_pending(interaction_id + 1, 1, "strong", again, WHEN + timedelta(minutes=14))
    assert await store.imports.confirm(interaction_id + 1, 1, WHEN) is not None
    last, imported_after = await store.entries.last_logged(1)
    assert (last.id, imported_after) == (logged, True)  # the logged entry still, and the import after it said
