"""The longest replies a lifter's own history can make the nudges give (/log, a set typed in chat,
/nudge): each is answered within Discord's 2,000 characters (the imitation refuses more with 400 /
50035, which fails the test: see `within_discord_limits`), the entry is stored once, and the
guide is still cited for every nudge."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.client import HipThrustBot
from bot.interactions import limits
from bot.logbook.entries import MAX_NOTE, NewEntry
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import count, days_ago, today
from tests.stored import add_entry

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

PROGRESS_IT = "(guide: Progress it without chasing the biggest plate stack)"
# A note of the most characters, each one escaped (twice as long as typed), and a mention.
NOTE = ("@everyone _*~|`" * 20)[:MAX_NOTE]


async def many_sets_three_times(bot: HipThrustBot, user_id: int, imitation: Imitation, *, last_too: bool) -> None:
    """Three sessions at 100 kg with the same 351 sets of 6 to 14 reps (each rep count as 20 sets and 19
    sets), four and two days ago and today; today's last entry (19 × 14) only if `last_too`."""
    for back in (4, 2, 0):
        for reps in range(6, 15):
            for sets in (20, 19):
                if back == 0 and reps == 14 and sets == 19 and not last_too:
                    continue
                entry = NewEntry(performed_on=today(imitation) - dt.timedelta(days=back),
                                 variant="barbell", sets=sets, reps=reps, weight=100, unit="kg", rpe=8, note=None)
                await add_entry(bot.store, user_id, entry, setup_id=None, interaction_id=None, when=imitation.clock())


async def test_the_same_many_sets_three_sessions_running_are_told_within_a_message(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """The same-sets nudge listed every set ("14, 14, … 6 and 6 reps"): 351 sets made a /log reply of
    some 2,800 characters, refused by Discord after the entry was stored."""
    user = driver.user("member").id
    await many_sets_three_times(hipbot, user, imitation, last_too=False)
    reply = await driver.slash("log", weight=100, reps=14, sets=19, rpe=8, note=NOTE)
    assert reply.content.startswith(f"**Logged** 19 × 14 @ 100 kg · RPE 8 · barbell on {today(imitation)}.")
    assert len(reply.content) <= limits.CONTENT
    assert ("• Your last 3 barbell sessions on this setup had the same sets at the same load, 351 sets of 6–14 reps "
            "at 100 kg.") in reply.content
    assert reply.content.count(PROGRESS_IT) == 2  # each nudge cites its section
    assert await count(hipbot, "entries", user) == 18 * 3
    nudge = await driver.slash("nudge")
    assert len(nudge.content) <= limits.CONTENT
    assert "351 sets of 6–14 reps at 100 kg" in nudge.content
    assert days_ago(imitation, 2) not in nudge.content
