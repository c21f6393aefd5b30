"""A server command under way when the bot is removed from the server stores nothing for it:
removing the bot deletes the server's rows, and a /config set that saved after that kept
settings of a server the bot had left."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.config.model import GuildConfig
from bot.db.servers import LEFT
from bot.sandbox.driver import Driver
from bot.sandbox.guild_removal import remove_bot
from bot.sandbox.imitation import Imitation
from tests.e2e.snippet_helpers import eventually

pytestmark = pytest.mark.e2e


async def test_a_config_set_that_saves_after_the_bot_was_removed_stores_nothing(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    guild, store = imitation.scenario.guild, hipbot.store
    await driver.slash("config set", user="moderator", ping_authors=True)
    read = store.guild_config.get

    async def forgotten() -> bool:
        return await store.db.fetchval("SELECT COUNT(*) FROM guild_config") == 0

    async def read_as_the_bot_is_removed(guild_id: int) -> GuildConfig:
        config = await read(guild_id)
        remove_bot(imitation, guild)  # the settings were read; the change is saved after the server is forgotten
        await eventually(driver, forgotten, "the server's settings to be deleted")
        return config

    monkeypatch.setattr(store.guild_config, "get", read_as_the_bot_is_removed)
    answer = await driver.slash("config set", user="moderator", public_answers=False)
    monkeypatch.undo()
    await driver.settle()
    assert answer.ephemeral
    assert answer.content == LEFT
    assert await store.db.fetchval("SELECT COUNT(*) FROM guild_config") == 0
    assert await store.db.fetchval("SELECT COUNT(*) FROM guild_answer_channels") == 0
