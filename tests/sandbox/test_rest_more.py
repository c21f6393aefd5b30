"""More of what discord.py uses: DMs, message CRUD and limits, permissions, guild sync, shards."""

from __future__ import annotations

import asyncio
import contextlib

import discord
import pytest
from discord.ext import commands

from bot.sandbox import perms
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from tests.sandbox.conftest import StartBot


async def test_dm_from_the_bot(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    reply = await driver.slash("dmme", user="member")
    assert reply.content == "sent"
    dm = driver.channel("dm", driver.user("member"))
    assert [m.content for m in driver.messages(dm)] == ["hello in private"]


async def test_channel_message_crud_and_content_limit(driver: Driver, start_bot: StartBot) -> None:
    await start_bot()
    reply = await driver.slash("crud")
    assert reply.content == "too long: 400 50035"
    assert [m.content for m in driver.messages("general")] == ["final", "too long: 400 50035"]


async def test_permissions_from_roles_and_overwrites(driver: Driver, start_bot: StartBot,
                                                     imitation: Imitation) -> None:
    await start_bot()
    scenario = imitation.scenario
    scenario.training.overwrites.append(
        perms.Overwrite(scenario.moderator_role.id, 0, deny=perms.PIN_MESSAGES))
    reply = await driver.slash("where", {"channel": "training"}, user="moderator")
    assert reply.content == "you here True, you there False, bot True, limit 10485760"
    with pytest.raises(InvocationError, match="cannot see /where"):
        await driver.slash("where", {"channel": "training"}, user="member")


async def test_guild_sync_and_guild_command(driver: Driver, start_bot: StartBot,
                                            imitation: Imitation) -> None:
    bot, _ = await start_bot(sync=False)
    guild = discord.Object(imitation.scenario.guild.id)
    bot.tree.copy_global_to(guild=guild)
    await bot.tree.sync(guild=guild)
    assert imitation.core.commands.get(None) is None
    fetched = await bot.tree.fetch_commands(guild=guild)
    assert "echo" in {c.name for c in fetched}
    reply = await driver.slash("echo", text="guild only")
    assert reply.content == "guild only"
    with pytest.raises(InvocationError):
        await driver.slash("echo", text="in a dm", channel="dm")


class QuickShardedBot(commands.AutoShardedBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s between IDENTIFYs; the imitation has no such limit."""


async def test_two_shards_share_the_guilds(imitation: Imitation, driver: Driver) -> None:
    bot = QuickShardedBot(command_prefix="!", intents=discord.Intents.default(),
                                  shard_count=2, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(imitation.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        shards = sorted(s.shard for s in imitation.gateway.sessions.values())
        assert shards == [(0, 2), (1, 2)]
        guild = bot.get_guild(imitation.scenario.guild.id)
        assert guild is not None
        assert guild.shard_id == (guild.id >> 22) % 2
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await task


async def test_gateway_bot_reports_shards(imitation: Imitation) -> None:
    http = discord.http.HTTPClient(asyncio.get_running_loop())
    await http.static_login(imitation.token)
    try:
        shards, url, limit = await http.get_bot_gateway()
    finally:
        await http.close()
    assert (shards, url) == (1, imitation.gateway_url)
    assert limit["max_concurrency"] == 1
