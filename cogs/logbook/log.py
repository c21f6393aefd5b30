"""`/log` (with its "Did you mean …?" confirmation) and `/undo`."""

from __future__ import annotations

import functools
from datetime import date, datetime, timedelta
from typing import ClassVar, NamedTuple

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.db.logbook_jobs import LogOutcome
from bot.errors import NotFoundError, UserError
from bot.interactions import limits, replies
from bot.interactions.buttons import expiry_stamp, view_of
from bot.interactions.confirm import ConfirmButton, EditStamp
from bot.interactions.contexts import servers_and_dms
from bot.interactions.expirer import BUTTON_LIFETIME, Expirer
from bot.logbook.checks import date_suggestions, validate_log
from bot.logbook.describe import deleted_text, describe_entry
from bot.logbook.edits import EditedSinceError, form_stamp
from bot.logbook.entries import MAX_NOTE, REPS, RPE, SETS, Entry, NewEntry, Preferences, Variant, today_in
from bot.logbook.plausible import likely_typo
from bot.logbook.units import MAX_WEIGHT, Unit
from bot.nudges.advice import Advice
from bot.nudges.citations import Citations, log_reply_advice
from bot.nudges.engine import advise_sessions
from bot.nudges.history import HISTORY_SESSIONS, advice_for
from bot.progress.records import RepRecord, rep_record
from cogs.logbook.posts import remember, tell_deleted
from cogs.logbook.render import (
    WEIGHT_LABEL,
    edited_since_asked,
    implausible_text,
    span,
    store_label,
    stored_line,
    up_to,
)

# /undo leaves imports to `/import undo`, which takes one back whole.
IMPORTED_AFTER = "An import came after it: `/import undo` takes back your last import as a whole."
NO_IMPORT_TO_UNDO = (
    "You have no entries logged with /log or in chat to undo; `/import undo` takes back your last import."
)

# Discord enforces the option bounds before /log runs; validate_log checks every limit again
# (payloads can arrive unchecked), the weight against the chosen unit's own top. So the weight
# option allows the loosest unit's top.
WEIGHT_TOP = max(MAX_WEIGHT.values())


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


class UndoButton(ConfirmButton, prefix="ud", fields={"eid": int, "stamp": EditStamp}, expiring=True):
    """Delete it / Keep it for /undo. They carry the entry's edit stamp as it was shown (`form_stamp`;
    None on buttons sent before it was carried): an entry edited since is not deleted unseen."""

    confirm_label, cancel_label = "Delete it", "Keep it"
    cancelled = "Kept. Nothing was deleted."

    def __init__(self, act: str, entry_id: int, stamp: str | None, expires: str) -> None:
        super().__init__(act, entry_id, stamp, expires)
        self.entry_id, self.stamp = entry_id, stamp

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        try:
            entry, post = await bot.store.entries.delete_told(interaction.user.id, self.entry_id, stamp=self.stamp)
        except EditedSinceError as since:  # the question again, of the entry as it is now, in the time left
            now = since.entry
            await interaction.response.edit_message(
                content=edited_since_asked(now), view=UndoButton.pair(now.id, form_stamp(now), str(self.expires)),
                allowed_mentions=replies.NO_PINGS,
            )
            return
        if entry is None:
            await interaction.response.edit_message(content="That entry is already gone.", view=None)
            return
        text = deleted_text(entry)
        await interaction.response.edit_message(content=text, view=None)
        await tell_deleted(interaction, bot, post, text)


async def answer_logged(
    interaction: discord.Interaction, bot: HipThrustBot, outcome: LogOutcome, *, public: bool,
    citations: Citations, expirer: Expirer,
) -> None:
    """Answer what `store.logbook.log` did, for /log and a reminder's Log form alike: the stored
    entry (a rep record, if it is one) and the target for the next session, posted where `public`
    says (and, in a server, kept where it was posted, for a delete); or "Did you mean …?" with its
    buttons, privately, greyed out by `expirer` when they expire; or that it was stored already."""
    entry, prefs = outcome.entry, outcome.prefs
    if outcome.asks_first:
        assert outcome.last_kg is not None
        held = await hold_implausible(bot, interaction.id, interaction.user.id, entry, outcome.last_kg,
                                      prefs.current_setup_id)  # fmt: skip
        view = StorePending.offer(interaction.id, public, held.guess)
        await replies.send(interaction, ephemeral=True, content=held.text, view=view)
        expirer.schedule(interaction)
        return
    if outcome.entry_id is None:
        await replies.send(interaction, ephemeral=True, content="This log was already stored.")
        return
    text = logged_text(outcome, citations, bot.clock())
    shared = public and interaction.guild_id is not None  # a channel reads it: keep where, for a delete
    posted = await replies.send(interaction, ephemeral=not public, content=text, with_id=shared)
    if shared:
        await remember(bot, interaction.user.id, interaction.id, entry, interaction.guild_id, interaction.channel_id,
                       posted)


def logged_text(outcome: LogOutcome, citations: Citations, now: datetime) -> str:
    """The reply to an entry `store.logbook.log` just stored, from what it read: what was stored,
    the rep record it is (if any), the target for the next session."""
    entry, prefs = outcome.entry, outcome.prefs
    advice = advise_sessions(outcome.sessions, prefs, variant=entry.variant, today=today_in(prefs.timezone, now))
    record = rep_record(entry.weight, entry.unit, entry.reps, outcome.previous_best)
    return stored_with_advice(entry, advice, citations, record)


