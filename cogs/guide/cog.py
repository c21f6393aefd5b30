"""`/hipthrust`: the hip thrust guide as slash commands.

Thin: it reads options, picks sections and sends what cogs.guide.render made. Sections that one
public post in the same channel already held within a minute are answered privately instead
(unless that post was deleted meanwhile), and
so is a public answer where the server's settings do not allow one (with a pointer to where
they do). The "Answer with the guide" context menu lives here too (`cogs.guide.answer`).
"""

from __future__ import annotations

import logging
from collections.abc import Mapping, Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.config.text import pointer_note
from bot.errors import NotFoundError
from bot.guide.model import (
    EXAMPLE_CASES,
    MISTAKES_SECTION,
    PROGRAM_SECTIONS,
    QUICK_SECTION,
    SCIENCE_TOPICS,
    Guide,
)
from bot.guide.search import resolve_section
from bot.interactions.contexts import EVERYWHERE, SERVERS_ONLY, allowed
from bot.interactions.expirer import Expirer
from bot.logbook.checks import check_choice
from cogs.guide.answer import ANSWER_MENU, COG_NAME, AnsweredMenus, AnswerSelect, offer_sections
from cogs.guide.posting import answer_visibility, guide_post_key, repeat_note, send_sections
from cogs.guide.render import render_sections
from cogs.guide.sections import section_choices, unknown_section_message

log = logging.getLogger(__name__)

PRIVATE_HELP = "Only you see the answer (default: the server's setting, normally posted in the channel)"


class GuideCog(commands.Cog, name=COG_NAME):
    """The guide's sections, quick answers, examples and science notes."""

    hipthrust = app_commands.Group(
        name="hipthrust",
        description="The hip thrust guide: when it fits, how to program it, what the evidence says",
        **allowed(EVERYWHERE),
    )

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.expirer = Expirer()
        self.answered_menus = AnsweredMenus()  # "Answer with the guide" menus whose pick was posted
        # discord.py's decorator cannot make a context menu inside a cog: build it on the instance.
        self.answer_menu = app_commands.ContextMenu(
            name=ANSWER_MENU,
            callback=self.answer_with_guide,
            **allowed(SERVERS_ONLY),
        )

    async def cog_load(self) -> None:
        self.bot.tree.add_command(self.answer_menu)

    async def cog_unload(self) -> None:
        self.bot.tree.remove_command(self.answer_menu.name, type=self.answer_menu.type)
        self.expirer.cancel_all()

    async def answer_with_guide(self, interaction: discord.Interaction, message: discord.Message) -> None:
        """The "Answer with the guide" context menu (see `cogs.guide.answer`)."""
        await offer_sections(self.bot, self.expirer, interaction, message)

    @property
    def guide(self) -> Guide:
        """The guide the bot read at start-up."""
        return self.bot.content.guide

    @hipthrust.command(name="quick", description="The quick answer: when hip thrusts are the right glute tool")
    @app_commands.describe(private=PRIVATE_HELP)
    async def quick(self, interaction: discord.Interaction, private: bool | None = None) -> None:
        await self.post(interaction, [QUICK_SECTION], private=private)

    @hipthrust.command(name="mistakes", description="Common hip thrust mistakes, drawn from the guide's other sections")
    @app_commands.describe(private=PRIVATE_HELP)
    async def mistakes(self, interaction: discord.Interaction, private: bool | None = None) -> None:
        await self.post(interaction, [MISTAKES_SECTION], private=private)

    @hipthrust.command(name="examples", description="The guide's worked examples (all three, or one)")
    @app_commands.describe(case="Which example (default: all three)", private=PRIVATE_HELP)
    @app_commands.choices(case=[app_commands.Choice(name=c, value=c) for c in EXAMPLE_CASES])
    async def examples(
        self, interaction: discord.Interaction, case: str | None = None, private: bool | None = None
    ) -> None:
        ids = list(EXAMPLE_CASES.values()) if case is None else [_pick("case", case, EXAMPLE_CASES)]
        await self.post(interaction, ids, private=private)

    @hipthrust.command(
        name="program", description="How to program and progress hip thrusts, and what to pair them with"
    )
    @app_commands.describe(private=PRIVATE_HELP)
    async def program(self, interaction: discord.Interaction, private: bool | None = None) -> None:
        await self.post(interaction, list(PROGRAM_SECTIONS), private=private)

    @hipthrust.command(name="science", description="The science notes and limitations, each with its caveat")
    @app_commands.describe(topic="Which note (default: all of them)", private=PRIVATE_HELP)
    @app_commands.choices(topic=[app_commands.Choice(name=t, value=t) for t in SCIENCE_TOPICS])
    async def science(
        self, interaction: discord.Interaction, topic: str | None = None, private: bool | None = None
    ) -> None:
        ids = list(SCIENCE_TOPICS.values()) if topic is None else [_pick("topic", topic, SCIENCE_TOPICS)]
        await self.post(interaction, ids, private=private)

    # One command and one option, read as a phrase: `/hipthrust guide section:<title>`, as tag bots do.
    @hipthrust.command(name="guide", description="Any section of the guide, by title")
    @app_commands.describe(section="Start typing a section title", private=PRIVATE_HELP)
    async def section(self, interaction: discord.Interaction, section: str, private: bool | None = None) -> None:
        found = resolve_section(self.guide, section)
        if found is None:
            raise NotFoundError(unknown_section_message(self.guide, section))
        await self.post(interaction, [found.id], private=private)

    @section.autocomplete("section")
    async def section_autocomplete(
        self, interaction: discord.Interaction, current: str
    ) -> list[app_commands.Choice[str]]:
        return section_choices(self.guide, current)

    async def post(
        self, interaction: discord.Interaction, section_ids: Sequence[str], *, private: bool | None
    ) -> None:
        """Send these sections: publicly unless private (by choice or the server's settings) or
        just posted in this server channel (a DM with the bot has no audience to spare a repeat)."""
        guide = self.guide
        messages = render_sections([guide.get(i) for i in section_ids], guide_title=guide.title)
        visibility = await answer_visibility(self.bot, interaction, private)
        channel_id = interaction.channel_id
        if not visibility.public or channel_id is None:
            note = pointer_note(visibility.instead_in) if visibility.restricted else None
            await send_sections(interaction, messages, ephemeral=True, note=note)
            return
        if interaction.guild_id is None:
            await send_sections(interaction, messages, ephemeral=False)
            return
        key, parts = guide_post_key(section_ids)
        recent = self.bot.recent_posts
        earlier = recent.claim(channel_id, key, parts)
        if earlier is not None:
            age = (self.bot.clock() - earlier.posted_at).total_seconds()
            await send_sections(interaction, messages, ephemeral=True, note=repeat_note(earlier, age))
            return
        with recent.sending(channel_id, key):
            posted = await send_sections(interaction, messages, ephemeral=False)
        recent.record(channel_id, key, posted.jump_url, message_id=posted.message_id)


def _pick(field: str, value: object, choices: Mapping[str, str]) -> str:
    """A choice option's section id; payloads can carry values Discord's client would not send."""
    return choices[check_choice(field, value, tuple(choices))]


async def setup(bot: HipThrustBot) -> None:
    bot.add_dynamic_items(AnswerSelect)
    await bot.add_cog(GuideCog(bot))
