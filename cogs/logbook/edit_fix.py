"""An Edit form refused: every wrong field named at once, and **Fix the form**, which opens the
form again with what the lifter typed, so they correct a field rather than type it all again.

Discord answers a form's submit with a message, never with another form (the modal response is
not available for a MODAL_SUBMIT interaction), so the answer carries a button, whose click (a
component interaction) may open one. What was typed waits in pending_logs (a draft,
`PendingLogsRepository.put_draft`) under the submit's id, which the button carries with the entry
and the history page: it works after a restart, and expires with the others. The form it opens
carries that id too, and its submit discards the draft: what was typed is kept no longer than needed.
The button and that form carry the entry's edit stamp the refused form was opened at
(`edit.form_stamp`), so what was typed is not saved over an edit made elsewhere meanwhile.
So does Cancel, and the timer that greys the buttons out (EditCog); a draft whose timer a restart
lost goes when the bot next starts (EditCog.cog_load), or at the next purge of expired rows.
"""

from __future__ import annotations

import re
from dataclasses import asdict, fields
from datetime import timedelta
from typing import Any

import discord

from bot.client import HipThrustBot, bot_of
from bot.interactions.buttons import Funnelled, check_not_expired, expiry_stamp, view_of
from bot.interactions.expirer import BUTTON_LIFETIME
from bot.logbook.edits import EditForm, FormRefusedError
from cogs.logbook.edit import buttons, edit_form, edit_in_place, fitted, gone
from cogs.logbook.render import entry_text


class FixButton(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Button],
    # `cx`: Cancel; none: Fix the form.
    template=r"hf:(?:(?P<act>cx):)?(?P<key>\d{1,20}):(?P<eid>\d{1,20}):(?P<variant>[a-z-]*):(?P<start>\d{1,6})"
             r":(?P<exp>[0-9a-z]+)(?::s(?P<stamp>[0-9a-f]{1,16}))?",
):
    """**Fix the form**: the Edit form again, filled with what the refused submit `key` held; or
    **Cancel** (`cancel`): what was typed is deleted, and the entry shown as it is."""

    def __init__(
        self, key: int, entry_id: int, variant: str, start: int, expires: str, *, cancel: bool = False,
        stamp: str | None = None,
    ) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label="Cancel" if cancel else "Fix the form",
            style=discord.ButtonStyle.secondary if cancel else discord.ButtonStyle.primary,
            custom_id=f"hf:{'cx:' if cancel else ''}{key}:{entry_id}:{variant}:{start}:{expires}"
                      + ("" if stamp is None else f":s{stamp}"),
        )  # fmt: skip
        super().__init__(button)
        self.key, self.entry_id, self.variant, self.start, self.expires = key, entry_id, variant, start, expires
        self.cancel, self.stamp = cancel, stamp

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> FixButton:
        return cls(int(match["key"]), int(match["eid"]), match["variant"], int(match["start"]), match["exp"],
                   cancel=match["act"] == "cx", stamp=match["stamp"])  # fmt: skip

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        now = bot.clock()
        check_not_expired(self.expires, now)
        user_id = interaction.user.id
        if self.cancel:  # what was typed is kept for Fix the form only
            await bot.store.pending.discard(self.key, user_id)
        entry = await bot.store.entries.get(user_id, self.entry_id)
        if entry is None:
            await edit_in_place(interaction, *gone(self.entry_id, self.variant, self.start, self.expires))
            return
        if self.cancel:
            view = buttons(entry.id, self.variant, self.start, self.expires)
            await edit_in_place(interaction, entry_text(entry), view)
            return
        typed = await bot.store.pending.draft(self.key, user_id, entry.id, now)
        names = {field.name for field in fields(EditForm)}
        filled = None if typed is None or set(typed) != names else EditForm(**typed)  # else: as stored
        # The form gets a lifetime of its own, as Edit's: typing in it may take a while.
        await interaction.response.send_modal(
            edit_form(entry, self.variant, self.start, expiry_stamp(now), filled=filled, draft=self.key,
                      stamp=self.stamp)
        )


async def answer_refused(
    interaction: discord.Interaction, bot: HipThrustBot, refused: FormRefusedError, typed: EditForm, entry_id: int,
    variant: str, start: int, stamp: str,
) -> None:  # fmt: skip
    """Turn the entry view the form came from into the refusal, every wrong field named, with
    Fix the form (keeping what was typed for it, in a form of the entry at `stamp`) and Cancel
    (back to the entry as it is)."""
    now = bot.clock()
    expires = expiry_stamp(now)
    await bot.store.pending.purge_expired(now)
    await bot.store.pending.put_draft(
        interaction.id, interaction.user.id, entry_id, asdict(fitted(typed)), now + timedelta(seconds=BUTTON_LIFETIME)
    )
    view = view_of(FixButton(interaction.id, entry_id, variant, start, expires, stamp=stamp),
                   FixButton(interaction.id, entry_id, variant, start, expires, cancel=True))  # fmt: skip
    await edit_in_place(interaction, refused.message, view)
