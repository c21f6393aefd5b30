"""Pain, injury and rehab questions end to end: no training section is offered as their answer.

"Answer with the guide" on "my lower back hurts …" ranked "Back-fatigue workaround" first and
posted it publicly, which read as advice to thrust through a bad back. Now the fit quiz's referral
note leads the menu and the reply, "Who this is for / not for" comes first, and only the sections
on what the evidence cannot settle follow; the `/hipthrust guide` autocomplete does the same.
"""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.answer_helpers import answer_menu, ask, option_labels, pick, replies_to

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

QUESTION = "my lower back hurts and my knee is injured after hip thrusts, what should I do for rehab?"
WHO_FOR = "Who this is for / not for"
REFERRAL = ("The guide gives no advice on pain, injury or rehab. Please take those questions to a qualified "
            "health professional.")
TRAINING = {"Back-fatigue workaround", "Start with the job", "Make the setup repeatable",
            "Glute-focused hypertrophy slot", "Progress it without chasing the biggest plate stack",
            "Pair it with the work it does not cover",
            "Powerlifter accessory", "Decision checkpoints", "Terms used here", "Quick answer"}



async def test_a_pain_question_is_answered_with_the_referral_and_who_this_is_for(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    question = await ask(driver, QUESTION)
    menu = await answer_menu(driver, question, user="member")
    assert menu.ephemeral
    assert menu.content.startswith(f"That message speaks of pain, injury or rehab. {REFERRAL}")
    # Review: it said "only the sections that say what the guide's evidence cannot settle are
    # offered", though Who this is for / not for, first, is none of those.
    assert ("So Who this is for / not for is offered, then only the sections that say what the guide's evidence "
            "cannot settle, and the note above goes with the one you pick.") in menu.content
    labels = option_labels(menu)
    assert labels[0] == WHO_FOR
    assert not TRAINING & set(labels)
    assert labels == [WHO_FOR, "Caveats", "Why the answer looks like this", "Activation is a clue, not a crown",
                      "Limitations"]

    await pick(driver, menu, WHO_FOR)
    [answer] = replies_to(imitation, question)
    assert answer.content == f"{REFERRAL}\nPicked by <@{imitation.scenario.member.id}> from the guide:"
    assert answer.embeds[0]["title"] == WHO_FOR


async def test_a_training_question_still_gets_the_back_fatigue_example(
        hipbot: HipThrustBot, driver: Driver) -> None:
    question = await ask(driver, "my lower back gets tired from deadlifts, what instead?")
    menu = await answer_menu(driver, question, user="member")
    assert "pain" not in menu.content
    assert option_labels(menu)[0] == "Back-fatigue workaround"


async def test_the_section_autocomplete_offers_who_this_is_for_for_pain_words(
        hipbot: HipThrustBot, driver: Driver) -> None:
    offered = [c["name"] for c in await driver.autocomplete("hipthrust guide", "section", section="back pain")]
    assert offered[0] == WHO_FOR
    assert not TRAINING & set(offered)
    unknown = await driver.slash("hipthrust guide", section="my back hurts")
    assert unknown.ephemeral
    assert f"Did you mean **{WHO_FOR}**" in unknown.content
    assert "Back-fatigue workaround" not in unknown.content


@pytest.mark.parametrize("text", ["I tweaked my foot position, is that ok?", "torn between hip thrusts and RDLs",
                                  "achy glutes next day, progress?", "doctor said I can train again"])
async def test_training_questions_with_ambiguous_words_get_no_referral(
        hipbot: HipThrustBot, driver: Driver, text: str) -> None:
    """Review: 'tweaked', 'torn', 'achy' and 'doctor' sent these to the pain referral."""
    question = await ask(driver, text)
    menu = await answer_menu(driver, question, user="member")
    assert "pain, injury or rehab" not in menu.content
    assert "health professional" not in menu.content
    offered = option_labels(menu)
    assert offered
    assert offered[0] != WHO_FOR  # training sections, as for any question
    assert TRAINING & set(offered)
