"""`/hipthrust`: the hip thrust guide as slash commands.

Thin: it reads options, picks sections and sends what cogs.guide.render made. The same
section posted publicly in the same channel within a minute is answered privately instead.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.errors import NotFoundError
from bot.guide.model import (
    EXAMPLE_CASES,
    MISTAKES_SECTION,
    PROGRAM_SECTIONS,
    QUICK_SECTION,
    SCIENCE_TOPICS,
    Guide,
)
from bot.guide.recent_posts import EarlierPost, RecentPosts
from bot.guide.search import resolve_section
from bot.interactions import replies
from bot.logbook.entries import check_choice
from cogs.guide.render import render_sections
from cogs.guide.sections import section_choices, unknown_section_message

log = logging.getLogger(__name__)

PRIVATE_HELP = "Only you see the answer (default: posted in the channel)"


def repeat_note(earlier: EarlierPost, seconds_ago: float) -> str:
    """The private answer's note when the same thing was just posted in this channel."""
    if earlier.jump_url is None:
        return "This is being posted in this channel right now, so here is a copy only you can see."
    return (
        f"This was posted in this channel {max(1, round(seconds_ago))} s ago: {earlier.jump_url} "
        "— here is a copy only you can see."
    )


class GuideCog(commands.Cog, name="Guide"):
    """The guide's sections, quick answers, examples and science notes."""

    hipthrust = app_commands.Group(
        name="hipthrust",
        description="The hip thrust guide: when it fits, how to program it, what the evidence says",
        allowed_contexts=app_commands.AppCommandContext(guild=True, dm_channel=True, private_channel=True),
        allowed_installs=app_commands.AppInstallationType(guild=True, user=False),
    )

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.recent = RecentPosts(bot.clock)

    @property
    def guide(self) -> Guide:
        """The guide the bot read at start-up."""
        return self.bot.content.guide

    @hipthrust.command(name="quick", description="The quick answer: when hip thrusts are the right glute tool")
    @app_commands.describe(private=PRIVATE_HELP)
    async def quick(self, interaction: discord.Interaction, private: bool = False) -> None:
        await self.post(interaction, [QUICK_SECTION], private=private)

    @hipthrust.command(name="mistakes", description="Common hip thrust mistakes, drawn from the guide's other sections")
    @app_commands.describe(private=PRIVATE_HELP)
    async def mistakes(self, interaction: discord.Interaction, private: bool = False) -> None:
        await self.post(interaction, [MISTAKES_SECTION], private=private)

    @hipthrust.command(name="examples", description="The guide's worked examples (all three, or one)")
    @app_commands.describe(case="Which example (default: all three)", private=PRIVATE_HELP)
    @app_commands.choices(case=[app_commands.Choice(name=c, value=c) for c in EXAMPLE_CASES])
    async def examples(self, interaction: discord.Interaction, case: str | None = None, private: bool = False) -> None:
        ids = list(EXAMPLE_CASES.values()) if case is None else [_pick("case", case, EXAMPLE_CASES)]
        await self.post(interaction, ids, private=private)

    @hipthrust.command(
        name="program", description="How to program and progress hip thrusts, and what to pair them with"
    )
    @app_commands.describe(private=PRIVATE_HELP)
    async def program(self, interaction: discord.Interaction, private: bool = False) -> None:
        await self.post(interaction, list(PROGRAM_SECTIONS), private=private)

    @hipthrust.command(name="science", description="The science notes and limitations, each with its caveat")
    @app_commands.describe(topic="Which note (default: all of them)", private=PRIVATE_HELP)
    @app_commands.choices(topic=[app_commands.Choice(name=t, value=t) for t in SCIENCE_TOPICS])
    async def science(self, interaction: discord.Interaction, topic: str | None = None, private: bool = False) -> None:
        ids = list(SCIENCE_TOPICS.values()) if topic is None else [_pick("topic", topic, SCIENCE_TOPICS)]
        await self.post(interaction, ids, private=private)

    # One command and one option, read as a phrase: `/hipthrust guide section:<title>`, as tag bots do.
    @hipthrust.command(name="guide", description="Any section of the guide, by title")
    @app_commands.describe(section="Start typing a section title", private=PRIVATE_HELP)
    async def section(self, interaction: discord.Interaction, section: str, private: bool = False) -> None:
        found = resolve_section(self.guide, section)
        if found is None:
            raise NotFoundError(unknown_section_message(self.guide, section))
        await self.post(interaction, [found.id], private=private)

    @section.autocomplete("section")
    async def section_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return section_choices(self.guide, current)

    async def post(self, interaction: discord.Interaction, section_ids: Sequence[str], *, private: bool) -> None:
        """Send these sections; publicly unless private or just posted in this channel."""
        guide = self.guide
        messages = render_sections([guide.get(i) for i in section_ids], guide_title=guide.title)
        channel_id = interaction.channel_id
        if private or channel_id is None:
            await self._send(interaction, messages, ephemeral=True)
            return
        key = ("guide", *section_ids)
        earlier = self.recent.claim(channel_id, key)
        if earlier is not None:
            age = (self.bot.clock() - earlier.posted_at).total_seconds()
            await self._send(interaction, messages, ephemeral=True, note=repeat_note(earlier, age))
            return
        try:
            jump_url = await self._send(interaction, messages, ephemeral=False)
        except BaseException:
            self.recent.release(channel_id, key)
            raise
        self.recent.record(channel_id, key, jump_url)

    async def _send(
        self,
        interaction: discord.Interaction,
        messages: list[list[discord.Embed]],
        *,
        ephemeral: bool,
        note: str | None = None,
    ) -> str:
        """Send every message (the first as the response); return a link to the first."""
        first, *rest = messages
        callback = await interaction.response.send_message(
            content=note, embeds=first, ephemeral=ephemeral, allowed_mentions=replies.NO_PINGS
        )
        for embeds in rest:
            await interaction.followup.send(embeds=embeds, ephemeral=ephemeral, allowed_mentions=replies.NO_PINGS)
        return await _jump_url(interaction, getattr(callback, "message_id", None))


def _pick(field: str, value: object, choices: Mapping[str, str]) -> str:
    """A choice option's section id; payloads can carry values Discord's client would not send."""
    return choices[check_choice(field, value, tuple(choices))]


async def _jump_url(interaction: discord.Interaction, message_id: int | None) -> str:
    where = f"https://discord.com/channels/{interaction.guild_id or '@me'}/{interaction.channel_id}"
    if message_id is not None:
        return f"{where}/{message_id}"
    try:  # the callback response normally names the message; ask only when it did not
        return (await interaction.original_response()).jump_url
    except discord.HTTPException:
        return where  # a link to the channel still beats none


async def setup(bot: HipThrustBot) -> None:
    await bot.add_cog(GuideCog(bot))
