"""An Edit from /history that changes the load far from the lifter's others asks "Did you mean
…?" as /log does: nothing changes until the lifter chooses; the weight offered or Store anyway
saves once (double clicks, restarts); Cancel; expiry; a choice made stale by another edit or a
delete meanwhile is refused; and which session an edit is compared with."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path
from typing import Any

import pytest

from bot.client import HipThrustBot
from bot.interactions import expirer
from bot.logbook.entries import NewEntry
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import running_bot
from tests.e2e.logbook_helpers import click_expired, count, today
from tests.stored import add_entry

pytestmark = pytest.mark.e2e
BUTTON_LIFETIME = 14 * 60


async def _seed(bot: HipThrustBot, driver: Driver, day: dt.date, weight: float, variant: str = "barbell") -> int:
    entry = NewEntry(performed_on=day, variant=variant, sets=3, reps=10, weight=weight, unit="kg", rpe=8.0,
                     note="felt fine")
    entry_id = await add_entry(bot.store, driver.user("member").id, entry, setup_id=None, interaction_id=None,
                               when=dt.datetime.now(dt.UTC))
    assert entry_id is not None
    return entry_id


async def _form(driver: Driver, entry_id: int) -> tuple[Reply, Reply]:
    """/history, the entry chosen, Edit pressed: the entry view and its form."""
    page = await driver.slash("history")
    chosen = await driver.select(page, str(entry_id))
    return chosen, await driver.click(chosen, "Edit")


async def _row(bot: HipThrustBot, entry_id: int) -> dict[str, Any] | None:
    row = await bot.store.db.fetchone(
        "SELECT weight, unit, sets, reps, rpe, note, edited_at FROM entries WHERE id = ?", (entry_id,))
    return None if row is None else dict(row)


async def _ask(bot: HipThrustBot, driver: Driver, imitation: Imitation) -> tuple[int, Reply, str]:
    """80 kg two days ago, 80 kg today; today's edited to a typo'd 825 (for 82.5): the bot asks."""
    day = today(imitation)
    before = day - dt.timedelta(days=2)
    await _seed(bot, driver, before, 80)
    entry_id = await _seed(bot, driver, day, 80)
    chosen, form = await _form(driver, entry_id)
    question = await driver.submit_modal(form, weight="825", sets_reps="3 × 12")
    assert question.message_id == chosen.message_id  # the entry view, turned into the question
    assert question.ephemeral
    assert question.content == (f"**825 kg** is more than double your barbell working load on {before.isoformat()}"
                                " (80 kg). Did you mean **82.5 kg**? Nothing is stored until you choose.")
    assert [b["label"] for b in question.buttons()] == ["Store 82.5 kg", "Store anyway", "Cancel"]
    row = await _row(bot, entry_id)
    assert row is not None
    assert (row["weight"], row["reps"], row["edited_at"]) == (80.0, 10, None)  # nothing changed yet
    assert await count(bot, "pending_logs", driver.user("member").id) == 1
    return entry_id, question, day.isoformat()


async def test_the_weight_offered_is_saved_in_one_click(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    entry_id, question, day = await _ask(hipbot, driver, imitation)
    saved = await driver.click(question, "Store 82.5 kg")
    assert saved.content.splitlines()[:2] == [f"Saved: **{day} · 3 × 12 @ 82.5 kg · RPE 8 · barbell**",
                                              "Note: felt fine"]
    assert saved.content.splitlines()[2] == f"Was: {day} · 3 × 10 @ 80 kg · RPE 8 · barbell."
    assert "**Next session:**" in saved.content
    assert [b["label"] for b in saved.buttons()] == ["Edit", "Delete", "Back to history"]
    row = await _row(hipbot, entry_id)
    assert row is not None
    assert (row["weight"], row["sets"], row["reps"], row["note"]) == (82.5, 3, 12, "felt fine")
    assert row["edited_at"] is not None
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0
    back = await driver.click(saved, "Back to history")
    assert f"`{day}` · barbell · 3 × 12 @ 82.5 kg" in back.embeds[0]["description"]


async def test_the_weight_offered_that_the_entry_holds_already_changes_nothing(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation)
    await _seed(hipbot, driver, day - dt.timedelta(days=2), 80)
    entry_id = await _seed(hipbot, driver, day, 82.5)
    _, form = await _form(driver, entry_id)
    question = await driver.submit_modal(form, weight="825")  # a typo of the load it holds
    assert "Did you mean **82.5 kg**?" in question.content
    answer = await driver.click(question, "Store 82.5 kg")
    assert answer.content == ("Nothing was changed: the entry already holds these values.\n"
                              f"**{day.isoformat()} · 3 × 10 @ 82.5 kg · RPE 8 · barbell**\nNote: felt fine")
    assert [b["label"] for b in answer.buttons()] == ["Edit", "Delete", "Back to history"]
    row = await _row(hipbot, entry_id)
    assert row is not None
    assert (row["weight"], row["edited_at"]) == (82.5, None)  # not stamped "Last edited"
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0
    assert "Last edited" not in (await driver.click(answer, "Back to history")).text


async def test_store_anyway_saves_once_even_when_clicked_twice(hipbot: HipThrustBot, driver: Driver,
                                                               imitation: Imitation) -> None:
    entry_id, question, day = await _ask(hipbot, driver, imitation)
    first, second = await asyncio.gather(driver.click(question, "Store anyway"),
                                         driver.click(question, "Store anyway"))
    assert (first.callback_type, second.callback_type) == (7, 7)
    answers = sorted((driver.record(r).callback_data or {}).get("content", "") for r in (first, second))
    assert answers[0].startswith(f"Already answered: **{day} · 3 × 12 @ 825 kg")  # sorts before "Saved"
    assert answers[1].startswith(f"Saved: **{day} · 3 × 12 @ 825 kg · RPE 8 · barbell**")
    row = await _row(hipbot, entry_id)
    assert row is not None
    assert row["weight"] == 825.0
    assert await count(hipbot, "entries", driver.user("member").id) == 2  # changed, never added


async def test_store_and_cancel_at_once_one_wins_and_the_other_says_so(hipbot: HipThrustBot, driver: Driver,
                                                                     imitation: Imitation) -> None:
    entry_id, question, day = await _ask(hipbot, driver, imitation)
    presses = await asyncio.gather(driver.click(question, "Store 82.5 kg"), driver.click(question, "Cancel"))
    answers = sorted((driver.record(p).callback_data or {}).get("content", "") for p in presses)
    row = await _row(hipbot, entry_id)
    assert row is not None
    assert answers[0].startswith(f"Already answered: **{day} · 3 × {12 if row['weight'] == 82.5 else 10} @ "
                                 f"{row['weight']:g} kg")  # the entry as the winner left it
    winner = "Saved: " if row["weight"] == 82.5 else "Cancelled. Nothing was changed."
    assert answers[1].startswith(winner)
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0


async def test_cancel_leaves_the_entry_as_it_was(hipbot: HipThrustBot, driver: Driver,
                                                 imitation: Imitation) -> None:
    entry_id, question, day = await _ask(hipbot, driver, imitation)
    before = await _row(hipbot, entry_id)
    cancelled = await driver.click(question, "Cancel")
    assert cancelled.content == (f"Cancelled. Nothing was changed.\n**{day} · 3 × 10 @ 80 kg · RPE 8 · barbell**"
                                 "\nNote: felt fine")
    assert [b["label"] for b in cancelled.buttons()] == ["Edit", "Delete", "Back to history"]
    assert await _row(hipbot, entry_id) == before
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0
    again = await driver.click(cancelled, "Edit")  # the form again, as stored
    saved = await driver.submit_modal(again, weight="85")  # within the thresholds: saved at once
    assert saved.content.startswith(f"Saved: **{day} · 3 × 10 @ 85 kg")


async def test_a_choice_after_another_edit_or_a_delete_is_refused(hipbot: HipThrustBot, driver: Driver,
                                                                  imitation: Imitation) -> None:
    entry_id, question, day = await _ask(hipbot, driver, imitation)
    _, elsewhere = await _form(driver, entry_id)  # a second /history, the same entry
    await driver.submit_modal(elsewhere, weight="77.5")
    stale = await driver.click(question, "Store 82.5 kg")
    assert stale.content == (
        "Not saved: this entry was edited after you were asked. Nothing was changed; edit it again if you still"
        f" want to.\n**{day} · 3 × 10 @ 77.5 kg · RPE 8 · barbell**\nNote: felt fine\n"
        + stale.content.splitlines()[-1])
    assert stale.content.splitlines()[-1].startswith("Last edited ")
    assert [b["label"] for b in stale.buttons()] == ["Edit", "Delete", "Back to history"]
    row = await _row(hipbot, entry_id)
    assert row is not None
    assert row["weight"] == 77.5

    form = await driver.click(stale, "Edit")
    question = await driver.submit_modal(form, weight="775")
    assert "Did you mean **77.5 kg**?" in question.content
    chosen, _ = await _form(driver, entry_id)
    await driver.click(await driver.click(chosen, "Delete"), "Delete it")
    gone = await driver.click(question, "Store anyway")
    assert gone.content == "That entry is no longer in your log. Nothing was changed."
    assert [b["label"] for b in gone.buttons()] == ["Back to history"]
    assert await count(hipbot, "entries", driver.user("member").id) == 1  # the other day's, untouched


async def test_the_question_works_after_a_restart(imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    async with running_bot(imitation, driver, db) as first:
        entry_id, question, day = await _ask(first, driver, imitation)
    async with running_bot(imitation, driver, db) as fresh:
        saved = await driver.click(question, "Store 82.5 kg")
        assert saved.content.startswith(f"Saved: **{day} · 3 × 12 @ 82.5 kg")
        row = await _row(fresh, entry_id)
        assert row is not None
        assert row["weight"] == 82.5


async def test_the_question_expires_like_the_other_buttons(hipbot: HipThrustBot, driver: Driver,
                                                           imitation: Imitation) -> None:
    entry_id, question, _ = await _ask(hipbot, driver, imitation)
    imitation.advance(BUTTON_LIFETIME + 1)
    await click_expired(driver, question, "Store anyway")
    row = await _row(hipbot, entry_id)
    assert row is not None
    assert row["weight"] == 80.0


async def test_the_question_greys_out_when_its_time_is_up(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    day = today(imitation)
    await _seed(hipbot, driver, day - dt.timedelta(days=2), 80)
    _, form = await _form(driver, await _seed(hipbot, driver, day, 80))
    monkeypatch.setattr(expirer, "BUTTON_LIFETIME", 0.2)  # the question's timer (the page's has started)
    question = await driver.submit_modal(form, weight="825")
    assert [b["label"] for b in question.buttons()] == ["Store 82.5 kg", "Store anyway", "Cancel"]
    assert not any(b.get("disabled") for b in question.buttons())
    await driver.wait_until(lambda: all(b.get("disabled") for b in driver.refresh(question).buttons()),
                            "the question's buttons greyed out", within=5)


async def test_an_edit_is_compared_with_the_sessions_around_it_not_the_latest(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation)
    spring = day - dt.timedelta(days=200)
    first = await _seed(hipbot, driver, spring - dt.timedelta(days=3), 60)
    old = await _seed(hipbot, driver, spring, 60)
    await _seed(hipbot, driver, day, 140)  # months of progress since
    await _seed(hipbot, driver, day - dt.timedelta(days=1), 20, variant="machine")  # another variant
    _, form = await _form(driver, old)
    saved = await driver.submit_modal(form, weight="62.5")  # less than half of today's 140: no typo
    assert saved.content.startswith(f"Saved: **{spring.isoformat()} · 3 × 10 @ 62.5 kg")

    _, form = await _form(driver, old)
    asked = await driver.submit_modal(form, weight="625")  # but ten times its own session's
    assert asked.content.startswith(f"**625 kg** is more than double your barbell working load on "
                                    f"{(spring - dt.timedelta(days=3)).isoformat()} (60 kg). Did you mean **62.5 kg**?")
    await driver.click(asked, "Cancel")

    _, form = await _form(driver, first)  # the first session: compared with the one after it
    asked = await driver.submit_modal(form, weight="6")
    assert asked.content.startswith(f"**6 kg** is less than half your barbell working load on {spring.isoformat()}"
                                    " (62.5 kg). Did you mean **60 kg**?")


async def test_fixing_a_load_stored_anyway_or_changing_only_the_reps_never_asks(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3, date=(today(imitation) - dt.timedelta(days=1)).isoformat())
    asked = await driver.slash("log", weight=1000, reps=10, sets=3)
    await driver.click(asked, "Store anyway")
    typo = int(await hipbot.store.db.fetchval("SELECT max(id) FROM entries"))
    _, form = await _form(driver, typo)
    reps = await driver.submit_modal(form, sets_reps="3 × 8")  # the load stays: nothing to ask
    assert reps.content.startswith(f"Saved: **{today(imitation).isoformat()} · 3 × 8 @ 1000 kg")
    fixed = await driver.submit_modal(await driver.click(reps, "Edit"), weight="100")
    assert fixed.content.startswith(f"Saved: **{today(imitation).isoformat()} · 3 × 8 @ 100 kg")
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 0
