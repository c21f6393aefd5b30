"""Public threads in the imitation, as the real client sees them: started (THREAD_CREATE, or in
GUILD_CREATE when the bot connects later) and deleted (THREAD_DELETE); a deleted channel's
threads go with it, of which Discord sends no event (discord.py forgets them itself)."""

from __future__ import annotations

from typing import Any

import discord

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
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
