"""Nudges and /progress across setups, end to end: a setup gone back to compares with its own sessions."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import days_ago

pytestmark = pytest.mark.e2e



async def test_going_back_to_a_setup_progresses_from_its_own_sessions(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: going back to an earlier setup was always a new baseline, so progression stopped."""
    await driver.slash("setup", description="bench 40cm")
    first = days_ago(imitation, 14)
    await driver.slash("log", weight=100, reps=10, sets=3, date=first)
    await driver.slash("log", weight=100, reps=12, sets=3, date=days_ago(imitation, 11))
    await driver.slash("setup", description="machine pad")
    other = await driver.slash("log", weight=100, reps=10, sets=3, date=days_ago(imitation, 8))
    assert "Your setup changed since the last barbell session" in other.content  # a setup new to the log
    await driver.slash("setup", description="bench 40cm")
    back = await driver.slash("log", weight=100, reps=14, sets=3, date=days_ago(imitation, 5))
    assert "**Next session:** 3 × 15 reps at 100 kg." in back.content
    assert "Keep this load and add reps next time" in back.content
    assert "new baseline" not in back.content
    assert (f"Back on this setup: this session was compared with your earlier barbell sessions on it, the last "
            f"on {days_ago(imitation, 11)}. Those on another setup in between are left out, like with like. "
            "(guide: Make the setup repeatable)") in back.content

    progress = await driver.slash("progress")
    assert ("4 sessions logged since " + first + ", on 2 setups. Like with like, the lines below read only the "
            f"3 sessions on the setup you logged on last, the first on {first}.") in progress.content
    assert "Last 4 weeks (3 sessions): top-set load 100 → 100 kg (±0 kg)" in progress.content


