"""Guilds placed on a chosen shard, each delivered only to the session of that shard."""

from __future__ import annotations

import asyncio
import contextlib

import discord
import pytest
from discord.ext import commands

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation


class QuickShardedBot(commands.AutoShardedBot):
    async def before_identify_hook(self, shard_id: int | None, *, initial: bool = False) -> None:
        """discord.py waits 5 s between IDENTIFYs; the imitation has no such limit."""


@pytest.mark.parametrize("shard", [0, 1])
def test_a_guild_lands_on_the_shard_asked_for(imitation: Imitation, shard: int) -> None:
    guild, channels = imitation.add_guild("Annex", shard=(shard, 2), channels=("floor", "rack"))
    assert (guild.id >> 22) % 2 == shard
    assert [c.name for c in channels] == ["floor", "rack"]
    assert imitation.scenario.member.id in guild.members
    assert imitation.scenario.bot.id in guild.members


async def test_each_shard_session_gets_only_its_guilds(imitation: Imitation, driver: Driver) -> None:
    home = (imitation.scenario.guild.id >> 22) % 2
    other, _ = imitation.add_guild("Annex", shard=(1 - home, 2))
    bot = QuickShardedBot(command_prefix="!", intents=discord.Intents.default(),
                          shard_count=2, guild_ready_timeout=0.05)
    task = asyncio.create_task(bot.start(imitation.token))
    try:
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        placed = {g.id: g.shard_id for g in bot.guilds}
        assert placed == {imitation.scenario.guild.id: home, other.id: 1 - home}
    finally:
        await bot.close()
        with contextlib.suppress(asyncio.CancelledError):
            await task
