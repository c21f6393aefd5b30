"""An implausible entry held until its owner answers "Did you mean …?", and the buttons under the
question: for /log here, and the same holding and storing for the chat log, a reminder's Log form
and an Edit from /history."""

from __future__ import annotations

from datetime import date, timedelta
from typing import ClassVar, NamedTuple

import discord

from bot.client import HipThrustBot
from bot.errors import UserError
from bot.interactions import replies
from bot.interactions.buttons import expiry_stamp, view_of
from bot.interactions.confirm import ConfirmButton
from bot.interactions.expirer import BUTTON_LIFETIME
from bot.logbook.describe import describe_entry
from bot.logbook.entries import Entry, NewEntry
from bot.logbook.plausible import likely_typo
from cogs.logbook.posts import remember
from cogs.logbook.render import implausible_text, store_label
from cogs.logbook.stored_reply import stored_text


async def store_pending(
    bot: HipThrustBot, user_id: int, key: int, *, again: str, corrected: bool = False
) -> tuple[Entry, bool]:
    """Store the entry waiting under `key` (the id of the interaction or message that asked "Did you
    mean …?") now that its owner confirmed, with the weight offered when `corrected`; the stored
    entry, and whether this click stored it (False: an earlier click or delivery did). `again`
    ends the answer when nothing waits any more.

    Its buttons turned a press after their lifetime away before this (the entry waits at least as
    long), and a store pressed just before left its entry: nothing waiting and nothing stored means
    Cancel came first (a double click on both, or a press on the question as it was)."""
    entry_id = await bot.store.pending.confirm(key, user_id, bot.clock(), corrected=corrected)
    stored = await bot.store.entries.by_interaction(user_id, key)
    if stored is None:
        raise UserError(f"This question was cancelled. Nothing was stored; {again}.")
    return stored, entry_id is not None


async def answer_cancel_stored(
    interaction: discord.Interaction, bot: HipThrustBot, key: int, cancelled: str, discarded: bool
) -> None:
    """Answer Cancel under "Did you mean …?" (or a chat line's two readings) waiting under `key`:
    `cancelled` when it found the question waiting (`discarded`); else, when a store pressed just
    before took it, what that stored, never "Nothing was stored" over an entry in the log."""
    stored = None if discarded else await bot.store.entries.by_interaction(interaction.user.id, key)
    content = cancelled if stored is None else f"Already stored: {describe_entry(stored)}."
    await interaction.response.edit_message(content=content, embed=None, view=None, allowed_mentions=replies.NO_PINGS)


class Held(NamedTuple):
    """An implausible entry waiting for its owner's answer: the question, the weight it offers
    (`likely_typo`), and whether this call put it there (False: something already waited)."""

    text: str
    guess: NewEntry | None
    kept: bool


async def hold_implausible(
    bot: HipThrustBot, key: int, user_id: int, entry: NewEntry, last_kg: float, setup_id: int | None,
    *, show_last: bool = True, edits: Entry | None = None, last_day: date | None = None,
) -> Held:
    """Keep `entry` under `key` (the id it will be stored under) until its owner chooses, for as
    long as the buttons live; the same for /log, a chat line, a reminder's Log form and an Edit
    from /history (`edits`: the entry it would change, as read now). The question names the
    last load only where `show_last` (not in a reply the channel reads), and its day when given
    (an edit is compared with the session nearest its own, not the latest)."""
    now = bot.clock()
    await bot.store.pending.purge_expired(now)
    guess = likely_typo(entry, last_kg)
    expires = now + timedelta(seconds=BUTTON_LIFETIME)
    kept = await bot.store.pending.put(key, user_id, entry, setup_id, expires, corrected=guess, edits=edits)
    return Held(implausible_text(entry, last_kg, guess, show_last=show_last, on=last_day), guess, kept)


class StorePending(ConfirmButton, prefix="lg", fields={"iid": int, "share": bool}):
    """Store anyway / Cancel for an implausible /log; the original interaction id keys the pending row."""

    confirm_label = "Store anyway"
    cancelled = "Cancelled. Nothing was stored."
    expired = "This confirmation has expired. Nothing was stored; log it again."
    corrected: ClassVar[bool] = False  # True: store the weight "Did you mean …?" offered

    def __init__(self, act: str, interaction_id: int, share: bool) -> None:
        super().__init__(act, interaction_id, share)
        self.interaction_id, self.share = interaction_id, share
        # Its custom_id carries no stamp, but the id of the interaction that asked tells when it was
        # asked, a moment before its entry was held for BUTTON_LIFETIME (`hold_implausible`): a press
        # after that is turned away as expired, and greys the buttons out, before anything is read.
        self.expires = expiry_stamp(discord.utils.snowflake_time(interaction_id))

    @staticmethod
    def offer(interaction_id: int, share: bool, guess: NewEntry | None) -> discord.ui.View:
        """The buttons under "Did you mean …?": "Store 37.5 kg" (the weight it offers, if any),
        Store anyway, Cancel."""
        corrected = [] if guess is None else [StoreCorrected.of(guess, interaction_id, share)]
        return view_of(*corrected, StorePending("ok", interaction_id, share), StorePending("no", interaction_id, share))

    async def cancel(self, bot: HipThrustBot, user_id: int) -> bool:
        return await bot.store.pending.discard(self.interaction_id, user_id)

    async def answer_cancel(self, interaction: discord.Interaction, bot: HipThrustBot, discarded: bool) -> None:
        await answer_cancel_stored(interaction, bot, self.interaction_id, self.cancelled, discarded)

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        user_id = interaction.user.id
        stored, fresh = await store_pending(
            bot, user_id, self.interaction_id, again="log it again", corrected=self.corrected
        )
        if not fresh:
            text = "Already stored: " + describe_entry(stored) + "."
        else:
            text = await stored_text(bot, bot.content.citations, user_id, stored)
        await interaction.response.edit_message(content=text, view=None, allowed_mentions=replies.NO_PINGS)
        if fresh and self.share:
            posted = await interaction.followup.send(text, allowed_mentions=replies.NO_PINGS, wait=True)
            await remember(bot, user_id, self.interaction_id, stored, interaction.guild_id, interaction.channel_id,
                           posted.id)


class StoreCorrected(StorePending, prefix="lf"):
    """The button that stores the weight "Did you mean …?" offers ("Store 37.5 kg") instead of the
    one typed: a typo fixed in one click. The same waiting entry is stored once, whichever is pressed."""

    confirm_style = discord.ButtonStyle.primary
    corrected = True

    @classmethod
    def of(cls, guess: NewEntry, interaction_id: int, share: bool) -> StoreCorrected:
        button = cls("ok", interaction_id, share)
        button.item.label = store_label(guess)
        return button