async def stored_text(
    bot: HipThrustBot, citations: Citations, user_id: int, entry: NewEntry, prefs: Preferences | None = None
) -> str:
    """The same reply for an entry stored earlier (after "Store anyway"), read now."""
    if prefs is None:
        prefs = await bot.store.users.preferences(user_id)
    previous = await bot.store.entries.rep_best(user_id, entry) if isinstance(entry, Entry) else None
    record = rep_record(entry.weight, entry.unit, entry.reps, previous)
    advice = await advice_for(bot.store, user_id, entry.variant, prefs, now=bot.clock())
    return stored_with_advice(entry, advice, citations, record)


def stored_with_advice(
    entry: NewEntry, advice: Advice, citations: Citations, record: RepRecord | None = None
) -> str:
    """The reply to a stored entry: what was stored, the rep record it is (if any), the target,
    within a message (a long note and two long nudges tell the second briefly: `log_reply_advice`)."""
    lines = [stored_line(entry)]
    if record is not None:
        backdated = advice.follows_a_session_after(entry.performed_on)
        jumped = not backdated and any(n.id == "plate-stack" for n in advice.nudges)  # about the latest
        lines.append(record.line(jumped=jumped, as_of=entry.performed_on if backdated else None))
    head = "\n".join(lines)
    advised = log_reply_advice(advice, citations, logged_on=entry.performed_on, room=limits.CONTENT - len(head) - 1,
                               variant=entry.variant)
    return f"{head}\n{advised}"


class LogCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.expirer = Expirer()
        self.citations = bot.content.citations  # of the guide the bot serves

    async def cog_unload(self) -> None:
        self.expirer.cancel_all()

    @app_commands.command(name="log", description="Log hip thrust working sets")
    @servers_and_dms
    @app_commands.rename(day="date")
    @app_commands.describe(
        weight=f"{WEIGHT_LABEL}, 0 = bodyweight (up to {up_to(MAX_WEIGHT)})",
        reps=f"Reps per set ({span(REPS)})",
        sets=f"How many sets of those reps ({span(SETS)}, default 1)",
        rpe=f"Effort, {span(RPE)} in halves (e.g. 8 or 8.5)",
        variant="Which hip thrust (default barbell)",
        unit="kg or lb (default: your /settings unit)",
        note=f"A short note (up to {MAX_NOTE} characters)",
        day="YYYY-MM-DD, not in the future (default: today in your time zone); pick from the last two weeks",
        share="Post the reply in the channel (default: your share_logs setting)",
    )
    async def log(
        self,
        interaction: discord.Interaction,
        weight: app_commands.Range[float, 0.0, WEIGHT_TOP],
        reps: app_commands.Range[int, REPS[0], REPS[1]],
        sets: app_commands.Range[int, SETS[0], SETS[1]] = 1,
        rpe: app_commands.Range[float, RPE[0], RPE[1]] | None = None,
        variant: Variant = "barbell",
        unit: Unit | None = None,
        note: app_commands.Range[str, None, MAX_NOTE] | None = None,
        day: app_commands.Range[str, 10, 10] | None = None,
        share: bool | None = None,
    ) -> None:
        now = self.bot.clock()
        build = functools.partial(
            validate_log, weight=weight, reps=reps, sets=sets, rpe=rpe, variant=variant, unit=unit, note=note,
            day=day, now=now,
        )  # fmt: skip
        # Validation, the implausibility check, the insert and the history for the nudge: one
        # trip to the database (under load each trip costs a turn of the busy event loop).
        outcome = await self.bot.store.logbook.log(
            interaction.user.id, lambda prefs: build(prefs=prefs), interaction_id=interaction.id,
            when=now, sessions=HISTORY_SESSIONS,
        )  # fmt: skip
        public = outcome.prefs.share_logs if share is None else share
        await answer_logged(interaction, self.bot, outcome, public=public, citations=self.citations,
                            expirer=self.expirer)  # fmt: skip

    @log.autocomplete("day")
    async def date_choices(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """The last two weeks in the lifter's time zone, today first: no date to type on a phone."""
        prefs = await self.bot.store.users.preferences(interaction.user.id)
        today = today_in(prefs.timezone, self.bot.clock())
        return [app_commands.Choice(name=name, value=value) for name, value in date_suggestions(today, current)]

    @app_commands.command(name="undo", description="Delete the entry you logged last, after you confirm")
    @servers_and_dms
    async def undo(self, interaction: discord.Interaction) -> None:
        # The entry logged last, not the one of the latest date: undo takes back what was just
        # done (a set logged for last month included), as the chat log's Undo does.
        last, imported_after = await self.bot.store.entries.last_logged(interaction.user.id)
        if last is None:
            raise NotFoundError(NO_IMPORT_TO_UNDO if imported_after else "You have no log entries to undo.")
        view = UndoButton.pair(last.id, form_stamp(last), expiry_stamp(self.bot.clock()))
        text = f"The entry you logged last: {describe_entry(last, with_date=True)}. Delete it?"
        if imported_after:
            text += "\n" + IMPORTED_AFTER
        await replies.send(interaction, ephemeral=True, content=text, view=view)
        self.expirer.schedule(interaction)
