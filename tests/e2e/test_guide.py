"""/hipthrust end to end: every subcommand, privacy, the repeat guard, and the guide's own words.

What is asserted is what a member sees in Discord (the imitation validates every message body
against Discord's limits and would answer 400 / 50035, which `no_rejected_requests` catches).
"""

from __future__ import annotations

import re

import pytest

from bot.client import HipThrustBot
from bot.guide.model import QUICK_SECTION
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from cogs.guide.posting import guide_post_key
from tests.e2e.bots import HeldAnswers, post_known

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

QUICK = "stable, loadable hip-extension pattern"
DEFAULT_DOSE = "2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9"
SQUAT_TRIAL = "Hip thrusts and squats both grew glutes in a trial"
SUBCOMMAND = 1  # Discord's option type for a subcommand (2 is a subcommand group)



async def everything(driver: Driver, reply: Reply, *phrases: str) -> str:
    """All the text the invoker sees from one command (its reply and any followups),
    once every phrase has arrived."""

    def text() -> str:
        return "\n".join(r.text for r in [driver.refresh(reply), *driver.followups(reply)])

    await driver.wait_until(lambda: all(p in text() for p in phrases), f"{phrases} to be shown")
    return text()


def footers(driver: Driver, reply: Reply) -> list[str]:
    """The footer of every embed the command sent, in order (each names its section)."""
    replies = [driver.refresh(reply), *driver.followups(reply)]
    return [(e.get("footer") or {}).get("text", "") for r in replies for e in r.embeds]


