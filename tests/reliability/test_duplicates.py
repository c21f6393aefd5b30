"""The same interaction twice, and two Delete clicks racing: consistent results, stored once. A
button or form delivered again after a restart is answered by the new process too, and Discord
refuses that answer (40060): the lifter keeps the first.

(Store anyway pressed twice at once is in tests/e2e/test_log_confirm.py.)
"""

from __future__ import annotations

import asyncio

import pytest

from bot.operations.metrics import ANSWERED_ELSEWHERE
from bot.sandbox.raw import command_data
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import counted
from tests.e2e.logbook_helpers import days_ago, today
from tests.reliability.conftest import Lab
from tests.stored import entry_count

pytestmark = pytest.mark.e2e


def callbacks(lab: Lab, reply: Reply) -> tuple[int, int]:
    """(deliveries, callbacks Discord refused as duplicates) of the reply's interaction."""
    record = lab.driver.record(reply)
    return record.deliveries, record.duplicate_callbacks


async def test_a_redelivered_log_stores_once_and_is_answered_once(lab: Lab) -> None:
    reply = await lab.driver.slash("log", weight=80, reps=10, sets=3)
    again = await lab.driver.redeliver(reply)
    assert again.content == reply.content
    assert callbacks(lab, reply) == (2, 0)
    assert await entry_count(lab.store, lab.driver.user("member").id) == 1


async def test_a_log_delivered_twice_at_once_stores_once(lab: Lab) -> None:
    driver = lab.driver
    member, general = driver.user("member"), driver.channel("general")
    record = driver.send(2, member, general, command_data(
        lab.imitation.core, "log", {"weight": 80, "reps": 10}, member, general))
    record.deliveries += 1  # the replay arrives before the first delivery is answered
    lab.imitation.core.dispatch("INTERACTION_CREATE", record.payload, guild_id=general.guild_id)
    reply = await driver.answer(record)
    await driver.settle()
    assert reply.content.startswith("**Logged**")
    assert record.duplicate_callbacks == 0
    assert await entry_count(lab.store, member.id) == 1


async def test_a_log_redelivered_after_a_restart_is_still_stored_once(lab: Lab) -> None:
    # A fresh process remembers no interaction ids: the database's unique key must hold the line.
    reply = await lab.driver.slash("log", weight=80, reps=10)
    await lab.restart()
    await lab.driver.redeliver(reply)
    assert await entry_count(lab.store, lab.driver.user("member").id) == 1
    # Its second answer was refused by Discord (40060); the user still sees the first one.
    assert callbacks(lab, reply) == (2, 1)
    assert lab.driver.refresh(reply).content.startswith("**Logged**")


async def test_redelivered_setup_and_settings_store_once(lab: Lab) -> None:
    member = lab.driver.user("member")
    setup = await lab.driver.slash("setup", description="bench 40 cm, feet flat")
    settings = await lab.driver.slash("settings", unit="lb", rep_low=8)
    await lab.driver.redeliver(setup)
    await lab.driver.redeliver(settings)
    assert [s[1] for s in await lab.store.users.setups(member.id)] == ["bench 40 cm, feet flat"]
    assert callbacks(lab, setup) == callbacks(lab, settings) == (2, 0)
    prefs = await lab.store.users.preferences(member.id)
    assert (prefs.unit, prefs.rep_low) == ("lb", 8)


async def test_two_delete_clicks_racing_delete_one_entry(lab: Lab) -> None:
    member = lab.driver.user("member")
    await lab.driver.slash("log", weight=80, reps=10, date="2024-01-01")
    await lab.driver.slash("log", weight=82.5, reps=10, date="2024-01-08")
    confirm = await lab.driver.slash("undo")
    assert "2024-01-08" in confirm.content
    first, second = await asyncio.gather(lab.driver.click(confirm, "Delete it"),
                                         lab.driver.click(confirm, "Delete it"))
    answers = sorted(str((lab.driver.record(r).callback_data or {}).get("content")) for r in (first, second))
    assert answers[0].startswith("Deleted: 2024-01-08 · 1 × 10 @ 82.5 kg")
    assert answers[1] == "That entry is already gone."
    [left] = [e async for batch in lab.store.entries.stream(member.id) for e in batch]
    assert left.performed_on.isoformat() == "2024-01-01"  # only the entry shown was deleted



