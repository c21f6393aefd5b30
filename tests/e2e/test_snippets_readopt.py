"""The bot removed from a server and added back: the snippets it had pinned there are still pinned,
but their records went with the removal. Reconciling a channel's pins records them again (adopts
them) from what the post says, so /snippet list shows them, /snippet unpin offers them, /snippet
refresh updates them and /snippet pin does not post a second copy; only the bot's own snippet
posts are adopted, and who pinned them is unknown."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.guild_removal import add_bot, remove_bot
from bot.sandbox.imitation import Imitation
from bot.settings import SHIPPED_DATA
from tests.e2e.bots import running_bot
from tests.e2e.snippet_helpers import edited_data, eventually, footer, pin, records, snippet_posts
from tests.e2e.test_modlog import logged

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

UNKNOWN = "before I was removed from this server · pinner unknown"


async def removed_and_added_back(bot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Remove the bot from the scenario's server (its records there are deleted), then add it back."""
    guild = imitation.scenario.guild
    remove_bot(imitation, guild)

    async def forgotten() -> bool:
        return bot.get_guild(guild.id) is None and await records(bot, imitation) == []

    await eventually(driver, forgotten, "the server's snippet records to be deleted")
    add_bot(imitation, guild)
    await driver.wait_until(lambda: bot.get_guild(guild.id) is not None, "the bot to be back in the server")
    await driver.settle()


def _link(imitation: Imitation, channel_id: int, message_id: int | None) -> str:
    return f"https://discord.com/channels/{imitation.scenario.guild.id}/{channel_id}/{message_id}"


