"""/snippet pin of a section already pinned in the channel: nothing posted, the moderator pointed at
it (or at /snippet refresh when it is stale); unpinned or deleted copies do not count."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.bots import running_bot
from tests.e2e.snippet_helpers import edited_data, pin, pin_requests, records, snippet_posts, wait_state

pytestmark = pytest.mark.e2e


def _link(imitation: Imitation, channel_id: int, message_id: int | None) -> str:
    return f"https://discord.com/channels/{imitation.scenario.guild.id}/{channel_id}/{message_id}"


async def test_a_section_pinned_here_is_not_pinned_again(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    general = imitation.scenario.general.id
    await pin(driver, "quick-answer")
    [post] = snippet_posts(driver, "general")

    again = await pin(driver, "quick-answer")
    assert again.ephemeral
    assert again.content == (f"**Quick answer** is already pinned in <#{general}>: "
                             f"{_link(imitation, general, post.message_id)}\nNothing was posted.")
    assert snippet_posts(driver, "general") == [post]
    assert [p.message_id for p in driver.pins("general")] == [post.message_id]
    assert len(pin_requests(imitation, "PUT")) == 1
    assert len(await records(hipbot, imitation)) == 1

    # Another section here, or the same section in another channel, is pinned as before.
    assert (await pin(driver, "caveats")).content.startswith("Pinned **Caveats**")
    assert (await pin(driver, "quick-answer", into="training")).content.startswith("Pinned **Quick answer**")
    assert len(await records(hipbot, imitation)) == 3


async def test_a_copy_unpinned_or_deleted_does_not_block_pinning_again(hipbot: HipThrustBot, driver: Driver,
                                                                       imitation: Imitation) -> None:
    await pin(driver, "quick-answer")
    [by_hand] = snippet_posts(driver, "general")
    await driver.unpin(by_hand, by="moderator")  # no event names the message: the record still says pinned
    assert (await pin(driver, "quick-answer")).content.startswith("Pinned **Quick answer**")
    _, deleted = snippet_posts(driver, "general")
    await driver.delete_message(deleted, by="moderator")
    await wait_state(driver, hipbot, imitation, deleted.message_id, "gone")
    assert (await pin(driver, "quick-answer")).content.startswith("Pinned **Quick answer**")
    record = next(r for r in await records(hipbot, imitation) if r.state.value == "pinned")
    await driver.slash("snippet unpin", user="moderator", snippet=str(record.id))
    assert (await pin(driver, "quick-answer")).content.startswith("Pinned **Quick answer**")

    assert len(snippet_posts(driver, "general")) == 3  # one of the four was deleted
    states = [s.state.value for s in await records(hipbot, imitation)]
    assert states == ["unpinned", "gone", "removed", "pinned"]


async def test_a_copy_pinned_again_by_hand_blocks_and_unpin_tells_the_two_apart(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    general = imitation.scenario.general.id
    await pin(driver, "quick-answer")
    [first] = snippet_posts(driver, "general")
    await driver.unpin(first, by="moderator")
    await pin(driver, "quick-answer")
    _, second = snippet_posts(driver, "general")
    await driver.pin(first, by="moderator")  # both pinned now; the records say the first is not

    again = await pin(driver, "quick-answer")
    assert again.content.startswith(f"**Quick answer** is already pinned in <#{general}>: ")
    assert len(snippet_posts(driver, "general")) == 2
    assert [s.state.value for s in await records(hipbot, imitation)] == ["pinned", "pinned"]

    first_id, second_id = (s.id for s in await records(hipbot, imitation))
    offered = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    day = (await records(hipbot, imitation))[0].pinned_at.strftime("%Y-%m-%d")
    assert [c["value"] for c in offered] == [str(second_id), str(first_id)]
    assert [c["name"] for c in offered] == [f"Quick answer · #general · {day} 12:00 UTC · no. {second_id}",
                                            f"Quick answer · #general · {day} 12:00 UTC · no. {first_id}"]
    unpinned = await driver.slash("snippet unpin", user="moderator", snippet=offered[1]["value"])
    assert unpinned.content.startswith("Unpinned **Quick answer**")
    assert [p.message_id for p in driver.pins("general")] == [second.message_id]


def _one_paragraph(body: str) -> str:
    return body.replace("\n\n", " ", 1)


async def test_a_stale_copy_points_to_refresh(imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db, general = tmp_path / "e2e.db", imitation.scenario.general.id
    async with running_bot(imitation, driver, db):
        await pin(driver, "quick-answer")
    [post] = snippet_posts(driver, "general")
    # The operator edits the quick answer and restarts: the pinned copy is stale.
    async with running_bot(imitation, driver, db, data_dir=edited_data(tmp_path, "quick-answer", _one_paragraph)):
        stale = await pin(driver, "quick-answer")
        assert stale.content == (f"**Quick answer** is already pinned in <#{general}>, with older guide text: "
                                 f"{_link(imitation, general, post.message_id)}\n"
                                 "`/snippet refresh` updates it to the current text. Nothing was posted.")
        assert snippet_posts(driver, "general") == [post]
        await driver.slash("snippet refresh", user="moderator")
        current = await pin(driver, "quick-answer")
        assert current.content.endswith(f"{post.message_id}\nNothing was posted.")
        assert "older guide text" not in current.content
    assert driver.deadline_misses() == []
