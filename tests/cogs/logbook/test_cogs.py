"""The logbook cogs' callbacks with a real bot object (not logged in), a real database and fake interactions."""

from __future__ import annotations

import csv
import io
import threading
import types
from dataclasses import replace
from datetime import timedelta

import discord
import pytest

from bot.db import entries as entries_repo
from bot.db.store import Store
from bot.errors import UserError, ValidationError
from bot.interactions.buttons import expiry_stamp
from bot.logbook import export
from bot.logbook.edits import form_stamp
from cogs.logbook import your_data
from cogs.logbook.held import StoreCorrected, StorePending
from cogs.logbook.history import HistoryCog, PageButton
from cogs.logbook.log import LogCog, UndoButton
from cogs.logbook.prefs import PrefsCog
from cogs.logbook.render import edited_post_text
from cogs.logbook.your_data import DataCog, ForgetButton
from tests.cogs.lifter import interaction
from tests.fakes import FakeClock, offline_bot
from tests.stored import entries_of, entry_count
from tests.trips import count_trips

Clock = FakeClock


@pytest.fixture
async def env(tmp_path):
    store = await Store.open(tmp_path / "log.db")
    clock = Clock()
    bot = offline_bot(store, clock=clock)
    cogs = {"log": LogCog(bot), "history": HistoryCog(bot), "data": DataCog(bot), "prefs": PrefsCog(bot)}
    yield bot, store, clock, cogs
    for cog in cogs.values():
        await cog.cog_unload()
    await store.close()


def click(bot, user=1):
    """A button press: a component interaction on the (ephemeral) message carrying the button."""
    return interaction(bot, user, type=discord.InteractionType.component)


async def log(env, user=1, **options):
    bot, _, _, cogs = env
    i = interaction(bot, user)
    values = {"weight": 100.0, "reps": 10, **options}
    await cogs["log"].log.callback(cogs["log"], i, **values)
    return i


async def test_log_stores_and_replies_privately_by_default(env):
    _, store, _, _ = env
    i = await log(env, sets=3, rpe=8.0)
    [reply] = i.sent
    assert reply.ephemeral
    assert "**Logged** 3 × 10 @ 100 kg · RPE 8 · barbell on 2026-11-25." in reply.content
    assert await entry_count(store, 1) == 1


async def test_share_and_share_logs_make_it_public(env):
    bot, _store, _, cogs = env
    assert not (await log(env, share=True)).sent[0].ephemeral
    await cogs["prefs"].settings.callback(cogs["prefs"], interaction(bot), share_logs=True)
    assert not (await log(env)).sent[0].ephemeral
    assert (await log(env, share=False)).sent[0].ephemeral


@pytest.mark.parametrize(
    ("options", "field"),
    [({"weight": 1500.0}, "weight"), ({"weight": 2300.0, "unit": "lb"}, "weight"), ({"rpe": 8.25}, "rpe"),
     ({"day": "2026-11-26"}, "date"), ({"note": "x" * 201}, "note"), ({"reps": 0}, "reps")],
)  # fmt: skip
async def test_bad_input_names_the_field_and_stores_nothing(env, options, field):
    _, store, _, _ = env
    with pytest.raises(ValidationError) as caught:
        await log(env, **options)
    assert caught.value.field == field
    assert await entry_count(store, 1) == 0


async def test_implausible_load_asks_first_and_stores_once(env, tmp_path):
    bot, store, _, _ = env
    await log(env, weight=37.5)
    ask = await log(env, weight=375.0)
    assert await entry_count(store, 1) == 1
    [reply] = ask.sent
    assert reply.ephemeral
    assert "Did you mean **37.5 kg**?" in reply.content
    labels = [c.item.label for c in reply.kwargs["view"].children]
    assert labels == ["Store 37.5 kg", "Store anyway", "Cancel"]
    store_button = StorePending("ok", ask.id, False)
    first = click(bot)
    await store_button.handle(first)
    assert "**Logged** 1 × 10 @ 375 kg" in first.sent[0].content
    again = click(bot)
    await store_button.handle(again)
    assert again.sent[0].content.startswith("Already stored")
    assert await entry_count(store, 1) == 2


@pytest.mark.parametrize(
    ("button_class", "prefix", "stored"), [(StorePending, "lg", 375.0), (StoreCorrected, "lf", 37.5)]
)
async def test_a_store_button_works_after_a_restart(env, button_class, prefix, stored):
    """Store anyway stores the weight typed, Store 37.5 kg the one offered: from the custom_id alone."""
    _bot, store, clock, _ = env
    await log(env, weight=37.5)
    ask = await log(env, weight=375.0)
    restarted = offline_bot(store, clock=clock)
    button = await button_class.from_custom_id(
        None, None, button_class.__discord_ui_compiled_template__.fullmatch(f"{prefix}:ok:{ask.id}:0")
    )
    pressed = click(restarted)
    await button.handle(pressed)
    assert f"**Logged** 1 × 10 @ {stored:g} kg" in pressed.sent[0].content
    assert (await store.entries.by_interaction(1, ask.id)).weight == stored
    assert await entry_count(store, 1) == 2


