"""The command tree and the one funnel that answers every failed interaction.

The funnel answers `UserError` kinds (`bot.errors`) ephemerally, escaping whatever the user typed
as it words them, and Discord's own trouble (a 429 or 5xx discord.py gave up on, a rate limit longer
than the bot waits: `bot.interactions.rate_limits`) in plain words, with when to try again, logged
as a warning. A message the answer was changing that is gone meanwhile (10008) gets no answer, as
nowhere is left to show one. Anything else is logged with its traceback and a short error id, and
the user sees an apology naming that id. Error text is never public, even after a public defer.
"""

from __future__ import annotations

import logging
import secrets
import weakref
from typing import Any

import discord
from discord import app_commands

from bot.db.faults import storage_fault, storage_fault_message
from bot.errors import CooldownError, MissingPermissionError, UserError, ValidationError, discord_unavailable, quoted
from bot.interactions import admission, replies
from bot.interactions.admission import Admission
from bot.interactions.codes import UNKNOWN_MESSAGE, discord_side
from bot.interactions.option_types import first_misfit
from bot.interactions.rate_limits import UNSERVED
from bot.operations import log_context, outcomes
from bot.operations.metrics import ANSWERED_ELSEWHERE, DEADLINE_MISSED, UNEXPECTED_ERROR, USER_ERROR, Metrics

log = logging.getLogger(__name__)

ALREADY_ACKNOWLEDGED = 40060
UNKNOWN_INTERACTION = 10062
# Discord's app sent a command (or options) this version of the bot no longer has.
STALE_COMMAND = "This command has changed since your Discord app loaded it. Reload Discord (Ctrl+R) and try again."
PUBLIC_FAILURE_NOTICE = "This request could not be completed. The details were sent to you privately."
# A button, menu or form that nothing in this version answers (its custom_id matches none of it).
NOTHING_ANSWERS = "This no longer does anything: it may be from an earlier version of the bot. Run the command again."


def describe(error: BaseException) -> str | None:
    """The user-facing text for an error we expect, or None for an unexpected one."""
    if isinstance(error, UserError):
        return error.message
    if isinstance(error, app_commands.NoPrivateMessage):
        return "This command works only in a server."
    if isinstance(error, app_commands.MissingPermissions):
        return MissingPermissionError(error.missing_permissions, whose="you").message
    if isinstance(error, app_commands.BotMissingPermissions):
        return MissingPermissionError(error.missing_permissions).message
    if isinstance(error, app_commands.CommandOnCooldown):
        return CooldownError(error.retry_after).message
    if isinstance(error, app_commands.CommandSignatureMismatch | app_commands.CommandNotFound):
        return STALE_COMMAND
    if isinstance(error, app_commands.TransformerError):
        return f"That value could not be used: {quoted(error.value)}."
    if isinstance(error, app_commands.CheckFailure):
        return "You cannot use this command here."
    return None


def _unwrap(error: BaseException) -> BaseException:
    while isinstance(error, app_commands.CommandInvokeError | app_commands.TransformerError):
        inner = error.__cause__ if isinstance(error, app_commands.TransformerError) else error.original
        if inner is None or (isinstance(error, app_commands.TransformerError) and not isinstance(inner, UserError)):
            break
        error = inner
    return error


async def answer_error(interaction: discord.Interaction, error: BaseException) -> None:
    """The funnel: turn any failure of an interaction into one private answer, never a traceback."""
    error = _unwrap(error)
    if isinstance(error, discord.HTTPException) and error.code == ALREADY_ACKNOWLEDGED:
        # Answered elsewhere: the client drops a redelivery it has seen, so another process answered
        # it (or this bot before a restart, which Discord then delivered again).
        log.warning(
            "interaction %s (%s) was already answered elsewhere (40060): if this repeats, another process"
            " with this token serves its shard, and only one may (README, \"Scaling out\")",
            interaction.id, _where(interaction),
        )
        outcomes.failed(interaction, ANSWERED_ELSEWHERE)
        return
    if isinstance(error, discord.NotFound) and error.code == UNKNOWN_INTERACTION:
        log.warning("interaction %s expired before we answered (10062)", interaction.id)
        outcomes.failed(interaction, DEADLINE_MISSED)
        return
    if isinstance(error, discord.NotFound) and error.code == UNKNOWN_MESSAGE:
        # The message the answer was changing was deleted, or an ephemeral one dismissed, meanwhile:
        # the user's (or a moderator's) doing, not a fault, and nowhere is left to show an answer.
        # Counted as the user's, which also keeps a press from being answered as one nothing handles.
        log.info("the message %s was changing is gone (10008): %s", _where(interaction), error)
        outcomes.failed(interaction, USER_ERROR)
        return
    text = describe(error)
    fault = storage_fault(error)
    outcomes.failed(interaction, USER_ERROR if text is not None and fault is None else UNEXPECTED_ERROR)
    if fault is not None:
        log.error("storage is %s in %s", fault, _where(interaction), exc_info=(type(error), error, error.__traceback__))
        text = storage_fault_message(fault)
    if text == STALE_COMMAND:
        log.warning("interaction %s does not match the commands of this version: %s", interaction.id, error)
    if text is None and isinstance(error, discord.HTTPException) and discord_side(error.status):
        # Discord's trouble, not a bug: the operator sees it in the log, the user when to try again.
        log.warning("Discord answered %s in %s: %s", error.status, _where(interaction), error)
        text = discord_unavailable(error.status).message
    if text is None and isinstance(error, discord.RateLimited):
        # A 429 whose wait is longer than the bot waits (bot.interactions.rate_limits).
        log.warning("Discord rate limited %s for %.0f s: not waited", _where(interaction), error.retry_after)
        text = discord_unavailable(429).message
    if text is None:
        error_id = secrets.token_hex(4)
        log.error(
            "unexpected error %s in %s",
            error_id,
            _where(interaction),
            exc_info=(type(error), error, error.__traceback__),
            extra={"error_id": error_id},  # a field of its own in LOG_FORMAT=json
        )
        text = f"Sorry, something went wrong on our side. Error id `{error_id}` was logged."
    if interaction.type is discord.InteractionType.autocomplete:
        return
    try:
        await _send_private(interaction, text)
    except UNSERVED as exc:  # the interaction may be gone; nothing more to do
        log.warning("could not deliver an error answer for %s: %s", interaction.id, exc)


