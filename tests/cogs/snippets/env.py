"""The fake server, bot and cog the `/snippet` cog tests share."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from types import SimpleNamespace
from typing import Any

import discord
import pytest

from bot.db.store import Store
from bot.errors import UserError
from bot.guide.model import Guide, load_guide
from bot.interactions.tree import answer_error
from cogs.guide.cog import SHIPPED_GUIDE
from cogs.snippets.cog import SnippetsCog
from tests.cogs.snippets.fakes import FakeChannel, SnippetInteraction, World

HERE, OTHER = 3000, 3001
GUIDE = load_guide(SHIPPED_GUIDE)


def edited(guide: Guide, section_id: str) -> Guide:
    """The guide with one section's text changed (a new content version for it)."""
    sections = tuple(
        replace(s, body=s.body + "\n\nOne more sentence.") if s.id == section_id else s for s in guide.sections
    )
    return Guide(guide.title, sections, guide.tagline, guide.intro)


class Setup:
    def __init__(self, store: Store, world: World) -> None:
        self.store, self.world, self.guide = store, world, GUIDE
        self.here = world.add(HERE, "general")
        self.other = world.add(OTHER, "training")
        bot = SimpleNamespace(
            store=store,
            clock=lambda: datetime(2026, 3, 1, 12, tzinfo=UTC),
            get_partial_messageable=world.get_partial_messageable,
        )
        self.cog = SnippetsCog(bot, guide=lambda: self.guide)  # type: ignore[arg-type]

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
