"""Two edits in a row of a shared entry: its post is left showing the later one, even when the
first edit comes to rewrite the post last (Discord was slow to take its answer). Each keeps its
text in its edit's transaction, in the one row its post has (the later text replaces the earlier),
and the post is rewritten one edit at a time, each writing the text waiting when its turn comes."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import HipThrustBot
from bot.sandbox.core import RecordedRequest
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.logbook_helpers import count, stored_eventually, today

pytestmark = pytest.mark.e2e
SHOWS = "Its post in the channel now shows the edit: "


class FirstAnswerHeld:
    """Holds Discord's reply to the first interaction answer the bot sends (done, but the bot does
    not know yet) until `go` is set; every other reply leaves at once."""

    def __init__(self) -> None:
        self.arrived = asyncio.Event()
        self.go = asyncio.Event()

    async def __call__(self, request: RecordedRequest) -> None:
        if request.path.endswith("/callback") and not self.arrived.is_set():
            self.arrived.set()
            await self.go.wait()


async def _form(driver: Driver) -> Reply:
    """/history, the one entry, Edit: the form."""
    page = await driver.slash("history")
    [option] = page.selects()[0]["options"]
    return await driver.click(await driver.select(page, option["value"]), "Edit")


async def test_the_later_of_two_edits_is_what_the_post_shows_when_the_first_rewrite_lands_last(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    post = await driver.slash("log", weight=60, reps=12, share=True, channel="general")
    member = driver.user("member").id

    async def kept() -> bool:
        return await count(hipbot, "entries", member) == 1 and await _posts(hipbot, "entry_posts") == 1

    await stored_eventually(kept, "where the post is")
    form = await _form(driver)
    held = FirstAnswerHeld()
    imitation.core.answer_travel = held
    try:
        first = await driver.submit_modal(form, weight="62.5")  # saved and answered: the bot waits to hear so
        assert held.arrived.is_set()
        second = await driver.submit_modal(await _form(driver), weight="65")  # saved, answered, post rewritten
        await driver.wait_until(lambda: SHOWS in driver.refresh(second).content, "the second answer to name the post")
    finally:  # the first edit goes on to rewrite the post now
        held.go.set()
        imitation.core.answer_travel = None
    await driver.settle()
    assert driver.refresh(post).content == (f"**Logged** 1 × 12 @ 65 kg · barbell on {today(imitation)}.\n"
                                           "-# Edited since it was posted.")
    # The first edit found its text replaced and written: it writes nothing over the later one,
    # and leaves the word on the post to the later answer.
    assert driver.refresh(first).content.startswith(f"Saved: **{today(imitation)} · 1 × 12 @ 62.5 kg")
    assert SHOWS not in driver.refresh(first).content
    assert await _posts(hipbot, "posts_to_mark") == 0  # nothing left to rewrite


async def _posts(bot: HipThrustBot, table: str) -> int:
    return int(await bot.store.db.fetchval(f"SELECT count(*) FROM {table}"))
