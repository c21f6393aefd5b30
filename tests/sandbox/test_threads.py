"""Public threads in the imitation, as the real client sees them: started (THREAD_CREATE, or in
GUILD_CREATE when the bot connects later) and deleted (THREAD_DELETE); a deleted channel's
threads go with it, of which Discord sends no event (discord.py forgets them itself); posting in a
thread takes Send Messages in Threads, and Send Messages does nothing there."""

from __future__ import annotations

import io
from typing import Any

import discord
import pytest

from bot.sandbox import perms
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import FORUM
from tests.sandbox.conftest import StartBot


async def test_a_thread_is_seen_answered_in_and_deleted(driver: Driver, start_bot: StartBot,
                                                        imitation: Imitation) -> None:
    s = imitation.scenario
    earlier = await driver.start_thread("form check", user="member", channel="general")
    bot, _ = await start_bot()
    guild = bot.get_guild(s.guild.id)
    assert guild is not None
    known = guild.get_thread(earlier.id)  # from GUILD_CREATE
    assert known is not None
    assert (known.name, known.parent_id, known.owner_id) == ("form check", s.general.id, s.member.id)

    deletes: list[discord.RawThreadDeleteEvent] = []

    async def collect(payload: discord.RawThreadDeleteEvent) -> None:
        deletes.append(payload)

    bot.add_listener(collect, "on_raw_thread_delete")
    thread = await driver.start_thread("bar pad", user="moderator", channel="training")
    await driver.wait_until(lambda: guild.get_thread(thread.id) is not None, "THREAD_CREATE")
    reply = await driver.slash("echo", user="member", channel=thread, text="in the thread")
    assert [m.content for m in driver.messages(thread)] == ["in the thread"]
    assert [m.message_id for m in driver.messages("training")] == []
    assert reply.channel_id == thread.id

    await driver.delete_channel(earlier)
    await driver.wait_until(lambda: len(deletes) == 1, "THREAD_DELETE")
    gone = deletes[0]
    assert (gone.thread_id, gone.parent_id, gone.guild_id) == (earlier.id, s.general.id, s.guild.id)
    assert gone.thread_type is discord.ChannelType.public_thread
    assert guild.get_thread(earlier.id) is None
    assert s.general.id in [c.id for c in guild.channels]  # the channel stays

    await driver.delete_channel("training")
    await driver.wait_until(lambda: len(deletes) == 2, "the thread to go with its channel")
    assert deletes[1].thread_id == thread.id
    assert thread.id not in imitation.world.channels
    [session] = imitation.gateway.sessions.values()
    sent: list[dict[str, Any]] = session.sent
    assert [p["d"]["id"] for p in sent if p["t"] == "THREAD_DELETE"] == [str(earlier.id)]
    assert [p["d"]["id"] for p in sent if p["t"] == "CHANNEL_DELETE"] == [str(s.training.id)]


async def test_in_a_thread_send_messages_in_threads_decides_a_post_not_send_messages(
        driver: Driver, start_bot: StartBot, imitation: Imitation) -> None:
    s, world = imitation.scenario, imitation.world
    thread = await driver.start_thread("form check", user="member", channel="general")
    bot, _ = await start_bot()
    in_thread = bot.get_partial_messageable(thread.id, guild_id=s.guild.id)
    # A thread takes its parent's overwrites, all but Send Messages, which counts for nothing there.
    await driver.set_overwrites("general", perms.Overwrite(s.bot_role.id, 0, deny=perms.SEND_MESSAGES))
    file = discord.File(io.BytesIO(b"3x10"), filename="sets.txt")
    posted = await in_thread.send("no Send Messages", embed=discord.Embed(title="Hip thrusts"), file=file)
    assert world.messages[posted.id].embeds[0]["title"] == "Hip thrusts"
    have = world.permissions(s.bot.id, thread.id)  # nor is Embed Links lost with Send Messages there
    assert have & perms.EMBED_LINKS == perms.EMBED_LINKS
    assert have & perms.ATTACH_FILES == perms.ATTACH_FILES
    with pytest.raises(discord.Forbidden) as outside:  # in #general itself, Send Messages decides
        await bot.get_partial_messageable(s.general.id, guild_id=s.guild.id).send("in #general")
    assert outside.value.code == 50013

    await driver.set_overwrites("general", perms.Overwrite(s.bot_role.id, 0, deny=perms.SEND_MESSAGES_IN_THREADS))
    with pytest.raises(discord.Forbidden) as refused:
        await in_thread.send("no Send Messages in Threads")
    assert refused.value.code == 50013
    assert not world.permissions(s.bot.id, thread.id) & perms.EMBED_LINKS  # lost with what lets it post
    assert [m.content for m in driver.messages(thread)] == ["no Send Messages"]


