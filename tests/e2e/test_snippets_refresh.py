"""/snippet list and refresh end to end: pages, a guide changed across a restart, deletes while offline."""

from __future__ import annotations

import asyncio
import re
from pathlib import Path

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.faults import rate_limited
from bot.sandbox.imitation import Imitation
from bot.sandbox.rest import API
from tests.e2e.bots import running_bot
from tests.e2e.snippet_helpers import (
    edited_data,
    footer,
    pin,
    records,
    snippet_posts,
    wait_state,
)

pytestmark = pytest.mark.e2e


def _version(text: str) -> str:
    found = re.search(r"guide version (\w+) · pinned by moderator$", text)
    assert found is not None, text
    return found[1]


def _one_paragraph(body: str) -> str:
    # Same words (derived sections quote them verbatim), one paragraph instead of two.
    assert body.count("\n\n") == 1
    return body.replace("\n\n", " ")


async def test_list_marks_stale_and_refresh_edits_after_the_guide_changes(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db) as bot:
        await pin(driver, "quick-answer")
        await pin(driver, "caveats", into="training")
        await pin(driver, "limitations")
        await pin(driver, "common-mistakes")
        quick, limitations, mistakes = snippet_posts(driver, "general")
        await driver.delete_message(limitations, by="moderator")
        await wait_state(driver, bot, imitation, limitations.message_id, "gone")
        await driver.unpin(mistakes, by="moderator")
    old_version = _version(footer(quick))
    assert "\n\n" in quick.embeds[0]["description"]

    # The operator edits the guide's quick answer and restarts the bot on the same database.
    data = edited_data(tmp_path, "quick-answer", _one_paragraph)
    async with running_bot(imitation, driver, db, data_dir=data) as bot:
        listed = await driver.slash("snippet list", user="moderator")
        assert listed.embeds[0]["footer"]["text"] == "1 current · 1 stale · 1 unpinned · 1 gone"
        assert "**Quick answer** in <#" in listed.text
        assert "**stale**: the guide text changed since" in listed.text
        for record in await records(bot, imitation):
            if record.state.value != "gone":
                assert f"[jump]({record.jump_url})" in listed.text

        report = await driver.slash("snippet refresh", user="moderator")
        assert report.ephemeral
        assert report.content == ("Refreshed 1 stale snippet · 1 already current · 1 gone. 1 unpinned by hand "
                                  "(not edited; pin them again with /snippet pin).")
        edited = next(m for m in driver.messages("general") if m.message_id == quick.message_id)
        assert edited.pinned
        assert "\n\n" not in edited.embeds[0]["description"]
        assert "They are not required for glute growth" in edited.embeds[0]["description"]
        new_version = _version(footer(edited))  # the pinner's name is kept
        assert new_version != old_version
        assert imitation.world.messages[quick.message_id or 0].edited_at is not None
        by_section = {s.section_id: s for s in await records(bot, imitation)}
        assert by_section["quick-answer"].content_version == new_version
        assert by_section["quick-answer"].state.value == "pinned"
        # Nothing else was touched: the unpinned snippet keeps its old text.
        untouched = next(m for m in driver.messages("general") if m.message_id == mistakes.message_id)
        assert untouched.embeds == mistakes.embeds

        again = await driver.slash("snippet list", user="moderator")
        assert again.embeds[0]["footer"]["text"] == "2 current · 1 unpinned · 1 gone"
        second = await driver.slash("snippet refresh", user="moderator")
        assert second.content.startswith("Refreshed 0 stale snippets · 2 already current · 1 gone.")
    assert driver.deadline_misses() == []


