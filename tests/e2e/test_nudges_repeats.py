"""Nudges on sessions that repeat, end to end: the same sets session after session."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import days_ago

pytestmark = pytest.mark.e2e



async def test_the_same_sets_session_after_session_are_said(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: identical 3 × 10 sessions got "Keep this load and add reps… 3 × 11" every time, and nothing else."""
    for days in (6, 4):
        reply = await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=days_ago(imitation, days))
    assert "same sets" not in reply.content  # twice is not yet a run
    third = await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=days_ago(imitation, 2))
    assert "**Next session:** 3 × 11 reps at 100 kg." in third.content
    assert ("• Your last 3 barbell sessions on this setup had the same sets at the same load, 3 × 10 at 100 kg. "
            "With the reps not rising, check range, control and recovery, which a log cannot show. (guide: "
            "Progress it without chasing the biggest plate stack)") in third.content
    nudge = await driver.slash("nudge")
    assert "• Your last 3 barbell sessions on this setup had the same sets" in nudge.content
    assert "> (guide: *Progress it without chasing the biggest plate stack*, the passage above)" in nudge.content
    more = await driver.slash("log", weight=100, reps=11, sets=3, rpe=8)
    assert "same sets" not in more.content


async def test_the_same_sets_logged_twice_count_once(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: /log sent twice (or in chat and with /log) aimed at 6 × 10, then 9 × 10, past the guide's 5 sets."""
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=days_ago(imitation, 3))
    once = await driver.slash("log", weight=100, reps=10, sets=3, rpe=8)
    assert "**Next session:** 3 × 11 reps at 100 kg." in once.content
    twice = await driver.slash("log", weight=100, reps=10, sets=3, rpe=8)
    assert "**Next session:** 3 × 11 reps at 100 kg." in twice.content
    assert ("• 3 × 10 at 100 kg is logged twice in this session, and this bot counts it once, as a double entry (if "
            "you did them all, edit one to 6 × 10 in `/history` and delete the rest). If not, `/undo` or `/history` "
            "deletes the extra.") in twice.content
    assert "more sets than the guide's" not in twice.content
    chat = await driver.dm("100kg 3x10")  # the same sets typed in chat too
    assert "**Next session:** 3 × 11 reps at 100 kg." in chat.content
    assert "3 × 10 at 100 kg is logged 3 times in this session" in chat.content
    for _ in range(2):
        asked = await driver.slash("undo")
        await driver.click(asked, "Delete it")
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith("**Next barbell session:** 3 × 11 reps at 100 kg.")
    assert "logged twice" not in nudge.content


async def test_single_sets_alike_are_sets_logged_one_at_a_time(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=days_ago(imitation, 3))
    for _ in range(3):
        reply = await driver.slash("log", weight=100, reps=10, rpe=8)
    assert "**Next session:** 3 × 11 reps at 100 kg." in reply.content
    assert "double entry" not in reply.content


async def test_doubles_at_two_rpes_are_counted_in_their_own_group(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Review: 3 × 10 twice at RPE 8 and twice at RPE 9 kept two blocks and aimed at 6 × 10, but the
    nudge said "logged 3 times … edit one to 9 × 10", counting every double whatever its RPE."""
    for rpe in (8, 8, 9):
        await driver.slash("log", weight=100, reps=10, sets=3, rpe=rpe)
    reply = await driver.slash("log", weight=100, reps=10, sets=3, rpe=9)
    assert "**Next session:** 6 × 10 reps at 100 kg." in reply.content
    assert "3 × 10 at 100 kg is logged twice in this session" in reply.content
    assert "edit one to 6 × 10 in `/history`" in reply.content
    assert "3 times" not in reply.content
