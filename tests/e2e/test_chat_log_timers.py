"""The buttons under the bot's replies to sets typed in chat are greyed out by the chat log's one
button timer (its `Expirer`), as every other answer's are: a reply waits as its message and
channel ids, not as a task of its own holding the whole message for 14 minutes."""

from __future__ import annotations

import asyncio

import pytest

from bot.client import HipThrustBot
from bot.interactions import expirer
from bot.sandbox.driver import Driver
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import refused_requests
from tests.e2e.chat_helpers import BUTTON_LIFETIME, stored

pytestmark = pytest.mark.e2e


def greyed(driver: Driver, reply: Reply) -> bool:
    shown = driver.refresh(reply).buttons()
    return bool(shown) and all(b.get("disabled") for b in shown)


async def test_a_replys_buttons_grey_out_unless_it_was_deleted_or_a_later_answer_renewed_it(
        hipbot: HipThrustBot, driver: Driver) -> None:
    in_dm = await driver.dm("100kg 3x10")
    in_server = await driver.say("90kg 3x10", channel="training")
    deleted = await driver.say("80kg 3x10", channel="training")
    renewed = await driver.say("70kg 3x10", channel="training")
    # An answer that updated it has 14 minutes of its own: its timer greys it out, not this one.
    hipbot.renewed_messages[renewed.message_id or 0] = asyncio.get_running_loop().time() + BUTTON_LIFETIME + 60
    await driver.delete_message(deleted)
    await driver.settle()  # the bot has set the last reply's timer (after the reply was posted)
    expirer.skip_button_timers(hipbot, BUTTON_LIFETIME - 1)
    await driver.settle()
    assert not greyed(driver, in_dm)
    expirer.skip_button_timers(hipbot, 1)
    await driver.wait_until(lambda: greyed(driver, in_dm) and greyed(driver, in_server),
                            "the replies' buttons greyed out", within=5)
    await driver.settle()
    assert driver.refresh(in_dm).content == in_dm.content  # only the buttons changed
    assert [b["label"] for b in driver.refresh(in_server).buttons()] == ["Undo"]
    assert not any(b.get("disabled") for b in driver.refresh(renewed).buttons())
    reply_paths = {f"/api/v10/channels/{r.channel_id}/messages/{r.message_id}": r for r in (in_dm, in_server)}
    edits = [r.path for r in driver.core.requests if r.method == "PATCH"]
    assert sorted(edits) == sorted(reply_paths)  # through the channel's endpoint; the deleted one left alone
    assert refused_requests(driver.imitation) == [
        ("GET", f"/api/v10/channels/{deleted.channel_id}/messages/{deleted.message_id}", 404)]
    assert len(hipbot.get_cog("ChatLog").expirer) == 0
    assert await stored(hipbot, driver) == [(100.0, 3, 10), (90.0, 3, 10), (80.0, 3, 10), (70.0, 3, 10)]


async def test_replies_waiting_to_grey_out_keep_no_task_each(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.settle()
    before = len(asyncio.all_tasks())
    for reps in range(1, 41):
        await driver.dm(f"100kg 1x{reps}")
    await driver.settle()
    assert len(asyncio.all_tasks()) - before < 5  # was one per reply
    assert len(hipbot.get_cog("ChatLog").expirer) == 40  # each still waits for its 14 minutes
