"""Editing or deleting any entry from `/history`: the entry view, its buttons and the Edit form.

Everything a click needs lives in its custom_id (the entry id, the history page to return to, by
the place of its first session, the expiry stamp), so the view works after a restart. So does
the Edit form: discord.py keeps a sent modal only in process memory, so it is never let keep one
(the modal is stopped before it is sent), and EditCog (edit_save.py) answers every submit of an
`hm:` form itself, from the interaction event, whichever process receives it. The form also carries
the entry's edit stamp as it was prefilled (`form_stamp`): it is prefilled with every field, so one
sent after the entry was edited elsewhere (the same entry open on a phone and a desktop) would put
back what that edit changed; it saves nothing instead. Delete it carries that stamp too: confirmed
after an edit elsewhere, it deletes nothing and asks again, of the entry as it is now.
"""

from __future__ import annotations

import re
from dataclasses import asdict
from typing import Any

import discord

from bot.client import HipThrustBot, bot_of
from bot.interactions import limits, replies
from bot.interactions.buttons import Funnelled, check_not_expired, expiry_stamp, view_of
from bot.interactions.forms import form_values
from bot.logbook.describe import deleted_text, describe_entry
from bot.logbook.edits import SETS_REPS_HINT, EditedSinceError, EditForm, form_stamp, prefill
from bot.logbook.entries import MAX_NOTE, RPE, Entry, Preferences
from bot.logbook.units import MAX_WEIGHT, format_number
from bot.nudges.citations import target_line
from bot.nudges.history import advice_for
from cogs.logbook.posts import tell_deleted
from cogs.logbook.render import WEIGHT_LABEL, edited_since_asked, entry_text, span, was_line

GONE = "That entry is no longer in your log."
_ACTIONS = {"ed": "Edit", "dl": "Delete", "ok": "Delete it", "no": "Keep it", "bk": "Back to history"}
_STYLES = {"dl": discord.ButtonStyle.danger, "ok": discord.ButtonStyle.danger, "ed": discord.ButtonStyle.primary}
# `draft`: the refused submit whose fields a form reopened with (edit_fix.py), discarded once it is sent again;
# `stamp`: the entry's edit stamp the form was prefilled at (`form_stamp`; forms sent before it was carried lack it).
FORM = re.compile(
    r"hm:(?P<eid>\d{1,20}):(?P<variant>[a-z-]*):(?P<start>\d{1,6}):(?P<exp>[0-9a-z]+)(?::(?P<draft>\d{1,20}))?"
    r"(?::s(?P<stamp>[0-9a-f]{1,16}))?"
)
# The most each field of the Edit form holds (its max_length), by custom_id: Discord's client lets no
# more be typed; a modified client may send more, which `fitted` cuts.
FIELD_LENGTHS = {"weight": 12, "sets_reps": 12, "rpe": 4, "date": 10, "note": MAX_NOTE}