async def test_cancel_and_expiry_store_nothing(env):
    bot, store, clock, _ = env
    await log(env, weight=100.0)
    ask = await log(env, weight=10.0)
    cancel = click(bot)
    await StorePending("no", ask.id, False).handle(cancel)
    assert "Nothing was stored" in cancel.sent[0].content
    ask = await log(env, weight=10.0)
    clock.now += timedelta(minutes=15)
    with pytest.raises(UserError, match="expired"):
        await StorePending("ok", ask.id, False).handle(click(bot))
    assert await entry_count(store, 1) == 1


async def test_someone_else_cannot_confirm_my_pending_entry(env):
    bot, store, _, _ = env
    await log(env, weight=100.0)
    ask = await log(env, weight=300.0)
    with pytest.raises(UserError):
        await StorePending("ok", ask.id, False).handle(click(bot, user=2))
    assert await entry_count(store, 2) == 0
    assert await entry_count(store, 1) == 1


async def test_undo_confirm_cancel_and_timeout(env):
    bot, store, clock, cogs = env
    await log(env, weight=100.0)
    await log(env, weight=105.0)
    ask = interaction(bot)
    await cogs["log"].undo.callback(cogs["log"], ask)
    assert "1 × 10 @ 105 kg" in ask.sent[0].content
    stamp = ask.sent[0].kwargs["view"].children[0].expires
    keep = click(bot)
    latest = (await entries_of(store, 1))[-1]
    await UndoButton("no", latest.id, "0", stamp).handle(keep)
    assert await entry_count(store, 1) == 2
    clock.now += timedelta(minutes=15)
    with pytest.raises(UserError, match="expired"):
        await UndoButton("ok", latest.id, "0", stamp).handle(click(bot))
    assert await entry_count(store, 1) == 2
    clock.now -= timedelta(minutes=15)
    done = click(bot)
    await UndoButton("ok", latest.id, "0", stamp).handle(done)
    assert done.sent[0].content.startswith("Deleted: 2026-11-25 · 1 × 10 @ 105 kg")
    assert await entry_count(store, 1) == 1


async def test_undo_deletes_in_one_trip_and_says_when_the_entry_is_already_gone(env, monkeypatch):
    bot, store, _, cogs = env
    await log(env, weight=100.0)
    ask = interaction(bot)
    await cogs["log"].undo.callback(cogs["log"], ask)
    stamp = ask.sent[0].kwargs["view"].children[0].expires
    [entry] = await entries_of(store, 1)
    trips = count_trips(monkeypatch)
    done = click(bot)
    await UndoButton("ok", entry.id, "0", stamp).handle(done)
    assert len(trips) == 1  # the entry read and deleted, with its post, in one job
    assert done.sent[0].content.startswith("Deleted: 2026-11-25 · 1 × 10 @ 100 kg")
    assert await entry_count(store, 1) == 0
    trips.clear()
    again = click(bot)  # a second press (or one after /history deleted it)
    await UndoButton("ok", entry.id, "0", stamp).handle(again)
    assert len(trips) == 1
    assert again.sent[0].content == "That entry is already gone."


def _buttons(sent):
    """What the lifter sees of an answer's buttons, and the custom_id of each."""
    return [(b.item.label, b.item.custom_id) for b in sent.kwargs["view"].children]


async def test_undo_confirmed_after_an_edit_elsewhere_deletes_nothing_and_asks_again(env):
    bot, store, clock, cogs = env
    await log(env, weight=100.0, note="first")
    ask = interaction(bot)
    await cogs["log"].undo.callback(cogs["log"], ask)
    delete_it, _ = ask.sent[0].kwargs["view"].children
    [entry] = await entries_of(store, 1)
    clock.now += timedelta(minutes=2)  # edited on another device while the question waits
    saved, _ = await store.entries.edit_told(1, entry.id, replace(entry, weight=110.0, note="<@2> heavier"), clock.now,
                                             post_text=edited_post_text)
    assert saved
    stale = click(bot)
    await delete_it.handle(stale)
    assert await entry_count(store, 1) == 1  # nothing deleted unseen
    shown = stale.sent[0]
    assert shown.content.splitlines() == [
        "Not deleted: this entry was edited after you were asked. Delete it as it is now?",
        "**2026-11-25 · 1 × 10 @ 110 kg · barbell**", "Note: <@2> heavier",
        f"Last edited <t:{int(clock.now.timestamp())}:f>."]
    assert shown.kwargs["allowed_mentions"].users is False  # the note echoed pings no one
    [edited] = await entries_of(store, 1)
    fresh = f"s{form_stamp(edited)}:{delete_it.expires}"  # the entry as it is now, in the time left
    assert _buttons(shown) == [("Delete it", f"ud:ok:{entry.id}:{fresh}"), ("Keep it", f"ud:no:{entry.id}:{fresh}")]
    again = click(bot)
    await shown.kwargs["view"].children[0].handle(again)
    assert again.sent[0].content == "Deleted: 2026-11-25 · 1 × 10 @ 110 kg · barbell."
    assert await entry_count(store, 1) == 0


