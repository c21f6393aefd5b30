"""What an answer leaves goes as soon as nothing refers to it, not at the cyclic garbage
collector's next look: the interaction, which discord.py's response refers back to
(`outcomes.let_go`), and a file sent from bytes, a chart or an export, whose buffer discord.py ties
to itself (`replies.Attachment`)."""

from __future__ import annotations

import asyncio
import gc
import io
import types

import discord
import pytest

from bot.client import HipThrustBot
from bot.operations.metrics import ANSWERED
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import counted
from tests.e2e.logbook_helpers import days_ago

pytestmark = pytest.mark.e2e


def unreachable(kinds: type | types.UnionType) -> list[str]:
    """What a collection finds unreachable now, of `kinds`, by type name."""
    gc.set_debug(gc.DEBUG_SAVEALL)  # what a collection finds unreachable is kept in gc.garbage
    try:
        gc.collect()
        return [type(o).__name__ for o in gc.garbage if isinstance(o, kinds)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()


def answered(bot: HipThrustBot, command: str) -> float:
    return counted(bot, "hipthrust_interactions_total", command=command, outcome=ANSWERED)


async def settled(bot: HipThrustBot, *names: str) -> list[float]:
    for _ in range(100):  # each is counted (and let go of) just after its answer
        if all(answered(bot, name) for name in names):
            break
        await asyncio.sleep(0.02)
    return [answered(bot, name) for name in names]


async def test_answered_commands_clicks_and_autocompletes_leave_no_interaction_to_collect(
    hipbot: HipThrustBot, driver: Driver
) -> None:
    gc.collect()
    gc.disable()  # no collection meanwhile: one would free the cycles before they are looked for
    try:
        await driver.autocomplete("log", "date", weight=100, reps=10)
        await driver.slash("ping")
        await driver.slash("log", weight=100, reps=10, sets=3, rpe=8)
        await driver.click(await driver.slash("undo"), "Keep it")
        assert await settled(hipbot, "ping", "log", "undo", "button:ud") == [1, 1, 1, 1]
        left = unreachable(discord.Interaction | discord.InteractionResponse)
    finally:
        gc.enable()
    assert left == []


async def test_a_response_let_go_of_still_says_it_was_answered(hipbot: HipThrustBot, driver: Driver) -> None:
    seen: list[discord.Interaction] = []

    async def keep(interaction: discord.Interaction) -> None:
        seen.append(interaction)

    hipbot.add_listener(keep, "on_interaction")
    await driver.slash("ping")
    assert await settled(hipbot, "ping") == [1]
    (interaction,) = seen
    assert interaction.response.is_done()
    with pytest.raises(discord.InteractionResponded) as refused:
        await interaction.response.send_message("again")
    assert refused.value.interaction is None  # the response no longer refers to it
    assert driver.messages("general") == []


async def test_a_chart_and_an_export_leave_no_buffer_to_collect(
    hipbot: HipThrustBot, driver: Driver, imitation: Imitation
) -> None:
    await driver.slash("log", weight=100, reps=8, sets=3, date=days_ago(imitation, 4))
    await driver.slash("log", weight=105, reps=8, sets=3, date=days_ago(imitation, 2))
    gc.collect()
    gc.disable()
    try:
        chart = await driver.slash("progress")
        export = await driver.slash("export")
        assert await settled(hipbot, "progress", "export") == [1, 1]
        left = unreachable(io.BytesIO)
    finally:
        gc.enable()
    assert [f.filename for f in chart.attachments] == ["progress.png"]
    assert chart.attachments[0].data.startswith(b"\x89PNG")
    assert len(export.attachments) == 2
    assert left == []
