"""`/snippet list` pages: the server's snippets with their status, ten a page."""

from __future__ import annotations

import re
from typing import Any

import discord

from bot.client import HipThrustBot
from bot.guide.model import Guide
from bot.interactions import replies
from bot.interactions.buttons import view_of
from bot.interactions.paging import PagingButton
from bot.snippets.model import Snippet, status_of
from bot.snippets.text import PAGE_SIZE, hidden_count, list_line, list_pages, list_summary, unchecked_hidden
from cogs.guide.render import GUIDE_COLOUR
from cogs.snippets.channels import current_versions, hidden_from_member


def seen_by_member(interaction: discord.Interaction, snippets: list[Snippet]) -> tuple[list[Snippet], int]:
    """The snippets the invoker may see listed, and how many were left out: those in channels they
    cannot view (as /snippet unpin offers none of them)."""
    seen = [s for s in snippets if not hidden_from_member(interaction, s.channel_id)]
    return seen, len(snippets) - len(seen)


def unchecked_notes(interaction: discord.Interaction, unchecked: dict[int, str]) -> list[str]:
    """The notes on channels whose pins could not be checked (`Reconciled.unchecked`), as the invoker
    may read them: those in channels they cannot view counted on the first line, never named (as
    `seen_by_member` leaves their snippets out), then the others, each naming its channel."""
    seen = [note for channel_id, note in unchecked.items() if not hidden_from_member(interaction, channel_id)]
    hidden = len(unchecked) - len(seen)
    return [unchecked_hidden(hidden), *seen] if hidden else seen


def list_page(snippets: list[Snippet], guide: Guide, page: int, hidden: int = 0) -> tuple[discord.Embed, int, int]:
    """One page of the list as an embed, the page shown (clamped) and how many pages there are;
    `hidden` (left out by `seen_by_member`) is counted in the footer."""
    versions = current_versions(guide)
    statuses = [status_of(s, versions) for s in snippets]
    lines = [list_line(s, status, guide.title_of(s.section_id)) for s, status in zip(snippets, statuses, strict=True)]
    pages = list_pages(lines, PAGE_SIZE)
    page = min(max(page, 0), len(pages) - 1)
    embed = discord.Embed(title="Guide snippets in this server", description=pages[page], colour=GUIDE_COLOUR)
    summary = " · ".join(part for part in (list_summary(statuses), hidden and hidden_count(hidden)) if part)
    embed.set_footer(text=f"Page {page + 1} of {len(pages)} · {summary}" if len(pages) > 1 else summary)
    return embed, page, len(pages)


def page_view(page: int, pages: int, expires: str) -> discord.ui.View | None:
    """Previous/Next buttons, or None when everything fits one page."""
    if pages <= 1:
        return None
    return view_of(
        ListPageButton(max(page - 1, 0), "p", expires, disabled=page == 0),
        ListPageButton(page + 1, "n", expires, disabled=page + 1 >= pages),
    )


class ListPageButton(PagingButton, prefix="sn:pg", variant=False):
    """Previous/Next of /snippet list: its place is the number of the page to show."""

    def __init__(self, page: int, direction: str, expires: str, *, disabled: bool = False) -> None:
        super().__init__("", page, direction, expires, disabled=disabled)

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> ListPageButton:
        return cls(int(match["place"]), match["dir"], match["exp"])

    async def turn(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        assert interaction.guild_id is not None
        # Pages after the first show the records as stored; the command itself reconciles.
        snippets, hidden = seen_by_member(interaction, await bot.store.snippets.for_guild(interaction.guild_id))
        embed, page, pages = list_page(snippets, bot.content.guide, self.place, hidden)
        await interaction.response.edit_message(
            embed=embed, view=page_view(page, pages, self.expires), allowed_mentions=replies.NO_PINGS
        )
