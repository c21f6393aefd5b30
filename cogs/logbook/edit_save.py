"""Saving the Edit form from `/history`: at once, or after "Did you mean …?" as /log asks.

The form is validated exactly as /log validates (`bot.logbook.edits`), every wrong field named at
once, with a button that opens the form again as it was typed (`edit_fix`); an edit keeps the entry's
id, variant, setup and import batch. An edit that changes the load to more than double or less
than half the session nearest the entry's (`edit_asks_first` says which session, and why) asks
first, with /log's question and buttons, in place of the entry view the form was opened from
(ephemeral: only the lifter sees it). Until the lifter chooses, the new values wait in
pending_logs under the submit's id (`hold_implausible`, as a /log's do) and the entry is as it
was; the buttons carry that id, the entry and the history page to return to, and expire like
the others. A choice is saved once, and never over an entry deleted or edited since the
question (`PendingLogsRepository.confirm_edit`); nor is a form sent after its entry was edited
elsewhere (the form carries the entry's edit stamp: `edit.form_stamp`). An edit that changes
nothing (the form sent as it came, or "Store 82.5 kg" for an entry of 82.5 kg) writes nothing and
says so, in Cancel's words.
"""

from __future__ import annotations

import re
from typing import Any, ClassVar

import discord
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions.buttons import check_not_expired, expiry_stamp, view_of
from bot.interactions.confirm import ConfirmButton
from bot.interactions.expirer import Expirer
from bot.interactions.forms import answer_form
from bot.logbook.edits import (
    FormRefusedError,
    SessionLoad,
    changes_load,
    edit_asks_first,
    edited,
    read_form,
    unchanged,
)
from bot.logbook.entries import Entry, NewEntry
from cogs.logbook.edit import (
    FORM,
    buttons,
    edit_in_place,
    edited_since,
    form_stamp,
    gone,
    saved_text,
    submitted,
)
from cogs.logbook.edit_fix import answer_refused
from cogs.logbook.held import hold_implausible
from cogs.logbook.posts import tell_post
from cogs.logbook.render import edited_post_text, entry_text, store_label

CANCELLED = "Cancelled. Nothing was changed."
UNCHANGED = "Nothing was changed: the entry already holds these values."  # Cancel's words, for an edit of nothing
STALE = (
    "Not saved: this entry was edited after you were asked. Nothing was changed; edit it again if you still want to."
)
ANSWERED = "Already answered: "


class StoreEdit(
    ConfirmButton, prefix="hq", fields={"key": int, "eid": int, "variant": str, "start": int}, expiring=True
):
    """Store anyway / Cancel for an Edit that asks first; the form's submit id keys its pending row."""

    confirm_label = "Store anyway"
    cancelled = CANCELLED
    corrected: ClassVar[bool] = False  # True: save the weight "Did you mean …?" offered

    def __init__(self, act: str, key: int, entry_id: int, variant: str, start: int, expires: str) -> None:
        super().__init__(act, key, entry_id, variant, start, expires)
        self.key, self.entry_id, self.variant, self.start = key, entry_id, variant, start

    @staticmethod
    def offer(*parts: Any, guess: NewEntry | None) -> discord.ui.View:
        """/log's buttons for these values (key, entry id, variant, start, stamp): "Store 37.5 kg"
        (the weight offered, if any), Store anyway, Cancel."""
        corrected = [] if guess is None else [StoreEditCorrected.of(guess, *parts)]
        return view_of(*corrected, StoreEdit("ok", *parts), StoreEdit("no", *parts))

    def _where(self) -> tuple[int, str, int, str]:
        return self.entry_id, self.variant, self.start, str(self.expires)

    async def cancel(self, bot: HipThrustBot, user_id: int) -> bool:
        """Discard the question; False when nothing waited (a Store pressed just before took it)."""
        return await bot.store.pending.discard(self.key, user_id)

    async def answer_cancel(self, interaction: discord.Interaction, bot: HipThrustBot, discarded: bool) -> None:
        """Go back to the entry view, as it was (or, when a Store pressed just before took the
        question and `cancel` found nothing to discard, as that left it)."""
        entry = await bot.store.entries.get(interaction.user.id, self.entry_id)
        if entry is None:
            await edit_in_place(interaction, *gone(*self._where()))
            return
        text = CANCELLED + "\n" + entry_text(entry) if discarded else entry_text(entry, lead=ANSWERED)
        await edit_in_place(interaction, text, buttons(*self._where()))

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        user_id = interaction.user.id
        answered = await bot.store.pending.confirm_edit(self.key, user_id, bot.clock(), post_text=edited_post_text,
                                                       corrected=self.corrected)
        # Nothing waited (the other button, or this one pressed twice): the entry as it is, read
        # here; otherwise as the answer left it.
        entry = await bot.store.entries.get(user_id, self.entry_id) if answered is None else answered.entry
        if entry is None:
            await edit_in_place(interaction, *gone(*self._where()))
            return
        if answered is None:
            text = entry_text(entry, lead=ANSWERED)
        elif answered.unchanged:
            text = UNCHANGED + "\n" + entry_text(entry)
        elif not answered.saved or answered.was is None:
            text = STALE + "\n" + entry_text(entry)
        else:
            text = await saved_text(bot, user_id, entry, answered.was, await bot.store.users.preferences(user_id))
            await edit_in_place(interaction, text, buttons(*self._where()))
            await tell_post(interaction, bot, answered.post, text)
            return
        await edit_in_place(interaction, text, buttons(*self._where()))


