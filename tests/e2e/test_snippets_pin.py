"""/snippet pin end to end: posted, pinned, recorded; every refusal named; who may see /snippet."""

from __future__ import annotations

import re

import pytest

from bot.client import HipThrustBot
from bot.sandbox import perms
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import MAX_PINS
from tests.e2e.snippet_helpers import footer, pin, pin_requests, records, snippet_posts

pytestmark = pytest.mark.e2e


async def test_pin_posts_the_section_pins_it_and_records_it(hipbot: HipThrustBot, driver: Driver,
                                                            imitation: Imitation) -> None:
    offered = await driver.autocomplete("snippet pin", "section", user="moderator", section="quick")
    assert {"name": "Quick answer", "value": "quick-answer"} in offered

    reply = await pin(driver, "quick-answer")
    general, moderator = imitation.scenario.general, imitation.scenario.moderator
    [post] = snippet_posts(driver, "general")
    assert reply.ephemeral
    assert reply.content == (f"Pinned **Quick answer** in <#{general.id}>: https://discord.com/channels/"
                             f"{imitation.scenario.guild.id}/{general.id}/{post.message_id}")
    assert post.embeds[0]["title"] == "Quick answer"
    assert "useful glute exercise" in post.embeds[0]["description"]
    version = re.fullmatch(r"Guide snippet: Quick answer · guide version (\w+) · pinned by moderator",
                           footer(post))
    assert version is not None
    assert [p.message_id for p in driver.pins("general")] == [post.message_id]
    assert post.author_id == imitation.scenario.bot.id

    [record] = await records(hipbot, imitation)
    assert (record.channel_id, record.message_id, record.section_id, record.pinned_by, record.state.value) == (
        general.id, post.message_id, "quick-answer", moderator.id, "pinned")
    assert record.content_version == version[1]
    [put] = pin_requests(imitation, "PUT")
    assert put.reason == f"Guide snippet pinned by {moderator.id}"


