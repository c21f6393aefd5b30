"""Nudges across kg and lb, end to end: every target in the unit the load was logged in."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import days_ago

pytestmark = pytest.mark.e2e



async def test_a_kg_load_for_an_lb_lifter_steps_up_in_kg_by_the_step_it_names(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: after 60 kg the nudge said "5 lb" and aimed at 135 lb (+2.7 lb); after 62.5 kg at 145 lb (+7.2 lb)."""
    await driver.slash("settings", unit="lb")
    await driver.slash("log", weight=135, reps=15, sets=3, rpe=7, date=days_ago(imitation, 14))
    first = await driver.slash("log", weight=60, reps=15, sets=3, rpe=7, unit="kg", date=days_ago(imitation, 10))
    assert "**Next session:** 3 × 6–15 reps at 62.5 kg." in first.content
    assert ("one increment more next time: 2.5 kg (your increment of 5 lb, in whole 2.5 kg steps: this load was "
            "logged in kg).") in first.content
    second = await driver.slash("log", weight=62.5, reps=15, sets=3, rpe=7, unit="kg", date=days_ago(imitation, 7))
    assert "**Next session:** 3 × 6–15 reps at 65 kg." in second.content
    assert " lb." not in second.content.split("**Next session:**")[1].splitlines()[0]


async def test_every_rule_keeps_the_unit_the_load_was_logged_in(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: with settings in lb, sessions at 100 kg gave 225 lb to add load, 205 lb to back off, 100 kg to hold."""
    await driver.slash("settings", unit="lb")
    for days, reps in ((12, 10), (9, 9)):
        await driver.slash("log", weight=100, reps=reps, sets=3, unit="kg", date=days_ago(imitation, days))
    back_off = await driver.slash("log", weight=100, reps=8, sets=3, unit="kg", date=days_ago(imitation, 6))
    assert "**Next session:** 3 × 8 reps at 95 kg." in back_off.content
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, unit="kg", variant="machine",
                       date=days_ago(imitation, 5))
    hold = await driver.slash("log", weight=100, reps=10, sets=3, rpe=10, unit="kg", variant="machine",
                              date=days_ago(imitation, 3))
    assert "**Next session:** 3 × 10 reps at 100 kg." in hold.content
    await driver.slash("settings", unit="kg")
    await driver.slash("log", weight=225, reps=14, sets=3, unit="lb", variant="smith", date=days_ago(imitation, 2))
    more = await driver.slash("log", weight=225, reps=15, sets=3, unit="lb", variant="smith")
    assert "**Next session:** 3 × 6–15 reps at 230 lb." in more.content  # was 105 kg
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith("**Next smith session:** 3 × 6–15 reps at 230 lb.")
    assert "one increment more next time: 5 lb (your increment of 2.5 kg, in whole 5 lb steps" in nudge.content
