"""/history paging and /undo end to end, including buttons pressed after they expired."""

from __future__ import annotations

import datetime as dt

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.logbook_helpers import click_expired, count, seed_sessions, today
from tests.e2e.test_import import press_import, upload

pytestmark = pytest.mark.e2e
BUTTON_LIFETIME = 14 * 60


def _page(reply: Reply) -> tuple[list[str], str, dict[str, bool]]:
    """The dates listed, the footer, and which buttons are enabled."""
    [embed] = reply.embeds
    dates = [line.split("`")[1] for line in embed["description"].splitlines()]
    buttons = {b["label"]: not b.get("disabled") for b in reply.buttons()}
    return dates, embed["footer"]["text"], buttons


def _days(end: dt.date, first: int, last: int) -> list[str]:
    """ISO dates `first`..`last` days before `end`, newest first."""
    return [(end - dt.timedelta(days=back)).isoformat() for back in range(first, last + 1)]


async def test_history_pages_through_25_sessions(hipbot: HipThrustBot, driver: Driver,
                                                 imitation: Imitation) -> None:
    end = today(imitation)
    await seed_sessions(hipbot, driver.user("member").id, 25, end=end)
    first = await driver.slash("history")
    assert first.ephemeral
    assert first.embeds[0]["title"] == "Your hip thrust history"
    assert _page(first) == (_days(end, 0, 9), "Sessions 1–10 · newest first",
                            {"Previous": False, "Next": True})
    assert "3 × 10 @ 60 kg · RPE 8 · “day 25”" in first.embeds[0]["description"]
    second = await driver.click(first, "Next")
    assert _page(second) == (_days(end, 10, 19), "Sessions 11–20 · newest first",
                             {"Previous": True, "Next": True})
    third = await driver.click(second, "Next")
    assert _page(third) == (_days(end, 20, 24), "Sessions 21–25 (the last) · newest first",
                            {"Previous": True, "Next": False})
    back = await driver.click(third, "Previous")
    assert _page(back)[0] == _days(end, 10, 19)
    assert back.message_id == first.message_id  # one message, edited in place