async def test_list_pages_ten_at_a_time(imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    sections = ["quick-answer", "what-this-does-not-prove", "decision-checkpoints", "who-for", "terms",
                "start-with-the-job", "setup-repeatable", "progress-it", "pair-it", "caveats", "limitations"]
    async with running_bot(imitation, driver, tmp_path / "e2e.db"):
        for section in sections:
            await pin(driver, section)
        first = await driver.slash("snippet list", user="moderator")
        assert first.embeds[0]["footer"]["text"] == "Page 1 of 2 · 11 current"
        assert first.embeds[0]["description"].count("[jump](") == 10
        assert [(b["label"], b.get("disabled", False)) for b in first.buttons()] == [
            ("Previous", True), ("Next", False)]
        second = await driver.click(first, label="Next")
        assert second.embeds[0]["footer"]["text"] == "Page 2 of 2 · 11 current"
        assert second.embeds[0]["description"].startswith("**Quick answer** in <#")  # oldest last
        back = await driver.click(second, label="Previous")
        assert back.embeds[0]["footer"]["text"].startswith("Page 1 of 2")
    assert driver.deadline_misses() == []


async def test_deletes_while_the_bot_was_offline_are_found_by_list(imitation: Imitation, driver: Driver,
                                                                   tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db):
        await pin(driver, "quick-answer")
        await pin(driver, "caveats")
        await pin(driver, "limitations", into="training")
    # No session hears of these: the bot is down.
    _, caveats = snippet_posts(driver, "general")
    await driver.delete_message(caveats, by="moderator")
    await driver.delete_channel("training")
    async with running_bot(imitation, driver, db) as bot:
        assert {s.state.value for s in await records(bot, imitation)} == {"pinned"}
        listed = await driver.slash("snippet list", user="moderator")
        assert listed.embeds[0]["footer"]["text"] == "1 current · 2 gone"
        states = {s.section_id: s.state.value for s in await records(bot, imitation)}
        assert states == {"quick-answer": "pinned", "caveats": "gone", "limitations": "gone"}
    assert driver.deadline_misses() == []


async def test_unpin_of_snippets_deleted_while_offline_says_so(imitation: Imitation, driver: Driver,
                                                               tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db):
        await pin(driver, "caveats")
        await pin(driver, "limitations", into="training")
    [caveats] = snippet_posts(driver, "general")
    await driver.delete_message(caveats, by="moderator")
    await driver.delete_channel("training")
    async with running_bot(imitation, driver, db) as bot:
        offered = {c["name"].split(" · ")[0]: c["value"]
                   for c in await driver.autocomplete("snippet unpin", "snippet", user="moderator")}
        assert set(offered) == {"Caveats", "Limitations"}
        gone = await driver.slash("snippet unpin", user="moderator", snippet=offered["Caveats"])
        assert gone.content == ("That snippet's message was deleted, so there is nothing to unpin. "
                                "It is now marked gone.")
        no_channel = await driver.slash("snippet unpin", user="moderator", snippet=offered["Limitations"])
        assert no_channel.content == "That channel no longer exists. Its snippets are now marked gone."
        assert {s.state.value for s in await records(bot, imitation)} == {"gone"}
        assert await driver.autocomplete("snippet unpin", "snippet", user="moderator") == []
    assert driver.deadline_misses() == []


async def test_two_refreshes_at_once_edit_each_stale_snippet_once(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db):
        await pin(driver, "quick-answer")
        await pin(driver, "limitations")
        posts = snippet_posts(driver, "general")
    data = edited_data(tmp_path, "quick-answer", _one_paragraph)
    async with running_bot(imitation, driver, db, data_dir=data):
        first, second = await asyncio.gather(
            driver.slash("snippet refresh", user="moderator"),
            driver.slash("snippet refresh", user="moderator"),
        )
        edits = [r for r in imitation.core.requests
                 if r.method == "PATCH" and r.path.endswith(f"/messages/{posts[0].message_id}")]
        assert len(edits) == 1
        reports = sorted([first.content, second.content])
        assert reports[0].startswith("Refreshed 0 stale snippets · 2 already current")
        assert reports[1].startswith("Refreshed 1 stale snippet · 1 already current")


async def test_refresh_with_no_snippets_says_how_to_pin_one(imitation: Imitation, driver: Driver,
                                                            tmp_path: Path) -> None:
    async with running_bot(imitation, driver, tmp_path / "e2e.db"):
        report = await driver.slash("snippet refresh", user="moderator")
        assert report.ephemeral
        assert report.content == ("No guide snippets have been pinned in this server yet. "
                                  "Pin one with `/snippet pin`.")
        await pin(driver, "quick-answer")
        assert (await driver.slash("snippet refresh", user="moderator")).content == (
            "Refreshed 0 stale snippets · 1 already current · 0 gone.")
    assert driver.deadline_misses() == []


async def test_a_snippet_in_an_archived_thread_is_refreshed_and_unpinned_once_it_is_open(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    # A thread closes after a while without messages; discord.py then forgets it, and Discord
    # changes nothing in it (an edit or an unpin is refused, 50083) until a message opens it again.
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db):
        thread = await driver.start_thread("form check", user="member", channel="general")
        await pin(driver, "quick-answer", where=thread)
        [post] = snippet_posts(driver, thread)
        await driver.archive_thread(thread)
    archived = (f"<#{thread.id}> is an archived thread, where Discord changes nothing. "
                "Open it again (sending a message there does), then try again.")
    data = edited_data(tmp_path, "quick-answer", _one_paragraph)
    async with running_bot(imitation, driver, db, data_dir=data) as bot:
        report = await driver.slash("snippet refresh", user="moderator")
        assert report.content == (  # not a permission it has
            f"Refreshed 0 stale snippets · 0 already current · 0 gone.\nNot refreshed in <#{thread.id}>: {archived}")
        [record] = await records(bot, imitation)
        refused = await driver.slash("snippet unpin", user="moderator", snippet=str(record.id))
        assert refused.content == archived  # not "something went wrong"
        assert [p.message_id for p in driver.pins(thread)] == [post.message_id]

        await driver.post("opening it again", user="member", channel=thread)
        await driver.wait_until(lambda: bot.get_channel(thread.id) is not None, "the thread to be open")
        report = await driver.slash("snippet refresh", user="moderator")
        assert report.content == "Refreshed 1 stale snippet · 0 already current · 0 gone."
        unpinned = await driver.slash("snippet unpin", user="moderator", snippet=str(record.id))
        assert unpinned.content.startswith("Unpinned **Quick answer**")
        assert driver.pins(thread) == []
    assert driver.deadline_misses() == []


async def test_a_snippet_edit_rate_limited_past_the_wait_is_noted_and_the_others_refreshed(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "e2e.db"
    async with running_bot(imitation, driver, db):
        await pin(driver, "quick-answer")
        await pin(driver, "quick-answer", into="training")
    [general] = snippet_posts(driver, "general")
    [training] = snippet_posts(driver, "training")
    data = edited_data(tmp_path, "quick-answer", _one_paragraph)
    async with running_bot(imitation, driver, db, data_dir=data) as bot:
        # An hour's limit on editing the first post is not waited out (bot.interactions.rate_limits):
        # discord.py raises RateLimited, which is no HTTPException.
        path = f"{API}/channels/{imitation.scenario.general.id}/messages/{general.message_id}"
        limit = rate_limited("PATCH", path, retry_after=3600)
        imitation.core.faults.append(limit)
        report = await driver.slash("snippet refresh", user="moderator")
        assert limit.hits == 1
        assert report.content == (
            "Refreshed 1 stale snippet · 0 already current · 0 gone.\n"
            f"Not refreshed in <#{imitation.scenario.general.id}>: Discord is limiting how fast the bot may act "
            "right now (it answered 429). Please try again in a few minutes.")
        [edited] = snippet_posts(driver, "training")
        assert "\n\n" not in edited.embeds[0]["description"]
        [kept] = snippet_posts(driver, "general")
        assert kept.embeds == general.embeds
        by_channel = {s.channel_id: s for s in await records(bot, imitation)}
        assert by_channel[imitation.scenario.general.id].content_version == _version(footer(general))
        assert by_channel[training.channel_id].content_version == _version(footer(edited))
