"""The chat log's buttons: Undo, Store anyway / Cancel, and a pick between two readings.

A chat reply in a server is a plain message everyone sees, so each button carries its lifter's
id and turns everyone else away (`interaction_check`). State lives in the custom_id and the
database, so the buttons keep working after a restart; they expire with the reply's stamp.
"""

from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any, ClassVar

import discord

from bot.client import HipThrustBot
from bot.errors import UserError
from bot.interactions import replies
from bot.interactions.buttons import expiry_stamp, view_of
from bot.interactions.confirm import ConfirmButton, EditStamp
from bot.interactions.expirer import Expirer
from bot.interactions.rate_limits import UNSERVED
from bot.logbook.describe import deleted_text
from bot.logbook.edits import EditedSinceError, form_stamp
from bot.logbook.entries import Entry, NewEntry
from cogs.chatlog.render import (
    CANCELLED,
    CHOICE_ANSWERED,
    CHOICE_ASKS,
    GONE,
    NOT_YOUR_BUTTONS,
    QUESTION_EXPIRED,
    UNDO_EXPIRED,
    pick_label,
)
from cogs.logbook import posts
from cogs.logbook.held import store_pending
from cogs.logbook.log import UndoButton
from cogs.logbook.render import edited_since_asked, store_label

if TYPE_CHECKING:
    from cogs.chatlog.flow import Answer, ChatLogger

log = logging.getLogger(__name__)
COG_NAME = "ChatLog"


def _of_cog(bot: HipThrustBot, name: str) -> Any:
    """What the chat log's cog holds under `name` (buttons get no cog of their own)."""
    part = getattr(bot.get_cog(COG_NAME), name, None)
    if part is None:
        raise RuntimeError("the chat log extension is not loaded")
    return part


def logger_of(bot: HipThrustBot) -> ChatLogger:
    """The chat log's shared logic, from its cog."""
    return _of_cog(bot, "logger")  # type: ignore[no-any-return]


def expirer_of(bot: HipThrustBot) -> Expirer:
    """What greys out the buttons of the chat log's answers (its replies, its private answers), from its cog."""
    return _of_cog(bot, "expirer")  # type: ignore[no-any-return]


def is_public(interaction: discord.Interaction) -> bool:
    """Whether the message with the button is seen by the channel (a reply in a server)."""
    message = interaction.message
    return interaction.guild_id is not None and not (message is not None and message.flags.ephemeral)


async def remember_reply(bot: HipThrustBot, interaction: discord.Interaction, answer: Answer, key: int) -> None:
    """The reply a button turned into "Logged …" is the entry's post, when the channel reads it."""
    if answer.logged is not None and is_public(interaction) and interaction.message is not None:
        await posts.remember(bot, interaction.user.id, key, answer.logged, interaction.guild_id,
                             interaction.channel_id, interaction.message.id)


async def show_stored(interaction: discord.Interaction, bot: HipThrustBot, stored: Entry, message_id: int,
                      expires: str) -> None:
    """Turn the question into the logged answer with its Undo. A press that finds the entry stored
    already (the other press of a double click) says the same: it may land after the one that
    stored it, and "Already stored" would then take the Undo off the post the channel reads."""
    answer = await logger_of(bot).stored(interaction.user.id, stored, message_id, public=is_public(interaction),
                                         expires=expires, stamp=form_stamp(stored))
    await interaction.response.edit_message(content=answer.text, view=answer.view, allowed_mentions=replies.NO_PINGS)
    await remember_reply(bot, interaction, answer, message_id)


class Owned:
    """Mixin: only the lifter whose id the custom_id carries may press; anyone else is told so."""

    owner_id: int

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if interaction.user.id == self.owner_id:
            return True
        try:
            await interaction.response.send_message(NOT_YOUR_BUTTONS, ephemeral=True,
                                                    allowed_mentions=replies.NO_PINGS)
        except UNSERVED as error:  # discord.py would swallow it: say why in the log
            log.warning("could not turn away a press on %s: %s", self.owner_id, error)
        return False


