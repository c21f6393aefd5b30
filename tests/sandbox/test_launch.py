"""Starting a bot against the imitation fails fast when the bot cannot start."""

from __future__ import annotations

import discord
import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import launch


class BrokenClient(discord.Client):
    async def setup_hook(self) -> None:
        raise ValueError("an extension could not load")


async def test_a_bot_that_cannot_start_fails_launch_at_once(imitation: Imitation,
                                                            driver: Driver) -> None:
    client = BrokenClient(intents=discord.Intents.none())
    with pytest.raises(ValueError, match="could not load"):
        await launch(client, imitation, driver, within=30)
    await client.close()
