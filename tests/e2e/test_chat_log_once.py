"""The chat log reads only what is meant for it, and stores a message once (redelivered, edited, restarted)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import running_bot
from tests.e2e.chat_helpers import bot_messages, stored
from tests.e2e.logbook_helpers import count

pytestmark = pytest.mark.e2e


async def test_a_redelivered_message_stores_and_answers_once(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.dm("100kg 3x10 @8")
    said = reply.reference_id or 0
    await driver.redeliver_message(said)
    assert len(driver.deliveries(said)) == 2  # the bot was given the message twice
    assert len(driver.answers_to(said)) == 1
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]


async def test_a_message_redelivered_after_a_restart_stores_once(imitation: Imitation, driver: Driver,
                                                                  tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    async with running_bot(imitation, driver, db):
        reply = await driver.say("100kg 3x10 @8")
        question = await driver.dm("100kg 10x3")
    async with running_bot(imitation, driver, db) as fresh:
        for message in (reply.reference_id or 0, question.reference_id or 0):
            await driver.redeliver_message(message)
            assert len(driver.answers_to(message)) == 1  # nothing said twice
        assert await stored(fresh, driver) == [(100.0, 3, 10)]
        picked = await driver.click(question, "3 sets of 10")  # the pick survived the restart
        assert picked.content.startswith("**Logged** 3 × 10 @ 100 kg")
        undone = await driver.click(reply, "Undo")
        assert undone.content.startswith("Deleted: ")
        assert await stored(fresh, driver) == [(100.0, 3, 10)]


async def test_an_edited_message_does_not_log_again(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.say("100kg 3x10")
    said = reply.reference_id or 0
    await driver.edit_message(said, f"<@{driver.core.bot_user_id}> 120kg 3x10")
    await driver.settle()
    [_, update] = driver.deliveries(said)
    assert update["t"] == "MESSAGE_UPDATE"
    assert update["d"]["content"].endswith("120kg 3x10")  # still a mention: the bot may read it
    assert len(bot_messages(driver)) == 1
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    menu = await driver.context_menu("Log as hip thrust", said)  # nor does the menu on the edited line
    assert menu.content.startswith("This message is already in your log: ")
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]


async def test_a_server_message_without_the_mention_is_not_read(hipbot: HipThrustBot, driver: Driver) -> None:
    plain = driver.write("100kg 3x10 @8", channel="general")
    other = driver.write(f"<@{driver.user('moderator').id}> 100kg 3x10", channel="general")
    role = driver.write(f"<@&{driver.scenario.bot_role.id}> 100kg 3x10", channel="general")
    await driver.settle()
    for message in (plain, other, role):
        [created] = driver.deliveries(message)
        given = created["d"]
        assert (given["content"], given["embeds"], given["attachments"], given["components"]) == ("", [], [], [])
    assert bot_messages(driver) == []
    assert await count(hipbot, "entries", driver.user("member").id) == 0


async def test_the_mention_and_the_dm_are_given_with_their_content(hipbot: HipThrustBot, driver: Driver) -> None:
    mention = await driver.say("100kg 3x10")
    direct = await driver.dm("110kg 3x10")
    for reply in (mention, direct):
        [created] = driver.deliveries(reply.reference_id or 0)
        assert created["d"]["content"].endswith("0kg 3x10")


async def test_bots_and_webhooks_are_not_read(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    world, scenario = imitation.world, imitation.scenario
    robot = world.add_user("other bot", bot=True)
    world.add_member(scenario.guild, robot)
    mention = f"<@{scenario.bot.id}> 100kg 3x10"
    posted = driver.write(mention, user=robot, channel="general")
    hook = world.post(scenario.general.id, robot.id, content=mention, webhook_id=robot.id,
                      mention_ids=[scenario.bot.id])
    await driver.settle()
    for message in (posted, hook):
        [created] = driver.deliveries(message)
        assert created["d"]["content"] == mention  # given (it mentions the bot), and still not read
    assert bot_messages(driver) == []
    assert await count(hipbot, "entries", robot.id) == 0


async def test_a_mention_where_the_bot_cannot_reply_is_not_read(hipbot: HipThrustBot, driver: Driver) -> None:
    bot_role = driver.scenario.bot_role.id
    await driver.set_overwrites("training", perms.Overwrite(bot_role, 0, deny=perms.READ_MESSAGE_HISTORY))
    line = driver.write("100kg 3x10", channel="training", mention_bot=True)
    await driver.settle()
    assert driver.deliveries(line)  # Discord gave it (the bot can see the channel) ...
    assert driver.answers_to(line) == []  # ... but it could not reply, so it did not read it
    assert await stored(hipbot, driver) == []


async def test_in_a_thread_a_mention_is_read_only_where_the_bot_may_send_messages_in_threads(
        hipbot: HipThrustBot, driver: Driver) -> None:
    thread = await driver.start_thread("sets", user="member", channel="general")
    answered = driver.write("100kg 3x10", channel=thread, mention_bot=True)
    assert (await driver.answer_to(answered)).content.startswith("**Logged** 3 × 10 @ 100 kg")
    # A thread takes its parent's overwrites.
    bot_role = driver.scenario.bot_role.id
    await driver.set_overwrites("general", perms.Overwrite(bot_role, 0, deny=perms.SEND_MESSAGES_IN_THREADS))
    unread = driver.write("110kg 3x10", channel=thread, mention_bot=True)
    await driver.settle()
    assert driver.deliveries(unread)  # Discord gave it (Send Messages in #general is allowed) ...
    assert driver.answers_to(unread) == []  # ... but the bot could not reply in the thread, so it did not read it
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]


async def test_in_a_thread_a_mention_is_answered_without_send_messages(hipbot: HipThrustBot, driver: Driver) -> None:
    thread = await driver.start_thread("sets", user="member", channel="general")
    # Send Messages does nothing in a thread, so denying it in the thread's channel changes nothing there.
    bot_role = driver.scenario.bot_role.id
    await driver.set_overwrites("general", perms.Overwrite(bot_role, 0, deny=perms.SEND_MESSAGES))
    answered = driver.write("100kg 3x10", channel=thread, mention_bot=True)
    assert (await driver.answer_to(answered)).content.startswith("**Logged** 3 × 10 @ 100 kg")
    unread = driver.write("110kg 3x10", channel="general", mention_bot=True)  # in #general itself it does
    await driver.settle()
    assert driver.answers_to(unread) == []
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
