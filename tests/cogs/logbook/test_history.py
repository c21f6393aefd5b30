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
from bot.interactions.buttons import expiry_stamp
from bot.logbook.entries import NewEntry
from bot.settings import Settings
from cogs.logbook.history import PageButton
from tests.content import shipped_content
from tests.fakes import FakeClock, FakeInteraction
from tests.stored import add_entry

_ids = itertools.count(60_000)
NEWEST = date(2026, 10, 25)


@pytest.fixture
async def bot(tmp_path: Path) -> AsyncIterator[HipThrustBot]:
    """A bot whose lifter 1 has 25 sessions of one entry, one a day up to NEWEST."""
    store = await Store.open(tmp_path / "history.db")
    bot = HipThrustBot(Settings(), store, content=shipped_content(), clock=FakeClock(), extensions=[])
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
