"""Answers whose buttons and menus are dynamic items leave nothing running in the bot: discord.py
would give each ephemeral answer's view a 15-minute timeout task, one per /history, /undo, quiz
question and confirmation."""

from __future__ import annotations

import asyncio

import discord
import pytest

from bot.client import HipThrustBot
from bot.interactions import expirer
from bot.interactions.expirer import BUTTON_LIFETIME
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import click_expired

pytestmark = pytest.mark.e2e


def _view_timeouts() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if "timeout_task_impl" in t.get_coro().__qualname__]  # type: ignore[union-attr]


async def test_the_checks_below_see_a_view_discord_py_keeps(hipbot: HipThrustBot) -> None:
    """The control: a view discord.py keeps (one not stopped) shows in its store and has the
    timeout task the tests below look for, so their empty lists mean something."""
    view = discord.ui.View(timeout=900)
    view.add_item(discord.ui.Button(label="Kept", custom_id="control"))
    hipbot._connection._view_store.add_view(view)
    try:
        assert len(_view_timeouts()) == 1
        assert hipbot._connection._view_store._views != {}
    finally:
        view.stop()
        hipbot._connection._view_store.remove_view(view)


async def test_history_undo_and_quiz_keep_no_view_and_their_buttons_still_work(
        hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3)
    history = await driver.slash("history")
    asked = await driver.slash("undo")
    assert [b["label"] for b in asked.buttons()] == ["Delete it", "Keep it"]
    quiz = await driver.slash("fitquiz", channel="general")
    first_answer = quiz.buttons()[0]["label"]
    assert history.components
    assert _view_timeouts() == []
    assert hipbot._connection._view_store.persistent_views == []  # discord.py's own store
    deleted = await driver.click(asked, "Delete it")
    assert deleted.content.startswith("Deleted: ")
    second = await driver.click(quiz, first_answer)
    assert second.embeds[0]["title"].startswith("Question 2 of ")
    assert _view_timeouts() == []


async def test_buttons_greyed_out_after_they_expire_are_not_kept_either(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """The disabled copy of a message's buttons (shown when an expired one is pressed, or when the
    timer greys them out) needs no listening: discord.py would keep it for good, one per message."""
    await driver.slash("log", weight=100, reps=10)
    asked = await driver.slash("undo")
    imitation.advance(BUTTON_LIFETIME + 1)
    await click_expired(driver, asked, "Delete it")
    assert hipbot._connection._view_store._views == {}  # discord.py's own store
    assert _view_timeouts() == []


async def test_buttons_grey_out_when_their_lifetime_ends(
        hipbot: HipThrustBot, driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timer each answer with buttons starts (here shortened) disables them in place, and the
    greyed-out copy is not kept."""
    monkeypatch.setattr(expirer, "BUTTON_LIFETIME", 0.2)
    await driver.slash("log", weight=100, reps=10)
    asked = await driver.slash("undo")
    assert not any(b.get("disabled") for b in asked.buttons())
    await driver.wait_until(lambda: all(b.get("disabled") for b in driver.refresh(asked).buttons()),
                            "the buttons greyed out", within=5)
    assert hipbot._connection._view_store._views == {}
