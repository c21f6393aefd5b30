"""A delete keeps its entry's post with the "Deleted: …" it becomes in its own transaction, and
edits the post after answering: a process that stopped in between (killed, see
tests/reliability/test_crash_points.py) leaves the post showing the set. The next process rewrites it
once it is ready, whichever delete it was."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from cogs.logbook.posts import LEASE, rewrite_left
from tests.e2e.bots import running_bot
from tests.e2e.logbook_helpers import stored_eventually, today

pytestmark = pytest.mark.e2e


async def test_posts_a_stopped_process_kept_to_rewrite_are_rewritten_when_the_next_one_is_ready(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db, member = tmp_path / "restart.db", driver.user("member").id
    async with running_bot(imitation, driver, db) as bot:
        typed = await driver.say("105kg 3x8", channel="training")
        shared = await driver.slash("log", weight=106, reps=8, sets=3, share=True, channel="general")
        kept = await driver.say("107kg 3x8", channel="training")

        async def posts_kept() -> bool:
            return await bot.store.db.fetchval("SELECT count(*) FROM entry_posts") == 3

        await stored_eventually(posts_kept, "where the three posts are")
        # What the deletes stored before the process stopped, short of editing the posts:
        # an Undo's (the one on the reply of the first set) and /forgetme's.
        entry, rewrite = await bot.store.entries.delete_told_by_interaction(member, typed.reference_id or 0)
        assert entry is not None
        assert rewrite is not None
        forgotten = await bot.store.privacy.forget(member)
        assert len(forgotten.posts) == 2
    for post in (typed, shared, kept):
        assert driver.refresh(post).content.startswith("**Logged** ")  # nobody rewrote them

    async with running_bot(imitation, driver, db) as fresh:
        day = today(imitation).isoformat()
        rewritten = {f"Deleted: {day} · 3 × {reps} @ {kg} kg · barbell."
                     for kg, reps in ((105, 8), (106, 8), (107, 8))}
        await driver.wait_until(lambda: {driver.refresh(p).content for p in (typed, shared, kept)} == rewritten,
                                "the three posts to be rewritten")
        assert driver.refresh(typed).buttons() == []  # no Undo left on a deleted set

        async def none_left() -> bool:
            return await fresh.store.db.fetchval("SELECT count(*) FROM posts_to_mark") == 0

        await stored_eventually(none_left, "the rewrites kept to go")


async def test_processes_starting_together_rewrite_each_post_left_once(
        hipbot: HipThrustBot, imitation: Imitation, driver: Driver) -> None:
    member = driver.user("member").id
    lines = [await driver.say(f"{kg}kg 3x8", channel="training") for kg in (105, 107)]

    async def posts_kept() -> bool:
        return await hipbot.store.db.fetchval("SELECT count(*) FROM entry_posts") == 2

    await stored_eventually(posts_kept, "where the two posts are")
    assert len((await hipbot.store.privacy.forget(member)).posts) == 2  # what a process that died left
    # Two processes (shards) ready at once, each rewriting what is left.
    assert sorted(await asyncio.gather(rewrite_left(hipbot, look_again=0.05), rewrite_left(hipbot, look_again=0.05))) \
        == [0, 2]
    day = today(imitation).isoformat()
    for post, kg in zip(lines, (105, 107), strict=True):
        assert driver.refresh(post).content == f"Deleted: {day} · 3 × 8 @ {kg} kg · barbell."
        edits = [r for r in driver.core.requests
                 if r.method == "PATCH" and r.path.endswith(f"/messages/{post.message_id}")]
        assert len(edits) == 1
    assert await hipbot.store.db.fetchval("SELECT count(*) FROM posts_to_mark") == 0
    assert await hipbot.store.db.fetchval("SELECT count(*) FROM leases WHERE name = ?", (LEASE,)) == 0  # given up
