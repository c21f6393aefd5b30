"""Cancel under an Edit that asks first, with a real database and fake interactions: the question's
discard is `StoreEdit.cancel`, and the answer says whether it found the question."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

import discord
import pytest

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.interactions.buttons import expiry_stamp
from bot.logbook.edits import prefill
from bot.logbook.entries import Entry, NewEntry
from cogs.logbook.edit import FORM, edit_form, form_stamp
from cogs.logbook.edit_fix import FixButton
from cogs.logbook.edit_save import ANSWERED, CANCELLED, StoreEdit
from tests.fakes import FakeInteraction, offline_bot
from tests.stored import add_entry

_ids = itertools.count(60_000)
KEY = 1_300_000_000_000_000_007  # the form submit's id: the question waits under it
ENTRY = NewEntry(date(2026, 11, 20), "barbell", 3, 10, 80.0, "kg", 8.0, "felt fine")


@pytest.fixture
async def bot(tmp_path) -> AsyncIterator[HipThrustBot]:
    store = await Store.open(tmp_path / "edit_save.db")
    bot = offline_bot(store)
    yield bot
    await bot.close()
    await store.close()


async def _asked(bot: HipThrustBot) -> tuple[int, str]:
    """An entry of 80 kg, and an edit of it to 825 kg waiting for Store anyway or Cancel."""
    entry_id = await add_entry(bot.store, 1, ENTRY, setup_id=None, interaction_id=None, when=datetime.now(UTC))
    assert entry_id is not None
    stored = await bot.store.entries.get(1, entry_id)
    expires = bot.clock() + timedelta(minutes=14)
    assert await bot.store.pending.put(KEY, 1, replace(ENTRY, weight=825.0), None, expires, edits=stored)
    return entry_id, expiry_stamp(bot.clock())


async def _waiting(bot: HipThrustBot) -> int:
    return int(await bot.store.db.fetchval("SELECT count(*) FROM pending_logs WHERE interaction_id = ?", (KEY,)))


def _click(bot: HipThrustBot, user: int = 1) -> FakeInteraction:
    return FakeInteraction(id=next(_ids), user_id=user, client=bot, type=discord.InteractionType.component)


async def test_cancel_discards_the_question_once_and_says_whether_it_found_it(bot: HipThrustBot) -> None:
    entry_id, stamp = await _asked(bot)
    button = StoreEdit("no", KEY, entry_id, "", 0, stamp)
    assert await button.cancel(bot, 2) is False  # someone else's key: nothing of theirs waits
    assert await _waiting(bot) == 1
    assert await button.cancel(bot, 1) is True
    assert await _waiting(bot) == 0
    assert await button.cancel(bot, 1) is False  # already gone


async def test_pressing_cancel_answers_by_what_the_discard_found(bot: HipThrustBot) -> None:
    entry_id, stamp = await _asked(bot)
    entry_line = "**2026-11-20 · 3 × 10 @ 80 kg · RPE 8 · barbell**\nNote: felt fine"
    first = _click(bot)
    await StoreEdit("no", KEY, entry_id, "", 0, stamp).handle(first)
    assert first.sent[0].content == f"{CANCELLED}\n{entry_line}"
    assert [b.item.label for b in first.sent[0].kwargs["view"].children] == ["Edit", "Delete", "Back to history"]
    assert await _waiting(bot) == 0
    again = _click(bot)  # a second Cancel (or one after Store took the question) finds nothing
    await StoreEdit("no", KEY, entry_id, "", 0, stamp).handle(again)
    assert again.sent[0].content == ANSWERED + entry_line
    assert (await bot.store.entries.get(1, entry_id)).weight == 80.0  # the entry as it was


def test_the_longest_forms_and_fix_buttons_fit_discords_custom_id_and_carry_the_stamp() -> None:
    # The Edit form and Fix the form carry the entry's edit stamp, so a form sent after another edit of
    # its entry saves nothing over it: with the longest ids, variant, stamp and draft, they still fit.
    edited = Entry.read_back(date(2026, 11, 20), "single-leg", 3, 10, 80.0, "kg", 8.0, None, 10**20 - 1, None, None,
                             datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=UTC))  # fmt: skip
    expires = expiry_stamp(datetime(9999, 1, 1, tzinfo=UTC))
    form = edit_form(edited, "single-leg", 999_999, expires, filled=prefill(edited), draft=10**20 - 1,
                     stamp=form_stamp(edited))  # fmt: skip
    assert len(form.custom_id) <= 100
    assert (match := FORM.fullmatch(form.custom_id)) is not None
    assert match["stamp"] == form_stamp(edited) != form_stamp(replace(edited, edited_at=None)) == "0"
    fix = FixButton(10**20 - 1, 10**20 - 1, "single-leg", 999_999, expires, cancel=True, stamp=form_stamp(edited))
    assert len(fix.item.custom_id or "") <= 100
    assert fix.__discord_ui_compiled_template__.fullmatch(fix.item.custom_id or "") is not None