async def test_two_gyms_alternating_each_reach_more_load(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """QA: home at 100 kg and work at 80 kg, each with /setup, were a new baseline every session."""
    for days, gym, weight, reps in ((9, "home", 100, 13), (7, "work", 80, 13), (5, "home", 100, 15)):
        await driver.slash("setup", description=gym)
        reply = await driver.slash("log", weight=weight, reps=reps, sets=3, rpe=8, date=days_ago(imitation, days))
    assert "**Next session:** 3 × 6–15 reps at 102.5 kg." in reply.content
    assert "one increment more next time" in reply.content
    await driver.slash("setup", description="work")
    work = await driver.slash("log", weight=80, reps=14, sets=3, rpe=8, date=days_ago(imitation, 3))
    assert "**Next session:** 3 × 15 reps at 80 kg." in work.content
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith("**Next barbell session:** 3 × 15 reps at 80 kg.")
    assert "> “The useful hip thrust is boring in the best way" in nudge.content  # the setup-again passage


async def test_a_new_setup_the_same_day_is_a_baseline_of_its_own(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """A newcomer's report: after /setup, a heavier set the same day as sets on the old setup was
    told "plus your 3 lighter sets" (those on the old setup), and a lighter one was taken for a
    back-off set of the old setup, its new baseline never said."""
    await driver.slash("setup", description="bench 40cm")
    for days, weight in ((6, 95), (3, 99)):
        await driver.slash("log", weight=weight, reps=10, sets=3, rpe=8, date=days_ago(imitation, days))
    await driver.slash("log", weight=99, reps=10, sets=3, rpe=8)
    await driver.slash("setup", description="machine pad")
    heavier = await driver.slash("log", weight=150, reps=6, rpe=8)
    assert "**Next session:** 1 × 6 reps at 150 kg.\n" in heavier.content
    assert "Your setup changed since the last barbell session" in heavier.content
    assert "This session has a single set so far" in heavier.content
    assert "lighter" not in heavier.content
    assert "more than 10% above" not in heavier.content
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith("**Next barbell session:** 1 × 6 reps at 150 kg.\n")

    await driver.click(await driver.slash("undo"), "Delete it")  # the same day, a lighter set on it instead
    lighter = await driver.slash("log", weight=60, reps=10, rpe=8)
    assert "**Next session:** 1 × 10 reps at 60 kg.\n" in lighter.content
    assert "Your setup changed since the last barbell session" in lighter.content

    await driver.slash("setup", description="bench 40cm")  # back on the old setup, the same day
    back = await driver.slash("log", weight=99, reps=10, rpe=8)
    assert "**Next session:** 4 × 11 reps at 99 kg.\n" in back.content  # the day's 3 × 10 on it, and this one
    assert "lighter" not in back.content
    assert f"the last on {days_ago(imitation, 3)}" in back.content


async def test_progress_reads_a_day_on_two_setups_as_the_nudges_do(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """/progress took a day's heaviest set for its setup: after /setup, a lighter set the same day
    left the summary on the old setup, and back on the old setup after a heavier set on the new
    one it read that one set as the current setup's only session; the old setup's sets of such a
    day were neither counted nor compared."""
    await driver.slash("setup", description="bench 40cm")
    first = days_ago(imitation, 6)
    for day, weight in ((first, 95), (days_ago(imitation, 3), 99), (None, 99)):
        await driver.slash("log", weight=weight, reps=10, sets=3, rpe=8, **({"date": day} if day else {}))
    await driver.slash("setup", description="machine pad")
    await driver.slash("log", weight=60, reps=10, rpe=8)  # lighter, on the new setup
    today = days_ago(imitation, 0)
    lighter = await driver.slash("progress")
    assert lighter.ephemeral
    assert [a.filename for a in lighter.attachments] == ["progress.png"]  # a point a day: 3 days
    assert (f"4 sessions logged since {first}, on 2 setups. Like with like, the lines below read only the "
            f"1 session on the setup you logged on last, the first on {today}.\n"
            f"Best set: 60 kg × 10 on {today} (estimated 1RM 88.2 kg, RTS RPE chart).\n"
            "Last 4 weeks: one session, not enough to show a change.") in lighter.content

    await driver.slash("log", weight=150, reps=6, rpe=8)  # heavier, on the new setup
    await driver.slash("setup", description="bench 40cm")  # back on the old setup, the same day
    await driver.slash("log", weight=100, reps=10, rpe=8)
    imitation.advance(11)  # one chart per 10 s
    back = await driver.slash("progress")
    assert (f"4 sessions logged since {first}, on 2 setups. Like with like, the lines below read only the "
            f"3 sessions on the setup you logged on last, the first on {first}.\n"
            f"Best set: 100 kg × 10 on {today} (estimated 1RM 147.1 kg, RTS RPE chart).\n"
            "Last 4 weeks (3 sessions): top-set load 95 → 100 kg (+5 kg); estimated 1RM 139.7 → 147.1 kg "
            "(+7.4 kg), both by the RTS RPE chart.") in back.content
    assert "150" not in back.content


async def test_the_command_picker_says_progress_draws_a_point_a_day(hipbot: HipThrustBot, imitation: Imitation) -> None:
    """The chart draws a day on two setups as one point, while the summary counts it as two
    sessions: the picker said "per session", which the chart is not."""
    [progress] = [c for c in imitation.core.commands[None] if c["name"] == "progress"]
    assert progress["description"] == "A chart of your top-set load and estimated 1RM per day"


async def test_nudge_after_going_back_to_a_setup_follows_that_setups_last_session(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """A lifter with two gyms, /setup back to the first before going there: /nudge gave the other
    gym's load, calling it "a new baseline" because "none of your recent sessions were on this one"
    (the other gym's first session), while the first gym had every one of them."""
    await driver.slash("setup", description="gym A")
    last_on_a = days_ago(imitation, 6)
    await driver.slash("log", weight=100, reps=12, sets=3, rpe=8, date=days_ago(imitation, 9))
    await driver.slash("log", weight=100, reps=13, sets=3, rpe=8, date=last_on_a)
    await driver.slash("setup", description="gym B")
    await driver.slash("log", weight=80, reps=10, sets=3, rpe=8, date=days_ago(imitation, 3))
    await driver.slash("setup", description="Gym A")  # back to the first gym, nothing logged there yet
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith(
        f"**Next barbell session**, on the setup you chose with /setup, after your last session on it ({last_on_a}):"
        " 3 × 14 reps at 100 kg.\n")
    assert "Keep this load and add reps next time" in nudge.content
    assert "new baseline" not in nudge.content
    assert "80 kg" not in nudge.content

    await driver.slash("setup", description="gym b")  # and at the other gym again: its own target
    other = await driver.slash("nudge")
    assert other.content.startswith("**Next barbell session:** 3 × 10 reps at 80 kg.\n")


async def test_nudge_after_setup_to_a_new_setup_says_its_first_session_is_a_new_baseline(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """A lifter travelling, /setup to the hotel gym's machine before going there: /nudge gave the home
    gym's progression, "3 × 14 reps at 100 kg" and "Keep this load and add reps", as if nothing
    changed, while the session it asked for would be compared with nothing (a new baseline)."""
    await driver.slash("setup", description="home bench 40cm")
    await driver.slash("log", weight=100, reps=12, sets=3, rpe=8, date=days_ago(imitation, 6))
    latest = days_ago(imitation, 3)
    await driver.slash("log", weight=100, reps=13, sets=3, rpe=8, date=latest)
    await driver.slash("setup", description="hotel machine pad")
    nudge = await driver.slash("nudge")
    assert nudge.ephemeral
    assert nudge.content.startswith(
        "**Next barbell session**, your first on the setup you chose with /setup (a new baseline): 3 × 13 reps at "
        f"100 kg, from your latest session ({latest}).\n**Why**\n"
        "• None of your recent barbell sessions were on the setup you chose with /setup, so your first session on it "
        "is a new baseline rather than a step up or down, and this bot's target for it repeats your latest session, "
        "on another setup. Use a load you can finish for every planned set, and log it: later sessions on this "
        "setup, with the same bench height, foot position, range and top position, are compared with that one, like "
        "with like.\n> “The useful hip thrust is boring in the best way")
    assert "3 × 14" not in nudge.content
    assert "add reps" not in nudge.content

    # Logged there, the session is that baseline, as /log's reply (about it) always said.
    logged = await driver.slash("log", weight=70, reps=12, sets=3, rpe=8)
    assert "**Next session:** 3 × 12 reps at 70 kg." in logged.content
    assert "Your setup changed since the last barbell session" in logged.content
    after = await driver.slash("nudge")
    assert after.content.startswith("**Next barbell session:** 3 × 12 reps at 70 kg.\n")


async def test_progress_after_setup_names_the_setup_it_reads_as_the_one_logged_on_last(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """After /setup back to gym A, /setup said "Your current setup: gym A" and /records marked gym A
    "(current)", while /progress read gym B's one session as "the 1 session on your current setup"."""
    await driver.slash("setup", description="gym A")
    first = days_ago(imitation, 9)
    for days in (9, 6):
        await driver.slash("log", weight=100, reps=12, sets=3, rpe=8, date=days_ago(imitation, days))
    await driver.slash("setup", description="gym B")
    last = days_ago(imitation, 3)
    await driver.slash("log", weight=80, reps=10, sets=3, rpe=8, date=last)
    await driver.slash("setup", description="gym A")
    assert (await driver.slash("setup")).content.startswith("Your current setup: gym A")
    progress = await driver.slash("progress")
    assert (f"3 sessions logged since {first}, on 2 setups. Like with like, the lines below read only the 1 session "
            f"on the setup you logged on last, the first on {last}.\n"
            f"Best set: 80 kg × 10 on {last}") in progress.content
    assert "current setup" not in progress.content
