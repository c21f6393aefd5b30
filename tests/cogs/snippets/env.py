"""The fake server, bot and cog the `/snippet` cog tests share."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.errors import UserError
from bot.guide.model import Guide
from bot.interactions.tree import answer_error
from bot.settings import Settings
from cogs.snippets.cog import SnippetsCog
from tests.cogs.snippets.fakes import FakeChannel, SnippetInteraction, World
from tests.content import shipped_content

HERE, OTHER = 3000, 3001
WHEN = datetime(2026, 3, 1, 12, tzinfo=UTC)
GUIDE = shipped_content().guide


def edited(guide: Guide, section_id: str) -> Guide:
    """The guide with one section's text changed (a new content version for it)."""
    sections = tuple(
        replace(s, body=s.body + "\n\nOne more sentence.") if s.id == section_id else s for s in guide.sections
    )
    return Guide(guide.title, sections, guide.tagline, guide.intro)


class WorldBot(HipThrustBot):
    """The real bot, never logged in, whose channels are the fake world's."""

    def __init__(self, store: Store, world: World) -> None:
        super().__init__(Settings(), store, clock=lambda: WHEN, extensions=[], sync="never",
                         content=shipped_content())
        self.world = world

    def get_partial_messageable(self, id: int, *, guild_id: int | None = None, type: Any = None) -> Any:
        return self.world.get_partial_messageable(id, guild_id=guild_id)


class Setup:
    def __init__(self, store: Store, world: World) -> None:
        self.store, self.world = store, world
        self.here = world.add(HERE, "general")
        self.other = world.add(OTHER, "training")
        self.bot = WorldBot(store, world)
        self.cog = SnippetsCog(self.bot)

    @property
    def guide(self) -> Guide:
        return self.bot.content.guide

    @guide.setter
    def guide(self, guide: Guide) -> None:
        """Serve an edited guide from now on, as a restart after editing data/guide would."""
        self.bot._content = replace(self.bot.content, guide=guide)

    def interaction(self, **kwargs: Any) -> SnippetInteraction:
        return SnippetInteraction(world=self.world, channel_id=HERE, **kwargs)

    async def pin(self, section: str = "quick-answer", channel: Any = None, **kwargs: Any) -> SnippetInteraction:
        i = self.interaction(**kwargs)
        await self.cog.pin.callback(self.cog, i, section, channel)
        return i

    async def refused(self, i: SnippetInteraction, call: Any) -> str:
        """Run a command expected to fail; return what the funnel tells the moderator."""
        with pytest.raises(UserError) as caught:
            await call
        await answer_error(i, caught.value)  # type: ignore[arg-type]
        assert i.sent[-1].ephemeral
        return i.answer

    async def records(self) -> list[Any]:
        return await self.store.snippets.for_guild(self.world.guild_id)


def option(channel: FakeChannel, perms: discord.Permissions) -> Any:
    """The resolved channel option: Discord sends the invoker's permissions there."""
    return SimpleNamespace(id=channel.id, permissions=perms)