class EntryButton(
    Funnelled,
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"hx:(?P<act>ed|dl|ok|no|bk):(?P<eid>\d{1,20}):(?P<variant>[a-z-]*):(?P<start>\d{1,6}):(?P<exp>[0-9a-z]+)"
    r"(?::s(?P<stamp>[0-9a-f]{1,16}))?",
):
    """Edit, Delete (then Delete it / Keep it) and Back to history, for one entry of a history page.
    Delete it carries the entry's edit stamp as the question showed it (`form_stamp`; buttons sent
    before it was carried lack it): an entry edited since is not deleted unseen."""

    def __init__(
        self, act: str, entry_id: int, variant: str, start: int, expires: str, stamp: str | None = None
    ) -> None:
        button: discord.ui.Button[Any] = discord.ui.Button(
            label=_ACTIONS[act], style=_STYLES.get(act, discord.ButtonStyle.secondary),
            custom_id=f"hx:{act}:{entry_id}:{variant}:{start}:{expires}" + ("" if stamp is None else f":s{stamp}"),
        )  # fmt: skip
        super().__init__(button)
        self.act, self.entry_id, self.variant, self.start, self.expires = act, entry_id, variant, start, expires
        self.stamp = stamp

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Item[Any], match: re.Match[str]
    ) -> EntryButton:
        return cls(match["act"], int(match["eid"]), match["variant"], int(match["start"]), match["exp"], match["stamp"])

    async def handle(self, interaction: discord.Interaction) -> None:
        bot = bot_of(interaction)
        check_not_expired(self.expires, bot.clock())
        where = (self.variant, self.start, self.expires)
        if self.act == "bk":
            await _back(interaction, bot, *where)
            return
        user_id = interaction.user.id
        if self.act == "ok":  # Delete confirmed: the entry comes back from its delete, in one trip
            try:
                deleted, post = await bot.store.entries.delete_told(user_id, self.entry_id, stamp=self.stamp)
            except EditedSinceError as since:  # the question again, of the entry as it is now
                await ask_delete(interaction, since.entry, *where, text=edited_since_asked(since.entry))
                return
            text = GONE if deleted is None else deleted_text(deleted)
            await edit_in_place(interaction, text, buttons(self.entry_id, *where, acts=("bk",)))
            if deleted is not None:
                await tell_deleted(interaction, bot, post, text)
            return
        entry = await bot.store.entries.get(user_id, self.entry_id)
        if entry is None:
            await edit_in_place(interaction, GONE, buttons(self.entry_id, *where, acts=("bk",)))
        elif self.act == "ed":
            # The form gets a lifetime of its own: typing in it may take a while.
            await interaction.response.send_modal(edit_form(entry, self.variant, self.start, expiry_stamp(bot.clock())))
        elif self.act == "dl":
            await ask_delete(interaction, entry, *where)
        else:  # Keep it
            await edit_in_place(interaction, entry_text(entry), buttons(entry.id, *where))


def buttons(
    entry_id: int, variant: str, start: int, expires: str, *, acts: tuple[str, ...] = ("ed", "dl", "bk")
) -> discord.ui.View:
    """The entry view's buttons."""
    return view_of(*(EntryButton(act, entry_id, variant, start, expires) for act in acts))


async def ask_delete(
    interaction: discord.Interaction, entry: Entry, variant: str, start: int, expires: str, *, text: str | None = None
) -> None:
    """Delete it / Keep it for `entry` as read now (Delete it carries its edit stamp), under `text`
    (by default the question)."""
    text = text or f"Delete **{describe_entry(entry, with_date=True)}**? This cannot be undone."
    where = (entry.id, variant, start, expires)
    view = view_of(EntryButton("ok", *where, form_stamp(entry)), EntryButton("no", *where))
    await edit_in_place(interaction, text, view)


async def edit_in_place(interaction: discord.Interaction, content: str, view: discord.ui.View) -> None:
    """Answer a click or a submit by turning the message it came from into `content` and `view`."""
    await interaction.response.edit_message(content=content, embed=None, view=view, allowed_mentions=replies.NO_PINGS)


async def _back(interaction: discord.Interaction, bot: HipThrustBot, variant: str, start: int, expires: str) -> None:
    # history.py imports this module for the menu's answer; the way back imports it in turn.
    from cogs.logbook.history import show_page

    await show_page(interaction, bot, variant, start, expires)


async def show_entry(
    interaction: discord.Interaction, bot: HipThrustBot, entry_id: int, variant: str, start: int, expires: str
) -> None:
    """Answer the history menu: the chosen entry in full, with Edit, Delete and Back to history."""
    entry = await bot.store.entries.get(interaction.user.id, entry_id)
    if entry is None:
        await edit_in_place(interaction, GONE, buttons(entry_id, variant, start, expires, acts=("bk",)))
        return
    await edit_in_place(interaction, entry_text(entry), buttons(entry.id, variant, start, expires))


