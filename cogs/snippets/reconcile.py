"""Bring a server's snippet records in line with its channels' pins.

A pin removed by hand arrives only as CHANNEL_PINS_UPDATE, which names no message, so `/snippet
list` and `/snippet refresh` read each channel's pins and compare. It takes a request per 50
pins per channel: callers defer first. The pins read also show the bot's own snippet posts that
no record names (the records went with its removal from the server): they are adopted.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

import discord

from bot.client import HipThrustBot
from bot.errors import MissingPermissionError
from bot.interactions.codes import UNKNOWN_CHANNEL
from bot.snippets.model import (
    LIVE_STATES,
    READ_PINS_NEEDS,
    Snippet,
    State,
    missing_permissions,
    reconcile,
)
from cogs.snippets.adopting import adopt_pins
from cogs.snippets.channels import (
    bot_permissions,
    is_gone,
    is_known_channel,
    pinned_messages,
    raise_explained,
)

log = logging.getLogger(__name__)


@dataclass
class Noticed:
    """What reconciling found that the moderator log tells."""

    found_unpinned: list[Snippet] = field(default_factory=list)  # pins found removed by hand just now
    adopted: list[Snippet] = field(default_factory=list)  # the bot's own pinned posts recorded again


@dataclass
class Reconciled(Noticed):
    """The server's records after reconciling, and what was seen on the way."""

    snippets: list[Snippet] = field(default_factory=list)
    pins_here: int | None = None  # pins in the channel where the command ran (None: unreadable)
    pinned: dict[int, discord.Message] = field(default_factory=dict)  # recorded snippets' messages
    # Channels whose pins could not be checked, each with the note that says why (by channel id:
    # a moderator who cannot view the channel is told how many, never which: `views.unchecked_notes`).
    unchecked: dict[int, str] = field(default_factory=dict)


async def reconcile_guild(bot: HipThrustBot, interaction: discord.Interaction) -> Reconciled:
    """Reconcile every channel holding a live snippet, plus this channel (for its pin count)."""
    guild_id = interaction.guild_id
    assert guild_id is not None
    live: dict[int, list[Snippet]] = defaultdict(list)
    recorded: set[int] = set()
    for s in await bot.store.snippets.for_guild(guild_id):
        recorded.add(s.message_id)
        if s.state in LIVE_STATES:
            live[s.channel_id].append(s)
    here = interaction.channel_id
    result = Reconciled(snippets=[])
    for channel_id in sorted({*live, *([here] if here is not None else [])}):
        missing = missing_permissions(bot_permissions(interaction, channel_id), READ_PINS_NEEDS)
        if missing and (channel_id == here or is_known_channel(interaction, channel_id)):
            reason = MissingPermissionError(missing, where=f"<#{channel_id}>").message
            result.unchecked[channel_id] = f"Could not check the pins of <#{channel_id}>: {reason}"
            continue
        try:
            channel, pins = await _read_pins(bot, guild_id, channel_id)
        except discord.HTTPException as error:
            if error.code == UNKNOWN_CHANNEL:
                continue
            if isinstance(error, discord.Forbidden):
                result.unchecked[channel_id] = f"Could not check the pins of <#{channel_id}>: Discord refused access."
                continue
            raise
        if channel_id == here:
            result.pins_here = len(pins)
        records = live.get(channel_id, [])
        live_ids = {s.message_id for s in records}
        result.pinned.update({m.id: m for m in pins if m.id in live_ids})
        result.found_unpinned += await _apply(bot, channel, records, pins)
        for snippet, message in await adopt_pins(bot, guild_id, channel_id, pins, recorded):
            result.adopted.append(snippet)
            result.pinned[message.id] = message
    result.snippets = await bot.store.snippets.for_guild(guild_id)
    return result


async def reconcile_channel(bot: HipThrustBot, guild_id: int, channel_id: int, records: list[Snippet]) -> Noticed:
    """Reconcile one channel's live records with its pins; the snippets found unpinned by hand,
    and those adopted.

    Discord's refusals are raised as `raise_explained` words them, and a deleted channel's
    snippets are marked gone first.
    """
    try:
        channel, pins = await _read_pins(bot, guild_id, channel_id)
    except discord.HTTPException as error:
        raise_explained(error, f"<#{channel_id}>", READ_PINS_NEEDS)
    found_unpinned = await _apply(bot, channel, records, pins)
    # A message recorded in another state (unpinned with /snippet unpin, then pinned by hand) is
    # not adopted either: the store records a message once.
    adopted = await adopt_pins(bot, guild_id, channel_id, pins, {s.message_id for s in records})
    return Noticed(found_unpinned, [snippet for snippet, _ in adopted])


async def _read_pins(
    bot: HipThrustBot, guild_id: int, channel_id: int
) -> tuple[discord.PartialMessageable, list[discord.Message]]:
    """The channel and its pins. Discord's errors are raised as they came, after marking a
    deleted channel's live snippets gone."""
    channel = bot.get_partial_messageable(channel_id, guild_id=guild_id)
    try:
        return channel, await pinned_messages(channel)
    except discord.HTTPException as error:
        if error.code == UNKNOWN_CHANNEL:
            await bot.store.snippets.mark_channel_gone(channel_id, bot.clock())
        raise


async def _apply(
    bot: HipThrustBot, channel: discord.PartialMessageable, records: list[Snippet], pins: list[discord.Message]
) -> list[Snippet]:
    """Bring the channel's live records in line with its pins; a missing pin is unpinned by hand
    unless its message is gone. Returns the snippets found unpinned by hand."""
    decision = reconcile(records, {m.id for m in pins})
    now = bot.clock()
    await bot.store.snippets.set_state(decision.repinned, State.PINNED, now)
    by_id = {s.id: s for s in records}
    unpinned: list[int] = []
    gone: list[int] = []
    for snippet_id in decision.missing:
        # The message may have been deleted while no delete event reached us (the bot was offline).
        try:
            await channel.fetch_message(by_id[snippet_id].message_id)
        except discord.HTTPException as error:
            if not is_gone(error):
                raise
            gone.append(snippet_id)
        else:
            unpinned.append(snippet_id)
    await bot.store.snippets.set_state(unpinned, State.UNPINNED, now)
    await bot.store.snippets.set_state(gone, State.GONE, now)
    if unpinned or gone or decision.repinned:
        log.info(
            "reconciled channel %s: %d unpinned by hand, %d gone, %d pinned again",
            channel.id,
            len(unpinned),
            len(gone),
            len(decision.repinned),
        )
    return [by_id[snippet_id] for snippet_id in unpinned]
