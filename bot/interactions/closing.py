"""What a user sees of a command that arrives while the bot shuts down.

Once `HipThrustBot.close` begins, no new command, button or form is handled: one started as the
gateway and the database close could store what its user never sees confirmed. The gateway stays
connected while the handlers in flight finish (up to `SHUTDOWN_GRACE`), so Discord still delivers
interactions, and one left unanswered shows its user "The application did not respond" after 3 s.
Each is answered at once, privately, that the bot is restarting; nothing of it is read or stored.
An autocomplete is left unanswered: Discord takes only choices for it (callback type 8), no message.

A set typed to the bot then (a DM, a mention) is not read either, but answered, in a reply, that
it was not: Discord hands a message to the process connected when it is sent, and the next one
never sees it, so a lifter left without an answer could not tell whether their set was logged.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Coroutine

import aiohttp
import discord

from bot.interactions import callbacks, replies
from bot.interactions.rate_limits import UNSERVED

log = logging.getLogger(__name__)

RESTARTING = "The bot is restarting: try again in a minute."
LINE_NOT_READ = "The bot is restarting and did not read this: send it again in a minute."
# The interaction types a message may answer: a command (2), a button or menu (3), a form (5).
ANSWERABLE = (2, 3, 5)
# Discord refuses a first answer later than 3 s after the interaction: none is waited for longer.
ANSWER_WITHIN = 3.0
# An answer refused (too late, another process answered it; a channel the bot may no longer post
# in, a rate limit longer than the bot waits), or the HTTP session closed first (a RuntimeError,
# "Session is closed"): a note on the way out, it needs no more.
_ANSWER_FAILED = (*UNSERVED, aiohttp.ClientError, RuntimeError)


class TurnAway:
    """Answers interactions and chat lines that arrive during shutdown, and lets `close` wait for
    those answers before it closes the HTTP session they are sent on."""

    def __init__(self) -> None:
        self._answers: set[asyncio.Task[None]] = set()  # the loop keeps only weak references

    def answer(self, interaction: discord.Interaction) -> None:
        """Tell the interaction's user, privately, that the bot is restarting (in a task of its own)."""
        self._start(_say_restarting(interaction))

    def reply(self, message: discord.Message) -> None:
        """Tell the author of a line typed to the bot, in a reply, that it was not read (in a task of its own)."""
        self._start(_reply_not_read(message))

    def _start(self, answering: Coroutine[object, object, None]) -> None:
        task = asyncio.get_running_loop().create_task(answering, name="turn-away")
        self._answers.add(task)
        task.add_done_callback(self._answers.discard)

    async def finish(self) -> None:
        """Wait for the answers under way (up to Discord's 3 s: a later one would be refused)."""
        if self._answers:
            await asyncio.wait(set(self._answers), timeout=ANSWER_WITHIN)


async def _say_restarting(interaction: discord.Interaction) -> None:
    try:
        await callbacks.answer(interaction, ephemeral=True, content=RESTARTING, allowed_mentions=replies.NO_PINGS)
    except _ANSWER_FAILED as exc:
        log.info("could not tell interaction %s the bot is restarting: %s", interaction.id, exc)


async def _reply_not_read(message: discord.Message) -> None:
    try:
        await message.reply(LINE_NOT_READ, mention_author=False, allowed_mentions=replies.NO_PINGS)
    except _ANSWER_FAILED as exc:
        log.info("could not tell the author of chat line %s the bot is restarting: %s", message.id, exc)
