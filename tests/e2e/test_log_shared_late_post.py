"""A set the channel was told about is kept with its post once Discord names the post, which is
after the entry was stored: a delete that lands in between (an /undo from another device,
/forgetme) finds no post to mark, so the post is marked when its id arrives. It kept saying
"Logged …" (a set typed in chat kept its Undo button) of an entry that was gone."""

from __future__ import annotations

from collections.abc import Awaitable

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import HeldAnswers
from tests.e2e.logbook_helpers import count, today

pytestmark = pytest.mark.e2e


async def _named_late(imitation: Imitation, post: Awaitable[Reply]) -> tuple[Reply, HeldAnswers]:
    """The post `post` makes, with Discord's answer that names it to the bot held back until the
    `HeldAnswers` returned lets it go (the bot's later requests are answered at once)."""
    held = HeldAnswers()
    imitation.core.answer_travel = held
    try:
        shown = await post
    finally:
        imitation.core.answer_travel = None
    assert len(held.held) == 1  # the post's own request: the entry is stored, its post not yet kept
    return shown, held


async def _undone_elsewhere(driver: Driver) -> str:
    """/undo from the lifter's DM; its answer."""
    deleted = await driver.click(await driver.slash("undo", channel="dm"), "Delete it")
    await driver.settle()
    return driver.refresh(deleted).content


async def test_a_shared_log_undone_before_its_post_was_kept_has_its_post_marked(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    post, held = await _named_late(
        imitation, driver.slash("log", weight=100, reps=10, sets=3, share=True, channel="training"))
    assert post.content.startswith("**Logged** 3 × 10 @ 100 kg")
    assert await _undone_elsewhere(driver) == f"Deleted: {day} · 3 × 10 @ 100 kg · barbell."  # no post to name yet
    held.go.set()
    deleted = f"Deleted: {day} · 3 × 10 @ 100 kg · barbell."
    await driver.wait_until(lambda: driver.refresh(post).content == deleted, "the post to say it was deleted")
    assert await hipbot.store.db.fetchval("SELECT count(*) FROM entry_posts") == 0
    assert await count(hipbot, "entries", driver.user("member").id) == 0


async def test_a_set_typed_in_chat_forgotten_before_its_reply_was_kept_loses_its_undo(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    reply, held = await _named_late(imitation, driver.say("140 x 8 x 4", channel="training"))
    assert [b["label"] for b in reply.buttons()] == ["Undo"]
    forgotten = await driver.click(await driver.slash("forgetme", channel="dm"), "Delete everything")
    await driver.settle()
    assert driver.refresh(forgotten).content.startswith("Deleted everything stored about you")
    held.go.set()
    deleted = f"Deleted: {day} · 4 × 8 @ 140 kg · barbell."
    await driver.wait_until(lambda: driver.refresh(reply).content == deleted, "the reply to say it was deleted")
    assert driver.refresh(reply).buttons() == []  # no Undo left to press on a forgotten entry
    assert await hipbot.store.db.fetchval("SELECT count(*) FROM entry_posts") == 0