async def test_list_shows_the_snippets_pinned_before_and_unpin_offers_them(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await pin(driver, "quick-answer")
    await pin(driver, "caveats")  # a derived section: its footer says so
    await pin(driver, "limitations", into="training")
    quick, caveats = snippet_posts(driver, "general")
    before = {r.message_id: r for r in await records(hipbot, imitation)}
    await removed_and_added_back(hipbot, driver, imitation)
    assert driver.pins("general") != []  # Discord kept them pinned

    listed = await driver.slash("snippet list", user="moderator")
    assert listed.ephemeral
    assert listed.embeds[0]["footer"]["text"] == "2 current"
    assert f"**Quick answer** in <#{s.general.id}> · current\n" in listed.text
    assert f"**Caveats** in <#{s.general.id}> · current\n" in listed.text
    day = before[quick.message_id].pinned_at.strftime("%Y-%m-%d")
    assert f"posted on {day}, {UNKNOWN} · [jump]({_link(imitation, s.general.id, quick.message_id)})" in listed.text
    by_message = {r.message_id: r for r in await records(hipbot, imitation)}
    assert sorted(by_message) == sorted((quick.message_id, caveats.message_id))
    for post in (quick, caveats):  # read back from the post; who pinned it is not known
        old, new = before[post.message_id], by_message[post.message_id]
        assert (new.section_id, new.content_version, new.state.value) == (old.section_id, old.content_version, "pinned")
        assert new.pinned_by is None
        assert new.adopted_at is not None

    # Listing again adopts nothing twice; the channel it runs in is where it looks (with the
    # channels that hold records): #training's snippet is found from there.
    await driver.slash("snippet list", user="moderator")
    assert len(await records(hipbot, imitation)) == 2
    there = await driver.slash("snippet list", user="moderator", channel="training")
    assert there.embeds[0]["footer"]["text"] == "3 current"
    assert "**Limitations** in" in there.text

    offered = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    assert sorted(c["name"].split(" · ")[0] for c in offered) == ["Caveats", "Limitations", "Quick answer"]
    chosen = next(c for c in offered if c["name"].startswith("Quick answer"))
    unpinned = await driver.slash("snippet unpin", user="moderator", snippet=chosen["value"])
    assert unpinned.content.startswith(f"Unpinned **Quick answer** in <#{s.general.id}>")
    assert [p.message_id for p in driver.pins("general")] == [caveats.message_id]
    assert by_message[quick.message_id].id == int(chosen["value"])
    assert {r.message_id: r.state.value for r in await records(hipbot, imitation)}[quick.message_id] == "removed"


async def test_pinning_the_same_section_again_finds_the_old_copy(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    general = imitation.scenario.general.id
    await pin(driver, "quick-answer")
    [post] = snippet_posts(driver, "general")
    await removed_and_added_back(hipbot, driver, imitation)

    again = await pin(driver, "quick-answer")
    assert again.ephemeral
    assert again.content == (f"**Quick answer** is already pinned in <#{general}>: "
                             f"{_link(imitation, general, post.message_id)}\nNothing was posted.")
    assert snippet_posts(driver, "general") == [post]
    [record] = await records(hipbot, imitation)
    assert (record.message_id, record.state.value, record.pinned_by) == (post.message_id, "pinned", None)
    # Another section is pinned as before, by the moderator who pinned it.
    assert (await pin(driver, "caveats")).content.startswith("Pinned **Caveats**")
    assert {r.pinned_by for r in await records(hipbot, imitation)} == {None, imitation.scenario.moderator.id}


async def test_only_the_bots_own_pinned_snippet_posts_are_adopted(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s, world = imitation.scenario, imitation.world
    await pin(driver, "quick-answer")
    await pin(driver, "caveats")
    quick, unpinned = snippet_posts(driver, "general")
    await driver.unpin(unpinned, by="moderator")  # the bot's post, but no longer pinned
    answer = await driver.slash("hipthrust quick", user="member", private=False)
    await driver.pin(answer, by="moderator")  # the bot's public guide answer, pinned by hand
    await driver.pin(await driver.post("Read the pins!", user="moderator"), by="moderator")
    other_bot = world.add_user("Other bot", bot=True)
    world.add_member(s.guild, other_bot)
    copy = world.post(s.general.id, other_bot.id, embeds=quick.embeds)  # the same footer, another author
    await driver.pin(copy.id, by="moderator")
    await removed_and_added_back(hipbot, driver, imitation)

    listed = await driver.slash("snippet list", user="moderator")
    assert listed.embeds[0]["footer"]["text"] == "1 current"
    assert [r.message_id for r in await records(hipbot, imitation)] == [quick.message_id]
    assert "Pins in this channel: 4 / 250" in listed.content


async def test_refresh_updates_an_adopted_stale_snippet_and_keeps_the_name_its_footer_shows(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db) as bot:
        await pin(driver, "quick-answer")
        await pin(driver, "limitations", user="owner")
        quick, limitations = snippet_posts(driver, "general")
        # The owner asks to be forgotten: the bot edits their name off its post's footer.
        await driver.click(await driver.slash("forgetme", user="owner"), label="Delete everything")
        await driver.wait_until(lambda: footer(driver.refresh(limitations)).endswith(" · pinned by a moderator"),
                                "the footer to forget the owner")
        await removed_and_added_back(bot, driver, imitation)
    old_footer = footer(quick)

    # The operator changes the quick answer and restarts the bot.
    data = edited_data(tmp_path, "quick-answer", lambda body: body.replace("\n\n", " ", 1))
    async with running_bot(imitation, driver, db, data_dir=data) as bot:
        report = await driver.slash("snippet refresh", user="moderator")
        assert report.content == "Refreshed 1 stale snippet · 1 already current · 0 gone."
        by_message = {r.message_id: r for r in await records(bot, imitation)}
    refreshed = driver.refresh(quick)
    assert footer(refreshed) != old_footer
    assert footer(refreshed).startswith("Guide snippet: Quick answer · guide version ")
    assert footer(refreshed).endswith(" · pinned by moderator")  # the name the post showed, kept
    assert by_message[quick.message_id].content_version in footer(refreshed)
    assert footer(driver.refresh(limitations)).endswith(" · pinned by a moderator")


def _renamed(tmp_path: Path, old: str, new: str) -> Path:
    """A copy of the shipped data folder whose section titled `old` is titled `new`."""
    data = tmp_path / "renamed"
    shutil.copytree(SHIPPED_DATA, data)
    index = data / "guide" / "index.toml"
    text = index.read_text(encoding="utf-8")
    assert text.count(f'title = "{old}"') == 1
    index.write_text(text.replace(f'title = "{old}"', f'title = "{new}"'), encoding="utf-8")
    return data


async def test_a_snippet_of_a_section_the_guide_no_longer_names_is_adopted_stale(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db, general = tmp_path / "e2e.db", imitation.scenario.general.id
    async with running_bot(imitation, driver, db) as bot:
        await pin(driver, "quick-answer")
        await removed_and_added_back(bot, driver, imitation)
    [post] = snippet_posts(driver, "general")
    async with running_bot(imitation, driver, db, data_dir=_renamed(tmp_path, "Quick answer", "The short answer")):
        listed = await driver.slash("snippet list", user="moderator")
        assert listed.embeds[0]["footer"]["text"] == "1 stale"
        assert f"**Quick answer** in <#{general}> · **stale**: the guide text changed since" in listed.text
        report = await driver.slash("snippet refresh", user="moderator")
        assert report.content == ("Refreshed 0 stale snippets · 0 already current · 0 gone.\n"
                                  f"The snippet in <#{general}> shows a section the guide no longer has; unpin it.")
        offered = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
        assert [c["name"].split(" · ")[0] for c in offered] == ["Quick answer"]
        unpinned = await driver.slash("snippet unpin", user="moderator", snippet=offered[0]["value"])
        assert unpinned.content.startswith(f"Unpinned **Quick answer** in <#{general}>")
    assert driver.pins("general") == []
    assert driver.refresh(post).embeds == post.embeds  # never edited


async def test_the_moderator_log_says_a_snippet_was_found_and_adopted(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    s = imitation.scenario
    await pin(driver, "quick-answer")
    [quick] = snippet_posts(driver, "general")
    await removed_and_added_back(hipbot, driver, imitation)
    await driver.slash("config set", user="moderator", log_channel="training")  # the settings went too
    await driver.slash("snippet list", user="moderator")
    assert (await logged(driver, 1)) == [
        f"**Quick answer** in <#{s.general.id}>, posted before I was removed from this server, was found still "
        f"pinned and is kept current again; pinner unknown (noticed by <@{s.moderator.id}>): "
        f"{_link(imitation, s.general.id, quick.message_id)}"
    ]
    await driver.slash("snippet list", user="moderator")  # adopted once, logged once
    await driver.settle()
    assert len(await logged(driver, 1)) == 1
