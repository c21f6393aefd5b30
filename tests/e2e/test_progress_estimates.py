"""Estimated 1RMs compared like with like, end to end: /progress's change and /records' best."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import days_ago

pytestmark = pytest.mark.e2e



async def test_estimates_compared_are_made_by_one_method(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: "top-set load 105 → 110 kg (+5 kg); estimated 1RM 142.1 → 139.3 kg" (the RTS chart for the sessions
    with an RPE, Epley for the one without), and "Best estimated 1RM 167.7 kg" from 12 reps at 105 kg."""
    await driver.slash("log", weight=105, reps=8, sets=3, rpe=8, date=days_ago(imitation, 14))
    twelve = days_ago(imitation, 10)
    await driver.slash("log", weight=105, reps=12, sets=3, rpe=8, date=twelve)
    await driver.slash("log", weight=110, reps=8, sets=3, date=days_ago(imitation, 6))
    progress = await driver.slash("progress")
    assert ("Last 4 weeks (3 sessions): top-set load 105 → 110 kg (+5 kg); estimated 1RM 133 → 139.3 kg (+6.3 kg), "
            "both by the Epley formula.") in progress.content
    records = await driver.slash("records")
    [embed] = records.embeds
    [field] = embed["fields"]
    assert f"Best estimated 1RM: **147 kg** · {twelve} (from 12 reps at 105 kg; Epley formula)" in field["value"]
    assert "167.7" not in field["value"]


async def test_one_progress_reply_gives_one_estimate_a_session(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Review: "Best set: 110 kg × 8 … (estimated 1RM 148.8 kg, RTS RPE chart)" and "126.7 → 139.3 kg, both by
    the Epley formula" in one reply: two estimates, by two methods, of one session."""
    await driver.slash("log", weight=100, reps=8, sets=3, date=days_ago(imitation, 4))
    await driver.slash("log", weight=110, reps=8, sets=3, rpe=8, date=days_ago(imitation, 2))
    progress = await driver.slash("progress")
    assert "(estimated 1RM 139.3 kg, Epley formula)." in progress.content
    assert "estimated 1RM 126.7 → 139.3 kg (+12.6 kg), both by the Epley formula." in progress.content
    assert "148.8" not in progress.content
    assert "RTS" not in progress.content


async def test_a_bodyweight_session_does_not_choose_the_method(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Probe: a bodyweight session without an RPE made /progress read 105 kg × 10 at RPE 8 by Epley
    ("estimated 1RM 140 kg") while /records, which leaves bodyweight sets out, said 154.4 kg by the RTS
    chart: one set, two estimates. A bodyweight set estimates nothing, so it decides no method."""
    await driver.slash("log", weight=0, reps=12, sets=3, date=days_ago(imitation, 6))
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=days_ago(imitation, 4))
    best_day = days_ago(imitation, 2)
    await driver.slash("log", weight=105, reps=10, sets=3, rpe=8, date=best_day)
    progress = await driver.slash("progress")
    assert f"Best set: 105 kg × 10 on {best_day} (estimated 1RM 154.4 kg, RTS RPE chart)." in progress.content
    assert "estimated 1RM 147.1 → 154.4 kg (+7.3 kg), both by the RTS RPE chart." in progress.content
    [embed] = (await driver.slash("records")).embeds
    [field] = embed["fields"]
    assert (f"Best estimated 1RM: **154.4 kg** · {best_day} (from 10 reps at 105 kg, RPE 8; RTS RPE chart)"
            in field["value"])


async def test_a_change_in_another_unit_adds_up_as_shown(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Probe: loads logged in kg, read in lb, said "220.46 → 231.49 lb (+11.02 lb)": the change of
    the unrounded 220.462 and 231.485 lb, which the two numbers shown do not give (11.03)."""
    await driver.slash("settings", unit="lb")
    await driver.slash("log", weight=100, unit="kg", reps=10, sets=3, rpe=8, date=days_ago(imitation, 6))
    await driver.slash("log", weight=105, unit="kg", reps=10, sets=3, rpe=8, date=days_ago(imitation, 3))
    progress = await driver.slash("progress")
    assert "top-set load 220.46 → 231.49 lb (+11.03 lb);" in progress.content