class Waiting:
    """Mixin: a question under a chat line whose answer waits in pending_logs under the line's id;
    Cancel discards it. A press just before Cancel may have stored the set: Cancel then answers
    as that press did (its edit may land first), with the Undo on the post the channel may read."""

    message_id: int
    expires: str | None
    cancelled: ClassVar[str]

    async def cancel(self, bot: HipThrustBot, user_id: int) -> bool:
        return await bot.store.pending.discard(self.message_id, user_id)

    async def answer_cancel(self, interaction: discord.Interaction, bot: HipThrustBot, discarded: bool) -> None:
        stored = None if discarded else await bot.store.entries.by_interaction(interaction.user.id, self.message_id)
        if stored is None:
            await interaction.response.edit_message(content=self.cancelled, embed=None, view=None,
                                                    allowed_mentions=replies.NO_PINGS)
            return
        await show_stored(interaction, bot, stored, self.message_id, str(self.expires))


class ChatUndo(Owned, ConfirmButton, prefix="cu", fields={"uid": int, "mid": int, "stamp": EditStamp},
               expiring=True):
    """The Undo under a chat log: /undo's "Delete it" for the entry read from that message.

    It names the message, not the entry id: SQLite hands a deleted entry's id to the next entry,
    and an old Undo must never reach a newer entry. It carries the entry's edit stamp as the reply
    shows it (`form_stamp`, "0" for a set just logged; None on buttons sent before it was carried):
    an entry edited since (from /history) is not deleted unseen, but shown to the presser as it is
    now with /undo's Delete it / Keep it; the reply the channel reads stays as it is meanwhile.
    """

    confirm_label = "Undo"
    confirm_style = discord.ButtonStyle.secondary
    cancelled = CANCELLED
    expired = UNDO_EXPIRED

    def __init__(self, act: str, owner_id: int, message_id: int, stamp: str | None, expires: str) -> None:
        super().__init__(act, owner_id, message_id, stamp, expires)
        self.owner_id, self.message_id, self.stamp = owner_id, message_id, stamp

    @classmethod
    def button(cls, owner_id: int, message_id: int, stamp: str, expires: str) -> discord.ui.View:
        """One Undo button (the reply already shows what it deletes, as of `stamp`)."""
        return view_of(cls("ok", owner_id, message_id, stamp, expires))

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        # Where it was posted is this button's own message (when the channel reads it): edited below.
        try:
            entry, kept = await bot.store.entries.delete_told_by_interaction(
                interaction.user.id, self.message_id, stamp=self.stamp
            )
        except EditedSinceError as since:
            await ask_again(interaction, bot, since.entry)
            return
        if entry is None:
            if is_public(interaction):  # the channel's post: "already gone" is the lifter's news
                await interaction.response.send_message(GONE, ephemeral=True, allowed_mentions=replies.NO_PINGS)
            else:
                await interaction.response.edit_message(content=GONE, view=None)
            return
        await interaction.response.edit_message(content=deleted_text(entry), view=None)  # the post, if public
        if kept is not None:  # kept with the delete, for a process that died before the edit above
            await posts.rewrite_post_unless(bot, kept, edited=interaction.message)


async def ask_again(interaction: discord.Interaction, bot: HipThrustBot, entry: Entry) -> None:
    """Undo pressed after the entry was edited elsewhere: the presser alone is shown it as it is
    now, with /undo's question and buttons (a new answer, with a lifetime of its own), and the reply
    under the line is left as it is; Delete it there marks it, as /undo does."""
    view = UndoButton.pair(entry.id, form_stamp(entry), expiry_stamp(bot.clock()))
    await interaction.response.send_message(edited_since_asked(entry), view=view, ephemeral=True,
                                            allowed_mentions=replies.NO_PINGS)
    expirer_of(bot).schedule(interaction)