async def test_pin_into_another_channel(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    reply = await pin(driver, "common-mistakes", into="training", where="general")
    training = imitation.scenario.training
    assert reply.ephemeral
    assert reply.content.startswith(f"Pinned **Common mistakes** in <#{training.id}>:")
    assert snippet_posts(driver, "general") == []
    assert driver.pins("general") == []
    [post] = snippet_posts(driver, "training")
    assert [p.message_id for p in driver.pins("training")] == [post.message_id]
    [record] = await records(hipbot, imitation)
    assert (record.channel_id, record.message_id, record.section_id) == (
        training.id, post.message_id, "common-mistakes")


@pytest.mark.parametrize(("denied", "named"), [(perms.PIN_MESSAGES, "Pin Messages"),
                                               (perms.SEND_MESSAGES, "Send Messages")], ids=["pin", "send"])
async def test_moderator_lacking_a_permission_in_the_other_channel_is_refused(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, denied: int, named: str) -> None:
    scenario = imitation.scenario
    # An admin lets moderators pin in general but not (or not post) in training.
    await driver.set_overwrites("training", perms.Overwrite(scenario.moderator_role.id, 0, deny=denied))
    reply = await pin(driver, "quick-answer", into="training", where="general")
    assert reply.ephemeral
    assert reply.content == f"You need the {named} permission in <#{scenario.training.id}>."
    assert driver.messages("training") == []
    assert await records(hipbot, imitation) == []
    # Where Discord's own check let them run it, they still can.
    assert (await pin(driver, "quick-answer")).content.startswith("Pinned **Quick answer**")


async def test_a_moderator_of_one_channel_cannot_pin_into_another(hipbot: HipThrustBot, driver: Driver,
                                                                   imitation: Imitation) -> None:
    member = imitation.scenario.member
    await driver.set_overwrites("training", perms.Overwrite(member.id, 1, allow=perms.PIN_MESSAGES))
    refused = await pin(driver, "quick-answer", into="general", where="training", user="member")
    assert refused.content == f"You need the Pin Messages permission in <#{imitation.scenario.general.id}>."
    assert driver.messages("general") == []
    pinned = await pin(driver, "quick-answer", where="training", user="member")
    assert pinned.content.startswith("Pinned **Quick answer**")
    [record] = await records(hipbot, imitation)
    assert (record.channel_id, record.pinned_by) == (imitation.scenario.training.id, member.id)


async def test_bot_without_pin_messages_here_names_it_and_posts_nothing(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    role = imitation.scenario.bot_role
    await driver.set_role_permissions(role, role.permissions & ~perms.PIN_MESSAGES)
    reply = await pin(driver, "quick-answer")
    assert reply.ephemeral
    assert reply.content == f"I need the Pin Messages permission in <#{imitation.scenario.general.id}>."
    assert driver.messages("general") == []
    assert await records(hipbot, imitation) == []


async def test_bot_denied_in_the_other_channel_names_each_permission(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    scenario = imitation.scenario
    deny = perms.Overwrite(scenario.bot_role.id, 0, deny=perms.PIN_MESSAGES | perms.EMBED_LINKS)
    await driver.set_overwrites("training", deny)
    # The bot learns of the overwrite from CHANNEL_UPDATE; Discord sends no app_permissions for training.
    await driver.wait_until(lambda: _bot_cache_denies(hipbot, imitation), "the bot to see the overwrite")
    reply = await pin(driver, "quick-answer", into="training", where="general")
    assert reply.content == f"I need the Embed Links and Pin Messages permissions in <#{scenario.training.id}>."
    assert driver.messages("training") == []
    assert await records(hipbot, imitation) == []


def _bot_cache_denies(bot: HipThrustBot, imitation: Imitation) -> bool:
    guild = bot.get_guild(imitation.scenario.guild.id)
    channel = None if guild is None else guild.get_channel(imitation.scenario.training.id)
    return guild is not None and channel is not None and not channel.permissions_for(guild.me).pin_messages


async def test_a_pin_refused_after_posting_leaves_no_post(hipbot: HipThrustBot, driver: Driver,
                                                           imitation: Imitation) -> None:
    scenario = imitation.scenario
    # An overwrite the bot has not heard of yet (no CHANNEL_UPDATE): its cache still says it may pin.
    scenario.training.overwrites = [perms.Overwrite(scenario.bot_role.id, 0, deny=perms.PIN_MESSAGES)]
    reply = await pin(driver, "quick-answer", into="training", where="general")
    assert reply.ephemeral
    assert reply.content == (f"Discord refused: I lack a permission in <#{scenario.training.id}>. I need View "
                             "Channel, Send Messages, Embed Links, Read Message History and Pin Messages there. "
                             "Nothing was left posted.")
    assert [r.status for r in pin_requests(imitation, "PUT")] == [403]
    assert driver.messages("training") == []
    assert await records(hipbot, imitation) == []


async def test_full_pins_get_a_clear_answer_and_leave_no_post(hipbot: HipThrustBot, driver: Driver,
                                                             imitation: Imitation) -> None:
    world, scenario = imitation.world, imitation.scenario
    for n in range(MAX_PINS):
        world.pin(world.post(scenario.general.id, scenario.moderator.id, content=f"note {n}"),
                  scenario.moderator.id)
    reply = await pin(driver, "quick-answer")
    assert reply.ephemeral
    assert reply.content == (f"<#{scenario.general.id}> already has 250 pinned messages, Discord's limit. "
                             "Unpin one first, then pin the snippet again. Nothing was left posted.")
    assert snippet_posts(driver, "general") == []
    assert len(driver.pins("general")) == MAX_PINS
    assert await records(hipbot, imitation) == []
    listed = await driver.slash("snippet list", user="moderator")
    assert "Pins in this channel: 250 / 250" in listed.content


async def test_synced_schema_asks_for_pin_messages_in_servers_only(hipbot: HipThrustBot, driver: Driver,
                                                                   imitation: Imitation) -> None:
    [spec] = [c for c in imitation.core.commands[None] if c["name"] == "snippet"]
    assert spec["default_member_permissions"] == str(1 << 51)  # Pin Messages, and nothing else
    assert spec["contexts"] == [0]  # guild only
    assert {o["name"] for o in spec["options"]} == {"pin", "list", "unpin", "refresh"}

    with pytest.raises(InvocationError, match="member cannot see /snippet"):
        await driver.slash("snippet list", user="member")
    with pytest.raises(InvocationError, match="cannot be used here"):
        await driver.slash("snippet list", user="moderator", channel="dm")
    # A member given Pin Messages in one channel sees it there (Discord checks where it runs).
    member = imitation.scenario.member
    await driver.set_overwrites("training", perms.Overwrite(member.id, 1, allow=perms.PIN_MESSAGES))
    listed = await driver.slash("snippet list", user="member", channel="training")
    assert listed.ephemeral
    assert listed.content.startswith("No guide snippets have been pinned in this server yet.")


async def test_a_redelivered_pin_posts_once(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    reply = await pin(driver, "quick-answer")
    await driver.redeliver(reply)
    assert len(snippet_posts(driver, "general")) == 1
    assert len(driver.pins("general")) == 1
    assert len(await records(hipbot, imitation)) == 1
    assert driver.record(reply).duplicate_callbacks == 0


async def test_pin_in_a_thread_needs_send_messages_in_threads_not_send_messages(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Send Messages "does not allow sending messages in threads" (Discord's permission docs): with it
    denied in the thread's channel the bot still pins there, and the channel itself is refused."""
    thread = await driver.start_thread("pins", user="moderator", channel="general")
    bot_role = imitation.scenario.bot_role.id
    await driver.set_overwrites("general", perms.Overwrite(bot_role, 0, deny=perms.SEND_MESSAGES))
    reply = await driver.slash("snippet pin", {"section": "quick-answer"}, user="moderator", channel=thread)
    assert reply.content.startswith(f"Pinned **Quick answer** in <#{thread.id}>: ")
    assert len(driver.pins(thread)) == 1
    refused = await pin(driver, "quick-answer")
    assert "Send Messages" in refused.content
    assert driver.pins("general") == []
