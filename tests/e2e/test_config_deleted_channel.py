"""Deleting an answer channel: the moderator's restriction stands, and they are told.

Deleting the only answer channel emptied the list, which means "any channel": public guide answers
came back everywhere without a word, and `/config show` said "any channel". Now the last answer
channel stays listed, so every guide answer is private until the moderator names another channel
or allows every channel; `/config show` and the moderator log say so. A channel that is not the
last leaves the list, and the log names those left.
"""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.config.text import NONE_LEFT
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]



def log_lines(driver: Driver) -> list[str]:
    """The bot's lines in #general, the log channel of these tests."""
    return [line for m in driver.messages("general") for line in m.content.splitlines() if line]


async def test_deleting_the_only_answer_channel_keeps_answers_private(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await driver.slash("config set", user="moderator", add_answer_channel="training", log_channel="general")
    await driver.delete_channel("training")
    await driver.wait_until(lambda: len(log_lines(driver)) == 1, "the moderator log line")
    assert log_lines(driver) == [
        "Answer channel **#training** was deleted. It was the only one, so every guide answer is now private; "
        "`/config set add_answer_channel` names another, `answer_anywhere:True` allows every channel again."]

    shown = await driver.slash("config show", user="moderator")
    assert "any channel" not in shown.content
    assert (f"Public guide answers allowed in: no channel: the answer channel <#{s.training.id}> was deleted, so "
            "every guide answer is private; `add_answer_channel` names another, `answer_anywhere:True` allows "
            "every channel again.") in shown.content

    quick = await driver.slash("hipthrust quick", channel="general")
    assert quick.ephemeral
    assert quick.content == f"{NONE_LEFT}, so here is a copy only you can see."
    assert quick.embeds[0]["title"] == "Quick answer"

    # Naming a channel lifts nothing else: the deleted one leaves the list, the new one is the list.
    await driver.slash("config set", user="moderator", add_answer_channel="general")
    assert (await hipbot.store.guild_config.get(s.guild.id)).answer_channels == (s.general.id,)
    assert not (await driver.slash("hipthrust quick", channel="general")).ephemeral


async def test_deleting_one_of_several_answer_channels_takes_it_off_the_list(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await driver.slash("config set", user="moderator", add_answer_channel="training", log_channel="general")
    await driver.slash("config set", user="moderator", add_answer_channel="general")
    await driver.delete_channel("training")
    await driver.wait_until(lambda: len(log_lines(driver)) == 1, "the moderator log line")
    assert log_lines(driver) == [
        f"Answer channel **#training** was deleted and left the list; public guide answers stay allowed in "
        f"<#{s.general.id}>."]
    assert (await hipbot.store.guild_config.get(s.guild.id)).answer_channels == (s.general.id,)
    assert not (await driver.slash("hipthrust quick", channel="general")).ephemeral