class ChatStorePending(Owned, Waiting, ConfirmButton, prefix="cs", fields={"uid": int, "mid": int}, expiring=True):
    """Store anyway / Cancel for an implausible load typed in chat; the message id keys the pending row."""

    confirm_label = "Store anyway"
    cancelled = CANCELLED
    expired = QUESTION_EXPIRED
    corrected: ClassVar[bool] = False  # True: store the weight "Did you mean …?" offered

    def __init__(self, act: str, owner_id: int, message_id: int, expires: str) -> None:
        super().__init__(act, owner_id, message_id, expires)
        self.owner_id, self.message_id = owner_id, message_id

    @staticmethod
    def offer(owner_id: int, message_id: int, expires: str, guess: NewEntry | None) -> discord.ui.View:
        """The buttons under "Did you mean …?": "Store 37.5 kg" (the weight it offers, if any),
        Store anyway, Cancel."""
        parts = (owner_id, message_id, expires)
        corrected = [] if guess is None else [ChatStoreCorrected.of(guess, *parts)]
        return view_of(*corrected, ChatStorePending("ok", *parts), ChatStorePending("no", *parts))

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        user_id = interaction.user.id
        stored, _ = await store_pending(
            bot, user_id, self.message_id, again="send the line again", corrected=self.corrected
        )
        # Stored by this press or by one just before it (a double click): the answer is the same.
        await show_stored(interaction, bot, stored, self.message_id, str(self.expires))


class ChatStoreCorrected(ChatStorePending, prefix="cf"):
    """The weight "Did you mean …?" offers for a chat line ("Store 37.5 kg"), not the one typed."""

    confirm_style = discord.ButtonStyle.primary
    corrected = True

    @classmethod
    def of(cls, guess: NewEntry, owner_id: int, message_id: int, expires: str) -> ChatStoreCorrected:
        button = cls("ok", owner_id, message_id, expires)
        button.item.label = store_label(guess)
        return button


class ChatPick(Owned, Waiting, ConfirmButton, prefix="cp", fields={"uid": int, "mid": int, "pick": int}, expiring=True):
    """One reading of a line such as `10x3` (or Cancel); the readings wait under the message id."""

    confirm_label = "Pick"
    confirm_style = discord.ButtonStyle.primary
    cancelled = CANCELLED
    expired = QUESTION_EXPIRED

    def __init__(self, act: str, owner_id: int, message_id: int, pick: int, expires: str, *,
                 label: str | None = None) -> None:
        super().__init__(act, owner_id, message_id, pick, expires)
        self.owner_id, self.message_id, self.pick = owner_id, message_id, pick
        if label is not None:
            button: Any = self.item
            button.label = label

    @classmethod
    def offer(cls, owner_id: int, message_id: int, readings: tuple[NewEntry, NewEntry], expires: str
             ) -> discord.ui.View:
        """A button for each reading, then Cancel."""
        first, second = readings
        return view_of(
            cls("ok", owner_id, message_id, 0, expires, label=pick_label(first, second)),
            cls("ok", owner_id, message_id, 1, expires, label=pick_label(second, first)),
            cls("no", owner_id, message_id, 0, expires),
        )

    async def confirm(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        user_id = interaction.user.id
        entry = await bot.store.pending.pick(self.message_id, user_id, self.pick, bot.clock())
        if entry is None:
            # Within the buttons' lifetime (the readings wait as long), so another press took them.
            # Asked before the log: "Did you mean …?" stores and leaves in one step.
            if await bot.store.pending.asks_first(self.message_id, user_id, bot.clock()):
                raise UserError(CHOICE_ASKS)
            stored = await bot.store.entries.by_interaction(user_id, self.message_id)
            if stored is None:  # cancelled, or stored and undone since
                raise UserError(CHOICE_ANSWERED)
            # Picked by a press just before this one (a double click): answer as that one did.
            await show_stored(interaction, bot, stored, self.message_id, str(self.expires))
            return
        answer = await logger_of(bot).store(user_id, self.message_id, entry, public=is_public(interaction),
                                            expires=str(self.expires))
        await interaction.response.edit_message(content=answer.text, view=answer.view,
                                                allowed_mentions=replies.NO_PINGS)
        await remember_reply(bot, interaction, answer, self.message_id)


BUTTONS = (ChatUndo, ChatStorePending, ChatStoreCorrected, ChatPick)
