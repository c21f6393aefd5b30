"""The imitation gives a bot message content only where Discord does without the privileged intent.

Discord's rule (gateway docs, "Message Content Intent"): without the intent, `content`,
`embeds`, `attachments` and `components` are empty, except in the app's own messages, DMs with
it, messages that mention it (a reply that pings it included) and the target of a message
context-menu command. The same holds for REST reads, which go by the app's portal switch.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable, Callable

import discord
import pytest
from discord import app_commands

from bot.sandbox import perms
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation

Start = Callable[..., Awaitable[tuple[discord.Client, list[discord.Message]]]]


@pytest.fixture
async def start(imitation: Imitation, driver: Driver) -> AsyncIterator[Start]:
    """A bare client with guild and DM messages (and message content if asked), and the messages it got."""
    running: list[tuple[discord.Client, asyncio.Task[None]]] = []

    async def begin(*, content: bool = False) -> tuple[discord.Client, list[discord.Message]]:
        intents = discord.Intents.none()
        intents.guilds = intents.guild_messages = intents.dm_messages = True
        intents.message_content = content
        client = discord.Client(intents=intents, guild_ready_timeout=0.05)
        tree = app_commands.CommandTree(client)
        got: list[discord.Message] = []

        @tree.context_menu(name="Read it")
        async def read_it(interaction: discord.Interaction, message: discord.Message) -> None:
            await interaction.response.send_message(f"read: {message.content}", ephemeral=True)

        async def on_message(message: discord.Message) -> None:
            got.append(message)

        client.event(on_message)
        client.setup_hook = tree.sync  # type: ignore[assignment,method-assign]
        task = asyncio.create_task(client.start(imitation.token))
        running.append((client, task))
        await asyncio.wait_for(client.wait_until_ready(), 10)
        await driver.wait_ready()
        return client, got

    yield begin
    for client, task in running:
        await client.close()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_content_only_in_dms_mentions_and_own_messages(start: Start, driver: Driver,
                                                             imitation: Imitation) -> None:
    client, got = await start()
    bot_id = imitation.scenario.bot.id
    plain = driver.write("100kg 3x10 plain", channel="general")
    driver.write(f"<@{bot_id}> 100kg 3x10 mentioned", channel="general")
    driver.write(f"<@!{bot_id}> nickname mention", channel="general")
    driver.write(f"<@&{imitation.scenario.bot_role.id}> role mention", channel="general")
    driver.write("@everyone everyone", channel="general")
    driver.write(f"<@{driver.user('moderator').id}> someone else", channel="general")
    driver.write("in a dm", channel="dm")
    own = await client.get_partial_messageable(imitation.scenario.general.id).send("mine")
    driver.write("pinged reply", channel="general", reply_to=own.id)
    driver.write("quiet reply", channel="general", reply_to=own.id, ping=False)
    driver.write("a reply to a member", channel="general", reply_to=plain)
    seen = [m.content for m in await _wait_all(driver, got, 11)]
    assert seen == ["", f"<@{bot_id}> 100kg 3x10 mentioned", f"<@!{bot_id}> nickname mention", "", "", "",
                    "in a dm", "mine", "pinged reply", "", ""]
    by_text = {m.content: m for m in got}
    assert isinstance(by_text["in a dm"].channel, discord.DMChannel)
    assert [u.id for u in by_text[f"<@{bot_id}> 100kg 3x10 mentioned"].mentions] == [bot_id]
    assert [u.id for u in by_text["pinged reply"].mentions] == [bot_id]


async def _wait_all(driver: Driver, got: list[discord.Message], count: int) -> list[discord.Message]:
    await driver.wait_until(lambda: len(got) >= count, f"{count} messages")
    await driver.settle(quiet=0.1)
    return sorted(got, key=lambda m: m.id)


async def test_with_the_intent_every_message_has_its_content(start: Start, driver: Driver) -> None:
    _, got = await start(content=True)
    driver.write("100kg 3x10 plain", channel="general")
    [message] = await _wait_all(driver, got, 1)
    assert message.content == "100kg 3x10 plain"


async def test_edits_follow_the_same_rule(start: Start, driver: Driver, imitation: Imitation) -> None:
    client, _ = await start()
    edits: list[discord.RawMessageUpdateEvent] = []

    async def on_raw_message_edit(payload: discord.RawMessageUpdateEvent) -> None:
        edits.append(payload)

    client.event(on_raw_message_edit)
    line = driver.write("100kg 3x10", channel="general")
    await driver.edit_message(line, "120kg 3x10")
    await driver.edit_message(line, f"<@{imitation.scenario.bot.id}> 120kg 3x10")
    await driver.wait_until(lambda: len(edits) == 2, "two edits")
    assert [e.data["content"] for e in edits] == ["", f"<@{imitation.scenario.bot.id}> 120kg 3x10"]


async def test_rest_reads_follow_the_app_switch(start: Start, driver: Driver, imitation: Imitation) -> None:
    client, _ = await start()
    line = driver.write("100kg 3x10", channel="general")
    channel = client.get_partial_messageable(imitation.scenario.general.id)
    assert (await channel.fetch_message(line.id)).content == ""
    assert [m.content async for m in channel.history(limit=5)] == [""]
    own = await channel.send("mine")
    assert (await channel.fetch_message(own.id)).content == "mine"
    imitation.core.message_content_intent = True
    assert (await channel.fetch_message(line.id)).content == "100kg 3x10"


async def test_a_context_menu_carries_its_target_with_content(start: Start, driver: Driver) -> None:
    await start()
    line = driver.write("100kg 3x10 not for the bot", channel="general")
    answer = await driver.context_menu("Read it", line)
    assert answer.content == "read: 100kg 3x10 not for the bot"
    with pytest.raises(InvocationError):
        await driver.context_menu("No such menu", line)
    dm = driver.write("mine", user="member", channel="dm")
    with pytest.raises(InvocationError, match="cannot see"):
        await driver.context_menu("Read it", dm, user="moderator")  # someone else's DM


async def test_a_reply_needs_the_message_and_read_history(start: Start, driver: Driver,
                                                          imitation: Imitation) -> None:
    client, _ = await start()
    general = client.get_partial_messageable(imitation.scenario.general.id)
    line = driver.write("100kg 3x10", channel="general")
    reply = await general.send("quiet", reference=general.get_partial_message(line.id), mention_author=False,
                               allowed_mentions=discord.AllowedMentions.none())
    stored = imitation.world.messages[reply.id]
    assert (stored.reference_id, stored.type, stored.mention_ids) == (line.id, 19, [])
    loud = await general.send("loud", reference=general.get_partial_message(line.id))
    assert imitation.world.messages[loud.id].mention_ids == [driver.user("member").id]
    with pytest.raises(discord.HTTPException) as unknown:
        await general.send("x", reference=general.get_partial_message(12345))
    assert unknown.value.status == 400
    await driver.set_overwrites("general", perms.Overwrite(imitation.scenario.bot_role.id, 0,
                                                           deny=perms.READ_MESSAGE_HISTORY))
    with pytest.raises(discord.Forbidden) as blind:
        await general.send("x", reference=general.get_partial_message(line.id))
    assert blind.value.code == 160002
