"""Nudges end to end: the /log reply's target, /nudge, and /progress charts with their cooldown."""

from __future__ import annotations

import datetime as dt
import struct

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.logbook_helpers import seed_sessions, today

pytestmark = pytest.mark.e2e
DEFAULTS_NOTE = "-# This bot's defaults, not the guide's:"


def _png_size(reply: Reply) -> tuple[int, int]:
    [chart] = reply.attachments
    assert chart.filename == "progress.png"
    assert chart.content_type == "image/png"
    assert chart.data[:8] == b"\x89PNG\r\n\x1a\n"
    assert chart.data[12:16] == b"IHDR"
    width, height = struct.unpack(">II", chart.data[16:24])
    return width, height


async def test_log_twice_gives_the_next_nudge(hipbot: HipThrustBot, driver: Driver,
                                              imitation: Imitation) -> None:
    earlier = (today(imitation) - dt.timedelta(days=2)).isoformat()
    first = await driver.slash("log", weight=100, reps=15, sets=3, rpe=8, date=earlier)
    assert "**Next session:** 3 × 15 reps at 100 kg." in first.content
    assert "This is your baseline" in first.content
    second = await driver.slash("log", weight=100, reps=15, sets=3, rpe=8)
    assert "**Next session:** 3 × 6–15 reps at 102.5 kg." in second.content
    assert "one increment more" in second.content
    # The guide's whole condition, the lifter's own check since a log cannot show it.
    assert ("check the guide's condition yourself: finish the planned sets without shortening the top "
            "position, losing control, turning the movement into a bounce, or carrying soreness and fatigue "
            "into the work that matters more.") in second.content
    assert "(guide: Progress it without chasing the biggest plate stack)" in second.content


