"""SIGKILL the bot between the steps of one multi-step command, then start it again on the same
database: what the user sees and what is stored afterwards.

Each kill happens when the imitation has done one request's work and before its answer reaches
the bot (`BotProcess.kill_at`): Discord did it, the bot never learnt so.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.snippet_helpers import pin, snippet_posts
from tests.reliability.process import BotProcess

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
async def bot(imitation: Imitation, driver: Driver, tmp_path: Path) -> AsyncIterator[BotProcess]:
    """`python -m bot` on a database file of its own, started; killed after the test if still running."""
    process = BotProcess(imitation, tmp_path / "crash.db", tmp_path / "bot.log")
    await process.start(driver)
    try:
        yield process
    finally:
        if process.process is not None and process.process.returncode is None:
            process.kill()
            await process.wait()


async def killed_during(bot: BotProcess, action: Awaitable[Any], method: str, path: str) -> None:
    """Start `action` (a driver call waiting for an answer that will never come) and return once the
    bot died at the request `method` `path`."""
    dead = bot.kill_at(method, path)
    waiting = asyncio.ensure_future(action)
    try:
        await dead
    finally:
        waiting.cancel()


async def test_killed_after_pinning_a_snippet_before_recording_it(bot: BotProcess, driver: Driver) -> None:
    await killed_during(bot, pin(driver, "quick-answer"), "PUT", r"/messages/pins/\d+$")
    [post] = snippet_posts(driver, "general")
    assert [p.message_id for p in driver.pins("general")] == [post.message_id]  # posted and pinned

    await bot.start(driver)
    listed = await driver.slash("snippet list", user="moderator", channel="general")
    assert str(post.message_id) in str(listed.embeds), "the pinned snippet is not in /snippet list"
    again = await pin(driver, "quick-answer")
    assert again.content.startswith("**Quick answer** is already pinned in "), again.content
    assert len(snippet_posts(driver, "general")) == 1  # not posted twice
    [offered] = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    unpinned = await driver.slash("snippet unpin", user="moderator", snippet=offered["value"])
    assert unpinned.content.startswith("Unpinned "), unpinned.content
    assert driver.pins("general") == []