async def test_history_filters_by_variant_and_hints_when_empty(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    empty = await driver.slash("history")
    assert empty.ephemeral
    assert "No hip thrust sessions logged yet" in empty.content
    assert "/log weight:" in empty.content
    member = driver.user("member").id
    await seed_sessions(hipbot, member, 2, end=today(imitation), variant="machine")
    await seed_sessions(hipbot, member, 1, end=today(imitation))
    machine = await driver.slash("history", variant="machine")
    assert machine.embeds[0]["title"] == "Your hip thrust history (machine)"
    assert _page(machine)[1:] == ("Sessions 1–2 (the last) · newest first", {})
    assert len(_page(machine)[0]) == 2
    assert "barbell" not in machine.embeds[0]["description"]
    await driver.slash("log", weight=100, reps=10, variant="smith")  # set by set, as lifters log
    await driver.slash("log", weight=100, reps=10, variant="smith", rpe=9)
    smith = await driver.slash("history", variant="smith")
    assert smith.embeds[0]["description"] == f"`{today(imitation).isoformat()}` · smith · 2 × 10 @ 100 kg · RPE 9"
    none_banded = await driver.slash("history", variant="banded")  # sessions, but none of this variant
    assert none_banded.content == (
        "No banded hip thrust sessions logged yet. Log one with `/log weight:<load> reps:<reps> variant:banded`;"
        " `/history` without a variant shows all your sessions."
    )


async def test_history_buttons_expire(hipbot: HipThrustBot, driver: Driver,
                                      imitation: Imitation) -> None:
    await seed_sessions(hipbot, driver.user("member").id, 11, end=today(imitation))
    first = await driver.slash("history")
    imitation.advance(BUTTON_LIFETIME + 1)
    await click_expired(driver, first, "Next")
    assert _page(driver.refresh(first))[1] == "Sessions 1–10 · newest first"  # unchanged


async def test_undo_deletes_only_after_confirm(hipbot: HipThrustBot, driver: Driver,
                                               imitation: Imitation) -> None:
    member = driver.user("member").id
    nothing = await driver.slash("undo")
    assert nothing.ephemeral
    assert nothing.content == "You have no log entries to undo."
    await driver.slash("log", weight=100, reps=10)
    await driver.slash("log", weight=102.5, reps=8, rpe=9)
    asked = await driver.slash("undo")
    day = today(imitation).isoformat()
    assert asked.ephemeral
    assert asked.content == f"The entry you logged last: {day} · 1 × 8 @ 102.5 kg · RPE 9 · barbell. Delete it?"
    kept = await driver.click(asked, "Keep it")
    assert kept.content == "Kept. Nothing was deleted."
    assert kept.buttons() == []
    assert await count(hipbot, "entries", member) == 2
    again = await driver.slash("undo")
    deleted = await driver.click(again, "Delete it")
    assert deleted.content == f"Deleted: {day} · 1 × 8 @ 102.5 kg · RPE 9 · barbell."
    assert await count(hipbot, "entries", member) == 1
    rows = await hipbot.store.db.fetchall("SELECT weight FROM entries WHERE user_id = ?", (member,))
    assert [r[0] for r in rows] == [100.0]


async def test_undo_offers_the_entry_logged_last_not_the_latest_day(hipbot: HipThrustBot, driver: Driver,
                                                                     imitation: Imitation) -> None:
    day = today(imitation)
    backdated = (day - dt.timedelta(days=33)).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3)
    await driver.slash("log", weight=90, reps=10, sets=3, date=backdated)  # last month's, logged just now
    asked = await driver.slash("undo")
    assert asked.content == f"The entry you logged last: {backdated} · 3 × 10 @ 90 kg · barbell. Delete it?"
    deleted = await driver.click(asked, "Delete it")
    assert deleted.content == f"Deleted: {backdated} · 3 × 10 @ 90 kg · barbell."
    rows = await hipbot.store.db.fetchall("SELECT performed_on, weight FROM entries WHERE user_id = ?",
                                          (driver.user("member").id,))
    assert [tuple(r) for r in rows] == [(day.isoformat(), 100.0)]
    again = await driver.slash("undo")
    assert again.content.startswith(f"The entry you logged last: {day.isoformat()} · 3 × 10 @ 100 kg")


async def test_undo_leaves_an_import_to_import_undo(hipbot: HipThrustBot, driver: Driver,
                                                      imitation: Imitation) -> None:
    csv = (b"Date,Workout Name,Exercise Name,Set Order,Weight (kg),Reps\n"
           b"2025-11-01 10:00:00,W,Hip Thrust (Barbell),1,80,10\n")
    await press_import(driver, await driver.slash("import csv", file=upload("strong.csv", csv)))
    only_imported = await driver.slash("undo")
    assert only_imported.content == ("You have no entries logged with /log or in chat to undo; `/import undo` takes "
                                     "back your last import.")
    assert only_imported.buttons() == []
    await driver.slash("log", weight=100, reps=10, sets=3)
    await press_import(driver, await driver.slash("import csv", file=upload("strong.csv", csv.replace(b"-01", b"-02"))))
    asked = await driver.slash("undo")
    assert asked.content == (f"The entry you logged last: {today(imitation).isoformat()} · 3 × 10 @ 100 kg · barbell."
                             " Delete it?\nAn import came after it: `/import undo` takes back your last import as a"
                             " whole.")


async def test_undo_buttons_expire(hipbot: HipThrustBot, driver: Driver,
                                   imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10)
    asked = await driver.slash("undo")
    imitation.advance(BUTTON_LIFETIME + 1)
    await click_expired(driver, asked, "Delete it")
    assert await count(hipbot, "entries", driver.user("member").id) == 1
