""""Answer with the guide" end to end: the context menu, the select, the reply and its rules.

A member's question is answered with a guide section posted as a reply to it (a message
reference), pinging its author only when the server says so; the 60-second repeat guard and the
server's answer channels apply as for /hipthrust; the question's text is read, never stored.
"""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox import perms
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import request_pings
from bot.sandbox.message_replies import reply_pings_author
from cogs.guide.answer import ANSWER_MENU, SYSTEM_MESSAGE, TARGET_GONE
from tests.e2e.answer_helpers import (
    QUESTION,
    SQUAT_TRIAL,
    answer_menu,
    ask,
    create_request,
    option_labels,
    pick,
    replies_to,
)
from tests.e2e.bots import post_known
from tests.e2e.stale_presses import select_on, shown

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]


def database_bytes(folder: Path) -> bytes:
    """Every byte of the test's SQLite database (its main file, WAL and shared memory)."""
    return b"".join(p.read_bytes() for p in folder.glob("e2e.db*"))



async def test_the_picked_section_is_posted_as_a_reply_that_pings_nobody(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, tmp_path: Path) -> None:
    [command] = [c for c in imitation.core.commands[None] if c["name"] == ANSWER_MENU]
    assert (command["type"], command["contexts"], command["default_member_permissions"]) == (3, [0], None)

    question = await ask(driver, QUESTION + " (zyzzyva)")
    menu = await answer_menu(driver, question, user="member")  # anyone may answer
    assert menu.ephemeral
    assert f"/{question.channel_id}/{question.message_id}" in menu.content  # a link to the question
    labels = option_labels(menu)
    assert labels[0] == SQUAT_TRIAL  # ranked by the question's words
    assert len(labels) == len(set(labels)) == 21
    assert replies_to(imitation, question) == []  # nothing is posted before a pick

    done = await pick(driver, menu, SQUAT_TRIAL)
    [answer] = replies_to(imitation, question)
    assert answer.type == 19  # a reply: Discord shows the question above it
    assert answer.embeds[0]["title"] == SQUAT_TRIAL
    assert answer.content == f"Picked by <@{imitation.scenario.member.id}> from the guide:"
    request = create_request(imitation, answer)
    assert reply_pings_author(request) is False
    pings = request_pings(request)
    assert pings is not None
    assert pings.nobody
    assert done.ephemeral
    assert done.components == []
    assert done.content == (f"Posted **{SQUAT_TRIAL}** as a reply: "
                            f"https://discord.com/channels/{imitation.scenario.guild.id}/"
                            f"{question.channel_id}/{answer.id}")

    # The question was read for ranking and kept nowhere.
    stored = await asyncio.to_thread(database_bytes, tmp_path)
    assert b"zyzzyva" not in stored
    assert b"squats for my glutes" not in stored


async def test_a_question_no_title_answers_offers_the_section_whose_text_does_first(
        hipbot: HipThrustBot, driver: Driver) -> None:
    question = await ask(driver, "how high should the bench be for hip thrusts?")
    menu = await answer_menu(driver, question, user="member")
    labels = option_labels(menu)
    assert labels[0] == "Make the setup repeatable"  # its text: "same bench height"
    assert len(labels) == 21


