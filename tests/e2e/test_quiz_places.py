"""Where a fit quiz was taken: a member keeps their latest verdict in DMs, in each server the bot is
in, and in any server without the bot, and one for each server the bot has left; a quiz taken in
one place replaces only the verdict of that place. /export names each, /forgetme deletes them all."""

from __future__ import annotations

import csv
import io

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.test_bot_not_in_server import without_the_bot
from tests.e2e.test_quiz import MAIN_TOOL_RUN, PAIN, take_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

SPORT = "Help my sprinting or sport skill"  # verdict "optional", in one question


def exported_verdicts(export: Reply) -> list[tuple[str, str]]:
    """The quiz verdict rows of /export's profile.csv: (kind, verdict id), newest first."""
    [profile] = [a for a in export.attachments if a.filename == "profile.csv"]
    rows = csv.DictReader(io.StringIO(profile.data.decode("utf-8")))
    return [(r["kind"], r["value"]) for r in rows if r["kind"].startswith("quiz verdict")]


async def test_a_quiz_replaces_only_the_verdict_of_the_place_it_was_taken_in(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # A quiz in DMs, or in a server without the bot, deleted every verdict kept without a server id:
    # the DM verdict and the one of each server the bot had left, as /export then showed.
    s, world = imitation.scenario, imitation.world
    await take_quiz(driver, [PAIN], channel="dm")
    await take_quiz(driver, MAIN_TOOL_RUN)  # in the server the bot is then removed from
    await without_the_bot(hipbot, driver, imitation)
    commands_only = world.add_guild("Commands only", s.owner)  # the app added without its bot
    world.add_member(commands_only, s.member)
    lifting = world.add_channel(commands_only, "lifting")
    await take_quiz(driver, [SPORT], channel=lifting)

    export = await driver.slash("export", channel="dm")
    assert export.content == "Your data — log entries: 0, setups: 0, quiz verdicts: 3 — with your settings."
    assert exported_verdicts(export) == [
        ("quiz verdict (a server without the bot)", "optional"),
        ("quiz verdict (a server the bot has left)", "main-tool"),
        ("quiz verdict (DMs)", "not-here"),
    ]

    await take_quiz(driver, MAIN_TOOL_RUN, channel="dm")  # replaces the DM verdict alone
    await take_quiz(driver, [PAIN])  # the server left keeps the app's commands: a server without the bot
    assert exported_verdicts(await driver.slash("export", channel="dm")) == [
        ("quiz verdict (a server without the bot)", "not-here"),
        ("quiz verdict (DMs)", "main-tool"),
        ("quiz verdict (a server the bot has left)", "main-tool"),
    ]

    forgot = await driver.click(await driver.slash("forgetme", channel="dm"), "Delete everything")
    assert forgot.content == "Deleted everything stored about you — quiz results: 3."
    assert exported_verdicts(await driver.slash("export", channel="dm")) == []
