"""A delete confirmed after its entry was edited elsewhere (another device, the Edit form) deletes
nothing: /undo and a /history page's Delete ask again, of the entry as it is now; the Undo under a
set typed in chat asks the lifter alone, with /undo's buttons. Their buttons carry the entry's edit
stamp; buttons sent before they did delete as they always did."""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace

import pytest

from bot.client import HipThrustBot
from bot.interactions import expirer as button_timers
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from bot.sandbox.mentions import interaction_pings
from bot.sandbox.snapshots import Reply
from cogs.logbook.render import edited_post_text
from tests.e2e.logbook_helpers import click_expired, count, stored_eventually, today

pytestmark = pytest.mark.e2e
BUTTON_LIFETIME = 14 * 60
STALE = "Not deleted: this entry was edited after you were asked. Delete it as it is now?"
MARKED = "Its post in the channel now says it was deleted: "
# The custom_ids this version's predecessor sent (/undo's pair, a chat reply's Undo, a /history
# entry's buttons), and this version's, with the entry's edit stamp (`sstamp`).
_OLD = re.compile(r"(?P<old>(?:ud:(?:ok|no)|cu:ok:\d+):\d+)(?::s[0-9a-f]+)?(?P<exp>:[0-9a-z]+)"
                  r"|(?P<page>hx:[a-z]+:\d+:[a-z-]*:\d+:[0-9a-z]+)(?::s[0-9a-f]+)?")


async def _entry_id(bot: HipThrustBot, driver: Driver) -> int:
    """The id of the member's entry stored last."""
    return int(await bot.store.db.fetchval("SELECT max(id) FROM entries WHERE user_id = ?",
                                           (driver.user("member").id,)))


async def _edit_elsewhere(driver: Driver, entry_id: int, **fields: str) -> None:
    """Edit the entry from a /history opened elsewhere (the lifter's phone), with the Edit form."""
    chosen = await driver.select(await driver.slash("history"), str(entry_id))
    saved = await driver.submit_modal(await driver.click(chosen, "Edit"), fields)
    assert saved.content.startswith("Saved:")


def _sent_before_the_stamp(imitation: Imitation, reply: Reply) -> None:
    """Turn the reply's buttons into those an earlier version sent: no edit stamp in any custom_id."""
    message = imitation.world.messages[reply.message_id or 0]
    for row in message.components:
        for button in row["components"]:
            found = _OLD.fullmatch(button["custom_id"])
            assert found is not None
            button["custom_id"] = found["page"] or found["old"] + found["exp"]


async def _removed(bot: HipThrustBot, driver: Driver) -> int:
    """Entries the member deleted (an RPE or note edit removes no set)."""
    return await count(bot, "removed_entries", driver.user("member").id)


async def test_undo_confirmed_after_an_edit_elsewhere_asks_again_of_the_entry_as_it_is_now(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3, note="first")
    asked = await driver.slash("undo")
    assert asked.content == f"The entry you logged last: {day} · 3 × 10 @ 100 kg · barbell. Delete it?"
    await _edit_elsewhere(driver, await _entry_id(hipbot, driver), rpe="9", note="<@&1> heavier")
    stale = await driver.click(asked, "Delete it")
    assert stale.message_id == asked.message_id
    lines = stale.content.splitlines()
    assert lines[:3] == [STALE, f"**{day} · 3 × 10 @ 100 kg · RPE 9 · barbell**", "Note: <@&1> heavier"]
    assert lines[3].startswith("Last edited <t:")
    assert all(pings.nobody for pings in interaction_pings(driver.core, driver.record(stale)))  # nor does the note
    assert [b["label"] for b in stale.buttons()] == ["Delete it", "Keep it"]
    assert await count(hipbot, "entries", driver.user("member").id) == 1
    assert await _removed(hipbot, driver) == 0
    # Asked again, Delete it deletes the entry as it was shown, once however often it is pressed.
    first, second = await asyncio.gather(driver.click(stale, "Delete it"), driver.click(stale, "Delete it"))
    answers = sorted((driver.record(r).callback_data or {}).get("content", "") for r in (first, second))
    assert answers == [f"Deleted: {day} · 3 × 10 @ 100 kg · RPE 9 · barbell.", "That entry is already gone."]
    assert await count(hipbot, "entries", driver.user("member").id) == 0
    assert await _removed(hipbot, driver) == 1


