"""Presses on either side of the buttons' 14 minutes, on any button or menu (not only a
confirmation's): an answer a live press gave, or is giving, is not overwritten by a press just
after the lifetime greying out the message as it saw it (bot.interactions.live_answers); with no
live answer to respect, an expired press greys the buttons out."""

from __future__ import annotations

import asyncio
from typing import Any

import discord
import pytest

from bot.client import HipThrustBot
from bot.errors import BUTTONS_EXPIRED
from bot.interactions.expirer import LOOK_AGAIN_AFTER, skip_button_timers
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.logbook_helpers import click_expired
from tests.e2e.stale_presses import click_on, select_on, shown

pytestmark = pytest.mark.e2e
BUTTON_LIFETIME = 14 * 60  # seconds; the interaction token lives 15 minutes
ENTRY_BUTTONS = [("Edit", False), ("Delete", False), ("Back to history", False)]
GREYED = [(label, True) for label, _ in ENTRY_BUTTONS]


async def _page(driver: Driver) -> tuple[Reply, str]:
    """A /history page of one entry, and the label of that entry in its menu."""
    await driver.slash("log", weight=100, reps=10, sets=3)
    page = await driver.slash("history")
    [option] = page.selects()[0]["options"]
    return page, option["label"]


def _buttons(reply: Reply) -> list[tuple[str, bool]]:
    return [(b["label"], bool(b.get("disabled"))) for b in reply.buttons()]


def _note(driver: Driver, late: Reply) -> None:
    """The late press was answered by a private note of its own, not by an edit of the message."""
    assert driver.record(late).callback_type == 4
    assert late.ephemeral
    assert late.content == BUTTONS_EXPIRED