async def test_the_server_can_choose_to_ping_the_author(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("config set", user="moderator", ping_authors=True)
    question = await ask(driver)
    await pick(driver, await answer_menu(driver, question), SQUAT_TRIAL)
    [answer] = replies_to(imitation, question)
    request = create_request(imitation, answer)
    assert reply_pings_author(request) is True
    pings = request_pings(request)  # the picker is named, never pinged
    assert pings is not None
    assert pings.nobody


async def test_the_same_section_twice_within_a_minute_is_shown_privately(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    first = await ask(driver)
    await pick(driver, await answer_menu(driver, first), SQUAT_TRIAL)
    [posted] = replies_to(imitation, first)
    imitation.advance(20)

    second = await ask(driver, "squats or hip thrusts, which grows glutes more?", user="moderator")
    again = await pick(driver, await answer_menu(driver, second), SQUAT_TRIAL)
    assert again.ephemeral
    assert again.content.startswith("This was posted in this channel 20 s ago: ")
    assert f"/{posted.id}" in again.content
    assert again.embeds[0]["title"] == SQUAT_TRIAL  # the member still gets the text
    assert replies_to(imitation, second) == []

    # /hipthrust shares the guard.
    shared = await driver.slash("hipthrust guide", section="science-squat-trial")
    assert shared.ephemeral

    imitation.advance(41)
    await pick(driver, await answer_menu(driver, second), SQUAT_TRIAL)
    assert len(replies_to(imitation, second)) == 1


@pytest.mark.parametrize("second", [SQUAT_TRIAL, "Make the setup repeatable"])
async def test_a_second_pick_on_the_menu_leaves_the_first_picks_link(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, second: str) -> None:
    # Two picks made before the menu gave way: the second, answered after the first, put a private
    # copy of the section (or the other section's link) in place of the link to the reply.
    question = await ask(driver)
    menu = await answer_menu(driver, question)
    before = shown(driver, menu)
    done = await pick(driver, menu, SQUAT_TRIAL)
    [posted] = replies_to(imitation, question)
    link = _link(imitation, posted.id)
    assert done.content == f"Posted **{SQUAT_TRIAL}** as a reply: {link}"

    again = await select_on(driver, before, second)
    assert driver.record(again).callback_type == 4  # a note of its own, not an edit of the menu
    assert again.ephemeral
    assert again.content == (f"Already answered with **{SQUAT_TRIAL}**: {link}. "
                             "Use the menu again to post another section.")
    assert driver.refresh(menu).content == done.content
    assert driver.refresh(menu).embeds == []
    assert replies_to(imitation, question) == [posted]


async def test_two_picks_at_once_post_one_reply_and_keep_its_link(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    question = await ask(driver)
    menu = await answer_menu(driver, question)
    picks = await asyncio.gather(driver.select(menu, SQUAT_TRIAL), driver.select(menu, "Make the setup repeatable"))
    await driver.wait_until(lambda: driver.refresh(menu).components == [], "the menu to give way")
    [posted] = replies_to(imitation, question)
    title, link = posted.embeds[0]["title"], _link(imitation, posted.id)
    assert driver.refresh(menu).content == f"Posted **{title}** as a reply: {link}"
    [note] = [p for p in picks if driver.record(p).callback_type == 4]  # the other, a note of its own
    assert note.ephemeral
    assert note.content in (f"Already answering with **{title}**: it is being posted as a reply right now.",
                            f"Already answered with **{title}**: {link}. Use the menu again to post another section.")


async def test_a_deleted_reply_no_longer_holds_back_the_next_one(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    question = await ask(driver)
    await pick(driver, await answer_menu(driver, question), SQUAT_TRIAL)
    [posted] = replies_to(imitation, question)
    await driver.delete_message(posted.id, by="moderator")

    again = await pick(driver, await answer_menu(driver, question), SQUAT_TRIAL)
    [reposted] = replies_to(imitation, question)
    assert reposted.id != posted.id
    assert again.content == f"Posted **{SQUAT_TRIAL}** as a reply: {_link(imitation, reposted.id)}"


def _link(imitation: Imitation, message_id: int) -> str:
    s = imitation.scenario
    return f"https://discord.com/channels/{s.guild.id}/{s.general.id}/{message_id}"


async def test_outside_the_answer_channels_the_section_is_shown_privately_with_a_pointer(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    training = imitation.scenario.training.id
    await driver.slash("config set", user="moderator", add_answer_channel="training")
    question = await ask(driver)
    menu = await answer_menu(driver, question)
    assert f"posted publicly in <#{training}>, so the section you pick is shown only to you" in menu.content
    shown = await pick(driver, menu, SQUAT_TRIAL)
    assert shown.ephemeral
    assert shown.content == (f"On this server guide answers are posted publicly in <#{training}>, "
                             "so here is a copy only you can see.")
    assert shown.embeds[0]["title"] == SQUAT_TRIAL
    assert shown.components == []
    assert replies_to(imitation, question) == []

    there = await ask(driver, channel="training")
    await pick(driver, await answer_menu(driver, there), SQUAT_TRIAL)
    assert len(replies_to(imitation, there)) == 1


async def test_a_channel_where_the_bot_cannot_post_is_named_with_the_missing_permission(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    question = await ask(driver)
    bot_role = imitation.scenario.bot_role.id
    await driver.set_overwrites("general", perms.Overwrite(bot_role, 0, deny=perms.READ_MESSAGE_HISTORY))
    refused = await answer_menu(driver, question)
    assert refused.ephemeral
    assert refused.content == f"I need the Read Message History permission in <#{question.channel_id}>."
    assert refused.selects() == []

    # Permission lost between the menu and the pick: the pick says so, and nothing is posted.
    await driver.set_overwrites("general")
    menu = await answer_menu(driver, question)
    await driver.set_overwrites("general", perms.Overwrite(bot_role, 0, deny=perms.SEND_MESSAGES))
    said = await pick(driver, menu, SQUAT_TRIAL)
    assert said.ephemeral
    assert "I need the Send Messages and Embed Links permissions in <#" in said.content
    assert replies_to(imitation, question) == []


async def test_a_question_deleted_before_the_pick_and_system_messages_get_clear_answers(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    question = await ask(driver)
    menu = await answer_menu(driver, question)
    await driver.delete_message(question, by="member")
    said = await pick(driver, menu, SQUAT_TRIAL)
    assert said.ephemeral
    assert said.content == TARGET_GONE
    refused = [(r.method, r.status) for r in imitation.core.requests if r.status >= 400]
    assert refused == [("POST", 400)]  # Discord refused the reply to a deleted message, nothing else
    imitation.core.requests.clear()  # (so the autouse check sees no refusal of ours)

    pinned = await ask(driver, "pin me")
    await driver.pin(pinned, by="moderator")
    notice = next(m for m in imitation.world.channel_messages(pinned.channel_id) if m.type == 6)
    answer = await driver.context_menu(ANSWER_MENU, notice.id, user="moderator")
    assert answer.ephemeral
    assert answer.content == SYSTEM_MESSAGE


async def test_only_members_who_can_see_the_message_can_use_the_menu(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    question = await ask(driver, channel="training")
    member = imitation.scenario.member.id
    await driver.set_overwrites("training", perms.Overwrite(member, 1, deny=perms.VIEW_CHANNEL))
    with pytest.raises(InvocationError, match="cannot see #training"):
        await answer_menu(driver, question, user="member")
    dm = await driver.slash("hipthrust quick", channel="dm")  # the guide itself works in DMs
    assert dm.embeds[0]["title"] == "Quick answer"


async def test_a_message_only_its_recipient_sees_offers_no_menu(hipbot: HipThrustBot, driver: Driver) -> None:
    private = await driver.slash("log", weight=100, reps=10, user="member", channel="general")
    assert private.ephemeral
    with pytest.raises(InvocationError, match="moderator cannot see that message"):
        await driver.context_menu(ANSWER_MENU, private, user="moderator")


async def test_a_section_inside_a_recent_hipthrust_post_is_shown_privately(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    every = await driver.slash("hipthrust science", channel="general")  # the squat trial among them
    await post_known(driver, hipbot, every.message_id)
    question = await ask(driver)
    again = await pick(driver, await answer_menu(driver, question), SQUAT_TRIAL)
    assert again.ephemeral
    assert again.content.startswith("This was posted in this channel 1 s ago: ")
    assert f"/{every.message_id} — here is a copy only you can see" in again.content
    assert replies_to(imitation, question) == []


async def test_in_a_thread_the_reply_needs_send_messages_in_threads_and_says_so(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    thread = await driver.start_thread("form check", user="member", channel="general")
    question = await driver.post(QUESTION, user="member", channel=thread)
    menu = await answer_menu(driver, question)
    await pick(driver, menu, SQUAT_TRIAL)
    assert len(replies_to(imitation, question)) == 1

    # A thread takes its parent's overwrites; there, Embed Links goes with Send Messages in Threads
    # (implicitly, as it goes with Send Messages in a channel), however an overwrite allows it.
    bot_role = imitation.scenario.bot_role.id
    await driver.set_overwrites("general", perms.Overwrite(bot_role, 0, allow=perms.EMBED_LINKS,
                                                           deny=perms.SEND_MESSAGES_IN_THREADS))
    refused = await answer_menu(driver, question)
    assert refused.content == f"I need the Send Messages in Threads and Embed Links permissions in <#{thread.id}>."
    assert len(replies_to(imitation, question)) == 1


async def test_in_a_thread_the_reply_needs_no_send_messages(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    thread = await driver.start_thread("form check", user="member", channel="general")
    question = await driver.post(QUESTION, user="member", channel=thread)
    # Send Messages "does not allow sending messages in threads" (Discord's permission docs), so
    # denying it in the thread's channel leaves the bot free to reply in the thread.
    bot_role = imitation.scenario.bot_role.id
    await driver.set_overwrites("general", perms.Overwrite(bot_role, 0, deny=perms.SEND_MESSAGES))
    done = await pick(driver, await answer_menu(driver, question), SQUAT_TRIAL)
    [answer] = replies_to(imitation, question)
    assert answer.embeds[0]["title"] == SQUAT_TRIAL
    assert done.content.startswith(f"Posted **{SQUAT_TRIAL}** as a reply: ")
    in_channel = await ask(driver)  # in #general itself, Send Messages decides
    refused = await answer_menu(driver, in_channel)
    assert refused.content == f"I need the Send Messages and Embed Links permissions in <#{in_channel.channel_id}>."


async def test_in_a_locked_thread_the_member_is_told_it_is_locked(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """A thread closed and locked takes no message but a moderator's (Discord refuses the bot's,
    50083): said up front, or, locked after the menu was offered, when the pick is posted."""
    thread = await driver.start_thread("form check", user="member", channel="general")
    question = await driver.post(QUESTION, user="member", channel=thread)
    locked = f"<#{thread.id}> is a locked thread: only moderators can post there, so nothing was posted."
    menu = await answer_menu(driver, question)  # offered while the thread is open
    await driver.archive_thread(thread, locked=True)
    refused = await pick(driver, menu, SQUAT_TRIAL)
    assert refused.content == locked  # not "something went wrong"
    assert (await answer_menu(driver, question)).content == locked
    assert replies_to(imitation, question) == []