async def _send_private(interaction: discord.Interaction, text: str) -> None:
    if not interaction.response.is_done():
        admission.answering(interaction)
        await interaction.response.send_message(text, ephemeral=True, allowed_mentions=replies.NO_PINGS)
        return
    if replies.public_defer_pending(interaction):
        # Discord makes the first followup after a public defer public whatever its flag says:
        # turn the "thinking…" message into a neutral notice, then send the details privately.
        await replies.edit_original(interaction, content=PUBLIC_FAILURE_NOTICE, embeds=[], view=None)
    await interaction.followup.send(text, ephemeral=True, allowed_mentions=replies.NO_PINGS)


async def answer_unanswered(interaction: discord.Interaction) -> None:
    """A button, menu or form whose handlers all ended without answering it: nothing in this version
    handles it (a message from an earlier version, a form whose custom_id changed). Say so, privately,
    where the user would otherwise see Discord's "This interaction failed"."""
    try:
        await interaction.response.send_message(NOTHING_ANSWERS, ephemeral=True, allowed_mentions=replies.NO_PINGS)
    except UNSERVED as exc:  # too late, or another process answered it
        log.info("could not answer the unanswered interaction %s: %s", interaction.id, exc)
        return
    outcomes.failed(interaction, USER_ERROR)


def _where(interaction: discord.Interaction) -> str:
    try:
        command = interaction.command
    except Exception:  # a payload discord.py cannot read: it is being reported already
        command = None
    if command is not None:
        return f"/{command.qualified_name}"
    data: dict[str, Any] = dict(interaction.data or {})
    return f"component {data.get('custom_id', '?')}"


class HipThrustTree(app_commands.CommandTree):
    """The command tree with our one error funnel, admitting commands a few at a time (see
    `bot.interactions.admission`), counting how each command ended in `metrics`."""

    def __init__(self, client: discord.Client, *, fallback_to_global: bool = True) -> None:
        super().__init__(client, fallback_to_global=fallback_to_global)
        self.admission = Admission()
        self.metrics = Metrics()
        # Each command's option types by option name, worked out on its first use (a command's
        # parameters are rebuilt as objects on every read): a command dropped from the tree
        # leaves with its entry.
        self._option_types: weakref.WeakKeyDictionary[Any, dict[str, int]] = weakref.WeakKeyDictionary()

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        await answer_error(interaction, error)

    async def _call(self, interaction: discord.Interaction) -> None:
        # `_call` is discord.py's private entry point for every application command interaction
        # (and autocomplete); tests/reliability pins this behaviour. Each command is counted once
        # (`outcomes.settle`), after its handler and the funnel are done with it.
        if interaction.type is not discord.InteractionType.application_command:
            try:
                await self._handle(interaction)  # an autocomplete: not counted
            finally:
                outcomes.let_go(interaction)
            return
        received_at = getattr(self.client, "received_at", None)
        outcomes.dispatched(interaction, received_at(interaction.id) if received_at is not None else None)
        with log_context.within(outcomes.command_label(interaction), interaction.guild_id):
            try:
                await self._handle(interaction)
            finally:
                outcomes.settle(interaction, self.metrics)

    def _declared_types(self, data: dict[str, Any]) -> dict[str, int] | None:
        """The option types the invoked slash command declares, by option name (None for a context
        menu, or a command this version lacks: discord.py answers those itself)."""
        if data.get("type", 1) != discord.AppCommandType.chat_input.value:
            return None
        try:
            # discord.py's own lookup of the command a payload names, subcommands followed.
            command, _ = self._get_app_command_options(data)  # type: ignore[arg-type]
        except (app_commands.AppCommandError, AttributeError, KeyError, TypeError):
            return None
        types = self._option_types.get(command)
        if types is None:
            types = self._option_types[command] = {p.display_name: p.type.value for p in command.parameters}
        return types

    async def _handle(self, interaction: discord.Interaction) -> None:
        # discord.py reads the options (float() of every number, int() of every id) before its
        # own try block, and its task wrapper funnels only AppCommandErrors: a payload with a
        # string in a number option would otherwise end with no answer. Check the option types
        # first, and funnel whatever else escapes.
        try:
            command = interaction.type is discord.InteractionType.application_command
            data: dict[str, Any] = dict(interaction.data or {})
            misfit = first_misfit(data.get("options"), self._declared_types(data)) if command else None
            if misfit is not None:
                raise ValidationError(misfit.name, misfit.expected, misfit.shown)
            async with self.admission.slot(interaction):
                await super()._call(interaction)
        except app_commands.AppCommandError as error:
            # Raised before any command ran (a command or options this version lacks), so no
            # command's own error handler applies: funnel it here, as discord.py's task wrapper
            # would, so that the command is counted after its answer.
            interaction.command_failed = True
            await self.on_error(interaction, error)
        except Exception as error:
            interaction.command_failed = True
            await answer_error(interaction, error)