async def test_a_pick_just_before_the_lifetime_keeps_its_answer_from_a_press_just_after(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # The entry picked a second before the 14 minutes, then a pick made on the page as it was, a
    # second after: it greyed out the page's menu over the entry, whose Edit, Delete and Back went.
    page, label = await _page(driver)
    before = shown(driver, page)
    imitation.advance(BUTTON_LIFETIME - 1)
    chosen = await driver.select(page, label)
    assert _buttons(chosen) == ENTRY_BUTTONS
    imitation.advance(2)
    _note(driver, await select_on(driver, before, label, user="member"))
    final = driver.refresh(page)
    assert final.content == chosen.content
    assert final.selects() == []
    assert _buttons(final) == ENTRY_BUTTONS


def _held(monkeypatch: pytest.MonkeyPatch, bot: HipThrustBot) -> list[asyncio.Event]:
    """Hold the entry's read of every pick of the history menu, each until its gate (in the
    order they came) is set; the gates, one appended as each pick starts reading."""
    get, gates = bot.store.entries.get, []

    async def held(*args: Any, **kwargs: Any) -> Any:
        gate = asyncio.Event()
        gates.append(gate)
        await gate.wait()
        return await get(*args, **kwargs)

    monkeypatch.setattr(bot.store.entries, "get", held)
    return gates


async def _reading(gates: list[asyncio.Event], picks: int) -> None:
    for _ in range(1000):
        if len(gates) >= picks:
            return
        await asyncio.sleep(0.01)
    pytest.fail(f"{picks} pick(s) never read the entry")


async def test_a_pick_answering_as_the_buttons_expire_is_not_greyed_out_by_a_press_just_after(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    # The other order: the pick, made a moment before the 14 minutes, is still answering when a
    # press made just after them is handled. It greyed the page out under an answer about to
    # replace it; had its edit landed last, the page would have stayed, greyed out, over the pick.
    page, label = await _page(driver)
    imitation.advance(BUTTON_LIFETIME - 1)
    gates = _held(monkeypatch, hipbot)
    pick = asyncio.create_task(driver.select(page, label))
    await _reading(gates, 1)
    imitation.advance(2)
    _note(driver, await driver.select(page, label))
    assert not any(menu.get("disabled") for menu in driver.refresh(page).selects())
    gates[0].set()
    chosen = await pick
    assert _buttons(chosen) == ENTRY_BUTTONS
    assert _buttons(driver.refresh(page)) == ENTRY_BUTTONS


async def test_two_picks_just_before_the_lifetime_keep_their_answer_from_a_press_just_after(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    # A double pick a moment before the 14 minutes: the first has answered, the second still
    # answers, when a press made just after them is handled.
    page, label = await _page(driver)
    imitation.advance(BUTTON_LIFETIME - 1)
    gates = _held(monkeypatch, hipbot)
    first = asyncio.create_task(driver.select(page, label))
    second = asyncio.create_task(driver.select(page, label))
    await _reading(gates, 2)
    gates[0].set()
    assert _buttons(await first) == ENTRY_BUTTONS
    imitation.advance(2)
    _note(driver, await driver.click(page, "Edit"))
    gates[1].set()
    assert _buttons(await second) == ENTRY_BUTTONS
    assert _buttons(driver.refresh(page)) == ENTRY_BUTTONS


async def test_a_press_after_the_lifetime_and_a_live_answer_s_landing_greys_the_buttons_out(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # The live pick answered more than 3 s before the late press arrived: the press saw its answer,
    # and greys out that answer's buttons (expired with the page's), not the page's.
    page, label = await _page(driver)
    imitation.advance(BUTTON_LIFETIME - 5)
    chosen = await driver.select(page, label)
    imitation.advance(6)
    await click_expired(driver, chosen, "Delete")
    final = driver.refresh(page)
    assert final.content == chosen.content
    assert _buttons(final) == GREYED


async def test_presses_after_the_lifetime_grey_the_buttons_out(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # Two presses at once, both judged expired: neither is live, and each greys out what it saw.
    page, label = await _page(driver)
    chosen = await driver.select(page, label)
    imitation.advance(BUTTON_LIFETIME + 1)
    presses = await asyncio.gather(driver.click(chosen, "Edit"), driver.click(chosen, "Back to history"))
    assert [driver.record(p).callback_type for p in presses] == [7, 7]
    for press in presses:
        [note] = await driver.wait_followups(press)
        assert note.content == BUTTONS_EXPIRED
    assert _buttons(driver.refresh(page)) == GREYED


async def test_an_edit_saved_just_after_the_entry_s_buttons_expired_keeps_its_answer(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    # The Edit form has a lifetime of its own: saved a second after the entry view's buttons
    # expired, it shows the entry saved, with buttons for the form's time left. A press on the
    # entry view as it was, a second later, greyed its buttons out over the saved entry.
    page, label = await _page(driver)
    chosen = await driver.select(page, label)
    imitation.advance(BUTTON_LIFETIME - 60)
    form = await driver.click(chosen, "Edit")
    before = shown(driver, chosen)
    imitation.advance(61)
    saved = await driver.submit_modal(form, weight="110")
    assert "110 kg" in saved.content
    assert _buttons(saved) == ENTRY_BUTTONS
    imitation.advance(1)
    _note(driver, await click_on(driver, before, "Delete"))
    final = driver.refresh(page)
    assert final.content == saved.content
    assert _buttons(final) == ENTRY_BUTTONS


# --- the timer that greys buttons out (bot.interactions.expirer) -----------------------------------


async def test_a_pick_landing_while_the_timer_greys_the_page_out_keeps_its_answer(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    # The timer fetched the page, a pick (live, by the bot's clock) landed, and the timer then greyed
    # out the page as fetched: the entry went, the page's menu came back, greyed out.
    page, label = await _page(driver)
    fetch, fetched, go_on = discord.Webhook.fetch_message, asyncio.Event(), asyncio.Event()

    async def fetch_then_wait(self: discord.Webhook, *args: Any, **kwargs: Any) -> discord.WebhookMessage:
        message = await fetch(self, *args, **kwargs)
        fetched.set()
        await go_on.wait()
        return message

    monkeypatch.setattr(discord.Webhook, "fetch_message", fetch_then_wait)
    skip_button_timers(hipbot, BUTTON_LIFETIME)
    await asyncio.wait_for(fetched.wait(), 5)
    chosen = await driver.select(page, label)
    assert _buttons(chosen) == ENTRY_BUTTONS
    go_on.set()
    await driver.settle()
    assert _buttons(driver.refresh(page)) == ENTRY_BUTTONS
    # The timer looks again once the pick's answer is too old to matter: the entry's buttons carry
    # the page's lifetime, and are greyed out under the entry.
    imitation.advance(LOOK_AGAIN_AFTER + 1)
    skip_button_timers(hipbot, LOOK_AGAIN_AFTER + 1)
    await driver.wait_until(lambda: _buttons(driver.refresh(page)) == GREYED, "the entry's buttons greyed out")
    final = driver.refresh(page)
    assert final.content == chosen.content
    assert final.selects() == []


async def test_buttons_a_live_press_is_answering_are_greyed_out_once_it_answered(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    # The timer finds the page while a pick is still answering: it leaves the page to the pick, and
    # looks again rather than leave buttons that look clickable past their lifetime.
    page, label = await _page(driver)
    gates = _held(monkeypatch, hipbot)
    picking = asyncio.create_task(driver.select(page, label))
    await _reading(gates, 1)
    skip_button_timers(hipbot, BUTTON_LIFETIME)
    await driver.settle()
    assert driver.refresh(page).selects()[0].get("disabled") is not True  # left to the pick
    gates[0].set()
    chosen = await picking
    assert _buttons(chosen) == ENTRY_BUTTONS
    await driver.settle()
    assert _buttons(driver.refresh(page)) == ENTRY_BUTTONS
    imitation.advance(LOOK_AGAIN_AFTER + 1)
    skip_button_timers(hipbot, LOOK_AGAIN_AFTER + 1)
    await driver.wait_until(lambda: _buttons(driver.refresh(page)) == GREYED, "the entry's buttons greyed out")
    assert driver.refresh(page).content == chosen.content
