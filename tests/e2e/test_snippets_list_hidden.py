"""/snippet list shows a moderator only the snippets in channels they can view, as /snippet unpin
offers only those: the others are counted, never named (no channel, no link, no pinner)."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.snippet_helpers import pin, records

pytestmark = pytest.mark.e2e

HIDDEN_ONE = "1 more in channels you cannot see"


async def _hide_training_from_the_moderator(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    scenario = imitation.scenario
    await driver.set_overwrites("training", perms.Overwrite(scenario.moderator.id, 1, deny=perms.VIEW_CHANNEL))

    def cached() -> bool:
        guild = hipbot.get_guild(scenario.guild.id)
        channel = None if guild is None else guild.get_channel(scenario.training.id)
        return channel is not None and len(channel.overwrites) == 1

    await driver.wait_until(cached, "the bot to see the overwrite")


async def test_list_counts_but_never_names_a_snippet_in_a_channel_the_moderator_cannot_see(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # It listed every snippet of the server: the channel, a jump link and who pinned it there.
    scenario = imitation.scenario
    await pin(driver, "quick-answer")
    await pin(driver, "caveats", into="training", user="owner")
    await _hide_training_from_the_moderator(hipbot, driver, imitation)

    listed = await driver.slash("snippet list", user="moderator")
    assert listed.ephemeral
    [embed] = listed.embeds
    assert embed["description"].startswith(f"**Quick answer** in <#{scenario.general.id}> · current")
    assert embed["footer"]["text"] == f"1 current · {HIDDEN_ONE}"
    shown = listed.text
    assert "Caveats" not in shown
    assert str(scenario.training.id) not in shown
    assert str(scenario.owner.id) not in shown  # the pinner there
    assert embed["description"].count("[jump](") == 1

    everything = await driver.slash("snippet list", user="owner")
    assert everything.embeds[0]["footer"]["text"] == "2 current"
    assert f"**Caveats** in <#{scenario.training.id}>" in everything.text
    assert [s.state.value for s in await records(hipbot, imitation)] == ["pinned", "pinned"]  # reconciled, kept


async def test_list_says_when_every_snippet_is_in_a_channel_the_moderator_cannot_see(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await pin(driver, "caveats", into="training", user="owner")
    await _hide_training_from_the_moderator(hipbot, driver, imitation)
    listed = await driver.slash("snippet list", user="moderator")
    assert listed.ephemeral
    assert listed.embeds == []
    # Not "No guide snippets have been pinned in this server yet", which is not so.
    assert listed.content == ("This server has 1 guide snippet, in a channel you cannot see.\n"
                              "Pins in this channel: 0 / 250")


async def test_every_page_of_the_list_leaves_them_out(hipbot: HipThrustBot, driver: Driver,
                                                      imitation: Imitation) -> None:
    scenario = imitation.scenario
    await pin(driver, "caveats", into="training", user="owner")  # the oldest: listed last, on page 2
    sections = ["quick-answer", "what-this-does-not-prove", "decision-checkpoints", "who-for", "terms",
                "start-with-the-job", "setup-repeatable", "progress-it", "pair-it", "limitations", "common-mistakes"]
    for section in sections:
        await pin(driver, section)
    await _hide_training_from_the_moderator(hipbot, driver, imitation)

    first = await driver.slash("snippet list", user="moderator")
    assert first.embeds[0]["footer"]["text"] == f"Page 1 of 2 · 11 current · {HIDDEN_ONE}"
    second = await driver.click(first, label="Next", user="moderator")
    assert second.embeds[0]["footer"]["text"] == f"Page 2 of 2 · 11 current · {HIDDEN_ONE}"
    assert second.embeds[0]["description"].startswith(f"**Quick answer** in <#{scenario.general.id}>")
    assert second.embeds[0]["description"].count("[jump](") == 1
    assert str(scenario.training.id) not in second.text