async def test_a_member_posts_in_a_thread_by_send_messages_in_threads(driver: Driver, imitation: Imitation) -> None:
    member = imitation.scenario.member.id
    thread = await driver.start_thread("sets", user="member", channel="general")
    await driver.set_overwrites("general", perms.Overwrite(member, 1, deny=perms.SEND_MESSAGES))
    driver.write("100kg 3x10", user="member", channel=thread)
    await driver.set_overwrites("general", perms.Overwrite(member, 1, deny=perms.SEND_MESSAGES_IN_THREADS))
    with pytest.raises(InvocationError, match="member cannot send messages in #sets"):
        driver.write("110kg 3x10", user="member", channel=thread)
    await driver.post("110kg 3x10", user="member", channel="general")  # the channel itself is Send Messages'
    assert [m.content for m in driver.messages(thread)] == ["100kg 3x10"]


async def test_an_archived_thread_changes_nothing_until_a_message_opens_it(
        driver: Driver, start_bot: StartBot, imitation: Imitation) -> None:
    s, world = imitation.scenario, imitation.world
    thread = await driver.start_thread("form check", user="member", channel="general")
    bot, _ = await start_bot()
    guild = bot.get_guild(s.guild.id)
    assert guild is not None
    in_thread = bot.get_partial_messageable(thread.id, guild_id=s.guild.id)
    posted = await in_thread.send("pinned sets")
    await posted.pin()
    await driver.archive_thread(thread)
    await driver.wait_until(lambda: guild.get_thread(thread.id) is None, "discord.py to let the thread go")
    for change in (posted.edit(content="edited"), posted.unpin(), posted.pin(), posted.delete()):
        with pytest.raises(discord.HTTPException) as refused:
            await change
        assert (refused.value.status, refused.value.code) == (400, 50083)
    assert [m.message_id for m in driver.pins(thread)] == [posted.id]  # reading it still works
    assert [p.id async for p in in_thread.pins()] == [posted.id]
    again, _ = await start_bot()  # an archived thread is no active thread of GUILD_CREATE
    assert again.get_channel(thread.id) is None

    await driver.post("opening it again", user="member", channel=thread)
    await driver.wait_until(lambda: guild.get_thread(thread.id) is not None, "the thread to be open")
    await posted.edit(content="edited")
    assert world.messages[posted.id].content == "edited"


async def test_a_forum_takes_messages_only_in_its_posts(driver: Driver, start_bot: StartBot,
                                                        imitation: Imitation) -> None:
    """A forum's posts are threads; the forum itself takes no message: Discord answers 50008
    ("Cannot send messages in a non-text channel", its JSON error codes)."""
    s = imitation.scenario
    forum = imitation.world.add_channel(s.guild, "questions", kind=FORUM)
    bot, _ = await start_bot()
    guild = bot.get_guild(s.guild.id)
    assert guild is not None
    assert isinstance(guild.get_channel(forum.id), discord.ForumChannel)
    with pytest.raises(discord.HTTPException) as refused:
        await bot.get_partial_messageable(forum.id, guild_id=s.guild.id).send("hello")
    assert (refused.value.status, refused.value.code) == (400, 50008)
    post = await driver.start_thread("how heavy?", user="member", channel=forum)
    await bot.get_partial_messageable(post.id, guild_id=s.guild.id).send("in the post")
    assert [m.content for m in driver.messages(post)] == ["in the post"]
