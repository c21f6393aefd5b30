"""Admission through the real client: one command at a time still answers everything, a defer
frees the slot at once, a slot is free as soon as its answer leaves (not when Discord's reply to it
comes back), and no path (an error included) keeps one."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any, TypeVar

import pytest

from bot.client import HipThrustBot
from bot.interactions.admission import Admission
from bot.interactions.tree import HipThrustTree
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import HeldAnswers
from tests.e2e.logbook_helpers import seed_sessions, today

pytestmark = pytest.mark.e2e
T = TypeVar("T")


class HeldCharts:
    """The chart worker, held back until `go` is set (then drawn in-process)."""

    def __init__(self) -> None:
        self.go = asyncio.Event()
        self.waiting = asyncio.Event()

    async def call(self, fn: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
        self.waiting.set()
        await self.go.wait()
        return fn(*args, **kwargs)


async def test_a_slot_is_free_as_soon_as_the_answer_leaves(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    tree = hipbot.tree
    assert isinstance(tree, HipThrustTree)
    tree.admission = Admission(limit=1)
    held = HeldAnswers()
    imitation.core.answer_travel = held
    try:
        # One slot, and not one answer acknowledged: a command that held its slot until Discord
        # replied would keep every later one out. Each kind of first answer frees it as it leaves:
        # a defer, a message, an error from the funnel, the guide's sections.
        chart = asyncio.create_task(driver.slash("progress"))
        await asyncio.wait_for(held.arrived.wait(), 10)  # its defer: the rest waits for Discord's reply
        replies = await asyncio.gather(
            driver.slash("ping"),
            driver.slash("log", weight=100, reps=10),
            driver.slash("log", {"weight": 100, "reps": 10, "date": "not a date"}),  # refused by the bot
            driver.slash("history"),
            driver.slash("hipthrust quick"),
        )
        assert replies[0].content.startswith("Pong")
        assert replies[1].content.startswith("**Logged**")
        assert replies[2].content.startswith("**date** must be")
        assert replies[3].embeds
        assert replies[4].embeds
        assert [request.rsplit("/", 1)[-1] for request in held.held] == ["callback"] * 6  # all first answers
        assert (tree.admission.admitted, tree.admission.waiting) == (0, 0)
        assert not chart.done()
    finally:
        held.go.set()
        imitation.core.answer_travel = None
    progress = await chart  # once Discord's reply to its defer is in
    assert progress.content or progress.attachments


async def test_a_deferred_chart_does_not_hold_up_the_next_command(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    tree = hipbot.tree
    assert isinstance(tree, HipThrustTree)
    tree.admission = Admission(limit=1)
    charts = HeldCharts()
    monkeypatch.setattr(hipbot, "charts", charts)
    await seed_sessions(hipbot, driver.user("member").id, 3, end=today(imitation))
    chart = asyncio.create_task(driver.slash("progress"))  # defers, then waits for the chart
    await asyncio.wait_for(charts.waiting.wait(), 5)
    # One slot, and /progress is still drawing: /ping gets in only because the defer freed it.
    ping = await asyncio.wait_for(driver.slash("ping", user="moderator"), 5)
    assert ping.content.startswith("Pong")
    assert not chart.done()
    charts.go.set()
    assert (await chart).attachments
    assert tree.admission.admitted == 0


async def test_every_path_gives_its_slot_back(hipbot: HipThrustBot, driver: Driver) -> None:
    tree = hipbot.tree
    assert isinstance(tree, HipThrustTree)
    tree.admission = Admission(limit=1)
    replies = await asyncio.gather(
        driver.slash("log", weight=100, reps=10),
        driver.slash("log", {"weight": 100, "reps": 10, "date": "not a date"}),  # refused by the bot
        driver.slash("nudge"),
        driver.slash("history"),
        driver.slash("ping"),
    )
    assert replies[0].content.startswith("**Logged**")
    assert replies[1].content.startswith("**date** must be")
    assert all(reply.content or reply.embeds for reply in replies)
    assert tree.admission.admitted == 0