class StoreEditCorrected(StoreEdit, prefix="hc"):
    """The weight "Did you mean …?" offers for an edit ("Store 37.5 kg"), not the one typed."""

    confirm_style = discord.ButtonStyle.primary
    corrected = True

    @classmethod
    def of(cls, guess: NewEntry, *parts: Any) -> StoreEditCorrected:
        button = cls("ok", *parts)
        button.item.label = store_label(guess)
        return button


class EditCog(commands.Cog):
    """Answers the Edit form's submits (see the module docstring)."""

    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot
        self.expirer = Expirer()

    async def cog_load(self) -> None:
        # Refused forms' drafts whose timers a restart lost (edit_fix.py): what was typed is kept no longer.
        await self.bot.store.pending.purge_expired(self.bot.clock())

    async def cog_unload(self) -> None:
        self.expirer.cancel_all()

    @commands.Cog.listener()
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        await answer_form(interaction, FORM, self._answer, "edit-form")

    async def _answer(self, interaction: discord.Interaction, match: re.Match[str]) -> None:
        await self._save(interaction, int(match["eid"]), match["variant"], int(match["start"]), match["exp"],
                         match["stamp"])
        # Answered: the fields it reopened with are kept no longer (a refusal keeps its own). Not
        # after an error (it goes to the funnel first): Fix the form can still give back what was typed.
        if match["draft"]:
            await self.bot.store.pending.discard(int(match["draft"]), interaction.user.id)

    async def _save(
        self, interaction: discord.Interaction, entry_id: int, variant: str, start: int, expires: str,
        stamp: str | None,
    ) -> None:
        bot, user_id = self.bot, interaction.user.id
        now = bot.clock()
        check_not_expired(expires, now)
        entry = await bot.store.entries.get(user_id, entry_id)
        if entry is None:
            await edit_in_place(interaction, *gone(entry_id, variant, start, expires))
            return
        if stamp is not None and stamp != form_stamp(entry):  # every field as it was: it would undo that edit
            await edit_in_place(interaction, *edited_since(entry, variant, start, expires))
            return
        prefs = await bot.store.users.preferences(user_id)
        typed = submitted(dict(interaction.data or {}))
        try:
            changed = read_form(typed, entry, prefs, now)
        except FormRefusedError as refused:  # every wrong field at once, and the form again with them
            await answer_refused(interaction, bot, refused, typed, entry_id, variant, start, form_stamp(entry))
            # What was typed is for Fix the form only: it goes when the buttons grey out.
            self.expirer.schedule(interaction, then=lambda: bot.store.pending.discard(interaction.id, user_id))
            return
        if unchanged(entry, changed):  # saved as is, it would only stamp the entry "Last edited"
            await edit_in_place(interaction, UNCHANGED + "\n" + entry_text(entry),
                                buttons(entry_id, variant, start, expires))
            return
        near = None
        if changes_load(entry, changed):  # only then is it compared with a session (one more read)
            near = await bot.store.entries.load_near(user_id, entry, changed.performed_on)
        if near is not None and edit_asks_first(entry, changed, near):  # narrowed for _ask_first
            await self._ask_first(interaction, entry, changed, near, variant, start)
            return
        # Only over the entry as read: another form of it sent at the same moment may have saved first.
        saved, post = await bot.store.entries.edit_told(user_id, entry_id, changed, now, was=entry,
                                                        post_text=edited_post_text)
        if not saved:
            now_is = await bot.store.entries.get(user_id, entry_id)
            answer = gone(entry_id, variant, start, expires) if now_is is None else edited_since(now_is, variant,
                                                                                                  start, expires)
            await edit_in_place(interaction, *answer)
            return
        stored = edited(entry, changed, now)
        text = await saved_text(bot, user_id, stored, entry, prefs)
        await edit_in_place(interaction, text, buttons(entry_id, variant, start, expires))
        await tell_post(interaction, bot, post, text)

    async def _ask_first(
        self, interaction: discord.Interaction, entry: Entry, changed: NewEntry, near: SessionLoad, variant: str,
        start: int,
    ) -> None:  # fmt: skip
        # The question's own lifetime, stamped before its row's (which then outlives the stamp).
        expires = expiry_stamp(self.bot.clock())
        held = await hold_implausible(self.bot, interaction.id, interaction.user.id, changed, near.kg, entry.setup_id,
                                      edits=entry, last_day=near.day)  # fmt: skip
        view = StoreEdit.offer(interaction.id, entry.id, variant, start, expires, guess=held.guess)
        await edit_in_place(interaction, held.text, view)
        self.expirer.schedule(interaction)