async def test_undo_asked_again_can_be_kept_and_expires_with_the_question(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3)
    asked = await driver.slash("undo")
    await _edit_elsewhere(driver, await _entry_id(hipbot, driver), rpe="9")
    stale = await driver.click(asked, "Delete it")
    assert stale.content.startswith(STALE)
    kept = await driver.click(stale, "Keep it")
    assert (kept.content, kept.buttons()) == ("Kept. Nothing was deleted.", [])
    again = await driver.click(await driver.slash("undo"), "Delete it")  # asked after the edit: deletes
    assert again.content.startswith("Deleted: ")

    await driver.slash("log", weight=100, reps=10, sets=3)
    asked = await driver.slash("undo")
    imitation.advance(BUTTON_LIFETIME - 60)
    await _edit_elsewhere(driver, await _entry_id(hipbot, driver), rpe="9")
    stale = await driver.click(asked, "Delete it")
    assert stale.content.startswith(STALE)
    imitation.advance(61)  # the question's 14 minutes, not 14 more
    await click_expired(driver, stale, "Delete it")
    assert all(b.get("disabled") for b in driver.refresh(stale).buttons())
    assert await count(hipbot, "entries", driver.user("member").id) == 1


async def test_history_delete_confirmed_after_an_edit_elsewhere_asks_again(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8)
    entry_id = await _entry_id(hipbot, driver)
    asked = await driver.click(await driver.select(await driver.slash("history"), str(entry_id)), "Delete")
    assert asked.content == f"Delete **{day} · 3 × 10 @ 100 kg · RPE 8 · barbell**? This cannot be undone."
    await _edit_elsewhere(driver, entry_id, weight="105")
    stale = await driver.click(asked, "Delete it")
    assert stale.content.splitlines()[:2] == [STALE, f"**{day} · 3 × 10 @ 105 kg · RPE 8 · barbell**"]
    assert [b["label"] for b in stale.buttons()] == ["Delete it", "Keep it"]
    assert await count(hipbot, "entries", driver.user("member").id) == 1
    kept = await driver.click(stale, "Keep it")  # the entry view, as it is now
    assert kept.content.startswith(f"**{day} · 3 × 10 @ 105 kg")
    assert [b["label"] for b in kept.buttons()] == ["Edit", "Delete", "Back to history"]
    deleted = await driver.click(await driver.click(kept, "Delete"), "Delete it")
    assert deleted.content == f"Deleted: {day} · 3 × 10 @ 105 kg · RPE 8 · barbell."
    assert [b["label"] for b in deleted.buttons()] == ["Back to history"]
    assert await count(hipbot, "entries", driver.user("member").id) == 0


async def test_buttons_sent_before_they_carried_the_stamp_delete_as_they_did(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3)
    await driver.slash("log", weight=80, reps=12, sets=2)
    undo = await driver.slash("undo")
    _sent_before_the_stamp(imitation, undo)
    await _edit_elsewhere(driver, await _entry_id(hipbot, driver), rpe="9")
    undone = await driver.click(undo, "Delete it")
    assert undone.content == f"Deleted: {day} · 2 × 12 @ 80 kg · RPE 9 · barbell."

    entry_id = await _entry_id(hipbot, driver)
    asked = await driver.click(await driver.select(await driver.slash("history"), str(entry_id)), "Delete")
    _sent_before_the_stamp(imitation, asked)
    await _edit_elsewhere(driver, entry_id, rpe="9")
    deleted = await driver.click(asked, "Delete it")
    assert deleted.content == f"Deleted: {day} · 3 × 10 @ 100 kg · RPE 9 · barbell."
    assert await count(hipbot, "entries", driver.user("member").id) == 0


