"""A set typed in chat whose reply is late, and the same line typed again meanwhile: the set gets
one reply with its Undo, whichever goes out first (the late reply, or the answer to the line typed
again), and a refused answer to the line typed again is tried once more there, as any refused
reply is. (The reply refused, retried, and the retype itself: test_chat_log_unanswered.py.)"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.client import HipThrustBot
from bot.operations.metrics import ANSWERED, DEADLINE_MISSED
from bot.sandbox.core import RecordedRequest
from bot.sandbox.driver import Driver
from bot.sandbox.faults import server_error
from bot.sandbox.imitation import Imitation
from bot.sandbox.rest import API
from cogs.chatlog.flow import CHAT_LINE
from cogs.chatlog.render import ANSWERED_MEANWHILE
from tests.e2e.bots import counted
from tests.e2e.chat_helpers import bot_messages, stored
from tests.e2e.logbook_helpers import stored_eventually
from tests.e2e.test_chat_log_unanswered import dm_posts, owed_count

pytestmark = pytest.mark.e2e

LATE = ". (late: Discord turned my first reply down.)"


class HeldPost:
    """Discord's answer to the next message the bot posts, held on its way back until `go` is set:
    the message is in the channel, the bot does not know yet (its other requests go on)."""

    def __init__(self) -> None:
        self.go = asyncio.Event()
        self.held: RecordedRequest | None = None

    async def __call__(self, request: RecordedRequest) -> None:
        if self.held is None and request.method == "POST" and request.path.endswith("/messages") \
                and request.status == 200:
            self.held = request
            await self.go.wait()


def refusals(driver: Driver, count: int) -> bool:
    return sum(r.status == 503 for r in driver.core.requests) == count


async def test_a_line_typed_again_while_the_late_reply_is_on_its_way_does_not_answer_with_the_set_again(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    hipbot.get_cog("ChatLog").late.retry_after = 0.1
    driver.core.faults.append(server_error("POST", f"{API}/channels/{driver.channel('general').id}/messages", 503))
    held = HeldPost()
    imitation.core.answer_travel = held
    first = driver.write("100kg 3x10", channel="general", mention_bot=True)
    # The reply refused, its retry is made but the bot not told yet: the lifter, seeing nothing, types it again.
    await driver.wait_until(lambda: held.held is not None, "the late reply on its way")
    looked: list[Any] = []
    twin = hipbot.store.chat_replies.unanswered_twin

    async def noted(*args: Any, **kwargs: Any) -> Any:
        looked.append(found := await twin(*args, **kwargs))
        return found

    monkeypatch.setattr(hipbot.store.chat_replies, "unanswered_twin", noted)
    again = driver.write("100kg 3x10", channel="general", mention_bot=True)
    await driver.wait_until(lambda: looked != [], "the line typed again to find the unanswered one")
    assert looked[0] is not None
    await driver.settle()
    held.go.set()
    answered = await driver.answer_to(again)
    assert answered.content == ANSWERED_MEANWHILE
    assert answered.buttons() == []  # one Undo for the set: under its late reply
    [late] = driver.answers_to(first)
    assert late.content.splitlines()[0].endswith(LATE), late.content
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    await stored_eventually(lambda: owed_count(hipbot, 0), "the set to be owed its reply no longer")
    undone = await driver.click(late, "Undo")
    assert undone.content.startswith("Deleted: ")
    await driver.settle()
    assert await stored(hipbot, driver) == []
    # Nothing in the channel says the set is logged any more.
    assert [r.content for r in bot_messages(driver) if "**Logged**" in r.content] == []


async def test_a_refused_answer_to_a_line_typed_again_is_tried_once_more_there(
        hipbot: HipThrustBot, driver: Driver) -> None:
    hipbot.get_cog("ChatLog").late.retry_after = 2.0  # long enough to type the line again before it
    driver.core.faults.append(server_error("POST", dm_posts(driver), 503, times=2))
    first = driver.write("100kg 3x10", channel="dm")
    await driver.wait_until(lambda: refusals(driver, 1), "the first reply refused")
    # Typed again before the first reply's retry: that one retry answers the latest line.
    again = driver.write("100kg 3x10", channel="dm")
    await driver.wait_until(lambda: refusals(driver, 2), "the answer to the line typed again refused")
    reply = await driver.answer_to(again, within=5)
    lines = reply.content.splitlines()
    assert lines[0].startswith("This set is already in your log from the same line you sent just before"), lines
    assert lines[0].endswith(LATE), lines
    assert lines[1].startswith("**Logged** 3 × 10 @ 100 kg"), lines
    await driver.settle(quiet=0.5)
    assert driver.answers_to(first) == []  # no second retry for the first line
    assert len(driver.answers_to(again)) == 1
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    await stored_eventually(lambda: owed_count(hipbot, 0), "the set to be owed its reply no longer")

    async def lines_counted() -> bool:  # the first never answered itself; the one typed again, late
        return (counted(hipbot, "hipthrust_interactions_total", command=CHAT_LINE, outcome=DEADLINE_MISSED),
                counted(hipbot, "hipthrust_interactions_total", command=CHAT_LINE, outcome=ANSWERED)) == (1, 1)

    await stored_eventually(lines_counted, "each line counted once")
    undone = await driver.click(reply, "Undo")
    assert undone.content.startswith("Deleted: ")
    assert await stored(hipbot, driver) == []


async def test_a_line_typed_again_after_the_retry_was_refused_too_is_still_answered(
        hipbot: HipThrustBot, driver: Driver) -> None:
    hipbot.get_cog("ChatLog").late.retry_after = 0.2
    driver.core.faults.append(server_error("POST", dm_posts(driver), 503, times=3))
    first = driver.write("100kg 3x10", channel="dm")
    await driver.wait_until(lambda: refusals(driver, 2), "the first reply and its retry refused")
    again = driver.write("100kg 3x10", channel="dm")
    await driver.wait_until(lambda: refusals(driver, 3), "the answer to the line typed again refused")
    reply = await driver.answer_to(again, within=5)
    assert reply.content.splitlines()[0].endswith(LATE), reply.content
    assert [b["label"] for b in reply.buttons()] == ["Undo"]
    await driver.settle(quiet=0.5)
    assert driver.answers_to(first) == []
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