async def test_a_backdated_log_says_which_session_its_target_follows(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    latest = (today(imitation) - dt.timedelta(days=2)).isoformat()
    await driver.slash("log", weight=100, reps=15, sets=3, rpe=8, date=latest)
    earlier = (today(imitation) - dt.timedelta(days=13)).isoformat()
    backdated = await driver.slash("log", weight=90, reps=8, sets=3, rpe=10, date=earlier)
    assert f"**Next session**, after your latest one ({latest}): 3 × 15 reps at 100 kg." in backdated.content
    assert "Rep record" not in backdated.content  # 90 kg × 8 is the first set of 8 reps
    record = await driver.slash("log", weight=95, reps=8, sets=3, rpe=9, date=(today(imitation) - dt.timedelta(
        days=5)).isoformat())
    assert f"**Rep record as of {(today(imitation) - dt.timedelta(days=5)).isoformat()}:** 8 reps at 95 kg" in (
        record.content)  # a record then; later sessions may have beaten it since
    today_too = await driver.slash("log", weight=102.5, reps=10, sets=3, rpe=8)
    assert "**Next session:** 3 × 11 reps at 102.5 kg." in today_too.content  # about the session just logged


async def test_a_load_logged_in_the_other_unit_is_repeated_as_loaded(
        hipbot: HipThrustBot, driver: Driver) -> None:
    # The member's unit is kg. Floored to the kg grid, 225 lb (102.06 kg) would read "repeat" at 100 kg.
    first = await driver.slash("log", weight=225, unit="lb", reps=8, sets=3, variant="smith")
    assert "**Next session:** 3 × 8 reps at 225 lb." in first.content
    assert "This is your baseline" in first.content
    reply = await driver.slash("nudge")
    assert reply.content.startswith("**Next smith session:** 3 × 8 reps at 225 lb.")


async def test_a_variant_logged_later_the_same_day_does_not_make_the_first_one_a_change(
        hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("log", weight=100, reps=10)
    await driver.slash("log", weight=80, reps=10, variant="smith")
    again = await driver.slash("log", weight=100, reps=10)  # barbell came first today
    assert "This is your baseline for barbell hip thrusts" in again.content
    assert "First barbell session" not in again.content


async def test_nudge_without_history_says_how_to_start(hipbot: HipThrustBot,
                                                       driver: Driver) -> None:
    reply = await driver.slash("nudge", channel="dm")
    assert reply.ephemeral
    assert reply.content.startswith("**How to start (barbell hip thrust)**")
    assert "2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9" in reply.content
    assert "(guide: *Progress it without chasing the biggest plate stack*)" in reply.content
    assert DEFAULTS_NOTE in reply.content


async def test_nudge_with_history_gives_target_reason_and_passage(
        hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("log", weight=120, reps=10, sets=3, rpe=10, variant="machine")
    reply = await driver.slash("nudge")  # the variant logged last
    assert reply.ephemeral
    lines = reply.content.splitlines()
    assert lines[:2] == ["**Next machine session:** 3 × 10 reps at 120 kg.", "**Why**"]
    assert "A set reached RPE 10, so hold this load next time" in reply.content
    assert "> “Add load or reps only when you can finish the planned sets" in reply.content
    assert lines[-1].startswith(DEFAULTS_NOTE)
    other = await driver.slash("nudge", variant="barbell")
    assert other.content.startswith("**How to start (barbell hip thrust)**")


async def test_nudge_and_progress_default_to_the_variant_logged_last_whatever_its_date(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """The variant of the entry logged last, as /undo offers it: a machine set backdated to last
    month just after today's barbell session is the lifter's latest word (the latest date chose
    barbell). Once /undo takes it back, barbell is the one logged last again."""
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8)
    backdated = (today(imitation) - dt.timedelta(days=33)).isoformat()
    await driver.slash("log", weight=60, reps=12, sets=3, rpe=8, variant="machine", date=backdated)
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith("**Next machine session:** 3 × 12 reps at 60 kg.")
    assert (await driver.slash("progress")).content.startswith("**Your machine hip thrust progress**")
    asked = await driver.slash("undo")
    assert asked.content.startswith(f"The entry you logged last: {backdated} · 3 × 12 @ 60 kg")
    await driver.click(asked, "Delete it")
    assert (await driver.slash("nudge")).content.startswith("**Next barbell session:** 3 × 10 reps at 100 kg.")
    assert (await driver.slash("progress")).content.startswith("**Your barbell hip thrust progress**")


async def test_progress_without_enough_sessions_answers_in_text(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    empty = await driver.slash("progress")
    assert empty.ephemeral
    assert empty.attachments == []
    assert empty.content.startswith("No barbell hip thrust sessions logged yet")
    assert empty.content.endswith("Log one with `/log weight:<load> reps:<reps> variant:barbell`.")
    await driver.slash("log", weight=100, reps=10, rpe=8)
    one = await driver.slash("progress")  # a text answer draws no chart: no cooldown
    assert one.ephemeral
    assert one.attachments == []
    assert "A chart needs sessions on at least 2 days to show a trend.\n1 session, on " in one.content  # said once
    assert "Best set: 100 kg × 10" in one.content
    assert "A chart needs" in (await driver.slash("progress")).content


async def test_progress_of_bodyweight_sessions_says_their_sets_are_the_bots_rule(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """It said "these progress by reps and sets" as a fact; the guide adds load or reps, and a set
    more is this bot's rule for sessions with no load to add."""
    await driver.slash("log", weight=0, reps=12, sets=3, rpe=8, variant="bridge",
                       date=(today(imitation) - dt.timedelta(days=3)).isoformat())
    await driver.slash("log", weight=0, reps=13, sets=3, rpe=8, variant="bridge")
    reply = await driver.slash("progress")
    assert reply.attachments == []
    assert reply.content.startswith(
        "**Your bridge hip thrust progress**\nEvery session was at bodyweight, so there is no load to chart; with no "
        "load to add, this bot's nudges progress them by reps and sets (`/nudge`).\n")


async def test_progress_chart_cooldown_and_share(hipbot: HipThrustBot, driver: Driver,
                                                 imitation: Imitation) -> None:
    await seed_sessions(hipbot, driver.user("member").id, 3, end=today(imitation))
    chart = await driver.slash("progress")
    assert chart.ephemeral
    assert chart.content.startswith("**Your barbell hip thrust progress**")
    assert _png_size(chart) == (1200, 600)
    assert driver.messages("general") == []

    again = await driver.slash("progress", share=True)
    assert again.ephemeral  # the refusal is private, and nothing was posted
    assert again.content.startswith("You can use /progress again in ")
    assert again.content.endswith(" s.")
    assert driver.messages("general") == []
    assert (await driver.slash("progress", user="moderator")).content.startswith("No barbell")
    # Only a chart waits: a variant with nothing to draw is answered in text at once, and the
    # wait for a chart is not reset by it.
    text = await driver.slash("progress", variant="smith")
    assert text.content.startswith("No smith hip thrust sessions logged yet")
    assert (await driver.slash("progress")).content.startswith("You can use /progress again in ")

    imitation.advance(10)
    shared = await driver.slash("progress", share=True)
    assert not shared.ephemeral
    [posted] = driver.messages("general")
    assert posted.message_id == shared.message_id
    assert _png_size(posted) == (1200, 600)


async def test_sets_logged_one_by_one_keep_the_last_sessions_sets_as_the_plan(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Review F15: after the first set of a session the target was a one-set session."""
    earlier = (today(imitation) - dt.timedelta(days=3)).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=earlier)
    first = await driver.dm("100kg x 12 @8")  # a set at a time, in the DM, between sets
    assert "**Next session:** 3 × 12 reps at 100 kg." in first.content
    assert "This session has 1 set at its working load so far, and your last one had 3" in first.content
    assert "log any more sets from today as you do them" in first.content
    rpe10 = await driver.slash("log", weight=100, reps=12, rpe=10)  # a hold keeps the plan's sets
    assert "**Next session:** 3 × 12 reps at 100 kg." in rpe10.content
    assert "single set" not in rpe10.content
    asked = await driver.slash("undo")
    await driver.click(asked, "Delete it")
    nudge = await driver.slash("nudge")
    assert "**Next barbell session:** 3 × 12 reps at 100 kg." in nudge.content
    assert "> “Add load or reps only when you can finish the planned sets" in nudge.content
    await driver.dm("100kg x 12 @8")
    last = await driver.slash("log", weight=100, reps=11, rpe=8)
    assert "**Next session:** 3 × 12 reps at 100 kg." in last.content
    assert "Keep this load and add reps next time" in last.content  # all three sets: double progression


async def test_a_jump_on_one_set_says_where_the_targets_sets_come_from(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """A newcomer's report: after 1 × 6 at 150 kg the target was 3 × 6 at 150 kg, and only the jump
    was told, not that the 3 sets are the plan (the most of the two sessions before, README)."""
    for days, weight in ((6, 90), (3, 95)):
        day = (today(imitation) - dt.timedelta(days=days)).isoformat()
        await driver.slash("log", weight=weight, reps=10, sets=3, rpe=8, date=day)
    jump = await driver.slash("log", weight=150, reps=6, rpe=8)
    assert "**Next session:** 3 × 6 reps at 150 kg.\n" in jump.content
    assert "This working load is more than 10% above your best previous one on this setup" in jump.content
    assert ("This session has 1 set at its working load so far, and your last one had 3: log any more sets from "
            "today as you do them, and until then this bot keeps this load and 3 sets as the plan.") in jump.content
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith("**Next barbell session:** 3 × 6 reps at 150 kg.\n")
    assert "and until then this bot keeps this load and 3 sets as the plan" in nudge.content


async def test_a_hold_on_a_short_session_says_where_the_targets_sets_come_from(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """After 3 × 10, one set of 10 at RPE 10 aimed at 3 × 10, and the hold said only "hold this load":
    the 3 read as taken from nowhere (the plan's sets, as a jump's target says since 8b078fd)."""
    earlier = (today(imitation) - dt.timedelta(days=3)).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, date=earlier)
    hold = await driver.slash("log", weight=100, reps=10, rpe=10)
    said = ("A set reached RPE 10, so hold this load next time, or back off 5–10% (this bot's default), with 3 sets "
            "as the plan: the session before had 3. Check range, control and recovery:")
    assert "**Next session:** 3 × 10 reps at 100 kg.\n" in hold.content
    assert said in hold.content
    nudge = await driver.slash("nudge")
    assert nudge.content.startswith("**Next barbell session:** 3 × 10 reps at 100 kg.\n")
    assert said in nudge.content


async def test_a_single_set_is_told_the_guides_default(hipbot: HipThrustBot, driver: Driver,
                                                      imitation: Imitation) -> None:
    reply = await driver.slash("log", weight=60, reps=10, rpe=8)
    assert "**Next session:** 1 × 10 reps at 60 kg." in reply.content
    assert "This is your baseline" in reply.content
    assert ("This session has a single set so far, below the guide's practical default of 2 to 5 sets. Log "
            "any more sets from today as you do them: they join this session.") in reply.content
    last_week = (today(imitation) - dt.timedelta(days=7)).isoformat()
    past = await driver.slash("log", weight=60, reps=10, rpe=8, variant="machine", date=last_week)
    assert "This session had a single set, below the guide's practical default of 2 to 5 sets." in past.content
    assert "from today" not in past.content  # that day is over


async def test_a_rep_range_of_ones_own_is_told_the_guides_default(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Review F15: a lifter with a 20–30 range was never told the guide's default is about 6 to 15."""
    await driver.slash("settings", rep_low=20, rep_high=30)
    earlier = (today(imitation) - dt.timedelta(days=2)).isoformat()
    await driver.slash("log", weight=60, reps=20, sets=3, rpe=8, date=earlier)
    reply = await driver.slash("log", weight=60, reps=22, sets=3, rpe=8)
    assert "**Next session:** 3 × 23 reps at 60 kg." in reply.content
    assert ("Every set fell outside the guide's practical default of about 6 to 15 reps, though inside your "
            "rep range. That is fine if it fits the rest of your lower-body week.") in reply.content


async def test_a_rep_range_of_one_rep_says_one_rep(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """/settings takes a range from 1 to 1, and the nudges read "your rep range (1 reps)"."""
    await driver.slash("settings", rep_low=1, rep_high=1)
    earlier = (today(imitation) - dt.timedelta(days=2)).isoformat()
    await driver.slash("log", weight=0, reps=1, sets=2, rpe=8, date=earlier)
    reply = await driver.slash("log", weight=0, reps=5, sets=2, rpe=8)
    assert "**Next session:** 2 × 1 rep, no added load." in reply.content
    assert "Every set went past the top of your range (1 rep) with no load to add." in reply.content
    assert "Every set fell outside your rep range (1 rep). That is fine" in reply.content
    nudge = await driver.slash("nudge")
    assert "reaches the top of your range (1 rep) at RPE 8 or lower" in nudge.content
