"""Payloads discord.py itself cannot use still get one clear, private answer from the error funnel."""

from __future__ import annotations

import pytest

from bot.interactions.tree import STALE_COMMAND
from bot.sandbox.raw import command_data
from tests.reliability.conftest import Lab
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


async def test_a_string_in_a_number_option_is_answered_not_dropped(lab: Lab) -> None:
    # discord.py float()s number options before its own error handling: this used to go unanswered.
    reply = await lab.driver.slash_raw("log", weight="100kg", reps=5)
    assert reply.ephemeral
    assert reply.content == "**weight** must be a number (you gave `100kg`). Nothing was stored."
    assert await entry_count(lab.store, lab.driver.user("member").id) == 0


async def test_a_float_too_large_for_a_number_option_is_answered(lab: Lab) -> None:
    reply = await lab.driver.slash_raw("settings", increment=2**1100)
    assert reply.ephemeral
    assert reply.content.startswith("**increment** must be a number (you gave `1358")


async def test_a_missing_required_option_says_the_command_changed(lab: Lab) -> None:
    reply = await lab.driver.slash_raw("log", weight=100)
    assert reply.ephemeral
    assert reply.content == STALE_COMMAND


async def test_unknown_options_are_ignored(lab: Lab) -> None:
    reply = await lab.driver.slash_raw("log", weight=60, reps=8, tempo="3-1-1")
    assert reply.content.startswith("**Logged** 1 × 8 @ 60 kg")


async def test_a_payload_discord_py_cannot_read_gets_an_apology_with_an_error_id(lab: Lab) -> None:
    driver = lab.driver
    member, general = driver.user("member"), driver.channel("general")
    data = command_data(lab.imitation.core, "log", {}, member, general)
    data["options"] = "weight=100"  # not a list of options at all
    reply = await driver.answer(driver.send(2, member, general, data))
    assert reply.ephemeral
    assert reply.content.startswith("Sorry, something went wrong on our side. Error id `")
    assert driver.record(reply).duplicate_callbacks == 0
