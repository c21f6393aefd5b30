"""/history's Previous with a real database and fake interactions: the page it shows is read
once, with the sessions it found the page's start from, and is the page Next would show from there."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import discord
import pytest

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.interactions.buttons import expiry_stamp, view_of
from bot.logbook.entries import Entry, NewEntry
from cogs.logbook.history import PageButton, page_of
from cogs.logbook.render import entry_option
from tests.fakes import FakeInteraction, offline_bot
from tests.stored import add_entry

_ids = itertools.count(60_000)
NEWEST = date(2026, 10, 25)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[HipThrustBot]:
    """A bot whose lifter 1 has 25 sessions of one entry, one a day up to NEWEST."""
    store = await Store.open(tmp_path / "history.db")
    bot = offline_bot(store)
    for back in range(25):
        entry = NewEntry(NEWEST - timedelta(days=back), "barbell", 1, 10, 100.0, "kg", None, None)
        await add_entry(store, 1, entry, setup_id=None, interaction_id=None, when=datetime.now(UTC))
    yield bot
    await bot.close()
    await store.close()


async def previous(bot: HipThrustBot, end: int, reads: list[int]) -> tuple[list[str], str, dict[str, Any]]:
    """Previous pressed on a page that starts at session `end`: the dates it lists, its footer,
    and its buttons by label (where each leads, and whether it is enabled)."""
    click = FakeInteraction(id=next(_ids), user_id=1, client=bot, type=discord.InteractionType.component)
    await PageButton("", end, "p", expiry_stamp(bot.clock())).handle(click)
    [shown] = click.sent
    assert shown.how == "edit_message"
    embed, view = shown.embed, shown.kwargs["view"]
    dates = [line.split("`")[1] for line in embed.description.splitlines()]
    buttons = {c.item.label: (c.start, not c.item.disabled) for c in view.children if isinstance(c, PageButton)}
    assert len(reads) == 1, "one read of the sessions for the click"
    reads.clear()
    return dates, embed.footer.text, buttons


def days(first: int, last: int) -> list[str]:
    """ISO dates `first`..`last` sessions back from the newest, newest first."""
    return [(NEWEST - timedelta(days=back)).isoformat() for back in range(first, last + 1)]


async def test_previous_reads_once_and_shows_the_whole_page_before(
    bot: HipThrustBot, monkeypatch: pytest.MonkeyPatch
) -> None:
    reads: list[int] = []
    entries = bot.store.entries
    read = entries.session_page

    async def counted(*args: Any, **kwargs: Any) -> Any:
        reads.append(kwargs["limit"])
        return await read(*args, **kwargs)

    monkeypatch.setattr(entries, "session_page", counted)
    assert await previous(bot, 10, reads) == (days(0, 9), "Sessions 1–10 · newest first",
                                              {"Previous": (0, False), "Next": (10, True)})
    # Five sessions logged since the page starting at 15 was shown: the page before it is the
    # whole page Next shows from 10, reaching past 15 and on to Next's 20, not cut at 15.
    assert await previous(bot, 15, reads) == (days(10, 19), "Sessions 11–20 · newest first",
                                              {"Previous": (10, True), "Next": (20, True)})
    # Sessions deleted since: the last page there is, with no Next.
    assert await previous(bot, 40, reads) == (days(20, 24), "Sessions 21–25 (the last) · newest first",
                                              {"Previous": (20, True), "Next": (25, False)})


async def test_a_page_writes_its_menus_and_buttons_as_discord_ui_would() -> None:
    """A page's components are written as JSON, not built as discord.ui items (issue 32): the
    same JSON, menu for menu and option for option, as the items the page used to build. Two
    menus (30 entries), a long note cut, an entry without one, and both page buttons."""
    notes = [None, "felt strong", "x" * 150]
    sessions = [
        [Entry(NEWEST - timedelta(days=day), "barbell", 3, 10, 100.0 + part, "kg", 8.0 if part else None,
               notes[(day + part) % 3], id=100 + 3 * day + part) for part in range(3)]
        for day in range(10)
    ]  # fmt: skip
    stamp = expiry_stamp(datetime(2026, 10, 25, tzinfo=UTC))
    _, view = page_of(sessions, True, "barbell", 10, stamp)
    assert view is not None

    entries = [entry for session in sessions for entry in session]
    items: list[discord.ui.Item[Any]] = []
    for part, first in enumerate((0, 25)):
        shown = entries[first : first + 25]
        options = [
            discord.SelectOption(label=label, value=str(entry.id), description=description)
            for entry in shown
            for label, description in [entry_option(entry)]
        ]
        span = f" ({first + 1}–{first + len(shown)})" if part else ""
        items.append(discord.ui.Select(custom_id=f"he:barbell:10:{part}:{stamp}",
                                       placeholder=f"Edit or delete an entry{span}…", options=options))
    items += [
        discord.ui.Button(label="Previous", custom_id=f"hs:barbell:10:p:{stamp}"),
        discord.ui.Button(label="Next", custom_id=f"hs:barbell:20:n:{stamp}"),
    ]
    as_items = view_of(*items).to_components()
    assert view.to_components() == as_items
    assert [len(row["components"]) for row in as_items] == [1, 1, 2]
    assert len(as_items[0]["components"][0]["options"]) == 25
    assert {len(option.get("description", "")) for option in as_items[0]["components"][0]["options"]} == {0, 11, 100}
    assert view.is_finished()  # nothing kept: clicks reach the registered items
    assert not view.children
