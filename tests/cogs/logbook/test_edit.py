"""The /history entry view's buttons with a real database and fake interactions: only the
clicker's own entries, whatever entry id a custom_id names."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import discord

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.interactions.buttons import expiry_stamp
from bot.logbook.entries import NewEntry
from cogs.logbook.edit import GONE, EntryButton
from cogs.logbook.render import edited_post_text
from tests.fakes import FakeClock, FakeInteraction, offline_bot
from tests.stored import add_entry, entry_count
from tests.trips import count_trips

_ids = itertools.count(50_000)


@asynccontextmanager
async def _one_entry(tmp_path: Path) -> AsyncIterator[tuple[Store, HipThrustBot, int, str]]:
    """A bot on a real database holding one entry of user 1's; the store, the bot, the entry's
    id and a stamp for buttons that expire."""
    store = await Store.open(tmp_path / "edit.db")
    clock = FakeClock()
    bot = offline_bot(store, clock=clock)
    try:
        entry = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 100.0, "kg", 8.0, "mine")
        entry_id = await add_entry(store, 1, entry, setup_id=None, interaction_id=1, when=datetime.now(UTC))
        assert entry_id is not None
        yield store, bot, entry_id, expiry_stamp(clock())
    finally:
        await bot.close()
        await store.close()


async def test_a_custom_id_naming_someone_elses_entry_finds_nothing(tmp_path) -> None:
    async with _one_entry(tmp_path) as (store, bot, entry_id, stamp):
        for act in ("ok", "dl", "ed", "no"):
            other = FakeInteraction(id=next(_ids), user_id=2, client=bot, type=discord.InteractionType.component)
            await EntryButton(act, entry_id, "", 0, stamp).handle(other)
            assert other.sent[0].content == GONE
            assert "mine" not in str(other.sent[0].kwargs)
        assert await entry_count(store, 1) == 1


async def test_delete_confirmed_deletes_in_one_trip_and_says_when_the_entry_is_already_gone(tmp_path, monkeypatch):
    async with _one_entry(tmp_path) as (store, bot, entry_id, stamp):
        trips = count_trips(monkeypatch)
        for told in ("Deleted: 2026-11-20 · 3 × 10 @ 100 kg · RPE 8 · barbell", GONE):  # then pressed again
            trips.clear()
            press = FakeInteraction(id=next(_ids), user_id=1, client=bot, type=discord.InteractionType.component)
            await EntryButton("ok", entry_id, "", 0, stamp).handle(press)
            assert len(trips) == 1  # the entry read and deleted, with its post, in one job
            assert press.sent[0].content.startswith(told)
            assert [b.item.label for b in press.sent[0].kwargs["view"].children] == ["Back to history"]
        assert await entry_count(store, 1) == 0


def _press(bot: HipThrustBot) -> FakeInteraction:
    return FakeInteraction(id=next(_ids), user_id=1, client=bot, type=discord.InteractionType.component)


async def test_delete_confirmed_after_an_edit_elsewhere_deletes_nothing_and_asks_again(tmp_path) -> None:
    async with _one_entry(tmp_path) as (store, bot, entry_id, expires):
        asked = _press(bot)
        await EntryButton("dl", entry_id, "single-leg", 20, expires).handle(asked)
        delete_it, _ = asked.sent[0].kwargs["view"].children
        assert delete_it.custom_id == f"hx:ok:{entry_id}:single-leg:20:{expires}:s0"  # never edited
        entry = await store.entries.get(1, entry_id)
        assert entry is not None
        when = datetime(2026, 11, 25, 12, 1, 30, 250_000, tzinfo=UTC)  # the Edit form, on another device
        assert (await store.entries.edit_told(1, entry_id, replace(entry, rpe=9.0), when,
                                              post_text=edited_post_text))[0]
        stale = _press(bot)
        await delete_it.handle(stale)
        assert await entry_count(store, 1) == 1
        assert stale.sent[0].content.splitlines() == [
            "Not deleted: this entry was edited after you were asked. Delete it as it is now?",
            "**2026-11-20 · 3 × 10 @ 100 kg · RPE 9 · barbell**", "Note: mine",
            f"Last edited <t:{int(when.timestamp())}:f>."]
        fresh = stale.sent[0].kwargs["view"].children
        stamp = f"{int(when.timestamp() * 1_000_000):x}"
        assert [(b.item.label, b.custom_id) for b in fresh] == [
            ("Delete it", f"hx:ok:{entry_id}:single-leg:20:{expires}:s{stamp}"),
            ("Keep it", f"hx:no:{entry_id}:single-leg:20:{expires}")]
        done = _press(bot)
        await fresh[0].handle(done)
        assert done.sent[0].content == "Deleted: 2026-11-20 · 3 × 10 @ 100 kg · RPE 9 · barbell."
        assert await entry_count(store, 1) == 0


async def test_a_delete_it_sent_before_the_stamp_was_carried_still_deletes(tmp_path) -> None:
    async with _one_entry(tmp_path) as (store, bot, entry_id, expires):
        entry = await store.entries.get(1, entry_id)
        assert entry is not None
        await store.entries.edit_told(1, entry_id, replace(entry, rpe=9.0), datetime(2026, 11, 25, tzinfo=UTC),
                                      post_text=edited_post_text)
        old = f"hx:ok:{entry_id}::0:{expires}"
        match = EntryButton.__discord_ui_compiled_template__.fullmatch(old)
        button = await EntryButton.from_custom_id(_press(bot), None, match)
        assert (button.custom_id, button.stamp) == (old, None)
        done = _press(bot)
        await button.handle(done)
        assert done.sent[0].content.startswith("Deleted: 2026-11-20 · 3 × 10 @ 100 kg · RPE 9")
        assert await entry_count(store, 1) == 0
