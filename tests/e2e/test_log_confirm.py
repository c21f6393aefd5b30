"""/log's "Did you mean …?": the weight it offers or Store anyway stores once (double clicks,
restarts), Cancel, expiry."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import running_bot
from tests.e2e.logbook_helpers import click_expired, count, entry_rows
from tests.e2e.stale_presses import click_on, shown

pytestmark = pytest.mark.e2e
BUTTON_LIFETIME = 14 * 60  # seconds; the interaction token lives 15 minutes
EXPIRED = "This confirmation has expired. Nothing was stored; log it again."


async def _ask(driver: Driver, **options: Any) -> Reply:
    """Log 100 kg, then a typo'd 1000 kg: the bot asks before storing."""
    await driver.slash("log", weight=100, reps=10, sets=3)
    question = await driver.slash("log", weight=1000, reps=10, sets=3, **options)
    assert question.ephemeral
    assert "Did you mean **100 kg**?" in question.content
    assert "Nothing is stored until you choose" in question.content
    assert [b["label"] for b in question.buttons()] == ["Store 100 kg", "Store anyway", "Cancel"]
    return question


async def _weights(bot: HipThrustBot, driver: Driver) -> list[float]:
    return [r["weight"] for r in await entry_rows(bot, driver.user("member").id)]


async def test_store_anyway_stores_once_even_when_clicked_twice(hipbot: HipThrustBot,
                                                                driver: Driver) -> None:
    question = await _ask(driver)
    member = driver.user("member").id
    assert await _weights(hipbot, driver) == [100.0]
    assert await count(hipbot, "pending_logs", member) == 1
    # A double click: both presses leave the client before the message changes.
    first, second = await asyncio.gather(driver.click(question, "Store anyway"),
                                         driver.click(question, "Store anyway"))
    assert (first.callback_type, second.callback_type) == (7, 7)  # both edit the question
    answers = sorted((driver.record(r).callback_data or {}).get("content", "")
                     for r in (first, second))  # "**Logged** …" sorts before "Already …"
    assert answers[0].startswith("**Logged** 3 × 10 @ 1000 kg · barbell")
    assert answers[1] == "Already stored: 3 × 10 @ 1000 kg · barbell."
    assert await _weights(hipbot, driver) == [100.0, 1000.0]
    assert await count(hipbot, "pending_logs", member) == 0
    final = driver.refresh(question)
    assert "1000 kg" in final.content
    assert final.buttons() == []
    rows = await entry_rows(hipbot, member)
    assert rows[1]["interaction_id"] == question.interaction_id  # keyed by the original /log


async def test_store_anyway_and_cancel_at_once_one_wins_and_the_other_says_so(hipbot: HipThrustBot,
                                                                              driver: Driver) -> None:
    # Cancel said "Nothing was stored" after Store anyway had stored the entry; whichever edit landed
    # last, the lifter could read that over an entry that is in their log.
    question = await _ask(driver)
    presses = await asyncio.gather(driver.click(question, "Store anyway"), driver.click(question, "Cancel"))
    answers = sorted((driver.record(p).callback_data or {}).get("content", "") for p in presses)
    if await _weights(hipbot, driver) == [100.0, 1000.0]:  # Store anyway won
        assert answers[0].startswith("**Logged** 3 × 10 @ 1000 kg · barbell")
        assert answers[1] == "Already stored: 3 × 10 @ 1000 kg · barbell."
    else:
        assert await _weights(hipbot, driver) == [100.0]
        assert answers[0] == "Cancelled. Nothing was stored."
        assert answers[1] == "This question was cancelled. Nothing was stored; log it again."
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0


async def test_cancel_after_the_entry_was_stored_says_it_is_stored(hipbot: HipThrustBot, driver: Driver,
                                                                   imitation: Imitation) -> None:
    question = await _ask(driver)
    member = driver.user("member").id
    # Store anyway pressed on another device a moment before: stored, its answer not shown here yet.
    assert await hipbot.store.pending.confirm(question.interaction_id or 0, member, imitation.clock()) is not None
    late = await driver.click(question, "Cancel")
    assert late.content == "Already stored: 3 × 10 @ 1000 kg · barbell."
    assert await _weights(hipbot, driver) == [100.0, 1000.0]