async def test_a_chat_undo_pressed_after_an_edit_elsewhere_asks_the_lifter_alone(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation, monkeypatch: pytest.MonkeyPatch) -> None:
    day = today(imitation).isoformat()
    reply = await driver.dm("100kg 3x10")
    await _edit_elsewhere(driver, await _entry_id(hipbot, driver), rpe="9", note="<@&1> heavier")
    monkeypatch.setattr(button_timers, "BUTTON_LIFETIME", 0.2)  # the question's timer (not the reply's)
    stale = await driver.click(reply, "Undo")
    assert stale.ephemeral
    assert stale.message_id != reply.message_id  # a new answer: the reply still shows the set as logged
    lines = stale.content.splitlines()
    assert lines[:3] == [STALE, f"**{day} · 3 × 10 @ 100 kg · RPE 9 · barbell**", "Note: <@&1> heavier"]
    assert all(pings.nobody for pings in interaction_pings(driver.core, driver.record(stale)))
    assert [b["label"] for b in stale.buttons()] == ["Delete it", "Keep it"]  # /undo's
    after = driver.refresh(reply)
    assert (after.content, [b["label"] for b in after.buttons()]) == (reply.content, ["Undo"])
    assert await count(hipbot, "entries", driver.user("member").id) == 1
    assert await _removed(hipbot, driver) == 0
    await driver.wait_until(lambda: all(b.get("disabled") for b in driver.refresh(stale).buttons()),
                            "the question's buttons greyed out", within=5)
    assert not any(b.get("disabled") for b in driver.refresh(reply).buttons())

    again = await driver.click(reply, "Undo")  # asked once more, Delete it deletes what it showed
    assert again.content.startswith(STALE)
    deleted = await driver.click(again, "Delete it")
    assert deleted.content == f"Deleted: {day} · 3 × 10 @ 100 kg · RPE 9 · barbell."
    assert await count(hipbot, "entries", driver.user("member").id) == 0
    assert await _removed(hipbot, driver) == 1
    gone = await driver.click(reply, "Undo")
    assert (gone.content, gone.buttons()) == ("That entry is already gone.", [])


async def test_a_chat_undo_in_a_server_leaves_the_post_until_delete_it_marks_it(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    member = driver.user("member").id
    reply = await driver.say("100kg 3x10", channel="training")

    async def kept() -> bool:
        return await count(hipbot, "entry_posts", await _entry_id(hipbot, driver), column="entry_id") == 1

    await stored_eventually(kept, "where the reply is")
    # Edited on another device, the post not rewritten yet (that edit answers its lifter first).
    entry = await hipbot.store.entries.get(member, await _entry_id(hipbot, driver))
    assert entry is not None
    saved, _ = await hipbot.store.entries.edit_told(member, entry.id, replace(entry, rpe=9.0), imitation.clock(),
                                                    post_text=edited_post_text)
    assert saved
    stale = await driver.click(reply, "Undo")
    assert stale.ephemeral
    assert stale.content.splitlines()[:2] == [STALE, f"**{day} · 3 × 10 @ 100 kg · RPE 9 · barbell**"]
    assert driver.refresh(reply).content == reply.content  # the channel reads the post as it was
    assert await count(hipbot, "entries", member) == 1
    deleted = await driver.click(stale, "Delete it")
    await driver.wait_until(lambda: MARKED in driver.refresh(deleted).content, "the answer to name the post")
    link = f"https://discord.com/channels/{driver.scenario.guild.id}/{reply.channel_id}/{reply.message_id}"
    assert driver.refresh(deleted).content == f"Deleted: {day} · 3 × 10 @ 100 kg · RPE 9 · barbell.\n{MARKED}{link}"
    marked = driver.refresh(reply)
    assert (marked.content, marked.buttons()) == (f"Deleted: {day} · 3 × 10 @ 100 kg · RPE 9 · barbell.", [])
    assert await count(hipbot, "entries", member) == 0


async def test_a_chat_undo_sent_before_it_carried_the_stamp_deletes_as_it_did(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    reply = await driver.dm("100kg 3x10")
    _sent_before_the_stamp(imitation, reply)
    await _edit_elsewhere(driver, await _entry_id(hipbot, driver), rpe="9")
    undone = await driver.click(reply, "Undo")
    assert undone.message_id == reply.message_id
    assert undone.content == f"Deleted: {day} · 3 × 10 @ 100 kg · RPE 9 · barbell."
    assert await count(hipbot, "entries", driver.user("member").id) == 0
