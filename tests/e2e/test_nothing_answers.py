"""A button or form nothing in this version answers (a message from an earlier version, a form whose
custom_id changed) is told so, privately, where Discord would show "This interaction failed"."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.interactions.tree import NOTHING_ANSWERS
from bot.operations.metrics import USER_ERROR
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import counted

pytestmark = pytest.mark.e2e


async def test_a_button_nothing_answers_any_more_says_so(hipbot: HipThrustBot, driver: Driver,
                                                          imitation: Imitation) -> None:
    quiz = await driver.slash("fitquiz")
    message = imitation.world.messages[quiz.message_id or 0]
    # As an earlier version might have sent it: a custom_id no handler of this one matches.
    message.components = [{"type": 1, "components": [
        {"type": 2, "style": 1, "label": "Old", "custom_id": "zz:old"}]}]
    answer = await driver.click(quiz, "Old")
    assert answer.ephemeral
    assert answer.content == NOTHING_ANSWERS
    # Counted once Discord has taken the answer (its reply can come after the user sees it).
    await driver.wait_until(
        lambda: counted(hipbot, "hipthrust_interactions_total", command="button:zz", outcome=USER_ERROR) == 1,
        "the click counted as a user error")
    assert driver.deadline_misses() == []


async def test_a_button_something_answers_is_answered_once(hipbot: HipThrustBot, driver: Driver,
                                                           imitation: Imitation) -> None:
    quiz = await driver.slash("fitquiz")
    clicked = await driver.click(quiz, quiz.buttons()[0]["label"])
    await driver.settle()
    assert imitation.core.ledger.records[clicked.interaction_id or 0].duplicate_callbacks == 0
    assert not any(NOTHING_ANSWERS in str(request.json) for request in imitation.core.requests)
