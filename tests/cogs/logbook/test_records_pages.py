"""/records in pages: every variant and setup combination on one page or another, in the order
they come (the current setup first), each page within Discord's limits on an embed."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime

import discord
import pytest

from bot.interactions import limits
from bot.interactions.buttons import expiry_stamp, view_of
from bot.logbook.entries import VARIANTS
from bot.logbook.units import to_kg
from bot.progress.records import BestSet, SetupRecords, build_records
from cogs.logbook.records import EMBED_BUDGET, page_buttons, paged, records_page
from tests.content import shipped_content

STAMP = expiry_stamp(datetime(2026, 11, 20, tzinfo=UTC))


def _sets(variant: str, setup_id: int, reps: range, unit: str) -> list[BestSet]:
    return [BestSet(variant, setup_id, count, 8.0, 300.0 - count, unit, to_kg(300.0 - count, unit),
                    date(2026, 11, 1 + count % 28), setup_id * 100 + count) for count in reps]


def _board(setups: int, *, reps: range, unit: str = "kg", setup: str = "bench {n} cm",
           current: int | None = None) -> list[SetupRecords]:
    """`setups` setups for each of three variants, each with a record at every count of `reps`."""
    sets = [best for n in range(1, setups + 1) for variant in ("barbell", "machine", "smith")
            for best in _sets(variant, n, reps, unit)]
    described = {n: setup.format(n=n) for n in range(1, setups + 1)}
    return build_records(sets, described, chart=shipped_content().rts_chart, variants=VARIANTS,
                         current_setup_id=current)


def _pages(board: list[SetupRecords], current: int | None, unit: str = "kg") -> list[discord.Embed]:
    """Every page, checked within Discord's limits, its footer saying which it is."""
    first, _, count = records_page(board, unit=unit, variant=None, current_setup_id=current)
    pages = [first] + [records_page(board, unit=unit, variant=None, current_setup_id=current, page=n)[0]
                       for n in range(1, count)]
    for number, embed in enumerate(pages, 1):
        assert len(embed) <= limits.EMBED_CHARS_PER_MESSAGE
        assert 1 <= len(embed.fields) <= limits.FIELDS_PER_EMBED
        assert all(len(f.name or "") <= limits.FIELD_NAME and len(f.value or "") <= limits.FIELD_VALUE
                   for f in embed.fields)
        assert embed.footer.text == (f"Page {number} of {count}" if count > 1 else None)
    return pages


def _names(pages: list[discord.Embed]) -> list[list[str]]:
    return [[field.name or "" for field in embed.fields] for embed in pages]


def test_fields_go_on_a_page_while_both_limits_hold() -> None:
    sized = [(f"f{n}", "x" * 98) for n in range(5)]  # 100 characters each
    assert [[name for name, _ in page] for page in paged(sized, 250)] == [["f0", "f1"], ["f2", "f3"], ["f4"]]
    many = [(f"f{n}", "") for n in range(60)]
    assert [len(page) for page in paged(many, 10_000)] == [25, 25, 10]
    # A field longer than the room still gets a page of its own, and pushes nothing off another.
    assert [[name for name, _ in page] for page in paged([("a", "x"), ("b", "x" * 500), ("c", "x")], 100)] == [
        ["a"], ["b"], ["c"]]
    assert paged([], 100) == [[]]


def test_many_short_combinations_page_by_25_fields() -> None:
    board = _board(20, reps=range(8, 11), current=7)  # 60 combinations of a few lines
    pages = _pages(board, 7)
    assert [len(embed.fields) for embed in pages] == [25, 25, 10]
    names = [name for page in _names(pages) for name in page]
    assert names[0] == "barbell · bench 7 cm (current)"  # the current setup first, as on one page
    assert len(names) == len(set(names)) == len(board)  # each combination once, none left out
    assert names[1:4] == ["barbell · bench 20 cm", "barbell · bench 19 cm", "barbell · bench 18 cm"]
    assert names[-1] == "smith · bench 1 cm"


def test_long_combinations_page_by_the_embeds_characters() -> None:
    # Every rep count, logged in lb and shown in kg ("logged as" on each line), under setups whose
    # markup doubles once escaped: ~1,250 characters a field, four a page at most.
    board = _board(8, reps=range(1, 23), unit="lb", setup="*_{n}_*" * 28)
    pages = _pages(board, None)
    assert len(pages) > len(board) // limits.FIELDS_PER_EMBED + 1  # the characters, not the 25 fields, decide
    names = [name for page in _names(pages) for name in page]
    assert len(names) == len(set(names)) == len(board)
    for embed, after in itertools.pairwise(pages):  # each page as full as the next field allows
        moved = after.fields[0]
        shown = len(embed) - len(embed.footer.text or "")
        assert shown + len(moved.name or "") + len(moved.value or "") > EMBED_BUDGET


def test_records_that_fit_one_page_show_no_footer_and_no_buttons() -> None:
    board = _board(2, reps=range(8, 11), current=2)
    embed, page, count = records_page(board, unit="kg", variant=None, current_setup_id=2)
    assert (page, count) == (0, 1)
    assert embed.footer.text is None
    assert _names([embed])[0][0] == "barbell · bench 2 cm (current)"
    assert page_buttons("", page, count, STAMP) is None


def test_a_page_past_the_last_shows_the_last() -> None:
    """Combinations deleted since the page was shown: the last page there is."""
    board = _board(20, reps=range(8, 11))
    last, page, count = records_page(board, unit="kg", variant=None, current_setup_id=None, page=7)
    assert (page, count) == (2, 3)
    assert last.footer.text == "Page 3 of 3"


@pytest.mark.parametrize(("page", "previous", "following"), [(0, False, True), (1, True, True), (2, True, False)])
async def test_the_buttons_are_written_as_discord_ui_would_and_lead_to_the_pages_either_side(
        page: int, previous: bool, following: bool) -> None:
    view = page_buttons("machine", page, 3, STAMP)
    assert view is not None
    items = view_of(
        discord.ui.Button(label="Previous", custom_id=f"rc:machine:{max(page - 1, 0)}:p:{STAMP}",
                          disabled=not previous),
        discord.ui.Button(label="Next", custom_id=f"rc:machine:{page + 1}:n:{STAMP}", disabled=not following),
    )
    assert view.to_components() == items.to_components()
    assert all(len(button["custom_id"]) <= limits.CUSTOM_ID for button in view.to_components()[0]["components"])
    assert view.is_finished()  # nothing kept: clicks reach the registered items