async def test_an_undo_sent_before_the_stamp_was_carried_still_deletes(env):
    """A /undo answered before this change: its buttons hold no edit stamp, and work as they did."""
    bot, store, clock, _ = env
    await log(env, weight=100.0)
    [entry] = await entries_of(store, 1)
    await store.entries.edit_told(1, entry.id, replace(entry, weight=110.0), clock.now, post_text=edited_post_text)
    old = f"ud:ok:{entry.id}:{expiry_stamp(clock.now)}"
    button = await UndoButton.from_custom_id(None, None, UndoButton.__discord_ui_compiled_template__.fullmatch(old))
    done = click(bot)
    await button.handle(done)
    assert done.sent[0].content == "Deleted: 2026-11-25 · 1 × 10 @ 110 kg · barbell."
    assert await entry_count(store, 1) == 0


async def test_history_pages(env):
    bot, _, _clock, cogs = env
    empty = interaction(bot)
    await cogs["history"].history.callback(cogs["history"], empty)
    assert "No hip thrust sessions logged yet" in empty.sent[0].content
    for day in range(1, 26):
        await log(env, day=f"2026-10-{day:02d}", weight=100.0 + day)
    first = interaction(bot)
    await cogs["history"].history.callback(cogs["history"], first)
    embed = first.sent[0].embed
    lines = embed.description.splitlines()
    assert len(lines) == 10
    assert lines[0].startswith("`2026-10-25` · barbell · 1 × 10 @ 125 kg")
    [next_button] = [c for c in first.sent[0].kwargs["view"].children
                     if isinstance(c, PageButton) and c.item.label == "Next"]
    second = click(bot)
    await next_button.handle(second)
    lines = second.sent[0].embed.description.splitlines()
    assert lines[0].startswith("`2026-10-15`")
    stamp = next_button.expires
    last = click(bot)
    await PageButton("", 20, "n", stamp).handle(last)
    assert len(last.sent[0].embed.description.splitlines()) == 5


async def test_export_protects_formulas_and_round_trips(env):
    bot, _, _, cogs = env
    for note in ("=SUM(A1)", "-5 felt heavy", "'quoted", "plain"):
        await log(env, note=note)
    i = interaction(bot)
    await cogs["data"].export.callback(cogs["data"], i)
    assert i.sent[0].how == "defer"
    assert i.sent[0].ephemeral
    files = {f.filename: f.fp.read().decode() for f in i.sent[1].kwargs["files"]}
    assert set(files) == {"entries.csv", "profile.csv"}
    rows = list(csv.DictReader(io.StringIO(files["entries.csv"])))
    assert [r["note"] for r in rows] == ["'=SUM(A1)", "'-5 felt heavy", "''quoted", "plain"]
    assert rows[0]["weight"] == "100"
    assert rows[0]["unit"] == "kg"


