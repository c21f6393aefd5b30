"""The moderator log end to end: a line per snippet pin, unpin, refresh and pin found removed by
hand, naming who with a mention that pings nobody; a log that cannot be written never breaks the
command, and /config show says why."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox import perms
from bot.sandbox.core import RecordedRequest
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import request_pings
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import running_bot
from tests.e2e.snippet_helpers import edited_data, eventually, pin, records, snippet_posts

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]



def log_lines(driver: Driver) -> list[str]:
    """Every line the bot posted in #training (the log channel of these tests), oldest first."""
    return [line for m in driver.messages("training") for line in m.content.splitlines()]


async def logged(driver: Driver, count: int) -> list[str]:
    """The log's lines once it holds `count` (the bot logs after answering the moderator)."""
    await driver.wait_until(lambda: len(log_lines(driver)) >= count, f"{count} log lines")
    await driver.settle(0.05)  # and no more than that
    return log_lines(driver)


def log_requests(imitation: Imitation) -> list[RecordedRequest]:
    training = imitation.scenario.training.id
    return [r for r in imitation.core.requests if r.method == "POST" and r.path.endswith(f"/{training}/messages")]


async def test_pin_unpin_and_a_pin_removed_by_hand_are_logged(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    mod, general = s.moderator.id, s.general.id
    await driver.slash("config set", user="moderator", log_channel="training")

    answer = await pin(driver, "quick-answer")
    assert answer.content.startswith("Pinned **Quick answer**")
    await pin(driver, "caveats")
    quick, caveats = snippet_posts(driver, "general")
    link = f"https://discord.com/channels/{s.guild.id}/{general}"
    assert await logged(driver, 2) == [
        f"<@{mod}> pinned **Quick answer** in <#{general}>: {link}/{quick.message_id}",
        f"<@{mod}> pinned **Caveats** in <#{general}>: {link}/{caveats.message_id}",
    ]
    for request in log_requests(imitation):
        pings = request_pings(request)
        assert pings is not None
        assert pings.nobody

    snippet = next(r for r in await records(hipbot, imitation) if r.section_id == "quick-answer")
    await driver.slash("snippet unpin", user="moderator", snippet=str(snippet.id))
    unpinned = f"<@{mod}> unpinned **Quick answer** in <#{general}>: {link}/{quick.message_id}"
    assert (await logged(driver, 3))[-1] == unpinned

    await driver.unpin(caveats, by="owner")  # by hand: Discord tells no one who
    await driver.slash("snippet list", user="moderator")
    assert (await logged(driver, 4))[-1] == (f"**Caveats** in <#{general}> was found unpinned by hand "
                                     f"(noticed by <@{mod}>): {link}/{caveats.message_id}")
    await driver.slash("snippet list", user="moderator")  # found once, logged once
    await driver.settle()
    assert len(log_lines(driver)) == 4


async def test_pinning_again_logs_the_pin_it_found_removed_by_hand(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    mod, general = s.moderator.id, s.general.id
    await driver.slash("config set", user="moderator", log_channel="training")
    await pin(driver, "quick-answer")
    await driver.unpin(snippet_posts(driver, "general")[0], by="owner")
    await pin(driver, "quick-answer")  # reads the pins first: the one unpinned by hand does not block
    first, second = snippet_posts(driver, "general")
    link = f"https://discord.com/channels/{s.guild.id}/{general}"
    assert (await logged(driver, 3))[1:] == [
        f"<@{mod}> pinned **Quick answer** in <#{general}>: {link}/{second.message_id}",
        f"**Quick answer** in <#{general}> was found unpinned by hand (noticed by <@{mod}>): "
        f"{link}/{first.message_id}",
    ]


async def test_refresh_logs_each_edited_snippet(imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db):
        await driver.slash("config set", user="moderator", log_channel="training")
        await pin(driver, "quick-answer")
    data = edited_data(tmp_path, "quick-answer", lambda body: body.replace("\n\n", " ", 1))
    async with running_bot(imitation, driver, db, data_dir=data):
        report = await driver.slash("snippet refresh", user="moderator")
        assert report.content.startswith("Refreshed 1 stale snippet")
        lines = await logged(driver, 2)
    [quick] = snippet_posts(driver, "general")
    assert lines[-1] == (
        f"<@{imitation.scenario.moderator.id}> refreshed **Quick answer** in <#{imitation.scenario.general.id}> "
        f"to the current guide text: https://discord.com/channels/{imitation.scenario.guild.id}/"
        f"{imitation.scenario.general.id}/{quick.message_id}")


async def show(driver: Driver) -> Reply:
    return await driver.slash("config show", user="moderator")


async def test_a_log_that_cannot_be_written_never_breaks_the_command_and_config_show_says_why(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    training = s.training.id
    await driver.slash("config set", user="moderator", log_channel="training")
    await driver.set_overwrites("training", perms.Overwrite(s.bot_role.id, 0, deny=perms.SEND_MESSAGES))
    await driver.settle()

    answer = await pin(driver, "quick-answer")
    assert answer.content.startswith("Pinned **Quick answer**")  # the pin itself worked
    await driver.settle()
    assert log_lines(driver) == []
    assert log_requests(imitation) == []  # not even tried: the bot knew it would be refused
    broken = await show(driver)
    assert (f"<#{training}> — **not working**: I need the Send Messages permission in <#{training}>."
            in broken.content)

    await driver.set_overwrites("training")  # fixed: /config show says so, and the next event is logged
    await driver.settle()
    assert "not working" not in (await show(driver)).content
    await pin(driver, "caveats")
    assert len(await logged(driver, 1)) == 1

    await driver.delete_channel("training")
    await driver.settle()
    assert "**not working**: the channel was deleted" in (await show(driver)).content
    answer = await pin(driver, "limitations")
    assert answer.content.startswith("Pinned **Limitations**")


async def test_a_refusal_the_bot_could_not_foresee_is_shown_until_a_post_works(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    training = s.training.id
    await driver.slash("config set", user="moderator", log_channel="training")
    # The permission goes without the bot hearing of it (its cache still says it may post).
    s.training.overwrites = [perms.Overwrite(s.bot_role.id, 0, deny=perms.SEND_MESSAGES)]

    answer = await pin(driver, "quick-answer")
    assert answer.content.startswith("Pinned **Quick answer**")

    async def stored() -> str | None:
        return (await hipbot.store.guild_config.get(s.guild.id)).log_problem

    async def has_problem() -> bool:
        return await stored() is not None

    async def cleared() -> bool:
        return await stored() is None

    await eventually(driver, has_problem, "the refusal to be stored")
    refused = f"Discord refused: I lack a permission in <#{training}>. I need View Channel and Send Messages there."
    assert await stored() == refused
    assert f"**not working**: the last post failed. {refused} It is tried again" in (await show(driver)).content
    assert [(r.method, r.status) for r in imitation.core.requests if r.status >= 400] == [("POST", 403)]
    imitation.core.requests.clear()  # (that refusal was the point; the autouse check sees the rest)

    s.training.overwrites = []
    await pin(driver, "caveats")
    await eventually(driver, cleared, "the problem to be cleared")
    assert "not working" not in (await show(driver)).content
    assert len(await logged(driver, 1)) == 1



async def test_two_unpins_of_one_snippet_at_once_unpin_and_log_it_once(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Both moderators were told "Unpinned" and the log had it twice: the second now finds it unpinned."""
    s = imitation.scenario
    await driver.slash("config set", user="moderator", log_channel="training")
    await pin(driver, "quick-answer")
    assert len(await logged(driver, 1)) == 1
    [snippet] = await records(hipbot, imitation)
    answers = await asyncio.gather(driver.slash("snippet unpin", user="moderator", snippet=str(snippet.id)),
                                   driver.slash("snippet unpin", user="owner", snippet=str(snippet.id)))
    contents = sorted(driver.refresh(answer).content for answer in answers)
    assert contents[0] == "That snippet is not pinned any more (removed); nothing to unpin."
    assert contents[1].startswith("Unpinned **Quick answer**")
    assert all(answer.ephemeral for answer in answers)
    [unpinned] = (await logged(driver, 2))[1:]
    assert " unpinned **Quick answer** in " in unpinned
    assert unpinned.startswith((f"<@{s.moderator.id}>", f"<@{s.owner.id}>"))
    assert [r.state.value for r in await records(hipbot, imitation)] == ["removed"]
