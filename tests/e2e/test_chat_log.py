"""Sets typed in chat, end to end: a DM, a mention in a server, and "Log as hip thrust" on a message."""

from __future__ import annotations

import asyncio
import datetime as dt

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.chat_helpers import BUTTON_LIFETIME, POINTER, bot_messages, posted_pings_nobody, stored
from tests.e2e.logbook_helpers import click_expired, count, entry_rows, seed_sessions, today
from tests.e2e.stale_presses import click_on, shown

pytestmark = pytest.mark.e2e
MENU = "Log as hip thrust"
NOT_YOURS = "These buttons belong to the lifter who sent this set; nothing was changed."


async def test_a_dm_is_logged_with_its_nudge_and_undone(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.dm("100kg 3x10 @8 felt strong")
    member = driver.user("member")
    assert reply.channel_id == driver.channel("dm", member).id  # answered in the DM
    assert reply.content.startswith("**Logged** 3 × 10 @ 100 kg · RPE 8 · barbell on ")
    assert "Note: felt strong" in reply.content
    assert "**Next session:** 3 × 10 reps at 100 kg." in reply.content  # the nudge: a DM is private
    assert "(guide: " in reply.content
    assert [b["label"] for b in reply.buttons()] == ["Undo"]
    [row] = await entry_rows(hipbot, member.id)
    assert (row["weight"], row["unit"], row["sets"], row["reps"], row["rpe"]) == (100.0, "kg", 3, 10, 8.0)
    assert row["note"] == "felt strong"  # the parsed note; the line itself is nowhere
    assert row["interaction_id"] == reply.reference_id  # keyed by the lifter's message
    posted_pings_nobody(driver)

    undone = await driver.click(reply, "Undo")
    assert undone.content.startswith("Deleted: ")
    assert "3 × 10 @ 100 kg · RPE 8 · barbell" in undone.content
    assert undone.buttons() == []
    assert await stored(hipbot, driver) == []


async def test_a_mention_is_answered_in_the_channel_without_the_private_nudge(
        hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.say("140 x 8 x 4 hips sore", channel="training")
    assert reply.channel_id == driver.channel("training").id
    assert not reply.ephemeral
    said = driver.world.messages[reply.reference_id or 0]
    assert said.author_id == driver.user("member").id  # a reply to the member's own message
    assert reply.content.splitlines()[0].startswith("**Logged** 4 × 8 @ 140 kg · barbell on ")
    assert "Note: hips sore" in reply.content
    assert reply.content.endswith(POINTER)  # share_logs is off: only what was stored
    assert "Next session" not in reply.content
    posted_pings_nobody(driver)
    assert await stored(hipbot, driver) == [(140.0, 4, 8)]

    refused = await driver.click(reply, "Undo", user="moderator")
    assert refused.ephemeral
    assert refused.content == NOT_YOURS
    assert await stored(hipbot, driver) == [(140.0, 4, 8)]
    assert [b["label"] for b in driver.refresh(reply).buttons()] == ["Undo"]

    undone = await driver.click(reply, "Undo", user="member")
    assert undone.content.startswith("Deleted: ")
    assert await stored(hipbot, driver) == []


async def test_with_share_logs_on_a_mention_shows_the_nudge(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("settings", share_logs=True)
    reply = await driver.say("bw single leg 3x15")
    assert reply.content.startswith("**Logged** 3 × 15 @ bodyweight · single-leg on ")
    assert "**Next session:**" in reply.content
    assert POINTER not in reply.content


async def test_bodyweight_x_reps_is_logged_without_a_note(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.dm("bw x 20")
    assert reply.content.startswith("**Logged** 1 × 20 @ bodyweight · barbell on ")
    assert "Note:" not in reply.content  # the x only joined bodyweight and its reps
    mentioned = await driver.say("BW × 12", channel="training")
    assert mentioned.content.startswith("**Logged** 1 × 12 @ bodyweight · barbell on ")
    assert "Note:" not in mentioned.content
    rows = await entry_rows(hipbot, driver.user("member").id)
    assert [(row["weight"], row["sets"], row["reps"], row["note"]) for row in rows] == [
        (0.0, 1, 20, None), (0.0, 1, 12, None)]


async def test_another_lift_at_body_weight_is_not_logged_as_a_hip_thrust(hipbot: HipThrustBot, driver: Driver) -> None:
    """Review: "deadlift body weight 3x10" was logged as a hip thrust with the note "deadlift"."""
    for line in ("deadlift body weight 3x10", "deadlift body-weight 3x10"):
        reply = await driver.dm(line)
        assert "another lift (`deadlift`)" in reply.content
    assert await count(hipbot, "entries", driver.user("member").id) == 0


async def test_the_context_menu_logs_your_own_message_privately(hipbot: HipThrustBot, driver: Driver) -> None:
    line = driver.write("hip thrust 225 lb 3x8 @ 9", channel="general")  # no mention: the bot cannot read it
    await driver.settle()
    [delivered] = driver.deliveries(line)
    assert delivered["d"]["content"] == ""
    assert driver.answers_to(line) == []

    answer = await driver.context_menu(MENU, line, user="member")
    assert answer.ephemeral
    assert answer.content.startswith("**Logged** 3 × 8 @ 225 lb · RPE 9 · barbell on ")
    assert "**Next session:**" in answer.content  # private: the nudge is there
    [row] = await entry_rows(hipbot, driver.user("member").id)
    assert row["interaction_id"] == line.id

    again = await driver.context_menu(MENU, line, user="member")
    assert again.ephemeral
    assert again.content.startswith("This message is already in your log: ")
    assert await count(hipbot, "entries", driver.user("member").id) == 1

    undone = await driver.click(answer, "Undo")
    assert undone.content.startswith("Deleted: ")
    assert await stored(hipbot, driver) == []


async def test_the_context_menu_refuses_someone_elses_message(hipbot: HipThrustBot, driver: Driver) -> None:
    line = driver.write("100kg 3x10", user="member", channel="general")
    answer = await driver.context_menu(MENU, line, user="moderator")
    assert answer.ephemeral
    assert "Only your own sets" in answer.content
    assert "Nothing was stored" in answer.content
    assert await stored(hipbot, driver, "moderator") == []
    assert await stored(hipbot, driver, "member") == []


async def test_the_context_menu_works_in_a_dm_too(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.dm("120kg 3x8")
    later = driver.write("130kg 3x6", channel="dm")
    answer = await driver.context_menu(MENU, driver.world.messages[reply.reference_id or 0])
    assert answer.content.startswith("This message is already in your log: ")
    await driver.answer_to(later)
    assert await stored(hipbot, driver) == [(120.0, 3, 8), (130.0, 3, 6)]


async def test_a_line_with_two_readings_asks_and_the_pick_is_stored(hipbot: HipThrustBot, driver: Driver) -> None:
    question = await driver.say("100kg 10x3")
    assert "two ways" in question.content
    assert "Nothing is stored until you choose." in question.content
    assert [b["label"] for b in question.buttons()] == ["10 sets of 3", "3 sets of 10", "Cancel"]
    assert await stored(hipbot, driver) == []
    member = driver.user("member").id
    assert await count(hipbot, "pending_logs", member) == 1

    refused = await driver.click(question, "3 sets of 10", user="moderator")
    assert refused.content == NOT_YOURS
    assert await stored(hipbot, driver, "moderator") == []

    picked = await driver.click(question, "3 sets of 10", user="member")
    assert picked.content.startswith("**Logged** 3 × 10 @ 100 kg · barbell on ")
    assert picked.content.endswith(POINTER)
    assert [b["label"] for b in picked.buttons()] == ["Undo"]
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    assert await count(hipbot, "pending_logs", member) == 0


@pytest.mark.parametrize(("line", "label"), [("100kg 10x3", "3 sets of 10"), ("1000kg 3x10", "Store anyway")])
async def test_a_double_click_leaves_the_channel_s_post_logged_with_its_undo(
        hipbot: HipThrustBot, driver: Driver, line: str, label: str) -> None:
    """Both presses leave the client before the post changes: one stores, and the other must not
    turn the post the channel reads into "Already stored", taking its Undo away."""
    await driver.say("100kg 3x10")
    question = await driver.say(line)
    presses = await asyncio.gather(driver.click(question, label), driver.click(question, label))
    assert len(await stored(hipbot, driver)) == 2
    for press in presses:
        answer = driver.record(press)
        if answer.callback_type == 7:  # an edit of the post
            assert (answer.callback_data or {}).get("content", "").startswith("**Logged** 3 × 10 @ ")
    after = driver.refresh(question)
    assert after.content.startswith("**Logged** 3 × 10 @ ")
    assert [b["label"] for b in after.buttons()] == ["Undo"]


async def test_cancel_on_two_readings_stores_nothing(hipbot: HipThrustBot, driver: Driver) -> None:
    question = await driver.dm("100kg 10x3")
    cancelled = await driver.click(question, "Cancel")
    assert cancelled.content == "Cancelled. Nothing was stored."
    assert await stored(hipbot, driver) == []
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0


async def test_cancel_after_a_reading_was_picked_shows_what_is_stored(hipbot: HipThrustBot, driver: Driver,
                                                                    imitation: Imitation) -> None:
    # A pick and Cancel at once: Cancel's answer said "Nothing was stored" over a stored set.
    question = await driver.dm("100kg 10x3")
    member = driver.user("member").id
    key = int(question.buttons()[0]["custom_id"].split(":")[3])  # the lifter's message: the readings wait under it
    picked = await hipbot.store.pending.pick(key, member, 1, imitation.clock())
    assert picked is not None
    await hipbot.store.logbook.log(member, lambda _prefs: picked, interaction_id=key, when=imitation.clock(),
                                   sessions=12)  # the pick's store, its answer not shown yet
    late = await driver.click(question, "Cancel")  # answered as the pick is, Undo and all
    assert late.content.startswith("**Logged** 3 × 10 @ 100 kg")
    assert [b["label"] for b in late.buttons()] == ["Undo"]
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]


async def test_a_pick_after_cancel_says_the_choice_was_answered(hipbot: HipThrustBot, driver: Driver) -> None:
    # Pressed on the choice as it was before Cancel answered: "expired" it was not.
    question = await driver.say("100kg 10x3")
    before = shown(driver, question)
    assert (await driver.click(question, "Cancel")).content == "Cancelled. Nothing was stored."
    late = await click_on(driver, before, "3 sets of 10")
    assert late.ephemeral
    assert late.content == ("This choice was answered already, and nothing from it is in your log; "
                            "send the line again.")
    assert driver.refresh(question).content == "Cancelled. Nothing was stored."
    assert await stored(hipbot, driver) == []


async def test_a_pick_after_one_that_asked_did_you_mean_points_to_the_question(
        hipbot: HipThrustBot, driver: Driver) -> None:
    # A double click whose first pick is implausible: the second finds "Did you mean …?" waiting.
    await driver.say("100kg 3x10")
    question = await driver.say("1000kg 10x3")
    before = shown(driver, question)
    asked = await driver.click(question, "3 sets of 10")
    assert "Did you mean **100 kg**?" in asked.content
    late = await click_on(driver, before, "3 sets of 10")
    assert late.ephemeral
    assert late.content == ('This choice was answered already: the set picked waits for your answer to '
                            '"Did you mean …?" on this message.')
    assert [b["label"] for b in driver.refresh(question).buttons()] == ["Store 100 kg", "Store anyway", "Cancel"]
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    kept = await driver.click(question, "Store 100 kg")  # the question still answers
    assert kept.content.startswith("**Logged** 3 × 10 @ 100 kg · barbell on ")
    again = await click_on(driver, before, "10 sets of 3")  # now as the press that stored it says
    assert again.content.startswith("**Logged** 3 × 10 @ 100 kg · barbell on ")
    assert [b["label"] for b in again.buttons()] == ["Undo"]
    assert await stored(hipbot, driver) == [(100.0, 3, 10), (100.0, 3, 10)]


async def test_an_implausible_load_asks_first_like_log(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.dm("100kg 3x10")
    question = await driver.dm("1000kg 3x10")
    assert "is more than double your last barbell working load (100 kg). Did you mean **100 kg**?" in question.content
    assert "Nothing is stored until you choose" in question.content
    assert [b["label"] for b in question.buttons()] == ["Store 100 kg", "Store anyway", "Cancel"]
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]

    kept = await driver.click(question, "Store anyway")
    assert kept.content.startswith("**Logged** 3 × 10 @ 1000 kg · barbell on ")
    assert [b["label"] for b in kept.buttons()] == ["Undo"]
    rows = await entry_rows(hipbot, driver.user("member").id)
    assert [r["weight"] for r in rows] == [100.0, 1000.0]
    assert rows[1]["interaction_id"] == question.reference_id


async def test_store_anyway_after_cancel_says_it_was_cancelled(hipbot: HipThrustBot, driver: Driver) -> None:
    # Pressed on the question as it was after Cancel answered: "expired" it was not.
    await driver.dm("100kg 3x10")
    question = await driver.dm("1000kg 3x10")
    before = shown(driver, question)
    assert (await driver.click(question, "Cancel")).content == "Cancelled. Nothing was stored."
    late = await click_on(driver, before, "Store anyway")
    assert late.ephemeral
    assert late.content == "This question was cancelled. Nothing was stored; send the line again."
    assert driver.refresh(question).content == "Cancelled. Nothing was stored."
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]


async def test_a_rep_record_is_said_as_log_says_it_wherever_the_target_is(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    """A set typed in chat is told it is a rep record as a /log set is, where the reply shows the
    target; a reply the channel reads with share_logs off shows only what was stored."""
    yesterday = today(imitation) - dt.timedelta(days=1)
    await seed_sessions(hipbot, driver.user("member").id, 2, end=yesterday)  # 10 reps at 59.5, then 60 kg
    record = f"**Rep record:** 10 reps at {{}} kg, up from 60 kg on {yesterday.isoformat()}."
    dm = await driver.dm("62.5kg 1x10")
    assert dm.content.splitlines()[1].startswith(record.format("62.5"))
    assert "**Next session:**" in dm.content
    mention = await driver.say("65kg 1x10", channel="training")
    assert "Rep record" not in mention.content
    assert mention.content.endswith(POINTER)
    # Stored after "Did you mean …?": the record is read anew.
    question = await driver.dm("150kg 1x10")
    kept = await driver.click(question, "Store anyway")
    assert kept.content.splitlines()[1].startswith(record.format("150"))


async def test_the_weight_offered_for_a_line_is_stored_in_one_click_by_its_author_only(
        hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.say("100kg 3x10")
    question = await driver.say("1000kg 3x10 felt heavy")
    # The channel reads this reply: the last load is not named (share_logs is off).
    assert "is more than double your last barbell working load. Did you mean **100 kg**?" in question.content
    assert "(100 kg)" not in question.content
    refused = await driver.click(question, "Store 100 kg", user="moderator")
    assert refused.ephemeral
    assert refused.content == NOT_YOURS  # nothing is logged yet: "sent", not "logged"
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    fixed = await driver.click(question, "Store 100 kg")
    assert fixed.content.startswith("**Logged** 3 × 10 @ 100 kg · barbell on ")
    assert [b["label"] for b in fixed.buttons()] == ["Undo"]
    rows = await entry_rows(hipbot, driver.user("member").id)
    assert [(r["weight"], r["note"]) for r in rows] == [(100.0, None), (100.0, "felt heavy")]
    assert rows[1]["interaction_id"] == question.reference_id
    posted_pings_nobody(driver)


async def test_a_load_that_fits_in_the_other_unit_is_offered_in_it(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.dm("100kg 3x10")
    question = await driver.dm("225 3x10")  # the lifter's setting is kg; they load in pounds
    assert question.content == ("**225 kg** is more than double your last barbell working load (100 kg). Did you "
                                "mean **225 lb**? Nothing is stored until you choose.")
    assert [b["label"] for b in question.buttons()] == ["Store 225 lb", "Store anyway", "Cancel"]
    stored = await driver.click(question, "Store 225 lb")
    assert stored.content.startswith("**Logged** 3 × 10 @ 225 lb · barbell on ")
    rows = await entry_rows(hipbot, driver.user("member").id)
    assert [(r["weight"], r["unit"]) for r in rows] == [(100.0, "kg"), (225.0, "lb")]


async def test_a_line_it_cannot_read_is_refused_politely(hipbot: HipThrustBot, driver: Driver) -> None:
    per_side = await driver.dm("45kg/side 3x10")
    assert per_side.content.startswith("I read part of the load (`45kg/side`): log the whole load")
    listed = await driver.dm("60kg 10,10,8")
    assert listed.content.startswith("I read a list of reps (`10,10,8`): send one line for each number of reps")
    private = await driver.dm("how do I brace?")
    assert private.content.startswith("I did not find a set in that")
    assert "the guide's answers are in `/hipthrust`" in private.content  # "@bot help" is pointed somewhere
    assert private.content.endswith("Nothing was stored. A line I can read: `100kg 3x10 @8`.")
    assert private.buttons() == []
    three = await driver.dm("100kg 3 x 10 x 3")
    assert three.content == ("I read the weight (`100kg`), then three numbers in a row (`3 x 10 x 3`): beside a "
                             "weight, write only sets × reps (`3x10`). Nothing was stored. A line I can read: "
                             "`100kg 3x10 @8`.")
    glued = await driver.dm("100kg 3x0a@everyone")  # the echo stops where the word does
    assert glued.content.startswith("I could not read `3 x 0a` as sets × reps. Nothing was stored.")
    public = await driver.say("100kg 3x10 and 200kg 5x5")
    assert "Nothing was stored" in public.content
    assert public.reference_id is not None
    assert await stored(hipbot, driver) == []
    posted_pings_nobody(driver)


async def test_an_rpe_with_no_number_is_refused_not_kept_as_the_note(hipbot: HipThrustBot, driver: Driver) -> None:
    # `rpe` and `@` alone were stored as the note "rpe" or "@", with no RPE.
    bare = await driver.dm("100kg 3x10 rpe")
    assert bare.content == ("I read an RPE with no number (`rpe`): write it as `@8` or `rpe 8`, a number from 1 to 10 "
                            "in steps of 0.5, or leave it out. Nothing was stored. A line I can read: `100kg 3x10 @8`.")
    assert bare.buttons() == []
    at = await driver.say("100kg 3x10 @", channel="training")
    assert at.content.startswith("I read an RPE with no number (`@`): write it as `@8` or `rpe 8`")
    assert at.content.endswith("Nothing was stored. A line I can read: `100kg 3x10 @8`.")
    assert await stored(hipbot, driver) == []
    posted_pings_nobody(driver)


async def test_a_date_in_another_order_is_told_how_dates_are_written(hipbot: HipThrustBot, driver: Driver,
                                                                     imitation: Imitation) -> None:
    # It answered "I could not tell what `1` is", saying nothing of dates.
    reply = await driver.dm("100kg 3x10 1/2/2024")
    assert reply.content == (f"I read a date as `1/2/2024`: write dates as YYYY-MM-DD (today is "
                             f"`{today(imitation).isoformat()}`). Nothing was stored. A line I can read: "
                             "`100kg 3x10 @8`.")
    assert await stored(hipbot, driver) == []


async def test_chat_buttons_expire(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    reply = await driver.say("100kg 3x10")
    question = await driver.dm("1000kg 3x10")
    imitation.advance(BUTTON_LIFETIME + 1)
    # No command made them: an expired Undo points to /undo, a question to sending the line again.
    await click_expired(driver, reply, "Undo",
                        says="This Undo has expired; `/undo` deletes the entry you logged last, after you confirm.")
    await click_expired(driver, question, "Store anyway",
                        says="These buttons have expired. Nothing was stored; send the line again.")
    assert await stored(hipbot, driver) == [(100.0, 3, 10)]
    assert len(bot_messages(driver)) == 2