async def test_export_of_ten_thousand_entries(env):
    bot, store, _, cogs = env
    rows = [(1, "2026-01-01", "barbell", 3, 10, 100.0, "kg", 100.0, None, None, None, "x", None)] * 10_000
    await store.db.executemany(
        "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,"
        " setup_id, created_at, interaction_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    i = interaction(bot, filesize_limit=200_000)
    await cogs["data"].export.callback(cogs["data"], i)
    files = {f.filename: f.fp.read() for f in i.sent[1].kwargs["files"]}
    parts = [name for name in files if name.startswith("entries")]
    assert len(parts) > 1
    assert all(len(files[name]) <= 200_000 for name in parts)
    assert sum(data.count(b"\r\n") - 1 for name, data in files.items() if name in parts) == 10_000


async def shared_logs(store, count):
    """`count` entries of user 1, each posted in a server channel."""
    rows = [(1, "2026-01-01", "barbell", 3, 10, 100.0, "kg", 100.0, None, None, None, "x")] * count
    await store.db.executemany(
        "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,"
        " setup_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    await store.db.execute(
        "INSERT INTO entry_posts (entry_id, guild_id, channel_id, message_id) SELECT id, 7, 8, 1000 + id FROM entries")


def thread_recorder(seen):
    """Wraps a function to note in `seen` under a name whether each call ran on this (the event loop's) thread."""
    loop_thread = threading.get_ident()

    def recorded(name, work):
        def run(*args, **kwargs):
            seen.setdefault(name, set()).add(threading.get_ident() == loop_thread)
            return work(*args, **kwargs)
        return run

    return recorded


async def test_export_reads_and_writes_the_shared_posts_off_the_event_loop(env, monkeypatch):
    """A lifter who shares every log has a post for each entry: reading each as an entry and
    writing profile.csv (one call of csv's writerows, which holds the GIL throughout) held the
    event loop ~0.6 s for 50,000, in which no other command or heartbeat was answered."""
    bot, store, _, cogs = env
    await shared_logs(store, 300)
    seen, rows_a_call = {}, []
    recorded = thread_recorder(seen)

    class Writer:
        def __init__(self, buffer, **kwargs):
            self._writer = csv.writer(buffer, **kwargs)

        def writerow(self, row):
            rows_a_call.append(1)
            return self._writer.writerow(row)

        def writerows(self, rows):
            rows = list(rows)
            rows_a_call.append(len(rows))
            return self._writer.writerows(rows)

    monkeypatch.setattr(entries_repo, "SharedPost", recorded("read", entries_repo.SharedPost))
    monkeypatch.setattr(your_data, "profile_file", recorded("written", your_data.profile_file))
    monkeypatch.setattr(export, "csv", types.SimpleNamespace(writer=Writer))
    i = interaction(bot)
    await cogs["data"].export.callback(cogs["data"], i)
    files = {f.filename: f.fp.read().decode() for f in i.sent[1].kwargs["files"]}
    posts = [r for r in csv.DictReader(io.StringIO(files["profile.csv"])) if r["kind"] == "shared post"]
    assert len(posts) == 300
    assert seen == {"read": {False}, "written": {False}}
    assert max(rows_a_call) == 1


async def test_forgetme_reads_the_shared_posts_off_the_event_loop(env, monkeypatch):
    """/forgetme reads the posts it marks deleted as entries: ~0.2 s on the event loop for a lifter
    who shared 50,000 logs, in which no other command or heartbeat was answered."""
    store, seen = env[1], {}
    await shared_logs(store, 300)
    monkeypatch.setattr(entries_repo, "SharedPost", thread_recorder(seen)("read", entries_repo.SharedPost))
    forgotten = await store.privacy.forget(1)  # what the Delete everything button does first
    assert (len(forgotten.posts), forgotten.counts["log entries"]) == (300, 300)  # the posts for the cog to mark
    assert await entry_count(store, 1) == 0
    assert seen == {"read": {False}}


async def test_forgetme_deletes_everything_after_confirm(env):
    bot, store, _, cogs = env
    await log(env)
    await cogs["prefs"].setup.callback(cogs["prefs"], interaction(bot), description="bench 40 cm")
    ask = interaction(bot)
    await cogs["data"].forgetme.callback(cogs["data"], ask)
    stamp = ask.sent[0].kwargs["view"].children[0].expires
    cancel = click(bot)
    await ForgetButton("no", stamp).handle(cancel)
    assert await entry_count(store, 1) == 1
    done = click(bot)
    await ForgetButton("ok", stamp).handle(done)
    assert "log entries: 1" in done.sent[0].content
    assert "setups: 1" in done.sent[0].content
    assert await entry_count(store, 1) == 0
    assert await store.users.current_setup(1) is None


async def test_settings_show_change_and_refuse(env):
    bot, store, _, cogs = env
    show = interaction(bot)
    await cogs["prefs"].settings.callback(cogs["prefs"], show)
    assert "rep range: 6–15" in show.sent[0].content
    await cogs["prefs"].settings.callback(cogs["prefs"], interaction(bot), unit="lb", increment=10.0, rep_low=8)
    prefs = await store.users.preferences(1)
    assert (prefs.unit, prefs.increment, prefs.rep_low) == ("lb", 10, 8)
    with pytest.raises(ValidationError, match="IANA"):
        await cogs["prefs"].settings.callback(cogs["prefs"], interaction(bot), timezone="Mars/Base")
    with pytest.raises(ValidationError, match="rep_low"):
        await cogs["prefs"].settings.callback(cogs["prefs"], interaction(bot), rep_low=20)
    assert (await store.users.preferences(1)).rep_low == 8


async def test_setup_is_remembered_by_entries(env):
    bot, store, _, cogs = env
    await cogs["prefs"].setup.callback(cogs["prefs"], interaction(bot), description="bench 40 cm, @everyone")
    await log(env)
    [entry] = await entries_of(store, 1)
    assert entry.setup == "bench 40 cm, @everyone"
    shown = interaction(bot)
    await cogs["prefs"].setup.callback(cogs["prefs"], shown)
    assert "@everyone" not in shown.sent[0].content
    assert shown.sent[0].kwargs["allowed_mentions"].to_dict() == {"parse": []}
