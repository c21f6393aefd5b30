"""Nudges on sessions that repeat, end to end: the same sets session after session."""

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


async def test_the_same_sets_session_after_session_are_said(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: identical 3 × 10 sessions got "Keep this load and add reps… 3 × 11" every time, and nothing else."""
    for days in (6, 4):
        reply = await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=_days_ago(imitation, days))
    assert "same sets" not in reply.content  # twice is not yet a run
    third = await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=_days_ago(imitation, 2))
    assert "**Next session:** 3 × 11 reps at 100 kg." in third.content
    assert ("• Your last 3 barbell sessions on this setup had the same sets at the same load, 3 × 10 at 100 kg. "
            "With the reps not rising, check range, control and recovery, which a log cannot show. (guide: "
            "Progress it without chasing the biggest plate stack)") in third.content
    nudge = await driver.slash("nudge")
    assert "• Your last 3 barbell sessions on this setup had the same sets" in nudge.content
    assert "> (guide: *Progress it without chasing the biggest plate stack*, the passage above)" in nudge.content
    more = await driver.slash("log", weight=100, reps=11, sets=3, rpe=8)
    assert "same sets" not in more.content
