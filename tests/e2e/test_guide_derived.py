"""The derived sections as a member reads them: only what the guide says, in its words.

Who this is for / not for read "Pain, injury and rehab: outside this guide", though the guide never
limits its own scope; Terms dropped the trial's qualifier and a sentence of the back-fatigue
example; How to use this guide called its heading empty, though four parts sit under it.
"""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.snapshots import Reply

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]



def fields(reply: Reply) -> dict[str, str]:
    return {str(f["name"]): str(f["value"]) for e in reply.embeds for f in e.get("fields", [])}


async def test_who_this_is_for_says_what_the_guide_says_of_pain_and_rehab(hipbot: HipThrustBot,
                                                                         driver: Driver) -> None:
    reply = await driver.slash("hipthrust guide", section="who-for")
    pain = fields(reply)["Pain, injury and rehab"]
    assert "outside this guide" not in pain
    assert pain.startswith("the guide says the evidence does not make hip thrusts a substitute for specific "
                           "squat, deadlift, sport, or rehab work;")
    assert "universal rule for advanced lifters, athletes, rehab, or pain outcomes" in pain
    assert "qualified health professional" in pain


async def test_terms_keep_the_guides_words(hipbot: HipThrustBot, driver: Driver) -> None:
    terms = fields(await driver.slash("hipthrust guide", section="terms"))
    assert "not required for glute growth" in terms["Hypertrophy"]
    assert "for advanced lifters, athletes, rehab, or pain outcomes" in terms["Hypertrophy"]
    assert "That does not make hip thrusts safer or better for everyone." in terms["Recovery budget"]


async def test_how_to_use_this_guide_points_to_its_parts(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("hipthrust guide", section="how-to-use")
    assert "leaves this heading empty" not in reply.text
    assert reply.embeds[0]["description"].startswith(
        "In the guide this heading holds four parts: What this does not prove, Decision checkpoints, "
        "Who this is for / not for, and Terms used here.")
    assert list(fields(reply))[:4] == ["What this does not prove", "Decision checkpoints",
                                       "Who this is for / not for", "Terms used here"]
