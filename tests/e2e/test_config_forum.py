"""A forum as an answer channel: its posts are threads, and a thread counts as its channel.

`add_answer_channel` offered text and announcement channels only, so a server that keeps its
questions in a forum could list no channel there: once it listed any, every guide answer asked for
in a forum post came privately, with a pointer elsewhere. Guide answers are interaction responses,
which need no channel that takes the bot's messages, so a forum (or media channel) can be listed.
The moderator log and `/snippet pin`, which post the bot's own messages, still cannot name one.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import FORUM
from tests.e2e.bots import running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]


async def test_a_forum_can_be_an_answer_channel_and_its_posts_answer_publicly(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    s = imitation.scenario
    forum = imitation.world.add_channel(s.guild, "questions", kind=FORUM)
    async with running_bot(imitation, driver, tmp_path / "e2e.db") as bot:
        saved = await driver.slash("config set", user="moderator", add_answer_channel="questions")
        assert saved.content.startswith("Saved.\n")
        assert f"allowed in: <#{forum.id}> (elsewhere they are answered privately" in saved.content
        assert (await bot.store.guild_config.get(s.guild.id)).answer_channels == (forum.id,)

        post = await driver.start_thread("How heavy should I go?", user="member", channel=forum)
        there = await driver.slash("hipthrust quick", user="member", channel=post)
        assert not there.ephemeral
        assert [m.embeds[0]["title"] for m in driver.messages(post)] == ["Quick answer"]
        elsewhere = await driver.slash("hipthrust quick", user="member", channel="general")
        assert elsewhere.ephemeral
        assert elsewhere.content.startswith(f"On this server guide answers are posted publicly in <#{forum.id}>")

        removed = await driver.slash("config set", user="moderator", remove_answer_channel="questions")
        assert "The list is now empty" in removed.content
        assert (await bot.store.guild_config.get(s.guild.id)).answer_channels == ()


@pytest.mark.parametrize(("command", "field"), [("config set", "log_channel"), ("snippet pin", "channel")])
async def test_where_the_bot_posts_a_forum_cannot_be_chosen(
        imitation: Imitation, driver: Driver, tmp_path: Path, command: str, field: str) -> None:
    """A forum takes no message of its own (Discord's error 50008): the option does not offer it."""
    imitation.world.add_channel(imitation.scenario.guild, "questions", kind=FORUM)
    async with running_bot(imitation, driver, tmp_path / "e2e.db"):
        options = {field: "questions", **({"section": "quick-answer"} if command == "snippet pin" else {})}
        with pytest.raises(InvocationError, match="#questions cannot be chosen here"):
            await driver.slash(command, options, user="moderator")
