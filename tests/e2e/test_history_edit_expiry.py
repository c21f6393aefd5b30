"""When a refused Edit form's buttons expire, in the order `Expirer.schedule(then=…)` promises:
the buttons grey out first, then what was typed for Fix the form is deleted (`then`). The other
way round, a click on a Fix the form still shown would find nothing of what the lifter typed."""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from bot.client import HipThrustBot
from bot.interactions import expirer
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.logbook_helpers import click_expired, count

pytestmark = pytest.mark.e2e
TOKEN_LIFETIME = 15 * 60  # Discord's interaction token: after it, the answer cannot be edited


async def _refused(driver: Driver, monkeypatch: pytest.MonkeyPatch) -> Reply:
    """An entry's Edit form sent back with a weight /log would refuse: Fix the form and Cancel,
    on buttons that expire after 0.2 s (the history page's own timer keeps its 14 minutes)."""
    await driver.slash("log", weight=100, reps=10, sets=3)
    page = await driver.slash("history")
    chosen = await driver.select(page, page.selects()[0]["options"][0]["value"])
    form = await driver.click(chosen, "Edit")
    monkeypatch.setattr(expirer, "BUTTON_LIFETIME", 0.2)  # the refusal's timer
    refused = await driver.submit_modal(form, weight="heavy", note="private words")
    assert [b["label"] for b in refused.buttons()] == ["Fix the form", "Cancel"]
    assert not any(b.get("disabled") for b in refused.buttons())
    return refused


async def _gone(bot: HipThrustBot, user_id: int) -> None:
    for _ in range(100):
        if await count(bot, "pending_logs", user_id) == 0:
            return
        await asyncio.sleep(0.05)
    pytest.fail("what was typed outlived its buttons")


async def test_the_buttons_grey_out_before_what_was_typed_is_deleted(
        hipbot: HipThrustBot, driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    user_id = driver.user("member").id
    shown_at_delete: list[list[Any]] = []
    answer: list[Reply] = []  # the refusal, once it is shown
    discard = hipbot.store.pending.discard

    async def watched(key: int, owner: int) -> bool:
        # What the lifter sees at the moment the draft goes.
        shown_at_delete.append([b.get("disabled") for b in driver.refresh(answer[0]).buttons()])
        return await discard(key, owner)

    # Watched before the refusal's 0.2 s timer starts, which may fire before a later patch.
    monkeypatch.setattr(hipbot.store.pending, "discard", watched)
    refused = await _refused(driver, monkeypatch)
    answer.append(refused)
    assert await count(hipbot, "pending_logs", user_id) == 1
    await _gone(hipbot, user_id)
    assert shown_at_delete == [[True, True]]  # once, and Fix the form could no longer be pressed
    assert driver.refresh(refused).content == refused.content  # the refusal still reads as it did


async def test_what_was_typed_goes_even_when_the_buttons_can_no_longer_be_greyed_out(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    """The timer came too late to edit the answer (its token had expired): the draft goes all the
    same, and a click on the buttons left showing greys them out and says they expired."""
    user_id = driver.user("member").id
    refused = await _refused(driver, monkeypatch)
    imitation.advance(TOKEN_LIFETIME + 1)  # before the 0.2 s timer fires
    await _gone(hipbot, user_id)
    assert not any(b.get("disabled") for b in driver.refresh(refused).buttons())  # Discord refused the edit
    await click_expired(driver, refused, "Fix the form")


async def test_fix_the_form_keeps_its_own_14_minutes_when_the_page_s_run_out_first(
        hipbot: HipThrustBot, driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    """A form refused just before the history page's 14 minutes end (the page's timer here: 0.3 s)
    keeps Fix the form for its own 14 minutes, as the README promises what was typed: the page's
    timer must not grey out the refusal that took its message over."""
    await driver.slash("log", weight=100, reps=10, sets=3)
    monkeypatch.setattr(expirer, "BUTTON_LIFETIME", 0.3)  # the page's timer
    page = await driver.slash("history")
    monkeypatch.setattr(expirer, "BUTTON_LIFETIME", 14 * 60)  # the refusal's
    chosen = await driver.select(page, page.selects()[0]["options"][0]["value"])
    form = await driver.click(chosen, "Edit")
    refused = await driver.submit_modal(form, weight="heavy")
    await asyncio.sleep(0.5)  # the page's timer has fired
    await driver.settle()
    assert not any(b.get("disabled") for b in driver.refresh(refused).buttons())
    fixed = await driver.click(refused, "Fix the form")
    assert fixed.modal is not None
