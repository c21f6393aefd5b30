"""How nudges read, end to end: the cases where a lifter read something that did not fit."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import today

pytestmark = pytest.mark.e2e


def _days_ago(imitation: Imitation, days: int) -> str:
    return (today(imitation) - dt.timedelta(days=days)).isoformat()


async def test_banded_sets_past_the_range_come_back_to_its_top(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: two banded 3 × 20 sessions gave "4 × 15 reps" (5 reps fewer, a set more), "Every set reached the top
    of your range", and "Some sets fell outside your rep range" when all of them did."""
    await driver.slash("log", weight=0, reps=20, sets=3, variant="banded", date=_days_ago(imitation, 4))
    reply = await driver.slash("log", weight=0, reps=20, sets=3, variant="banded", date=_days_ago(imitation, 2))
    assert "**Next session:** 3 × 15 reps, no added load." in reply.content
    assert ("• Every set went past the top of your range (15 reps) with no load to add. This bot never aims past "
            "your range, so it asks for its top next time rather than another set; to aim higher, raise the top of "
            "your rep range in /settings first.") in reply.content
    assert "• Every set fell outside your rep range (6–15 reps)." in reply.content
    assert "Some sets" not in reply.content
    assert "reached the top" not in reply.content
