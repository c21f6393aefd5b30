"""A command's first answer is posted without asking Discord for the message it makes
(`bot.interactions.callbacks`): discord.py would parse that message, menus and all, and the bot
never reads it. The answers still arrive whole."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver

pytestmark = pytest.mark.e2e


async def test_answers_arrive_whole_without_their_message_sent_back(hipbot: HipThrustBot,
                                                                     driver: Driver) -> None:
    ping = await driver.slash("ping", channel="general")
    logged = await driver.slash("log", weight=100, reps=10, sets=3, channel="general")
    history = await driver.slash("history", channel="general")
    for reply in (ping, logged, history):
        assert reply.callback_type == 4
        assert reply.ephemeral
        assert driver.record(reply).asked_for_message is False
    assert driver.messages("general") == []  # private, as asked
    assert "100 kg" in logged.content + str(logged.embeds)
    assert history.embeds[0]["description"]
    assert "3 × 10 @ 100 kg" in history.embeds[0]["description"]
    menu = history.components[0]["components"][0]
    assert [option["value"] for option in menu["options"]]  # the entry to edit, by id
    shown = await driver.select(history, menu["options"][0]["value"])
    assert "100 kg" in shown.content + str(shown.embeds)


async def test_a_public_answer_still_says_where_it_is(hipbot: HipThrustBot, driver: Driver) -> None:
    """A public guide answer asks for its message: the repeat guard links to it."""
    reply = await driver.slash("hipthrust quick", channel="general")
    assert not reply.ephemeral
    assert driver.record(reply).asked_for_message is True
