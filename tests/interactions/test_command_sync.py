from datetime import UTC, datetime

import discord
import pytest
from discord import app_commands

from bot.db.store import Store
from bot.interactions.command_sync import sync_commands


class RecordingTree(app_commands.CommandTree):
    """A real command tree whose sync records the call instead of calling Discord."""

    def __init__(self, client):
        super().__init__(client)
        self.synced: list[int | None] = []

    async def sync(self, *, guild=None):
        self.synced.append(None if guild is None else guild.id)
        return self.get_commands(guild=guild)


def make_tree(description="Check the bot"):
    tree = RecordingTree(discord.Client(intents=discord.Intents.none()))

    @tree.command(name="ping", description=description)
    async def ping(interaction: discord.Interaction) -> None:  # pragma: no cover - never invoked
        pass

    return tree


@pytest.fixture
async def store(tmp_path):
    store = await Store.open(tmp_path / "sync.db")
    yield store
    await store.close()


def now():
    return datetime(2026, 1, 1, tzinfo=UTC)


async def run(tree, store, *, base="http://a/api/v10", app=1, guild=None, force=False):
    return await sync_commands(
        tree, store.sync_state, api_base=base, application_id=app, guild_id=guild, now=now, force=force
    )


async def test_same_schema_same_place_skips(store):
    assert await run(make_tree(), store) is True
    tree = make_tree()
    assert await run(tree, store) is False
    assert tree.synced == []


@pytest.mark.parametrize("place", [{"base": "http://sandbox/api/v10"}, {"app": 2}, {"guild": 77}])
async def test_other_place_syncs(store, place):
    await run(make_tree(), store)
    tree = make_tree()
    assert await run(tree, store, **place) is True
    assert tree.synced == [place.get("guild")]


async def test_changed_schema_syncs(store):
    await run(make_tree(), store)
    tree = make_tree(description="Something else")
    assert await run(tree, store) is True


async def test_force_syncs(store):
    await run(make_tree(), store)
    tree = make_tree()
    assert await run(tree, store, force=True) is True
    assert tree.synced == [None]
