"""Answers whose buttons and menus are dynamic items leave nothing running in the bot: discord.py
would give each ephemeral answer's view a 15-minute timeout task, one per /history and /undo."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver

pytestmark = pytest.mark.e2e


def _view_timeouts() -> list[asyncio.Task[object]]:
    return [t for t in asyncio.all_tasks() if "timeout_task_impl" in t.get_coro().__qualname__]  # type: ignore[union-attr]


async def test_history_and_undo_keep_no_view_and_their_buttons_still_work(
        hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3)
    history = await driver.slash("history")
    asked = await driver.slash("undo")
    assert [b["label"] for b in asked.buttons()] == ["Delete it", "Keep it"]
    assert history.components
    assert _view_timeouts() == []
    assert hipbot._connection._view_store.persistent_views == []  # discord.py's own store
    deleted = await driver.click(asked, "Delete it")
    assert deleted.content.startswith("Deleted: ")
