"""Starting a bot against the imitation fails fast when the bot cannot start."""

from __future__ import annotations

import os

import discord
import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.launch import REPO_ROOT, launch, process_environment
from bot.settings import ENV_NAMES


class BrokenClient(discord.Client):
    async def setup_hook(self) -> None:
        raise ValueError("an extension could not load")


async def test_a_bot_that_cannot_start_fails_launch_at_once(imitation: Imitation,
                                                            driver: Driver) -> None:
    client = BrokenClient(intents=discord.Intents.none())
    with pytest.raises(ValueError, match="could not load"):
        await launch(client, imitation, driver, within=30)
    await client.close()


def test_a_child_bot_inherits_none_of_the_bot_settings(imitation: Imitation, tmp_path, monkeypatch) -> None:
    for name in ENV_NAMES:
        monkeypatch.setenv(name, "from-the-caller")
    monkeypatch.setenv("PYTHONPATH", "/elsewhere")
    monkeypatch.setenv("HOME_OF_SOMETHING_ELSE", "kept")
    env = process_environment(imitation, tmp_path / "b.db", {"SHARD_COUNT": "2"})
    assert {name for name in ENV_NAMES if name in env} == {
        "DISCORD_TOKEN", "DISCORD_API_BASE", "DISCORD_GATEWAY_URL", "DATABASE_URL", "LOG_LEVEL", "SHARD_COUNT",
    }  # fmt: skip
    assert "from-the-caller" not in env.values()
    assert env["DATABASE_URL"] == f"sqlite:///{(tmp_path / 'b.db').resolve()}"
    assert env["DISCORD_API_BASE"] == imitation.api_base
    assert env["SHARD_COUNT"] == "2"
    assert env["HOME_OF_SOMETHING_ELSE"] == "kept"
    assert env["PYTHONPATH"].split(os.pathsep) == [str(REPO_ROOT), "/elsewhere"]
    assert (REPO_ROOT / "bot" / "__main__.py").is_file()
    assert process_environment(imitation, "postgresql://u@h/db")["DATABASE_URL"] == "postgresql://u@h/db"
