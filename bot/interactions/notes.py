"""Private notes that wait for a user's next answer, for news that came outside any interaction.

Example: Discord refused a reminder DM (the user's DMs are closed), so the bot cannot say so
there; it says so, once, after the next command the user runs. A feature adds a `NoteSource`
to `bot.notes`; `replies.send` calls `deliver` after every answer, which sends each waiting note
as a private followup. Asking a source is an in-memory check, so answers that have no note wait
for nothing; only a user with a note waiting costs the source a database trip.
"""

from __future__ import annotations

import logging
from typing import Protocol

import discord

log = logging.getLogger(__name__)


class NoteSource(Protocol):
    def waiting(self, user_id: int) -> bool:
        """Whether a note may wait for the user (in memory; may be true when none is left)."""

    async def take(self, user_id: int) -> str | None:
        """The note, at most once across every process; None when another took it."""


class Notes:
    """The note sources of one bot."""

    def __init__(self) -> None:
        self._sources: list[NoteSource] = []

    def add(self, source: NoteSource) -> None:
        self._sources.append(source)

    def remove(self, source: NoteSource) -> None:
        if source in self._sources:
            self._sources.remove(source)

    async def deliver(self, interaction: discord.Interaction) -> None:
        """Send the user's waiting notes as private followups; an answer already went out."""
        user_id = interaction.user.id
        for source in list(self._sources):
            if not source.waiting(user_id):
                continue
            try:
                text = await source.take(user_id)
                if text:
                    await interaction.followup.send(
                        text, ephemeral=True, allowed_mentions=discord.AllowedMentions.none()
                    )
            except Exception:  # the user's own answer went out already: a lost note must not fail it
                log.exception("a note for user %s could not be delivered", user_id)
