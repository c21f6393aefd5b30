"""`/log` (its "Did you mean …?" question and buttons are in `held`) and `/undo`."""

from __future__ import annotations

import functools

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.db.logbook_jobs import LogOutcome
from bot.errors import NotFoundError
from bot.interactions import replies
from bot.interactions.buttons import expiry_stamp
from bot.interactions.confirm import ConfirmButton, EditStamp
from bot.interactions.contexts import servers_and_dms
from bot.interactions.expirer import Expirer
from bot.logbook.checks import date_suggestions, validate_log
from bot.logbook.describe import deleted_text, describe_entry
from bot.logbook.edits import EditedSinceError, form_stamp
from bot.logbook.entries import MAX_NOTE, REPS, RPE, SETS, Variant, today_in
from bot.logbook.units import MAX_WEIGHT, Unit
from bot.nudges.citations import Citations
from bot.nudges.history import HISTORY_SESSIONS
from cogs.logbook.held import StorePending, hold_implausible
from cogs.logbook.posts import remember, tell_deleted
from cogs.logbook.render import WEIGHT_LABEL, edited_since_asked, span, up_to
from cogs.logbook.stored_reply import logged_text

# /undo leaves imports to `/import undo`, which takes one back whole.
IMPORTED_AFTER = "An import came after it: `/import undo` takes back your last import as a whole."
NO_IMPORT_TO_UNDO = (
    "You have no entries logged with /log or in chat to undo; `/import undo` takes back your last import."
)

# Discord enforces the option bounds before /log runs; validate_log checks every limit again
# (payloads can arrive unchecked), the weight against the chosen unit's own top. So the weight
# option allows the loosest unit's top.
WEIGHT_TOP = max(MAX_WEIGHT.values())


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
