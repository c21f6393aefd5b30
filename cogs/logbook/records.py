"""`/records`: a lifter's best set per rep count and best estimated 1RM, per variant and setup, in
pages of what one embed holds (25 fields, 6,000 characters), turned with Previous and Next."""

from __future__ import annotations

from collections.abc import Sequence

import discord
from discord import app_commands
from discord.ext import commands

from bot.client import HipThrustBot
from bot.interactions import limits, replies
from bot.interactions.buttons import Prebuilt, expiry_stamp
from bot.interactions.contexts import servers_and_dms
from bot.interactions.expirer import Expirer
from bot.interactions.pages import row
from bot.interactions.paging import PagingButton
from bot.logbook.checks import check_choice
from bot.logbook.entries import VARIANTS, Variant
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


def paged(fields: Sequence[tuple[str, str]], room: int) -> list[list[tuple[str, str]]]:
    """The fields (name, value) in order, as many a page as fit: at most 25, and names and values
    of at most `room` characters in all (a page holds one field, however long)."""
    pages: list[list[tuple[str, str]]] = [[]]
    used = 0
    for name, value in fields:
        size = len(name) + len(value)
        if pages[-1] and (len(pages[-1]) == limits.FIELDS_PER_EMBED or used + size > room):
            pages.append([])
            used = 0
        pages[-1].append((name, value))
        used += size
    return pages


def records_page(
    board: Sequence[SetupRecords], *, unit: str, variant: str | None, current_setup_id: int | None, page: int = 0
) -> tuple[discord.Embed, int, int]:
    """A page of the records as an embed within Discord's limits (the first, the current setup's
    first), the page shown (`page`, or the last there is) and how many pages there are."""
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
    room = EMBED_BUDGET - len(embed.title or "") - len(embed.description or "")
    pages = paged([_field(records, unit, current_setup_id) for records in board], room)
    page = min(page, len(pages) - 1)
    for name, value in pages[page]:
        embed.add_field(name=name, value=value, inline=False)
    if len(pages) > 1:
        embed.set_footer(text=f"Page {page + 1} of {len(pages)}")
    return embed, page, len(pages)


def page_buttons(variant: str, page: int, pages: int, expires: str) -> Prebuilt | None:
    """Previous and Next, or None when the records fit one page."""
    if pages <= 1:
        return None
    return Prebuilt([row(
        RecordsPageButton.component(variant, max(page - 1, 0), "p", expires, disabled=page == 0),
        RecordsPageButton.component(variant, page + 1, "n", expires, disabled=page + 1 >= pages),
    )])  # fmt: skip


async def render_page(
    bot: HipThrustBot, user_id: int, variant: str | None, page: int, expires: str
) -> tuple[discord.Embed | None, Prebuilt | None]:
    """The lifter's records as they are now, at `page` (None when there are none)."""
    found = await bot.store.logbook.record_inputs(user_id, variant)
    prefs = found.prefs
    board = build_records(
        found.sets, found.setups, chart=bot.content.rts_chart, variants=VARIANTS,
        current_setup_id=prefs.current_setup_id,
    )  # fmt: skip
    if not board:
        return None, None
    embed, page, pages = records_page(
        board, unit=prefs.unit, variant=variant, current_setup_id=prefs.current_setup_id, page=page
    )
    return embed, page_buttons(variant or "", page, pages, expires)


class RecordsPageButton(PagingButton, prefix="rc"):
    """Previous/Next of /records: its place is the number of the page to show."""

    async def turn(self, interaction: discord.Interaction, bot: HipThrustBot) -> None:
        variant = self.variant or None
        # Read again: sets logged or deleted since may have moved the page, or emptied the records.
        embed, view = await render_page(bot, interaction.user.id, variant, self.place, self.expires)
        content = nothing_yet(variant) if embed is None else None
        await interaction.response.edit_message(
            content=content, embed=embed, view=view, allowed_mentions=replies.NO_PINGS
        )


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
        self.expirer = Expirer()

    async def cog_unload(self) -> None:
        self.expirer.cancel_all()

    @app_commands.command(name="records", description="Your best set per rep count and best estimated 1RM")
    @servers_and_dms
    @app_commands.describe(variant="Only this variant (default: all)")
    async def records(self, interaction: discord.Interaction, variant: Variant | None = None) -> None:
        if variant is not None:
            check_choice("variant", variant, VARIANTS)
        embed, view = await render_page(self.bot, interaction.user.id, variant, 0, expiry_stamp(self.bot.clock()))
        if embed is None:
            await replies.send(interaction, ephemeral=True, content=nothing_yet(variant))
            return
        if view is None:  # one page: no buttons to expire
            await replies.send(interaction, ephemeral=True, embed=embed)
            return
        await replies.send(interaction, ephemeral=True, embed=embed, view=view)
        self.expirer.schedule(interaction)
