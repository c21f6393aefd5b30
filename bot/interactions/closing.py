"""What a user sees of a command that arrives while the bot shuts down.

Once `HipThrustBot.close` begins, no new command, button or form is handled: one started as the
gateway and the database close could store what its user never sees confirmed. The gateway stays
connected while the handlers in flight finish (up to `SHUTDOWN_GRACE`), so Discord still delivers
interactions, and one left unanswered shows its user "The application did not respond" after 3 s.
Each is answered at once, privately, that the bot is restarting; nothing of it is read or stored.
An autocomplete is left unanswered: Discord takes only choices for it (callback type 8), no message.
"""

from __future__ import annotations

import asyncio
import logging

import aiohttp
import discord

from bot.interactions import callbacks, replies

log = logging.getLogger(__name__)

RESTARTING = "The bot is restarting: try again in a minute."
# The interaction types a message may answer: a command (2), a button or menu (3), a form (5).
ANSWERABLE = (2, 3, 5)
# Discord refuses a first answer later than 3 s after the interaction: none is waited for longer.
ANSWER_WITHIN = 3.0


class TurnAway:
    """Answers interactions that arrive during shutdown, and lets `close` wait for those answers
    before it closes the HTTP session they are sent on."""

    def __init__(self) -> None:
        self._answers: set[asyncio.Task[None]] = set()  # the loop keeps only weak references

    def answer(self, interaction: discord.Interaction) -> None:
        """Tell the interaction's user, privately, that the bot is restarting (in a task of its own)."""
        task = asyncio.get_running_loop().create_task(_say_restarting(interaction), name="turn-away")
        self._answers.add(task)
        task.add_done_callback(self._answers.discard)

    async def finish(self) -> None:
        """Wait for the answers under way (up to Discord's 3 s: a later one would be refused)."""
        if self._answers:
            await asyncio.wait(set(self._answers), timeout=ANSWER_WITHIN)


async def _say_restarting(interaction: discord.Interaction) -> None:
    try:
        await callbacks.answer(interaction, ephemeral=True, content=RESTARTING, allowed_mentions=replies.NO_PINGS)
    # Refused (too late, another process answered it), or the HTTP session closed first (a
    # RuntimeError, "Session is closed"): a note on the way out, it needs no more.
    except (discord.HTTPException, aiohttp.ClientError, RuntimeError) as exc:
        log.info("could not tell interaction %s the bot is restarting: %s", interaction.id, exc)