def edit_form(
    entry: Entry, variant: str, start: int, expires: str, *, filled: EditForm | None = None, draft: int | None = None,
    stamp: str | None = None,
) -> discord.ui.Modal:
    """The Edit form, prefilled with the entry (or with `filled`: what the refused submit `draft`
    held, typed into a form of the entry at `stamp`); five fields, Discord's most for a modal (sets
    and reps share one)."""
    filled, stamp = (prefill(entry), form_stamp(entry)) if filled is None else (filled, stamp or form_stamp(entry))
    unit, top = entry.unit, format_number(MAX_WEIGHT[entry.unit])
    modal = discord.ui.Modal(
        title=f"Edit {entry.performed_on.isoformat()} · {entry.variant}"[: limits.MODAL_TITLE],
        custom_id=f"hm:{entry.id}:{variant}:{start}:{expires}" + ("" if draft is None else f":{draft}") + f":s{stamp}",
    )
    filled = fitted(filled)
    fields = (
        (f"{WEIGHT_LABEL} ({unit})", f"0 or bw = bodyweight, up to {top} {unit}. Type a unit (225 lb) to change it.",
         "weight", filled.weight, True),
        ("Sets × reps", SETS_REPS_HINT, "sets_reps", filled.sets_reps, True),
        ("RPE", f"{span(RPE)} in halves (8 or 8.5); empty for none.", "rpe", filled.rpe, False),
        ("Date", "YYYY-MM-DD, not in the future.", "date", filled.date, True),
        ("Note", f"Up to {MAX_NOTE} characters; empty for none.", "note", filled.note, False),
    )  # fmt: skip
    for label, description, custom_id, value, required in fields:
        # Every field is one line, the note too: a note is one line everywhere (/log's option, a
        # chat line, the history page), and a line break would be refused.
        text: discord.ui.TextInput[Any] = discord.ui.TextInput(
            custom_id=custom_id, default=value or None, required=required, max_length=FIELD_LENGTHS[custom_id]
        )
        modal.add_item(discord.ui.Label(text=label, description=description, component=text))
    modal.stop()  # never kept in memory: EditCog answers the submit, in this process or the next
    return modal


def fitted(form: EditForm) -> EditForm:
    """What was typed, each field cut to what the form holds (`FIELD_LENGTHS`). Only a modified
    client sends more; prefilled as sent, a field could pass Discord's 4,000 characters, which
    refuses the whole form (400), so Fix the form failed. Kept as a draft, the rest is not stored."""
    return EditForm(**{name: value[: FIELD_LENGTHS[name]] for name, value in asdict(form).items()})


def submitted(data: dict[str, Any]) -> EditForm:
    """The form's fields as the submit carries them (a missing field reads as empty)."""
    values = form_values(data)
    return EditForm(**{name: values.get(name, "") for name in ("weight", "sets_reps", "rpe", "date", "note")})


EDITED_SINCE = (
    "Not saved: this entry was edited after you opened the form. Nothing was changed; edit it again if you still"
    " want to."
)


def gone(entry_id: int, variant: str, start: int, expires: str) -> tuple[str, discord.ui.View]:
    """The answer to an edit of an entry no longer in the log: nothing changed, the way back."""
    return GONE + " Nothing was changed.", buttons(entry_id, variant, start, expires, acts=("bk",))


def edited_since(entry: Entry, variant: str, start: int, expires: str) -> tuple[str, discord.ui.View]:
    """The answer to a form of an entry edited elsewhere since it was opened: nothing changed, the
    entry as it is now, and its buttons (Edit opens a form of it as it is now)."""
    return EDITED_SINCE + "\n" + entry_text(entry), buttons(entry.id, variant, start, expires)


async def saved_text(bot: HipThrustBot, user_id: int, stored: Entry, was: Entry, prefs: Preferences) -> str:
    """An edit saved: the entry as it is now, as it was, and the target for the next session."""
    lines = [entry_text(stored, lead="Saved: ", edited=False), was_line(was, stored)]
    target = target_line(await advice_for(bot.store, user_id, stored.variant, prefs, now=bot.clock()))
    return "\n".join([*lines, target] if target else lines)
