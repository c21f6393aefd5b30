"""`/records`: a lifter's best set per rep count and best estimated 1RM, per variant and setup."""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions import limits, replies
from bot.interactions.contexts import servers_and_dms
from bot.logbook.entries import VARIANTS, Variant, check_choice
from bot.logbook.units import format_number, format_weight, from_kg
from bot.nudges.words import PLATE_STACK_HEADING
from bot.progress.e1rm import MAX_ESTIMATE_REPS, METHOD_LABELS, shown
from bot.progress.records import MAX_REP_BUCKET, MORE, BestSet, OneRepMax, SetupRecords, build_records
from cogs.logbook.render import log_example

EMBED_BUDGET = limits.EMBED_CHARS_PER_MESSAGE - 200  # of the characters an embed may hold: room for the footer


def _reps(count: int) -> str:
    if count == MORE:
        return f"{MAX_REP_BUCKET + 1}+ reps"
    return f"{count} rep{'s' if count != 1 else ''}"


def _as_logged(best: BestSet, unit: str, noted: bool = True) -> str:
    """ " (logged as 225 lb)" for a set logged in another unit than the one the records are in."""
    return "" if best.unit == unit or not noted else f" (logged as {format_weight(best.weight, best.unit)})"


def _set_line(count: int, best: BestSet, unit: str, as_logged: bool = True) -> str:
    load = format_weight(best.load_in(unit), unit)
    what = f"{best.reps} reps at {load}" if count == MORE else load
    return f"{_reps(count)}: **{what}**{_as_logged(best, unit, as_logged)} · {best.day.isoformat()}"


def _max_line(best: OneRepMax, unit: str, as_logged: bool = True) -> str:
    source = best.source
    effort = f", RPE {format_number(source.rpe)}" if source.rpe is not None and best.method == "rts" else ""
    load = format_weight(source.load_in(unit), unit) + _as_logged(source, unit, as_logged)
    return (
        f"Best estimated 1RM: **{format_number(shown(from_kg(best.kg, unit)))} {unit}** · {source.day.isoformat()}"
        f" (from {source.reps} reps at {load}{effort}; {METHOD_LABELS[best.method]})"
    )


def _lines(records: SetupRecords, unit: str, *, as_logged: bool = True) -> str:
    lines = [_set_line(count, best, unit, as_logged) for count, best in records.by_reps]
    if records.one_rep_max is not None:
        lines.append(_max_line(records.one_rep_max, unit, as_logged))
    return "\n".join(lines)


def _field(records: SetupRecords, unit: str, current_setup_id: int | None) -> tuple[str, str]:
    lead = f"{records.variant} · "
    mark = " (current)" if records.setup_id is not None and records.setup_id == current_setup_id else ""
    # A setup escaped can be twice its 200 characters: cut to leave the mark its room.
    room = limits.FIELD_NAME - len(lead) - len(mark)
    setup = replies.escape_within(records.setup, room) if records.setup else "no setup recorded"
    value = _lines(records, unit)
    if len(value) > limits.FIELD_VALUE:  # the loads as logged in another unit are what can go
        value = _lines(records, unit, as_logged=False)
    if len(value) > limits.FIELD_VALUE:
        value = value[: limits.FIELD_VALUE - 1] + "…"
    return lead + setup + mark, value


def records_embed(
    board: Sequence[SetupRecords], *, unit: str, variant: str | None, current_setup_id: int | None
) -> discord.Embed:
    """The records as one embed within Discord's limits; what does not fit is counted in the footer."""
    embed = discord.Embed(
        title="Your hip thrust records" + (f" ({variant})" if variant else ""),
        description=(
            f"Your best set for each rep count and your best estimated 1RM (from sets of at most "
            f"{MAX_ESTIMATE_REPS} reps), in {unit}. Each compares like with like: the same variant, setup and "
            "reps, where more load is progress when the range and top position held, with control, no bounce and no "
            "soreness or fatigue carried into the work that matters more. In the guide's words: "
            f"“{PLATE_STACK_HEADING}”."
        ),
    )
    used = len(embed.title or "") + len(embed.description or "")
    shown = 0
    for records in board:
        name, value = _field(records, unit, current_setup_id)
        if shown == limits.FIELDS_PER_EMBED or used + len(name) + len(value) > EMBED_BUDGET:
            break
        embed.add_field(name=name, value=value, inline=False)
        used += len(name) + len(value)
        shown += 1
    left = len(board) - shown
    if left:
        hint = "" if variant else " Ask for one variant with `/records variant:`."
        embed.set_footer(text=f"{left} more variant and setup combination{'s' if left != 1 else ''} not shown.{hint}")
    return embed


def nothing_yet(variant: str | None) -> str:
    """The answer when no loaded set is logged (bodyweight sets set no record)."""
    which = f"{variant} " if variant else ""
    return (
        f"No {which}records yet: records come from loaded sets (bodyweight sets set none). "
        f"Log one with {log_example(variant)}."
    )


class RecordsCog(commands.Cog):
    def __init__(self, bot: HipThrustBot) -> None:
        self.bot = bot

    @app_commands.command(name="records", description="Your best set per rep count and best estimated 1RM")
    @servers_and_dms
    @app_commands.describe(variant="Only this variant (default: all)")
    async def records(self, interaction: discord.Interaction, variant: Variant | None = None) -> None:
        if variant is not None:
            check_choice("variant", variant, VARIANTS)
        found = await self.bot.store.logbook.record_inputs(interaction.user.id, variant)
        prefs = found.prefs
        board = build_records(
            found.sets, found.setups, chart=self.bot.content.rts_chart, variants=VARIANTS,
            current_setup_id=prefs.current_setup_id,
        )  # fmt: skip
        if not board:
            await replies.send(interaction, ephemeral=True, content=nothing_yet(variant))
            return
        embed = records_embed(board, unit=prefs.unit, variant=variant, current_setup_id=prefs.current_setup_id)
        await replies.send(interaction, ephemeral=True, embed=embed)
