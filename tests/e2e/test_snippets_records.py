"""Keeping snippet records true end to end: /snippet unpin, deletes by hand, pins removed by hand."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox import perms
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.snippet_helpers import footer, pin, pin_requests, records, snippet_posts, wait_state

pytestmark = pytest.mark.e2e


async def test_unpin_offers_this_servers_pinned_snippets_and_unpins(hipbot: HipThrustBot, driver: Driver,
                                                                   imitation: Imitation) -> None:
    await pin(driver, "quick-answer")
    await pin(driver, "caveats", into="training")
    [post] = snippet_posts(driver, "training")
    pinned_on = (await records(hipbot, imitation))[-1].pinned_at.strftime("%Y-%m-%d")

    offered = await driver.autocomplete("snippet unpin", "snippet", user="moderator", snippet="train")
    assert [c["name"] for c in offered] == [f"Caveats · #training · {pinned_on}"]
    everything = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    assert len(everything) == 2
    assert all(len(c["name"]) <= 100 for c in everything)

    reply = await driver.slash("snippet unpin", user="moderator", snippet=offered[0]["value"])
    training = imitation.scenario.training.id
    assert reply.ephemeral
    assert reply.content == (f"Unpinned **Caveats** in <#{training}>. "
                             "The message stays in the channel, and the record for the audit.")
    assert driver.pins("training") == []
    assert [p.message_id for p in snippet_posts(driver, "training")] == [post.message_id]
    assert len(driver.pins("general")) == 1
    states = {s.section_id: s.state.value for s in await records(hipbot, imitation)}
    assert states == {"quick-answer": "pinned", "caveats": "removed"}
    [unpin] = pin_requests(imitation, "DELETE")
    assert unpin.reason == f"Guide snippet unpinned by {imitation.scenario.moderator.id}"

    after = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    assert [c["name"].split(" · ")[0] for c in after] == ["Quick answer"]
    again = await driver.slash("snippet unpin", user="moderator", snippet=offered[0]["value"])
    assert again.content == "That snippet is not pinned any more (removed); nothing to unpin."
    unknown = await driver.slash("snippet unpin", user="moderator", snippet="whatever")
    assert unknown.ephemeral
    assert unknown.content == ("No snippet of this server matches `whatever`. Start typing in the `snippet` option"
                               " of `/snippet unpin` and pick one from the list.")


async def test_unpin_elsewhere_needs_pin_messages_there(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    await pin(driver, "caveats", into="training")
    [choice] = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    scenario = imitation.scenario
    deny = perms.Overwrite(scenario.moderator_role.id, 0, deny=perms.PIN_MESSAGES)
    await driver.set_overwrites("training", deny)
    await driver.wait_until(lambda: _cached_overwrites(hipbot, imitation) == 1, "the bot to see the overwrite")
    reply = await driver.slash("snippet unpin", user="moderator", channel="general", snippet=choice["value"])
    assert reply.content == f"You need the Pin Messages permission in <#{scenario.training.id}>."
    assert len(driver.pins("training")) == 1
    assert [s.state.value for s in await records(hipbot, imitation)] == ["pinned"]


async def test_unpin_offers_no_snippet_of_a_channel_the_moderator_cannot_see(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # The autocomplete named every channel with a snippet, those the moderator cannot view included.
    scenario = imitation.scenario
    await pin(driver, "quick-answer")
    await pin(driver, "caveats", into="training")
    member = scenario.member
    await driver.set_overwrites("general", perms.Overwrite(member.id, 1, allow=perms.PIN_MESSAGES))
    await driver.set_overwrites("training", perms.Overwrite(member.id, 1, deny=perms.VIEW_CHANNEL))
    await driver.wait_until(lambda: _cached_overwrites(hipbot, imitation) == 1, "the bot to see the overwrite")

    offered = await driver.autocomplete("snippet unpin", "snippet", user="member", channel="general")
    assert [c["name"].split(" · ")[:2] for c in offered] == [["Quick answer", "#general"]]
    assert not [c for c in offered if "training" in c["name"]]
    everything = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    assert sorted(c["name"].split(" · ")[1] for c in everything) == ["#general", "#training"]


async def test_unpin_needs_no_read_message_history(hipbot: HipThrustBot, driver: Driver,
                                                   imitation: Imitation) -> None:
    """Discord's Unpin Message "requires the PIN_MESSAGES permission", nothing more: a bot denied Read
    Message History in the channel (so it cannot list the pins) still unpins there."""
    await pin(driver, "caveats", into="training")
    [choice] = await driver.autocomplete("snippet unpin", "snippet", user="moderator")
    scenario = imitation.scenario
    await driver.set_overwrites("training", perms.Overwrite(scenario.bot_role.id, 0, deny=perms.READ_MESSAGE_HISTORY))
    await driver.wait_until(lambda: _cached_overwrites(hipbot, imitation) == 1, "the bot to see the overwrite")
    reply = await driver.slash("snippet unpin", user="moderator", channel="general", snippet=choice["value"])
    assert reply.content.startswith(f"Unpinned **Caveats** in <#{scenario.training.id}>.")
    assert driver.pins("training") == []
    assert [s.state.value for s in await records(hipbot, imitation)] == ["removed"]


def _cached_overwrites(bot: HipThrustBot, imitation: Imitation) -> int:
    guild = bot.get_guild(imitation.scenario.guild.id)
    channel = None if guild is None else guild.get_channel(imitation.scenario.training.id)
    return 0 if channel is None else len(channel.overwrites)


async def test_a_snippet_deleted_by_hand_is_marked_gone(hipbot: HipThrustBot, driver: Driver,
                                                        imitation: Imitation) -> None:
    await pin(driver, "quick-answer")
    [post] = snippet_posts(driver, "general")
    await driver.delete_message(post, by="moderator")
    record = await wait_state(driver, hipbot, imitation, post.message_id, "gone")
    assert record.state_changed_at is not None

    listed = await driver.slash("snippet list", user="moderator")
    assert "**Quick answer** in <#" in listed.text
    assert "gone: message or channel deleted" in listed.text
    assert "[jump]" not in listed.text  # nothing left to jump to
    assert "Pins in this channel: 0 / 250" in listed.content


async def test_a_bulk_delete_marks_only_its_snippets_gone(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    await pin(driver, "quick-answer")
    await pin(driver, "caveats")
    first, second = snippet_posts(driver, "general")
    note = await driver.post("spam", user="member")
    await driver.delete_messages([first, note], by="moderator")
    await wait_state(driver, hipbot, imitation, first.message_id, "gone")
    states = {s.message_id: s.state.value for s in await records(hipbot, imitation)}
    assert states == {first.message_id: "gone", second.message_id: "pinned"}


async def test_a_deleted_channel_marks_its_snippets_gone(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    await pin(driver, "quick-answer")
    await pin(driver, "caveats", into="training")
    await pin(driver, "limitations", into="training")
    in_training = [p.message_id for p in snippet_posts(driver, "training")]
    await driver.delete_channel("training")
    for message_id in in_training:
        await wait_state(driver, hipbot, imitation, message_id, "gone")
    states = {s.section_id: s.state.value for s in await records(hipbot, imitation)}
    assert states == {"quick-answer": "pinned", "caveats": "gone", "limitations": "gone"}
    listed = await driver.slash("snippet list", user="moderator")
    assert listed.embeds[0]["footer"]["text"] == "1 current · 2 gone"


async def test_list_finds_a_pin_removed_by_hand_through_every_page_of_pins(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await pin(driver, "quick-answer")
    for n in range(55):  # moderators pin notes after it: the snippet sinks to the second page of pins
        await driver.pin(await driver.post(f"note {n}", user="moderator"))
    await pin(driver, "caveats")
    deep, top = snippet_posts(driver, "general")
    assert [p.message_id for p in driver.pins("general")].index(deep.message_id) == 56

    await driver.unpin(top, by="moderator")  # CHANNEL_PINS_UPDATE names no message
    assert {s.state.value for s in await records(hipbot, imitation)} == {"pinned"}  # nothing told the bot
    read_before = len(imitation.core.requests)  # each pin read the channel's pins too
    listed = await driver.slash("snippet list", user="moderator")
    assert listed.callback_type == 5  # reconciling takes requests: it deferred
    assert "Pins in this channel: 56 / 250" in listed.content
    assert "**Caveats** in" in listed.text
    assert "unpinned by hand" in listed.text
    assert listed.embeds[0]["footer"]["text"] == "1 current · 1 unpinned"
    assert f"[jump](https://discord.com/channels/{imitation.scenario.guild.id}/" in listed.text
    states = {s.message_id: s.state.value for s in await records(hipbot, imitation)}
    assert states == {deep.message_id: "pinned", top.message_id: "unpinned"}  # the deep one was found
    pages = [r for r in imitation.core.requests[read_before:]
             if r.method == "GET" and r.path.endswith("/messages/pins")]
    assert [("before" in r.query) for r in pages] == [False, True]

    await driver.pin(top, by="moderator")  # pinned again by hand: the list agrees again
    await driver.slash("snippet list", user="moderator")
    states = {s.message_id: s.state.value for s in await records(hipbot, imitation)}
    assert states == {deep.message_id: "pinned", top.message_id: "pinned"}


async def test_forgetme_removes_the_moderators_id_from_snippets(hipbot: HipThrustBot, driver: Driver,
                                                                imitation: Imitation) -> None:
    await pin(driver, "quick-answer")
    await pin(driver, "caveats", into="training")
    moderator = imitation.scenario.moderator.id
    assert {s.pinned_by for s in await records(hipbot, imitation)} == {moderator}

    asked = await driver.slash("forgetme", user="moderator")
    assert "removes your id from guide snippets you pinned" in asked.content
    done = await driver.click(asked, label="Delete everything")
    assert "snippet records with your id removed" in done.content

    kept = await records(hipbot, imitation)
    assert [(s.section_id, s.pinned_by, s.state.value) for s in kept] == [
        ("quick-answer", None, "pinned"), ("caveats", None, "pinned")]
    listed = await driver.slash("snippet list", user="moderator")
    assert f"<@{moderator}>" not in listed.text
    assert "pinned by a moderator" in listed.text
    # The pinned messages' footers named the moderator too: they say "a moderator" now.
    posts = [*snippet_posts(driver, "general"), *snippet_posts(driver, "training")]
    assert len(posts) == 2
    await driver.wait_until(lambda: all(footer(driver.refresh(p)).endswith(" · pinned by a moderator") for p in posts),
                            "the footers to forget the moderator")
    assert all(footer(driver.refresh(p)).startswith("Guide snippet: ") for p in posts)


def refused(imitation: Imitation, method: str, post: Reply, status: int) -> bool:
    """Whether Discord refused the bot's `method` request on the post's message with `status`."""
    return any(r.method == method and r.path.endswith(f"/messages/{post.message_id}") and r.status == status
               for r in imitation.core.requests)


async def test_forgetme_takes_the_name_off_a_snippet_in_an_archived_thread_once_it_is_open(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """Discord changes nothing in an archived thread (50083): a footer there kept the name of the
    moderator who asked to be forgotten. It loses it once a message opens the thread again."""
    thread = await driver.start_thread("form check", user="member", channel="general")
    await pin(driver, "quick-answer", where=thread)
    [post] = snippet_posts(driver, thread)
    named = footer(post)
    assert not named.endswith(" · pinned by a moderator")
    await driver.archive_thread(thread)

    asked = await driver.slash("forgetme", user="moderator")
    await driver.click(asked, label="Delete everything")

    await driver.wait_until(lambda: refused(imitation, "PATCH", post, 400), "the footer's edit to be refused")
    assert footer(driver.refresh(post)) == named

    await driver.post("back at it", user="member", channel=thread)  # a message opens the thread
    await driver.wait_until(lambda: footer(driver.refresh(post)).endswith(" · pinned by a moderator"),
                            "the footer to forget the moderator")
    assert footer(driver.refresh(post)) == named.rsplit(" · pinned by ", 1)[0] + " · pinned by a moderator"


async def test_snippet_refresh_takes_off_a_forgotten_pinners_name_the_bot_could_not_edit_then(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await pin(driver, "caveats", into="training")
    [post] = snippet_posts(driver, "training")
    bot_role = imitation.scenario.bot_role.id
    await driver.set_overwrites("training", perms.Overwrite(bot_role, 0, deny=perms.READ_MESSAGE_HISTORY))
    asked = await driver.slash("forgetme", user="moderator")
    await driver.click(asked, label="Delete everything")

    await driver.wait_until(lambda: refused(imitation, "GET", post, 403), "the snippet's message to be refused")
    assert not footer(driver.refresh(post)).endswith(" · pinned by a moderator")

    await driver.set_overwrites("training")  # the permission back: the current snippet is not stale,
    report = await driver.slash("snippet refresh", user="moderator")  # yet its footer loses the name
    assert report.content == "Refreshed 0 stale snippets · 1 already current · 0 gone."
    assert footer(driver.refresh(post)).endswith(" · pinned by a moderator")
