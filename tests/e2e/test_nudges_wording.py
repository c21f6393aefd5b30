"""How nudges read, end to end: the cases where a lifter read something that did not fit."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import days_ago

pytestmark = pytest.mark.e2e



async def test_banded_sets_past_the_range_come_back_to_its_top(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: two banded 3 × 20 sessions gave "4 × 15 reps" (5 reps fewer, a set more), "Every set reached the top
    of your range", and "Some sets fell outside your rep range" when all of them did."""
    await driver.slash("log", weight=0, reps=20, sets=3, variant="banded", date=days_ago(imitation, 4))
    reply = await driver.slash("log", weight=0, reps=20, sets=3, variant="banded", date=days_ago(imitation, 2))
    assert "**Next session:** 3 × 15 reps, no added load." in reply.content
    assert ("• Every set went past the top of your range (15 reps) with no load to add. This bot never aims past "
            "your range, so it asks for its top next time rather than another set; to aim higher, raise the top of "
            "your rep range in /settings first.") in reply.content
    assert "• Every set fell outside your rep range (6–15 reps)." in reply.content
    assert "Some sets" not in reply.content
    assert "reached the top" not in reply.content


async def test_a_plan_from_an_earlier_session_names_its_day(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: sets logged one by one over two sessions read "…and the one before your last had 3"."""
    planned = days_ago(imitation, 6)
    await driver.slash("log", weight=50, reps=10, sets=3, variant="smith", date=planned)
    for _ in range(2):
        await driver.slash("log", weight=50, reps=10, variant="smith", date=days_ago(imitation, 4))
    reply = await driver.slash("log", weight=50, reps=10, variant="smith", date=days_ago(imitation, 2))
    assert "**Next session:** 3 × 10 reps at 50 kg." in reply.content
    assert (f"This session had 1 set at its working load, and your session on {planned} had 3, so this bot keeps "
            "this load and 3 sets as the plan.") in reply.content
    assert "the one before your last" not in reply.content


async def test_the_jump_nudge_names_the_guides_heading_once(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: it quoted the heading, then cited it again: "(guide: Progress it without chasing …)"."""
    await driver.slash("log", weight=50, reps=10, sets=3, rpe=8, variant="machine", date=days_ago(imitation, 2))
    jumped = await driver.slash("log", weight=60, reps=10, sets=3, rpe=8, variant="machine")
    assert ("• This working load is more than 10% above your best previous one on this setup (this bot's default "
            "threshold). Hold it next time rather than build on the jump. (guide: Progress it without chasing the "
            "biggest plate stack)") in jumped.content
    assert jumped.content.count("Progress it without chasing the biggest plate stack") == 1


async def test_how_to_start_a_bridge_asks_for_no_bench(hipbot: HipThrustBot, driver: Driver) -> None:
    """QA: /nudge for a bridge with nothing logged asked for the same bench height."""
    reply = await driver.slash("nudge", variant="bridge")
    assert ("• Start with a load you can finish for every planned set with the same foot position, range and top "
            "position, and log it.") in reply.content
    assert "same bench height, foot position, range and top position, and log it" not in reply.content