async def test_store_anyway_with_share_posts_publicly_once(hipbot: HipThrustBot,
                                                           driver: Driver) -> None:
    question = await _ask(driver, share=True)
    assert question.ephemeral  # the question itself is private
    await driver.click(question, "Store anyway")
    # The post follows the click's answer: wait for it, then for anything more to come.
    await driver.wait_until(lambda: bool(driver.messages("general")), "the public post")
    await driver.settle(quiet=0.1)
    public = driver.messages("general")
    assert len(public) == 1
    assert "3 × 10 @ 1000 kg · barbell" in public[0].content


async def test_store_anyway_after_a_restart(imitation: Imitation, driver: Driver,
                                            tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    async with running_bot(imitation, driver, db):
        question = await _ask(driver)
    # A new process on the same database and Discord; the old message's buttons still work.
    async with running_bot(imitation, driver, db) as fresh:
        presses = await asyncio.gather(driver.click(question, "Store anyway"),
                                       driver.click(question, "Store anyway"))
        assert [p.callback_type for p in presses] == [7, 7]
        # Which edit lands last is a race between the two presses; each says the right thing.
        answers = sorted((driver.record(p).callback_data or {}).get("content", "") for p in presses)
        assert answers[0].startswith("**Logged** 3 × 10 @ 1000 kg · barbell")
        assert answers[1] == "Already stored: 3 × 10 @ 1000 kg · barbell."
        assert await _weights(fresh, driver) == [100.0, 1000.0]


async def test_the_weight_offered_is_stored_in_one_click_and_once(hipbot: HipThrustBot, driver: Driver) -> None:
    question = await _ask(driver, rpe=8, note="typo")
    fixed = await driver.click(question, "Store 100 kg")
    assert fixed.content.startswith("**Logged** 3 × 10 @ 100 kg · RPE 8 · barbell")
    assert "**Next session:**" in fixed.content
    assert fixed.buttons() == []
    assert await _weights(hipbot, driver) == [100.0, 100.0]
    rows = await entry_rows(hipbot, driver.user("member").id)
    assert (rows[1]["weight_kg"], rows[1]["rpe"], rows[1]["note"]) == (100.0, 8.0, "typo")
    assert rows[1]["interaction_id"] == question.interaction_id


async def test_both_store_buttons_pressed_at_once_store_one_entry(hipbot: HipThrustBot, driver: Driver) -> None:
    question = await _ask(driver)
    presses = await asyncio.gather(driver.click(question, "Store 100 kg"), driver.click(question, "Store anyway"))
    answers = sorted((driver.record(p).callback_data or {}).get("content", "") for p in presses)
    assert answers[0].startswith("**Logged** 3 × 10 @ ")
    assert answers[1].startswith("Already stored: 3 × 10 @ ")
    assert len(await _weights(hipbot, driver)) == 2
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0


async def test_without_a_likely_typo_only_store_anyway_is_offered(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("log", weight=100, reps=10)
    question = await driver.slash("log", weight=400, reps=10)  # more than double; neither ×10 nor lb near it
    assert "Did you mean" not in question.content
    assert [b["label"] for b in question.buttons()] == ["Store anyway", "Cancel"]


async def test_cancel_stores_nothing(hipbot: HipThrustBot, driver: Driver) -> None:
    question = await _ask(driver)
    cancelled = await driver.click(question, "Cancel")
    assert cancelled.content == "Cancelled. Nothing was stored."
    assert cancelled.buttons() == []
    assert await _weights(hipbot, driver) == [100.0]
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0


async def test_store_anyway_after_cancel_says_it_was_cancelled(hipbot: HipThrustBot, driver: Driver) -> None:
    # Pressed on the question as it was, within its 14 minutes, after Cancel answered: it said
    # "has expired or was cancelled", though only Cancel can have taken the entry by then.
    question = await _ask(driver)
    before = shown(driver, question)
    cancelled = await driver.click(question, "Cancel")
    assert cancelled.content == "Cancelled. Nothing was stored."
    for label in ("Store anyway", "Store 100 kg"):
        late = await click_on(driver, before, label)
        assert late.ephemeral
        assert late.content == "This question was cancelled. Nothing was stored; log it again."
    assert driver.refresh(question).content == "Cancelled. Nothing was stored."
    assert await _weights(hipbot, driver) == [100.0]


async def test_store_anyway_after_its_lifetime_greys_the_buttons_out(hipbot: HipThrustBot, driver: Driver,
                                                                      imitation: Imitation) -> None:
    # It said it had expired and left every button clickable, to say so again at each press.
    question = await _ask(driver)
    imitation.advance(BUTTON_LIFETIME + 1)
    await click_expired(driver, question, "Store anyway", says=EXPIRED)
    with pytest.raises(InvocationError, match="cannot be pressed"):
        await driver.click(question, "Cancel")
    assert "Did you mean **100 kg**?" in driver.refresh(question).content  # the question stays, greyed out
    assert await _weights(hipbot, driver) == [100.0]


@pytest.mark.parametrize(("live", "late", "answer"), [
    ("Cancel", "Store anyway", "Cancelled. Nothing was stored."),
    ("Store anyway", "Cancel", "**Logged** 3 × 10 @ 1000 kg · barbell"),
])
async def test_a_press_just_after_the_lifetime_leaves_the_answer_of_one_just_before(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, live: str, late: str, answer: str) -> None:
    # Both pressed at the same moment, on either side of the 14 minutes: the live press's answer
    # lands first, then the late one arrives, made on the question as it was. Greying out what it
    # saw would put the question's buttons back under that answer.
    question = await _ask(driver)
    before = shown(driver, question)
    imitation.advance(BUTTON_LIFETIME - 1)
    answered = await driver.click(question, live)
    assert answered.content.startswith(answer)
    imitation.advance(2)
    note = await click_on(driver, before, late)
    assert driver.record(note).callback_type == 4  # a note of its own, not an edit of the question
    assert note.ephemeral
    assert note.content == EXPIRED
    final = driver.refresh(question)
    assert final.content.startswith(answer)
    assert final.buttons() == []


async def test_cancel_answering_as_the_buttons_expire_lands_after_the_late_press(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    # The other order: Cancel, pressed a moment before the 14 minutes, is still answering when
    # Store anyway, pressed just after, is answered; Cancel's answer lands last and stands.
    question = await _ask(driver)
    imitation.advance(BUTTON_LIFETIME - 1)
    discard, cancelling, go = hipbot.store.pending.discard, asyncio.Event(), asyncio.Event()

    async def held(*args: Any, **kwargs: Any) -> bool:
        cancelling.set()
        await go.wait()
        return await discard(*args, **kwargs)

    monkeypatch.setattr(hipbot.store.pending, "discard", held)
    cancel = asyncio.create_task(driver.click(question, "Cancel"))
    await asyncio.wait_for(cancelling.wait(), 10)
    imitation.advance(2)
    note = await driver.click(question, "Store anyway")
    assert note.ephemeral
    assert note.content == EXPIRED
    go.set()
    cancelled = await cancel
    assert cancelled.content == "Cancelled. Nothing was stored."
    final = driver.refresh(question)
    assert final.content == "Cancelled. Nothing was stored."
    assert final.buttons() == []
    assert await _weights(hipbot, driver) == [100.0]


async def test_both_pressed_after_the_lifetime_grey_the_buttons_out(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    question = await _ask(driver)
    imitation.advance(BUTTON_LIFETIME + 1)
    presses = await asyncio.gather(driver.click(question, "Store anyway"), driver.click(question, "Cancel"))
    assert [driver.record(p).callback_type for p in presses] == [7, 7]  # each greys out what it saw
    for press in presses:
        [note] = await driver.wait_followups(press)
        assert note.content == EXPIRED
    assert all(b.get("disabled") for b in driver.refresh(question).buttons())
    assert await _weights(hipbot, driver) == [100.0]


async def test_bodyweight_never_asks(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("log", weight=100, reps=10)
    reply = await driver.slash("log", weight=0, reps=20)
    assert reply.buttons() == []
    assert reply.content.startswith("**Logged** 1 × 20 @ bodyweight · barbell")
    assert await _weights(hipbot, driver) == [100.0, 0.0]


async def test_a_number_that_fits_in_the_other_unit_is_offered_in_it(hipbot: HipThrustBot, driver: Driver) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3)
    question = await driver.slash("log", weight=225, reps=10, sets=3)  # kg, the setting: 225 lb meant
    assert question.content == ("**225 kg** is more than double your last barbell working load (100 kg). Did you "
                                "mean **225 lb**? Nothing is stored until you choose.")
    assert [b["label"] for b in question.buttons()] == ["Store 225 lb", "Store anyway", "Cancel"]
    stored = await driver.click(question, "Store 225 lb")
    assert stored.content.startswith("**Logged** 3 × 10 @ 225 lb · barbell on ")
    rows = await entry_rows(hipbot, driver.user("member").id)
    assert [(r["weight"], r["unit"], round(r["weight_kg"], 2)) for r in rows] == [(100.0, "kg", 100.0),
                                                                                 (225.0, "lb", 102.06)]
