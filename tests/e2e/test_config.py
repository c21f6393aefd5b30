"""/config end to end: who may use it, what it stores and shows, how /hipthrust follows it, and
forgetting the server when the bot is removed from it."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import HipThrustBot
from bot.config.model import GuildConfig
from bot.sandbox import perms
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.guild_removal import remove_bot
from bot.sandbox.imitation import Imitation
from tests.e2e.snippet_helpers import eventually, pin
from tests.e2e.test_quiz import PAIN, take_quiz

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]



async def test_only_manage_server_sees_config(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    [command] = [c for c in imitation.core.commands[None] if c["name"] == "config"]
    assert int(command["default_member_permissions"]) == perms.MANAGE_GUILD
    assert command["contexts"] == [0]
    with pytest.raises(InvocationError, match="cannot see /config"):
        await driver.slash("config show", user="member")
    with pytest.raises(InvocationError, match="cannot be used here"):
        await driver.slash("config show", user="moderator", channel="dm")


async def test_set_stores_and_show_says_it(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    shown = await driver.slash("config show", user="moderator")
    assert shown.ephemeral
    assert "Public guide answers allowed in: any channel." in shown.content
    assert "Moderator log (`log_channel`): off" in shown.content

    saved = await driver.slash("config set", user="moderator", public_answers=False,
                               add_answer_channel="training", log_channel="training", ping_authors=True)
    assert saved.ephemeral
    assert saved.content.startswith("Saved.\n**Guide settings for this server**")
    assert f"allowed in: <#{s.training.id}> (elsewhere they are answered privately" in saved.content
    assert f"Moderator log (`log_channel`): <#{s.training.id}>\n" in saved.content
    assert await hipbot.store.guild_config.get(s.guild.id) == GuildConfig(
        s.guild.id, public_answers=False, answer_channels=(s.training.id,), log_channel_id=s.training.id,
        ping_authors=True)

    nothing = await driver.slash("config set", user="moderator")  # no options: shows them
    assert nothing.content.startswith("**Guide settings for this server**")
    for same in ({"add_answer_channel": "training"}, {"ping_authors": True}):
        again = await driver.slash("config set", user="moderator", **same)  # already so: not "Saved."
        assert again.content.startswith("Nothing changed: the settings already say that.\n**Guide settings"), same
        assert f"allowed in: <#{s.training.id}> (elsewhere" in again.content
    clash = await driver.slash("config set", user="moderator", log_channel="general", log_off=True)
    assert clash.ephemeral
    assert "contradict each other. Nothing was changed." in clash.content
    assert (await hipbot.store.guild_config.get(s.guild.id)).log_channel_id == s.training.id

    await driver.slash("config set", user="moderator", answer_anywhere=True, log_off=True)
    config = await hipbot.store.guild_config.get(s.guild.id)
    assert (config.answer_channels, config.log_channel_id) == ((), None)


async def test_removing_an_answer_channel_says_when_it_was_not_listed_or_the_list_is_now_empty(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    general, training = s.general.id, s.training.id
    await driver.slash("config set", user="moderator", add_answer_channel="training")

    not_listed = await driver.slash("config set", user="moderator", remove_answer_channel="general")
    assert not_listed.ephemeral
    assert not_listed.content.startswith(
        f"Nothing changed: <#{general}> is not in the list of answer channels; the list is below.\n"
        "**Guide settings")
    assert (await hipbot.store.guild_config.get(s.guild.id)).answer_channels == (training,)

    emptied = await driver.slash("config set", user="moderator", remove_answer_channel="training")
    assert emptied.content.startswith(
        "Saved.\nThe list is now empty, so public guide answers are allowed in every channel; "
        "`add_answer_channel` limits them again.\n**Guide settings")
    assert "Public guide answers allowed in: any channel." in emptied.content
    assert (await hipbot.store.guild_config.get(s.guild.id)).answer_channels == ()

    nothing_listed = await driver.slash("config set", user="moderator", remove_answer_channel="training",
                                        ping_authors=True)
    assert nothing_listed.content.startswith(
        f"Saved.\n<#{training}> is not in the list of answer channels; no channel is listed, so public guide "
        "answers are allowed in every channel.\n**Guide settings")
    assert (await hipbot.store.guild_config.get(s.guild.id)).ping_authors


async def test_a_log_channel_the_bot_cannot_post_in_is_refused_by_name(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await driver.set_overwrites("training", perms.Overwrite(s.bot_role.id, 0, deny=perms.SEND_MESSAGES))
    refused = await driver.slash("config set", user="moderator", log_channel="training")
    assert refused.content == f"I need the Send Messages permission in <#{s.training.id}>."
    assert (await hipbot.store.guild_config.get(s.guild.id)).log_channel_id is None


@pytest.mark.parametrize(("command", "field"), [
    ("config set", "add_answer_channel"), ("config set", "remove_answer_channel"), ("config set", "log_channel"),
    ("snippet pin", "channel"),
])  # fmt: skip
async def test_an_unknown_channel_id_is_refused_by_the_fields_name(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, command: str, field: str) -> None:
    # An id Discord resolved to no channel was answered only "Pick a text or announcement channel."
    options = {field: "99999", **({"section": "quick-answer"} if command == "snippet pin" else {})}
    refused = await driver.slash_raw(command, options, user="moderator")
    assert refused.ephemeral
    kinds = "text, announcement, forum or media" if field.endswith("answer_channel") else "text or announcement"
    assert refused.content == (f"**{field}** must be a {kinds} channel of this server, picked from "
                               "the list. Nothing was stored.")
    assert await hipbot.store.guild_config.get(imitation.scenario.guild.id) == GuildConfig(imitation.scenario.guild.id)
    assert driver.pins("general") == []


async def test_hipthrust_follows_the_answer_channels_and_the_default(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    training = imitation.scenario.training.id
    await driver.slash("config set", user="moderator", add_answer_channel="training")
    here = await driver.slash("hipthrust quick", channel="general")
    assert here.ephemeral
    assert here.content == (f"On this server guide answers are posted publicly in <#{training}>, "
                            "so here is a copy only you can see.")
    assert here.embeds[0]["title"] == "Quick answer"
    assert driver.messages("general") == []
    there = await driver.slash("hipthrust quick", channel="training")
    assert not there.ephemeral
    asked_private = await driver.slash("hipthrust program", channel="general", private=True)
    assert asked_private.ephemeral
    assert asked_private.content == ""

    await driver.slash("config set", user="moderator", public_answers=False)
    default = await driver.slash("hipthrust mistakes", channel="training")
    assert default.ephemeral
    assert default.content == ""
    chosen = await driver.slash("hipthrust mistakes", channel="training", private=False)
    assert not chosen.ephemeral


async def test_removing_the_bot_forgets_the_server_and_keeps_members_logs(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await driver.slash("config set", user="moderator", add_answer_channel="training", log_channel="training")
    await pin(driver, "quick-answer")
    await take_quiz(driver, [PAIN], user="member")
    await driver.slash("log", weight=100, reps=10, user="member")
    store = hipbot.store
    assert await store.guild_config.stored_counts(s.guild.id) == {"snippet records": 1, "quiz verdicts": 1}

    remove_bot(imitation, s.guild)

    async def forgotten() -> bool:
        return await store.guild_config.stored_counts(s.guild.id) == {"snippet records": 0, "quiz verdicts": 0}

    await eventually(driver, forgotten, "the server's data to be deleted")
    assert await store.guild_config.get(s.guild.id) == GuildConfig(s.guild.id)
    assert await store.db.fetchval("SELECT COUNT(*) FROM guild_config") == 0
    member = s.member.id
    assert await store.db.fetchval("SELECT COUNT(*) FROM entries WHERE user_id = ?", (member,)) == 1
    assert [v.guild_id for v in await store.quiz.verdicts_for_user(member)] == [None]  # the verdict stays the member's
    assert hipbot.get_guild(s.guild.id) is None


async def test_privacy_tells_members_what_a_server_keeps(hipbot: HipThrustBot, driver: Driver) -> None:
    privacy = await driver.slash("privacy", user="member")
    assert "The settings its moderators choose with /config, and its snippet records." in privacy.text
    assert "Removing the bot from a server deletes both" in privacy.text
    assert '"Answer with the guide" reads the one message it is used on' in privacy.text


async def test_two_moderators_setting_at_once_both_keep_their_change(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each /config set changes one setting: the one saved second starts from the first's, where
    both read the settings before either saved and the second wrote the first's back as it was."""
    s = imitation.scenario
    settings = hipbot.store.guild_config
    read, both_read = settings.get, asyncio.Barrier(2)

    async def read_together(guild_id: int) -> GuildConfig:  # each command reads before either saves
        config = await read(guild_id)
        await both_read.wait()
        return config

    monkeypatch.setattr(settings, "get", read_together)
    first, second = await asyncio.gather(
        driver.slash("config set", user="moderator", public_answers=False),
        driver.slash("config set", user="owner", add_answer_channel="training"),
    )
    monkeypatch.undo()
    assert first.content.startswith("Saved.")
    assert second.content.startswith("Saved.")
    assert await hipbot.store.guild_config.get(s.guild.id) == GuildConfig(
        s.guild.id, public_answers=False, answer_channels=(s.training.id,))
    both = await driver.slash("config show", user="moderator")
    assert "Guide answers by default (`public_answers`): only you see them;" in both.content
    assert f"Public guide answers allowed in: <#{s.training.id}>" in both.content
