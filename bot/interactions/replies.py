"""Small helpers for answering interactions the same way everywhere.

They record how an interaction was deferred, because Discord keeps a public defer's visibility
for the first followup and the error funnel must know that.
"""

from __future__ import annotations

import io
import re
from datetime import UTC, datetime
from typing import Any

import discord

from bot.errors import plain
from bot.interactions import admission, callbacks
from bot.interactions.notes import Notes

NO_PINGS = discord.AllowedMentions.none()
# Every character discord.py's escapes act on: markdown (_ \ ~ | * ` and a line's leading > # -,
# a link's [) and mentions (@). Text without any is inert as it is.
_MARKUP = frozenset("_\\~|*`>#-[@")
_PUBLIC_DEFER = "hipthrust.public_defer_pending"
# What Discord draws from `<…>` beyond user and role mentions (which escape_mentions breaks): a
# channel (<#1>), a custom emoji (<:x:1>, <a:x:1>), a timestamp (<t:0:R>), a command (</log:1>),
# a guild navigation (<id:home>). A zero-width space after `<` leaves the text as typed.
_DISCORD_TAG = re.compile(r"<(?=(?:#|/|a?:|t:|id:)[^<>\s]*>)")


class Attachment(discord.File):
    """A file made from bytes (a chart, an export) that lets go of them once sent.

    discord.py stubs out the buffer's `close` while the file is in use, and its `close` puts the
    buffer's own bound `close` back as an attribute of the buffer: a cycle (the buffer, its
    `__dict__`, the bound method) that only the cyclic garbage collector frees, holding the whole
    file meanwhile. In the benchmark's steady load, 550 charts waited there (~22 MiB) for a
    collection of the oldest generation. Closed, it leaves the buffer as it was made."""

    def __init__(self, data: bytes, filename: str) -> None:
        super().__init__(io.BytesIO(data), filename=filename)

    def close(self) -> None:
        super().close()  # discord.py calls it once the request is done
        vars(self.fp).pop("close", None)


def moment(at: datetime) -> str:
    """A moment as Discord shows it to each reader: a date and time in their own time zone and
    language (`<t:…:f>`). A time without a zone is UTC, as the bot stores them."""
    return discord.utils.format_dt(at if at.tzinfo is not None else at.replace(tzinfo=UTC), "f")


def escape(text: str) -> str:
    """Text a user typed, made inert in a message: no markdown, no mentions, no control or
    direction characters (`bot.errors.plain`).

    Most notes and setups hold none of `_MARKUP` and are returned as they are: the two regex
    passes cost ~5 µs a text, and a /history page shows the note of every entry on it."""
    text = plain(text)
    if _MARKUP.isdisjoint(text):
        return text
    inert = discord.utils.escape_markdown(discord.utils.escape_mentions(text))
    return _DISCORD_TAG.sub("<\u200b", inert) if "<" in inert else inert


def escape_within(text: str, limit: int) -> str:
    """`escape(text)` in at most `limit` characters: where it is longer, the text is cut before it
    is escaped, as little as fits with "…" (a cut after could split an escape, leaving a stray
    backslash before the "…"). Escaping never shortens a longer text, so the longest cut is searched."""
    shown = escape(text)
    if len(shown) <= limit:
        return shown
    low, high = 0, len(text)  # the most characters of `text` whose escape and "…" fit
    while low < high:
        mid = (low + high + 1) // 2
        if len(escape(text[:mid])) < limit:
            low = mid
        else:
            high = mid - 1
    return escape(text[:low]) + "…"


async def defer(interaction: discord.Interaction, *, ephemeral: bool) -> None:
    """Defer with a "thinking…" message; validate before calling this."""
    admission.answering(interaction)  # what follows waits, and need not hold a slot
    await interaction.response.defer(ephemeral=ephemeral, thinking=True)
    interaction.extras[_PUBLIC_DEFER] = not ephemeral


def public_defer_pending(interaction: discord.Interaction) -> bool:
    """True after a public defer whose placeholder has not been replaced yet."""
    return bool(interaction.extras.get(_PUBLIC_DEFER))


async def edit_original(interaction: discord.Interaction, **kwargs: Any) -> discord.InteractionMessage:
    """Edit the original response (also replaces a deferred placeholder)."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    message = await interaction.edit_original_response(**kwargs)
    interaction.extras[_PUBLIC_DEFER] = False
    return message


async def send(
    interaction: discord.Interaction, *, ephemeral: bool, with_id: bool = False, **kwargs: Any
) -> int | None:
    """Answer: the initial response if none was sent yet, else a followup. Never pings. With
    `with_id`, return the id of the message that carries the answer (None when Discord did not say).

    Then any note waiting for the user (`bot.interactions.notes`) follows, privately."""
    kwargs.setdefault("allowed_mentions", NO_PINGS)
    message_id = None
    if not interaction.response.is_done():
        message_id = await callbacks.answer(interaction, ephemeral=ephemeral, with_id=with_id, **kwargs)
    elif public_defer_pending(interaction):
        files = list(kwargs.pop("files", []))
        if "file" in kwargs:
            files.append(kwargs.pop("file"))
        if files:
            kwargs["attachments"] = files
        message_id = (await edit_original(interaction, **kwargs)).id
    else:
        message_id = getattr(await interaction.followup.send(ephemeral=ephemeral, **kwargs), "id", None)
    notes = getattr(interaction.client, "notes", None)
    if isinstance(notes, Notes):
        await notes.deliver(interaction)
    return message_id if with_id else None