def answered_elsewhere(lab: Lab, label: str) -> float:
    """Interactions of `label` (`button:hx`) whose answer Discord refused as already given (40060)."""
    assert lab.bot is not None
    return counted(lab.bot, "hipthrust_interactions_total", command=label, outcome=ANSWERED_ELSEWHERE)


async def _history_entry(lab: Lab, label: str) -> Reply:
    """/history, then the entry whose menu label is `label`: Edit, Delete, Back to history."""
    page = await lab.driver.slash("history")
    [value] = [o["value"] for o in page.selects()[0]["options"] if o["label"] == label]
    return await lab.driver.select(page, value)


async def test_a_history_delete_redelivered_after_a_restart_deletes_once_and_the_lifter_keeps_the_answer(
        lab: Lab) -> None:
    """The new process finds the entry gone and answers so; Discord refuses that answer (40060), so
    the lifter still reads "Deleted: …" and where its post now stands, and nothing else is told or
    deleted, nor the post edited again."""
    driver, member = lab.driver, lab.driver.user("member")
    day = today(lab.imitation).isoformat()
    post = await driver.slash("log", weight=60, reps=12, share=True, channel="general")
    await driver.slash("log", weight=62.5, reps=12, date=days_ago(lab.imitation, 7))
    chosen = await _history_entry(lab, f"{day} · 1 × 12 @ 60 kg · barbell")
    deleted = await driver.click(await driver.click(chosen, "Delete"), "Delete it")
    await driver.wait_until(lambda: "post in the channel" in driver.refresh(deleted).content, "the post's line")
    told = driver.refresh(deleted).content
    assert told.startswith(f"Deleted: {day} · 1 × 12 @ 60 kg · barbell.\nIts post in the channel now says it was")
    await lab.restart()
    await driver.redeliver(deleted)
    await driver.wait_until(lambda: answered_elsewhere(lab, "button:hx") == 1, "the refused answer counted")
    assert callbacks(lab, deleted) == (2, 1)
    assert driver.refresh(deleted).content == told  # not "That entry is no longer in your log."
    assert driver.followups(deleted) == []  # no error, no second word
    assert driver.refresh(post).content == f"Deleted: {day} · 1 × 12 @ 60 kg · barbell."
    post_edits = [r for r in driver.core.requests
                  if r.method == "PATCH" and r.path.endswith(f"/messages/{post.message_id}")]
    assert len(post_edits) == 1
    [left] = [e async for batch in lab.store.entries.stream(member.id) for e in batch]
    assert left.weight == 62.5


async def test_an_edit_redelivered_after_a_restart_is_saved_once_and_the_lifter_keeps_the_answer(
        lab: Lab) -> None:
    """The new process reads the form as the entry now stands (nothing to change) and writes
    nothing; Discord refuses its answer (40060), so the lifter still reads "Saved: …"."""
    driver, member = lab.driver, lab.driver.user("member")
    day = today(lab.imitation).isoformat()
    await driver.slash("log", weight=60, reps=12, sets=3)
    chosen = await _history_entry(lab, f"{day} · 3 × 12 @ 60 kg · barbell")
    saved = await driver.submit_modal(await driver.click(chosen, "Edit"), weight="65")
    told = saved.content
    assert told.startswith(f"Saved: **{day} · 3 × 12 @ 65 kg · barbell**")
    [entry] = [e async for batch in lab.store.entries.stream(member.id) for e in batch]
    lab.imitation.advance(60)  # a second save would stamp another time
    await lab.restart()
    await driver.redeliver(saved)
    await driver.wait_until(lambda: answered_elsewhere(lab, "form:hm") == 1, "the refused answer counted")
    assert callbacks(lab, saved) == (2, 1)
    assert driver.refresh(saved).content == told  # not "Nothing was changed: …"
    assert driver.followups(saved) == []
    [again] = [e async for batch in lab.store.entries.stream(member.id) for e in batch]
    assert again == entry
    assert (again.weight, again.edited_at) == (65, entry.edited_at)
