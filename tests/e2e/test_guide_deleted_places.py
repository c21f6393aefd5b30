"""The repeat guard forgets the posts of a deleted channel or thread (CHANNEL_DELETE, THREAD_DELETE).

Nobody can ask again in a channel that is gone, so what is checked is what the bot keeps: the
guard no longer holds those posts, while its posts elsewhere still guard. Each delete is followed
by a command in #general, which Discord delivers after the delete event: by its answer, the
guide cog's listener has run (see its comment).
"""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.guide.model import QUICK_SECTION
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.model import Channel
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import post_known

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]



def guarded(hipbot: HipThrustBot, channel_id: int) -> bool:
    """The bot holds a /hipthrust quick post in this channel as the one to link to."""
    return hipbot.recent_posts.earlier(channel_id, ("guide", QUICK_SECTION)) is not None


async def post_quick(driver: Driver, hipbot: HipThrustBot, channel: str | Channel) -> Reply:
    """/hipthrust quick, posted for everyone in the channel."""
    reply = await driver.slash("hipthrust quick", user="member", channel=channel)
    assert not reply.ephemeral
    assert [m.message_id for m in driver.messages(channel)] == [reply.message_id]
    await post_known(driver, hipbot, reply.message_id)
    return reply


async def still_guarded_in_general(driver: Driver, first: Reply) -> None:
    """The same ask in #general gets the link to its earlier post, privately."""
    again = await driver.slash("hipthrust quick", user="moderator", channel="general")
    assert again.ephemeral
    assert f"/{first.message_id} — here is a copy only you can see" in again.content


async def test_a_deleted_channel_and_its_threads_guard_nothing_more(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    general = await post_quick(driver, hipbot, "general")
    await post_quick(driver, hipbot, "training")
    thread = await driver.start_thread("form check", user="member", channel="training")
    await post_quick(driver, hipbot, thread)
    assert guarded(hipbot, s.training.id)
    assert guarded(hipbot, thread.id)

    await driver.delete_channel("training")  # Discord says nothing of its thread: discord.py does
    await still_guarded_in_general(driver, general)
    assert not guarded(hipbot, s.training.id)
    assert not guarded(hipbot, thread.id)
    assert guarded(hipbot, s.general.id)


async def test_a_deleted_thread_guards_nothing_more(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    general = await post_quick(driver, hipbot, "general")
    thread = await driver.start_thread("form check", user="member", channel="general")
    await post_quick(driver, hipbot, thread)  # a thread is a place of its own for the guard
    assert guarded(hipbot, thread.id)

    await driver.delete_channel(thread)
    await still_guarded_in_general(driver, general)
    assert not guarded(hipbot, thread.id)
    assert [m.message_id for m in driver.messages("general")] == [general.message_id]
    assert guarded(hipbot, s.general.id)
