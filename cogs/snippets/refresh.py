"""`/snippet refresh`: edit every stale snippet of a server to the current guide text; and, after
`/forgetme`, the footers that name whoever pinned them."""

from __future__ import annotations

import logging
from dataclasses import dataclass

import discord

from bot.client import HipThrustBot
from bot.errors import MissingPermissionError, UserError
from bot.guide.model import Guide
from bot.interactions.rate_limits import UNSERVED
from bot.snippets.model import Snippet, State, missing_permissions, plan_refresh
from bot.snippets.text import FORGOTTEN_PINNER, NO_SNIPPETS, footer_without_pinner, pinner_in_footer, refresh_report
from cogs.snippets.channels import (
    bot_permissions,
    current_versions,
    explain,
    is_gone,
    is_known_channel,
    snippet_embeds,
)
from cogs.snippets.reconcile import reconcile_guild
from cogs.snippets.views import unchecked_notes

log = logging.getLogger(__name__)

# Editing its own message takes no more than seeing the channel and showing embeds there.
EDIT_NEEDS = ("view_channel", "embed_links")


@dataclass(frozen=True)
class Refreshed:
    """What `/snippet refresh` did: the report for the moderator, and the events for the log."""

    report: str
    edited: list[Snippet]
    found_unpinned: list[Snippet]
    adopted: list[Snippet]


async def refresh_guild(bot: HipThrustBot, interaction: discord.Interaction, guide: Guide) -> Refreshed:
    """Reconcile, then edit each stale pinned snippet."""
    versions = current_versions(guide)
    checked = await reconcile_guild(bot, interaction)
    if not checked.snippets:  # "Refreshed 0 stale snippets · 0 already current" would say nothing
        return Refreshed(NO_SNIPPETS, [], [], [])
    edited: list[Snippet] = []
    plan = plan_refresh(checked.snippets, versions)
    refreshed = newly_gone = 0
    notes = unchecked_notes(interaction, checked.unchecked)
    for snippet in plan.stale:
        where = f"<#{snippet.channel_id}>"
        section = guide.by_id.get(snippet.section_id)
        if section is None:
            notes.append(f"The snippet in {where} shows a section the guide no longer has; unpin it.")
            continue
        # Permissions are known where the command runs and in cached channels; a live snippet's
        # channel missing from the cache is an archived thread (discord.py lets those go; a deleted
        # channel's snippets are gone since reconciling): the edit below hears why from Discord.
        if snippet.channel_id == interaction.channel_id or is_known_channel(interaction, snippet.channel_id):
            missing = missing_permissions(bot_permissions(interaction, snippet.channel_id), EDIT_NEEDS)
            if missing:
                notes.append(f"Not refreshed in {where}: {MissingPermissionError(missing, where=where).message}")
                continue
        try:
            embeds = snippet_embeds(
                section,
                guide_title=guide.title,
                version=versions[section.id],
                pinner=_pinner(snippet, checked.pinned.get(snippet.message_id)),
            )
        except UserError as error:
            notes.append(error.message)
            continue
        channel = bot.get_partial_messageable(snippet.channel_id, guild_id=snippet.guild_id)
        try:
            await channel.get_partial_message(snippet.message_id).edit(embeds=embeds)
        except UNSERVED as error:  # a rate limit past the bot's wait too: noted as a 429, the others go on
            if isinstance(error, discord.HTTPException) and is_gone(error):
                await bot.store.snippets.set_state([snippet.id], State.GONE, bot.clock())
                newly_gone += 1
                continue
            explained = explain(error, where, EDIT_NEEDS)
            if explained is None:
                raise
            notes.append(f"Not refreshed in {where}: {explained.message}")
            continue
        await bot.store.snippets.set_version(snippet.id, versions[section.id])
        refreshed += 1
        edited.append(snippet)
    for snippet in checked.snippets:  # current ones whose footer may still name a forgotten pinner
        pinned = checked.pinned.get(snippet.message_id)
        if _forgotten(snippet) and pinned is not None and snippet not in plan.stale:
            await forget_pinner(bot, snippet, pinned)
    report = refresh_report(refreshed, plan, newly_gone, notes)
    return Refreshed(report, edited, checked.found_unpinned, checked.adopted)


async def forget_pinner(bot: HipThrustBot, snippet: Snippet, message: discord.Message | None = None) -> None:
    """Take the pinner's name off a snippet's footer (after they asked to be forgotten), if it
    still names them (`message`: the snippet's, if fetched already). Best effort: a message gone,
    or one the bot may not read or edit now, is left as it is; an archived thread's are tried
    again once it is open (`SnippetsCog.on_thread_join`), and any by `/snippet refresh`."""
    channel = bot.get_partial_messageable(snippet.channel_id, guild_id=snippet.guild_id)
    try:
        if message is None:
            message = await channel.fetch_message(snippet.message_id)
        text = footer_without_pinner(message.embeds[-1].footer.text) if message.embeds else None
        if text is not None:
            embeds = list(message.embeds)
            embeds[-1] = embeds[-1].copy().set_footer(text=text)
            await message.edit(embeds=embeds)
    except UNSERVED as error:
        log.info("could not take the pinner off snippet %s: %s", snippet.id, error)


def _forgotten(snippet: Snippet) -> bool:
    """Its pinner asked to be forgotten (an adopted snippet's pinner is only unknown: its footer
    names whom it named before the bot was removed from the server)."""
    return snippet.pinned_by is None and snippet.adopted_at is None


def _pinner(snippet: Snippet, message: discord.Message | None) -> str:
    """Who pinned, as the message's footer says; nobody named once they asked to be forgotten."""
    if _forgotten(snippet) or message is None or not message.embeds:
        return FORGOTTEN_PINNER
    return pinner_in_footer(message.embeds[-1].footer.text) or FORGOTTEN_PINNER
