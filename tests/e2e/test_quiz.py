"""/fitquiz and /quizstats end to end: buttons, Back, Restart, Share, restarts, changed data.

The quiz is one ephemeral message edited in place; its position lives in the buttons'
custom_ids, so the restart tests stop the bot and start a new one on the same database and
imitation, then press a button of the old message.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.sandbox import perms
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.content import data_copy
from tests.e2e.bots import post_known, running_bot

pytestmark = [pytest.mark.e2e, pytest.mark.usefixtures("no_rejected_requests")]

GOAL_GLUTES = "Grow my glutes"
PAIN = "Help with pain, an injury or rehab"
# goal, need, week, setup, back: a glute goal that every later question applies to.
MAIN_TOOL_RUN = [GOAL_GLUTES, "No, not specifically", "Yes, both",
                 "Yes, the same setup every time", "No, I recover from them fine"]
MAIN_TOOL = "One useful, loadable option for your glute goal, inside a small menu"
NOT_HERE = "No pain, injury or rehab advice here"
SPECIFIC_PRACTICE = "Hip thrusts may help as accessory work, but do not replace enough specific practice"
FIRST_QUESTION = "What is the main job you want hip thrusts to do for you?"
NAV = ["Back", "Restart", "Share", "Share with my answers"]



def title(reply: Reply) -> str:
    return str(reply.embeds[0]["title"])


def labels(reply: Reply) -> list[str]:
    return [str(b.get("label")) for b in reply.buttons()]


async def take_quiz(driver: Driver, answers: list[str], user: str = "member", channel: str = "general") -> Reply:
    """Run /fitquiz and press these answers in order; the message as it is after the last."""
    reply = await driver.slash("fitquiz", user=user, channel=channel)
    for label in answers:
        reply = await driver.click(reply, label)
    return reply


async def test_full_run_advances_in_place_to_a_stored_verdict(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    start = await driver.slash("fitquiz", user="member", channel="general")
    assert start.ephemeral
    assert title(start) == "Question 1 of up to 5"  # a pain answer ends it at once
    assert start.embeds[0]["description"] == FIRST_QUESTION
    assert GOAL_GLUTES in labels(start)
    assert next(b for b in start.buttons() if b["label"] == "Back")["disabled"]

    second = await driver.click(start, GOAL_GLUTES)
    assert second.callback_type == 7  # the same message, edited
    assert second.message_id == start.message_id
    assert second.ephemeral
    assert title(second) == "Question 2 of up to 5"
    assert "deep hip-flexion or single-leg" in second.embeds[0]["description"]

    result = second
    for label in MAIN_TOOL_RUN[1:]:
        result = await driver.click(result, label)
        assert result.message_id == start.message_id
    assert title(result) == MAIN_TOOL
    # Each reason quotes the guide and names the passage it comes from.
    assert "“The evidence supports hip thrusts as one useful, loadable hip-extension option for " \
           "glute training.” — Why the answer looks like this" in result.text
    assert "A practical default is 2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9, " \
           "adjusted to the rest of the lower-body plan.” — Progress it" in result.text
    assert [f["name"] for f in result.embeds[0]["fields"]] == ["Pair it with", "A starting point"]
    assert labels(result) == NAV
    assert driver.messages("general") == []  # the whole run was private

    member = imitation.scenario.member.id
    [stored] = await hipbot.store.quiz.verdicts_for_user(member)
    assert stored.verdict_id == "main-tool"
    assert stored.quiz_version in result.buttons()[0]["custom_id"]  # the quiz version the buttons carry


async def test_back_and_restart(hipbot: HipThrustBot, driver: Driver) -> None:
    third = await take_quiz(driver, MAIN_TOOL_RUN[:2])
    assert title(third) == "Question 3 of up to 5"
    back = await driver.click(third, "Back")
    assert title(back) == "Question 2 of up to 5"
    assert back.message_id == third.message_id
    assert title(await driver.click(back, "Yes, my goal needs that work")) == \
        "For direct hip-extension work, with other exercises for deep hip flexion or single-leg work"

    done = await take_quiz(driver, [PAIN])  # pain or rehab ends the quiz at once
    assert title(done) == NOT_HERE
    assert "qualified health professional" in done.text
    assert title(await driver.click(done, "Back")) == "Question 1 of up to 5"

    done = await take_quiz(driver, MAIN_TOOL_RUN)
    again = await driver.click(done, "Restart")
    assert again.message_id == done.message_id
    assert title(again) == "Question 1 of up to 5"
    assert next(b for b in again.buttons() if b["label"] == "Back")["disabled"]


async def test_questions_that_cannot_change_the_verdict_are_not_asked(
        hipbot: HipThrustBot, driver: Driver) -> None:
    # A squat or deadlift goal skips the deep-flexion and setup questions; a sport goal ends at once.
    second = await take_quiz(driver, ["Build my squat or deadlift strength"])
    assert title(second) == "Question 2 of up to 3"
    assert "squat, lunge or leg-press pattern" in second.embeds[0]["description"]
    result = await driver.click(second, "Neither yet")
    assert title(result) == SPECIFIC_PRACTICE
    assert "keep the tested lift" not in result.text  # never told it has a lift it said it lacks
    back = await driver.click(result, "Back")
    assert title(back) == "Question 2 of up to 3"
    third = await driver.click(back, "Yes, both")
    assert title(third) == "Question 3 of 3"
    assert "tire your lower back or grip" in third.embeds[0]["description"]
    floor_pull = await driver.click(third, "Yes, they already take a lot out of me")
    assert "less floor-pull fatigue" in title(floor_pull)
    assert title(await take_quiz(driver, ["Help my sprinting or sport skill"])) == SPECIFIC_PRACTICE


async def shared_post(driver: Driver, result: Reply, label: str) -> tuple[Reply, Reply]:
    """Press a Share button: the quiz message as it is then, and the post it made."""
    pressed = await driver.click(result, label)
    await driver.wait_until(lambda: bool(driver.followups(pressed)), "the shared post")
    return pressed, driver.followups(pressed)[0]


async def test_share_posts_a_public_summary_once_that_pings_no_one(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    result = await take_quiz(driver, MAIN_TOOL_RUN)
    pressed, shared = await shared_post(driver, result, "Share")
    assert pressed.ephemeral
    assert title(pressed) == MAIN_TOOL  # the quiz keeps its verdict...
    assert [b["label"] for b in pressed.buttons()] == ["Back", "Restart", "Shared"]  # ...shared once
    assert pressed.buttons()[-1]["disabled"]
    assert not shared.ephemeral
    assert f"Fit quiz verdict: {MAIN_TOOL}" in shared.content
    assert "/fitquiz" in shared.content
    assert all(answer not in shared.content for answer in MAIN_TOOL_RUN)  # no answers unasked
    assert [m.message_id for m in driver.messages("general")] == [shared.message_id]
    await post_known(driver, hipbot, shared.message_id)

    again = await take_quiz(driver, MAIN_TOOL_RUN)  # the same verdict, a second time within a minute
    refused = await driver.click(again, "Share with my answers")
    assert refused.ephemeral
    assert refused.content.startswith("You shared this verdict here ")
    guild = imitation.scenario.guild.id
    assert f"https://discord.com/channels/{guild}/{driver.channel('general').id}/{shared.message_id}" in refused.content
    assert len(driver.messages("general")) == 1
    await driver.delete_message(shared, by="moderator")  # a deleted post guards nothing
    _, with_answers = await shared_post(driver, again, "Share with my answers")
    assert not with_answers.ephemeral
    assert all(answer in with_answers.content for answer in MAIN_TOOL_RUN)
    imitation.advance(61)  # a minute later the same verdict may be shared again
    _, later = await shared_post(driver, await take_quiz(driver, MAIN_TOOL_RUN), "Share")
    assert not later.ephemeral

    for post in (shared, with_answers):
        sent = next(r for r in imitation.core.requests
                    if "/webhooks/" in r.path and isinstance(r.json, dict) and r.json.get("content") == post.content)
        assert sent.json["allowed_mentions"] == {"parse": []}


async def test_share_keeps_to_the_channels_the_server_allows_guide_answers_in(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    training = driver.channel("training")
    before = await take_quiz(driver, MAIN_TOOL_RUN)  # a verdict shown before the server chose
    await driver.slash("config set", user="moderator", add_answer_channel="training")
    pointer = f"On this server guide answers are posted publicly in <#{training.id}>: take /fitquiz there"
    result = await take_quiz(driver, MAIN_TOOL_RUN)
    assert labels(result) == ["Back", "Restart"]  # no Share offered where it cannot post
    assert result.embeds[0]["description"].endswith(pointer + " to share your verdict.")
    refused = await driver.click(before, "Share")
    assert refused.ephemeral
    assert refused.content.startswith(pointer)
    assert driver.messages("general") == []
    assert title(driver.refresh(before)) == MAIN_TOOL  # the quiz is as it was

    there = await take_quiz(driver, MAIN_TOOL_RUN, channel="training")
    _, shared = await shared_post(driver, there, "Share")
    assert [m.message_id for m in driver.messages("training")] == [shared.message_id]


async def test_a_click_after_the_bot_restarted_carries_on(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    async with running_bot(imitation, driver, db):
        old = await take_quiz(driver, MAIN_TOOL_RUN[:3])
        assert title(old) == "Question 4 of up to 5"
    async with running_bot(imitation, driver, db) as fresh:
        fourth = await driver.click(old, MAIN_TOOL_RUN[3])
        assert title(fourth) == "Question 5 of 5"
        result = await driver.click(fourth, MAIN_TOOL_RUN[4])
        assert title(result) == MAIN_TOOL
        [stored] = await fresh.store.quiz.verdicts_for_user(imitation.scenario.member.id)
        assert stored.verdict_id == "main-tool"


async def test_a_click_on_a_quiz_whose_data_changed_starts_again(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "outdated.db"
    async with running_bot(imitation, driver, db):
        old = await take_quiz(driver, MAIN_TOOL_RUN[:4])
        assert title(old) == "Question 5 of 5"

    data_dir = data_copy(tmp_path)  # the operator edits the quiz in a copy of data/
    edited = (data_dir / "quiz.toml").read_text(encoding="utf-8")
    new_question = "Which job should hip thrusts do for you?"
    assert FIRST_QUESTION in edited
    (data_dir / "quiz.toml").write_text(edited.replace(FIRST_QUESTION, new_question),
                                        encoding="utf-8")

    async with running_bot(imitation, driver, db, data_dir=data_dir) as fresh:
        answered = await driver.click(old, MAIN_TOOL_RUN[4])  # would have been the verdict
        assert answered.message_id == old.message_id
        assert answered.content == "This quiz was updated since you started it — start again."
        assert title(answered) == "Question 1 of up to 5"
        assert answered.embeds[0]["description"] == new_question
        assert await fresh.store.quiz.verdicts_for_user(imitation.scenario.member.id) == []
        # The fresh first question works with the new data.
        assert title(await driver.click(answered, GOAL_GLUTES)) == "Question 2 of up to 5"


async def test_quizstats_shows_counts_to_moderators_only(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    empty = await driver.slash("quizstats", user="moderator", channel="general")
    assert empty.ephemeral
    assert "No one has finished the fit quiz in this server yet." in empty.text

    await take_quiz(driver, MAIN_TOOL_RUN, user="member")
    await take_quiz(driver, [PAIN], user="moderator")
    stats = await driver.slash("quizstats", user="moderator", channel="general")
    assert stats.ephemeral
    assert title(stats) == "Fit quiz verdicts in this server"
    description = stats.embeds[0]["description"]
    assert f"**1** · {MAIN_TOOL}" in description
    assert f"**1** · {NOT_HERE}" in description
    assert "2 members" in stats.embeds[0]["footer"]["text"]
    scenario = imitation.scenario
    for person in (scenario.member, scenario.moderator):  # counts only, nobody named
        assert str(person.id) not in stats.text
    assert "moderator" not in stats.text
    assert "<@" not in stats.text

    await take_quiz(driver, [PAIN], user="member")  # only each member's latest verdict counts
    latest = await driver.slash("quizstats", user="moderator", channel="general")
    assert latest.embeds[0]["description"] == f"**2** · {NOT_HERE}"


async def test_quizstats_is_hidden_from_members_without_manage_server(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    commands = {c["name"]: c for c in imitation.core.commands[None]}
    assert commands["quizstats"]["default_member_permissions"] == str(perms.MANAGE_GUILD)
    assert commands["fitquiz"]["default_member_permissions"] is None  # anyone may take it
    with pytest.raises(InvocationError, match="cannot see /quizstats"):
        await driver.slash("quizstats", user="member", channel="general")
    assert title(await driver.slash("fitquiz", user="member")) == "Question 1 of up to 5"


async def test_each_path_quotes_the_guides_line_for_its_own_job(hipbot: HipThrustBot, driver: Driver) -> None:
    # The QA pass's three runs, clicked as a member clicks them.
    general = await take_quiz(driver, ["General strength", "No, not specifically", "Only one of the two",
                                       "Yes, the same setup every time", "Yes, they already take a lot out of me"])
    assert title(general) == ("One hip-extension option when heavy hinges already take too much, "
                              "not your only lower-body lift")
    assert "“General strength accessory: use hip thrusts as one hip-extension option, not the only " \
           "lower-body lift.”" in general.text
    assert "glute-focused plan" not in general.text
    assert "without adding another heavy hinge" not in general.text

    glutes = await take_quiz(driver, [GOAL_GLUTES, "No, not specifically", "Neither yet"])
    assert title(glutes) == "Good glute work, but not a whole lower-body plan"
    assert "General strength accessory" not in glutes.text
    assert "“Hip thrusts can be excellent glute work, but they do not train the entire lower body.”" in glutes.text

    setup = await take_quiz(driver, [GOAL_GLUTES, "No, not specifically", "Yes, both",
                                     "No, it changes from session to session"])
    assert title(setup).startswith("Make the setup repeatable: the same bench height")
    assert "interpret" not in setup.text