async def test_quick_posts_the_quick_answer_publicly(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("hipthrust quick", user="member", channel="general")
    assert not reply.ephemeral
    embed = reply.embeds[0]
    assert embed["title"] == "Quick answer"
    assert embed["footer"]["text"] == "Hip thrust guide · Quick answer"
    assert (
        "Hip thrusts are a useful glute exercise when you want a stable, loadable hip-extension "
        "pattern with less grip, spinal-erector, and balance demand than many heavy hinges or "
        "lunges." in embed["description"]
    )
    assert "They are not required for glute growth" in embed["description"]
    assert [m.message_id for m in driver.messages("general")] == [reply.message_id]


async def test_mistakes_lists_them_and_says_it_is_derived(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    # The command picker must not claim the guide has such a list: the section is compiled.
    [hipthrust] = [c for c in imitation.core.commands[None] if c["name"] == "hipthrust"]
    [mistakes] = [o for o in hipthrust["options"] if o["name"] == "mistakes"]
    assert mistakes["description"] == "Common hip thrust mistakes, drawn from the guide's other sections"

    reply = await driver.slash("hipthrust mistakes")
    text = await everything(driver, reply, "Chasing the biggest plate stack")
    assert "every rep turns into a different mix of lumbar extension, shortened range, " \
           "bouncing, or foot-position experiments" in text
    assert "Treating hip thrusts as mandatory" in text
    assert "Treating them as a replacement for squats and hinges" in text
    assert reply.embeds[0]["title"] == "Common mistakes"
    assert len(reply.embeds[0]["fields"]) >= 3  # the section's "- " list becomes fields
    assert footers(driver, reply)[-1].endswith("compiled from the guide's other sections")


async def test_examples_all_three_or_one_case(hipbot: HipThrustBot, driver: Driver) -> None:
    every = await driver.slash("hipthrust examples", channel="general")
    text = await everything(driver, every, "Glute-focused hypertrophy slot",
                            "Back-fatigue workaround", "Powerlifter accessory")
    assert "The accessory supports the tested lifts instead of pretending to replace them." in text
    assert "It means the exercise matches that person's recovery budget." in text

    one = await driver.slash("hipthrust examples", channel="training", case="powerlifter")
    assert not one.ephemeral
    assert [e.get("title") for e in one.embeds if e.get("title")] == ["Powerlifter accessory"]
    assert "Back-fatigue workaround" not in (await everything(driver, one))


async def test_program_gives_the_default_dose_and_pairing(hipbot: HipThrustBot,
                                                          driver: Driver) -> None:
    reply = await driver.slash("hipthrust program")
    text = await everything(driver, reply, "Pair it with the work it does not cover")
    assert f"A practical default is {DEFAULT_DOSE}, adjusted to the rest of the lower-body " \
           "plan." in text
    assert "Add load or reps only when you can finish the planned sets" in text
    assert "they do not train the entire lower body" in text
    assert footers(driver, reply)[0].endswith("Progress it without chasing the biggest plate stack")


async def test_science_all_notes_or_one_topic(hipbot: HipThrustBot, driver: Driver) -> None:
    every = await driver.slash("hipthrust science", channel="general")
    text = await everything(driver, every, "Why the answer looks like this", "Limitations",
                            "Activation is a clue, not a crown", SQUAT_TRIAL)
    assert "hip thrusts are a strong option inside a small menu of repeatable, progressable " \
           "exercises rather than a magic movement that replaces the plan." in text
    assert "EMG and activation evidence is indirect." in text

    one = await driver.slash("hipthrust science", channel="training", topic="squat-trial")
    shown = await everything(driver, one, SQUAT_TRIAL)
    assert "the trial does not prove they beat squats for everyone" in shown
    assert "Activation is a clue" not in shown


async def test_autocomplete_ranks_exact_title_then_word_matches(hipbot: HipThrustBot,
                                                                driver: Driver) -> None:
    command = "hipthrust guide"
    exact = await driver.autocomplete(command, "section", section="quick answer")
    assert [c["name"] for c in exact] == ["Quick answer", "Why the answer looks like this"]
    # A title starting with the word, then the word whole, then the word inside a longer one.
    glute = await driver.autocomplete(command, "section", section="glute")
    assert [c["name"] for c in glute][:4] == [
        "Glute-focused hypertrophy slot", "Hip thrusts match a real glute function", SQUAT_TRIAL,
        "Quick answer"]  # then the sections whose text says "glute", the most of it first
    # A word no title has finds the sections whose text has it, the guide's own first, then those
    # derived from it (Common mistakes says "bench" once in 266 words, Decision checkpoints once in 280).
    bench = await driver.autocomplete(command, "section", section="bench")
    assert [c["name"] for c in bench][:3] == ["Make the setup repeatable", "Common mistakes", "Decision checkpoints"]
    assert await driver.autocomplete(command, "section", section="tempo") == []
    everyone = await driver.autocomplete(command, "section", section="")
    assert 20 <= len(everyone) <= 25
    assert everyone[0]["name"] == "Quick answer"  # reading order when nothing is typed
    assert all(len(c["name"]) <= 100 for c in everyone)

    picked = next(c for c in glute if c["name"] == SQUAT_TRIAL)
    reply = await driver.slash(command, section=picked["value"])  # Discord sends the value
    assert not reply.ephemeral
    assert reply.embeds[0]["title"] == SQUAT_TRIAL
    assert "set-volume-equated hip thrust and back squat training" in reply.embeds[0]["description"]


async def test_guide_is_one_command_with_a_section_option(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    # What Discord's client shows: `/hipthrust guide section:<title>`, no `guide section` subcommand.
    [hipthrust] = [c for c in imitation.core.commands[None] if c["name"] == "hipthrust"]
    subcommands = {o["name"]: o for o in hipthrust["options"]}
    assert {o["type"] for o in subcommands.values()} == {SUBCOMMAND}
    guide = subcommands["guide"]
    assert [o["name"] for o in guide["options"]] == ["section", "private"]
    section = guide["options"][0]
    assert (section["required"], section["autocomplete"]) == (True, True)
    with pytest.raises(InvocationError, match="no subcommand 'section'"):
        await driver.slash("hipthrust guide section", section="quick-answer")

    offered = await driver.autocomplete("hipthrust guide", "section", section="terms")
    assert offered[0] == {"name": "Terms used here", "value": "terms"}
    reply = await driver.slash("hipthrust guide", section=offered[0]["value"])
    assert reply.embeds[0]["title"] == "Terms used here"


async def test_unknown_section_suggests_titles_privately(hipbot: HipThrustBot,
                                                        driver: Driver) -> None:
    reply = await driver.slash("hipthrust guide", section="comon mistaks")
    assert reply.ephemeral
    assert "No guide section is called “comon mistaks”." in reply.content
    assert "Did you mean **Common mistakes**" in reply.content
    assert "`/hipthrust guide`" in reply.content
    assert driver.messages("general") == []
    in_text = await driver.slash("hipthrust guide", section="bench")  # no title has it; a text does
    assert "Did you mean **Make the setup repeatable**" in in_text.content
    nothing = await driver.slash("hipthrust guide", section=" ", checked=False)
    assert nothing.content.startswith("Choose a guide section. Start typing in the `section` option")


async def test_an_echoed_section_name_carries_no_control_or_direction_character(
        hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash_raw("hipthrust guide", section="ab\u0000c\u202edef")
    assert reply.ephemeral
    assert reply.content.startswith("No guide section is called “ab cdef”.")
    assert not set("\u0000\u202e") & set(reply.content)
    typed = await driver.slash_raw("log", weight=100, reps=10, date="2026\u202e-01-0\u0000")
    assert "(you gave `2026-01-0 `)" in typed.content


async def test_the_sandbox_refuses_a_private_value_that_is_not_true_or_false(
        hipbot: HipThrustBot, driver: Driver) -> None:
    # `/hipthrust quick private:maybe` was read as false and posted for everyone.
    with pytest.raises(InvocationError, match=r"private: 'maybe' is not true or false"):
        await driver.slash("hipthrust quick", private="maybe")
    assert driver.messages("general") == []
    assert (await driver.slash("hipthrust quick", private="Yes")).ephemeral
    assert not (await driver.slash("hipthrust quick", private="no")).ephemeral


async def test_private_answers_only_the_invoker(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("hipthrust program", channel="general", private=True)
    assert reply.ephemeral
    assert DEFAULT_DOSE in await everything(driver, reply, "Pair it with")
    section = await driver.slash("hipthrust guide", section="limitations", private=True)
    assert section.ephemeral
    assert section.embeds[0]["title"] == "Limitations"
    assert driver.messages("general") == []
    # A private copy is no public post: the next public request still posts.
    public = await driver.slash("hipthrust program", channel="general")
    assert not public.ephemeral


async def test_same_section_twice_within_a_minute_links_the_first(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    first = await driver.slash("hipthrust quick", user="member", channel="general")
    assert not first.ephemeral
    await post_known(driver, hipbot, first.message_id)
    guild = imitation.scenario.guild.id
    link = f"https://discord.com/channels/{guild}/{first.channel_id}/{first.message_id}"

    # The same section by another command, from someone else, 30 s later.
    imitation.advance(30)
    again = await driver.slash("hipthrust guide", user="moderator", channel="general",
                               section="quick-answer")
    assert again.ephemeral
    assert link in again.content
    assert re.search(r"posted in this channel 3\d s ago", again.content)  # the clock moved 30 s
    assert "here is a copy only you can see" in again.content
    assert QUICK in again.embeds[0]["description"]  # still answered, just privately

    elsewhere = await driver.slash("hipthrust quick", channel="training")
    assert not elsewhere.ephemeral  # the guard is per channel

    imitation.advance(31)  # 61 s after the first post
    later = await driver.slash("hipthrust quick", user="moderator", channel="general")
    assert not later.ephemeral
    assert [m.message_id for m in driver.messages("general")] == [first.message_id,
                                                                  later.message_id]


async def test_a_deleted_post_no_longer_holds_back_the_next_public_answer(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    first = await driver.slash("hipthrust quick", user="member", channel="general")
    await post_known(driver, hipbot, first.message_id)  # deleted before the bot knew it: the next test
    await driver.delete_message(first, by="moderator")
    again = await driver.slash("hipthrust quick", user="moderator", channel="general")
    assert not again.ephemeral  # not a dead link and a private copy
    assert again.content == ""
    await post_known(driver, hipbot, again.message_id)
    assert [m.message_id for m in driver.messages("general")] == [again.message_id]

    # A bulk delete (a moderation tool clearing the channel) releases it too; another post does not.
    note = await driver.post("thanks", user="member", channel="general")
    await driver.delete_messages([note], by="moderator")
    guarded = await driver.slash("hipthrust quick", user="member", channel="general")
    assert guarded.ephemeral
    assert f"/{again.message_id} — here is a copy only you can see" in guarded.content
    await driver.delete_messages([again, await driver.post("bye", user="member", channel="general")],
                                 by="moderator")
    third = await driver.slash("hipthrust quick", user="member", channel="general")
    assert not third.ephemeral
    assert [m.message_id for m in driver.messages("general")] == [third.message_id]


async def test_a_post_deleted_before_discord_named_it_holds_back_nothing(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """The bot learns which message its post is from Discord's answer to the send; over the
    internet the channel can show the post, and a moderator delete it, before that answer."""
    held = HeldAnswers()
    imitation.core.answer_travel = held
    try:
        first = await driver.slash("hipthrust quick", user="member", channel="general")
        await driver.delete_message(first, by="moderator")
        await driver.slash("ping", user="member", channel="general")  # delivered after the delete
        held.go.set()
        general, (key, _) = driver.channel("general").id, guide_post_key([QUICK_SECTION])
        await driver.wait_until(lambda: (post := hipbot.recent_posts.earlier(general, key)) is None
                                or post.jump_url is not None, "the post's answer to reach the bot")
    finally:
        imitation.core.answer_travel = None
    again = await driver.slash("hipthrust quick", user="moderator", channel="general")
    assert not again.ephemeral  # not a private copy with a link to a deleted post
    assert [m.message_id for m in driver.messages("general")] == [again.message_id]


async def test_a_section_inside_a_recent_post_links_that_post(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # The guard matched only the same set of sections: one example after all three posted again.
    every = await driver.slash("hipthrust examples", user="member", channel="general")
    assert not every.ephemeral
    await post_known(driver, hipbot, every.message_id)
    guild = imitation.scenario.guild.id
    link = f"https://discord.com/channels/{guild}/{every.channel_id}/{every.message_id}"
    imitation.advance(5)
    one = await driver.slash("hipthrust examples", user="moderator", channel="general", case="hypertrophy")
    assert one.ephemeral
    assert one.content == f"This was posted in this channel 5 s ago: {link} — here is a copy only you can see."
    assert one.embeds[0]["title"] == "Glute-focused hypertrophy slot"

    program = await driver.slash("hipthrust program", channel="general")
    await post_known(driver, hipbot, program.message_id)
    again = await driver.slash("hipthrust guide", channel="general", section="progress-it")
    assert again.ephemeral
    assert f"/{program.message_id} — here is a copy only you can see" in again.content
    # A section no recent post held is posted.
    mixed = await driver.slash("hipthrust guide", channel="general", section="limitations")
    assert not mixed.ephemeral
    assert len(driver.messages("general")) == 3

    imitation.advance(56)  # 61 s after the examples
    later = await driver.slash("hipthrust examples", channel="general", case="powerlifter")
    assert not later.ephemeral


async def test_a_dm_with_the_bot_answers_every_time(hipbot: HipThrustBot, driver: Driver) -> None:
    # It answered the second ask "This was posted in this channel 1 s ago: …/channels/@me/…".
    first = await driver.slash("hipthrust quick", channel="dm")
    again = await driver.slash("hipthrust quick", channel="dm")
    for reply in (first, again):
        assert not reply.ephemeral
        assert reply.content == ""
        assert reply.embeds[0]["title"] == "Quick answer"
    assert first.message_id != again.message_id
