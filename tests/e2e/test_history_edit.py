"""Editing and deleting any entry from /history, end to end: the menu, the Edit form, Delete,
restarts and expiry, and what an edit means for the nudge, /progress and /import undo."""

from __future__ import annotations

import asyncio
import copy
import csv
import datetime as dt
import io
import json
from pathlib import Path
from typing import Any

import pytest

from bot.client import HipThrustBot
from bot.db.store import Store
from bot.interactions import expirer
from bot.logbook.entries import NewEntry
from bot.sandbox.driver import Driver, InvocationError
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import database_of, running_bot
from tests.e2e.logbook_helpers import EXPIRED, count, count_becomes, seed_sessions, today
from tests.e2e.test_import import press_import, upload
from tests.stored import add_entry

pytestmark = pytest.mark.e2e
BUTTON_LIFETIME = 14 * 60


def _options(reply: Reply, menu: int = 0) -> list[dict[str, Any]]:
    return list(reply.selects()[menu]["options"])


async def _choose(driver: Driver, page: Reply, label_start: str) -> Reply:
    """Choose the entry whose menu label starts with `label_start`."""
    [option] = [o for o in _options(page) if o["label"].startswith(label_start)]
    return await driver.select(page, option["value"])


def _fields(form: Reply) -> dict[str, tuple[str, str | None, Any]]:
    """The form's fields by custom_id: (label, description, prefilled value)."""
    assert form.modal is not None
    return {top["component"]["custom_id"]: (top["label"], top.get("description"), top["component"].get("value"))
            for top in form.modal["components"]}


async def _row(bot: HipThrustBot, entry_id: int) -> dict[str, Any]:
    row = await bot.store.db.fetchone(
        "SELECT id, performed_on, sets, reps, weight, unit, rpe, note, interaction_id, created_at, edited_at"
        " FROM entries WHERE id = ?", (entry_id,))
    assert row is not None
    return dict(row)


async def test_edit_an_older_entry_and_the_nudge_and_progress_use_it(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation)
    before = (day - dt.timedelta(days=2)).isoformat()
    await driver.slash("log", weight=100, reps=12, sets=3, rpe=8, note="felt fine", date=before)
    await driver.slash("log", weight=60, reps=10, variant="machine")
    page = await driver.slash("history")
    assert [o["label"] for o in _options(page)] == [
        f"{day.isoformat()} · 1 × 10 @ 60 kg · machine", f"{before} · 3 × 12 @ 100 kg · RPE 8 · barbell"]
    assert _options(page)[1]["description"] == "felt fine"
    entry_id = int(_options(page)[1]["value"])
    stored = await _row(hipbot, entry_id)

    chosen = await _choose(driver, page, before)
    assert chosen.message_id == page.message_id  # the history message, edited in place
    assert chosen.content == f"**{before} · 3 × 12 @ 100 kg · RPE 8 · barbell**\nNote: felt fine"
    assert [b["label"] for b in chosen.buttons()] == ["Edit", "Delete", "Back to history"]
    form = await driver.click(chosen, "Edit")
    assert form.modal is not None
    assert form.modal["title"] == f"Edit {before} · barbell"
    assert _fields(form) == {
        "weight": ("Weight per rep (kg)", "0 or bw = bodyweight, up to 1000 kg. Type a unit (225 lb) to change it.",
                   "100"),
        "sets_reps": ("Sets × reps", "For example 3 × 10: sets 1–20, reps 1–100. A number alone is the reps.",
                      "3 × 12"),
        "rpe": ("RPE", "1–10 in halves (8 or 8.5); empty for none.", "8"),
        "date": ("Date", "YYYY-MM-DD, not in the future.", before),
        "note": ("Note", "Up to 200 characters; empty for none.", "felt fine"),
    }
    saved = await driver.submit_modal(form, weight="102,5", sets_reps="3x15", rpe="", note="")
    assert saved.callback_type == 7  # the message updated in place
    assert saved.message_id == page.message_id
    assert saved.content.splitlines()[:2] == [
        f"Saved: **{before} · 3 × 15 @ 102.5 kg · barbell**",
        f"Was: {before} · 3 × 12 @ 100 kg · RPE 8 · barbell · note “felt fine”."]  # the note it removed
    assert saved.content.splitlines()[2] == "**Next session:** 3 × 15 reps at 102.5 kg."  # the edited numbers

    row = await _row(hipbot, entry_id)
    assert (row["sets"], row["reps"], row["weight"], row["unit"], row["rpe"], row["note"]) == (
        3, 15, 102.5, "kg", None, None)
    for kept in ("id", "performed_on", "interaction_id", "created_at"):
        assert row[kept] == stored[kept]
    edited_at = dt.datetime.fromisoformat(row["edited_at"])
    assert dt.timedelta(0) <= imitation.clock() - edited_at < dt.timedelta(seconds=5)
    nudge = await driver.slash("nudge", variant="barbell")
    assert "**Next barbell session:** 3 × 15 reps at 102.5 kg." in nudge.content
    progress = await driver.slash("progress", variant="barbell")
    assert f"Best set: 102.5 kg × 15 on {before}" in progress.text

    # Fixing the wrong unit: the entry keeps its id and says it was edited when shown again.
    again = await driver.click(saved, "Edit")
    assert _fields(again)["weight"][2] == "102.5"
    await driver.submit_modal(again, weight="225 lb")
    row = await _row(hipbot, entry_id)
    assert (row["id"], row["weight"], row["unit"]) == (entry_id, 225.0, "lb")
    exported = await driver.slash("export")
    [entries] = [a for a in exported.attachments if a.filename == "entries.csv"]
    rows = {r["id"]: r for r in csv.DictReader(io.StringIO(entries.data.decode("utf-8")))}
    assert rows[str(entry_id)]["edited_at"] == row["edited_at"]
    assert [r["edited_at"] for i, r in rows.items() if i != str(entry_id)] == [""]
    back = await driver.click(driver.refresh(page), "Back to history")
    assert back.content == ""
    assert f"`{before}` · barbell · 3 × 15 @ 225 lb" in back.embeds[0]["description"]


async def test_a_form_that_log_would_refuse_changes_nothing(hipbot: HipThrustBot, driver: Driver,
                                                          imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3)
    page = await driver.slash("history")
    entry_id = int(_options(page)[0]["value"])
    stored = await _row(hipbot, entry_id)
    tomorrow = (today(imitation) + dt.timedelta(days=1)).isoformat()
    chosen = await driver.select(page, str(entry_id))
    for fields, error in [
        ({"weight": "heavy"}, "**weight** must be a number from 0 (bodyweight) to 1000 kg (you gave `heavy`)."),
        ({"weight": "1001"}, "**weight** must be a number from 0 (bodyweight) to 1000 kg (you gave `1001`)."),
        ({"weight": "1,000"}, "**weight** must be written without the comma: `1,000` could be 1000 or 1.000."),
        ({"sets_reps": "3 × 0"}, "**reps** must be a whole number from 1 to 100 (you gave `0`)."),
        ({"rpe": "8.2"}, "**rpe** must be a number from 1 to 10 in steps of 0.5"),
        ({"date": tomorrow}, "**date** must be a date not after today"),
        ({"date": "2024-02-30"}, "**date** must be a day of the calendar: February 2024 has 29 days (you gave "
                                 "`2024-02-30`)."),
        ({"sets_reps": "lots"}, "**sets × reps** must be sets × reps, such as 3 × 10"),
    ]:
        form = await driver.click(chosen, "Edit")
        refused = await driver.submit_modal(form, **fields)
        assert refused.ephemeral
        assert refused.message_id == page.message_id  # the entry view, turned into the refusal
        assert refused.content.splitlines()[0] == "Not saved; nothing was changed. Fix this and send the form again:"
        assert refused.content.splitlines()[1].startswith("• " + error), refused.content
        assert [b["label"] for b in refused.buttons()] == ["Fix the form", "Cancel"]
        assert await _row(hipbot, entry_id) == stored
        chosen = await driver.click(refused, "Cancel")  # back to the entry as it is
        assert chosen.content.startswith("**")
        assert [b["label"] for b in chosen.buttons()] == ["Edit", "Delete", "Back to history"]
        assert await count(hipbot, "pending_logs", driver.user("member").id) == 0  # what was typed: gone


async def test_a_refused_form_names_every_wrong_field_and_opens_again_as_typed(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3)
    page = await driver.slash("history")
    entry_id = int(_options(page)[0]["value"])
    stored = await _row(hipbot, entry_id)
    chosen = await driver.select(page, str(entry_id))
    typed = {"weight": "1,000", "sets_reps": "lots", "rpe": "8.2", "note": "new pad, bench 42 cm"}
    refused = await driver.submit_modal(await driver.click(chosen, "Edit"), **typed)
    assert refused.content.splitlines() == [
        "Not saved; nothing was changed. Fix these 3 and send the form again:",
        "• **weight** must be written without the comma: `1,000` could be 1000 or 1.000.",
        "• **sets × reps** must be sets × reps, such as 3 × 10 (sets 1–20, reps 1–100) (you gave `lots`).",
        "• **rpe** must be a number from 1 to 10 in steps of 0.5 (e.g. 7, 7.5, 8) (you gave `8.2`)."]
    assert await _row(hipbot, entry_id) == stored
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 1  # what was typed, for the button
    again = await driver.click(refused, "Fix the form")
    assert {name: value for name, (_, _, value) in _fields(again).items()} == {**typed, "date": day}
    # A number alone is the reps (the 3 sets stay); bw is bodyweight, as in chat.
    saved = await driver.submit_modal(again, weight="bw", sets_reps="12", rpe="8")
    assert saved.content.splitlines()[:2] == [f"Saved: **{day} · 3 × 12 @ bodyweight · RPE 8 · barbell**",
                                              "Note: new pad, bench 42 cm"]
    row = await _row(hipbot, entry_id)
    assert (row["sets"], row["reps"], row["weight"], row["rpe"], row["note"]) == (3, 12, 0.0, 8.0,
                                                                                  "new pad, bench 42 cm")
    await count_becomes(hipbot, "pending_logs", driver.user("member").id, 0)  # what was typed: kept no longer


async def test_a_forged_submit_longer_than_the_form_holds_opens_again_cut_to_fit(
        hipbot: HipThrustBot, driver: Driver) -> None:
    """A modified client sent 5,000 characters where the form holds 12 (weight) and 200 (note): Fix
    the form prefilled them as sent, past Discord's 4,000 for a field, and Discord refused the form
    (50035): "Sorry, something went wrong". What was typed is kept only as far as each field holds."""
    await driver.slash("log", weight=100, reps=10, sets=3)
    page = await driver.slash("history")
    chosen = await driver.select(page, _options(page)[0]["value"])
    form = await driver.click(chosen, "Edit")
    assert form.modal is not None
    forged = copy.deepcopy(form)  # the client's own limit lifted: the form as a modified client fills it
    for top in forged.modal["components"]:  # type: ignore[index]
        top["component"]["max_length"] = 6000
    refused = await driver.submit_modal(forged, weight="9" * 5000, note="n" * 5000)
    assert "• **note** must be text of at most 200 characters (it has 5000)." in refused.content.splitlines()
    draft = await hipbot.store.db.fetchval("SELECT payload FROM pending_logs WHERE kind = 'draft'")
    assert len(draft) < 1000  # what was typed, as far as the form holds it
    again = await driver.click(refused, "Fix the form")
    fields = _fields(again)
    assert (fields["weight"][2], fields["note"][2]) == ("9" * 12, "n" * 200)


async def test_what_was_typed_is_kept_when_the_reopened_form_fails_unexpectedly(
        hipbot: HipThrustBot, driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review: the draft was deleted whatever happened, also after an unexpected error, losing what was typed."""
    await driver.slash("log", weight=100, reps=10, sets=3)
    page = await driver.slash("history")
    chosen = await driver.select(page, _options(page)[0]["value"])
    refused = await driver.submit_modal(await driver.click(chosen, "Edit"), weight="heavy", note="new pad")
    again = await driver.click(refused, "Fix the form")

    async def broken(*args: object, **kwargs: object) -> None:
        raise RuntimeError("the database went away")

    monkeypatch.setattr(hipbot.store.entries, "edit_told", broken)
    failed = await driver.submit_modal(again, weight="90")
    assert failed.content.startswith("Sorry, something went wrong on our side.")
    assert await count(hipbot, "pending_logs", driver.user("member").id) == 1  # what was typed: still there
    monkeypatch.undo()
    reopened = await driver.click(refused, "Fix the form")
    assert _fields(reopened)["note"][2] == "new pad"


async def test_what_a_refused_form_held_goes_when_its_buttons_expire(
        hipbot: HipThrustBot, driver: Driver, monkeypatch: pytest.MonkeyPatch) -> None:
    """Review: an expired draft (the note typed) was deleted only when some other path purged
    expired rows, though /privacy says it waits until the buttons expire."""
    monkeypatch.setattr(expirer, "BUTTON_LIFETIME", 0.2)  # the refusal's timer
    await driver.slash("log", weight=100, reps=10, sets=3)
    page = await driver.slash("history")
    chosen = await driver.select(page, _options(page)[0]["value"])
    refused = await driver.submit_modal(await driver.click(chosen, "Edit"), weight="heavy", note="private words")
    assert [b["label"] for b in refused.buttons()] == ["Fix the form", "Cancel"]
    user_id = driver.user("member").id
    await driver.wait_until(lambda: all(b.get("disabled") for b in driver.refresh(refused).buttons()),
                            "the refusal's buttons greyed out", within=5)
    for _ in range(50):  # the draft goes just after the buttons grey out
        if await count(hipbot, "pending_logs", user_id) == 0:
            break
        await asyncio.sleep(0.05)
    assert await count(hipbot, "pending_logs", user_id) == 0


async def test_a_draft_whose_timer_a_restart_lost_goes_when_the_bot_starts(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    async with running_bot(imitation, driver, db):
        await driver.slash("log", weight=100, reps=10, sets=3)
        page = await driver.slash("history")
        chosen = await driver.select(page, _options(page)[0]["value"])
        await driver.submit_modal(await driver.click(chosen, "Edit"), weight="heavy", note="private words")
    # The first bot is gone and its timer with it: the draft (what was typed) is still stored.
    stopped = await Store.open(await database_of(db))
    try:
        kept = await stopped.db.fetchall("SELECT kind, payload FROM pending_logs WHERE user_id = ?",
                                         (driver.user("member").id,))
    finally:
        await stopped.close()
    assert [(row[0], json.loads(row[1])["draft"]["note"]) for row in kept] == [("draft", "private words")]
    imitation.advance(BUTTON_LIFETIME + 1)
    async with running_bot(imitation, driver, db) as fresh:
        assert await count(fresh, "pending_logs", driver.user("member").id) == 0


async def test_an_edit_of_the_note_or_the_rpe_shows_what_it_replaced(hipbot: HipThrustBot, driver: Driver,
                                                                     imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3, note="@everyone *easy* <#1>")
    chosen = await _choose(driver, await driver.slash("history"), day)
    noted = await driver.submit_modal(await driver.click(chosen, "Edit"), note="hard")
    assert noted.content.splitlines()[:3] == [
        f"Saved: **{day} · 3 × 10 @ 100 kg · barbell**", "Note: hard",
        f"Was: {day} · 3 × 10 @ 100 kg · barbell · note “@\u200beveryone \\*easy\\* <\u200b#1>”."]  # inert
    rated = await driver.submit_modal(await driver.click(noted, "Edit"), rpe="8.5")
    assert rated.content.splitlines()[:3] == [
        f"Saved: **{day} · 3 × 10 @ 100 kg · RPE 8.5 · barbell**", "Note: hard",
        f"Was: {day} · 3 × 10 @ 100 kg · barbell · no RPE."]
    unrated = await driver.submit_modal(await driver.click(rated, "Edit"), rpe="", note="")
    assert unrated.content.splitlines()[:2] == [
        f"Saved: **{day} · 3 × 10 @ 100 kg · barbell**",
        f"Was: {day} · 3 × 10 @ 100 kg · RPE 8.5 · barbell · note “hard”."]


async def test_a_form_opened_before_another_edit_saves_nothing_over_it(hipbot: HipThrustBot, driver: Driver,
                                                                       imitation: Imitation) -> None:
    # The same entry open in two places (phone and desktop): each form is prefilled with the entry as
    # it was, so the second form sent, saved, put back what the first had changed (RPE 9 went back to 8).
    day = today(imitation).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, note="first")
    chosen = await _choose(driver, await driver.slash("history"), day)
    phone, desktop = await driver.click(chosen, "Edit"), await driver.click(chosen, "Edit")
    rated = await driver.submit_modal(phone, rpe="9")
    assert rated.content.startswith(f"Saved: **{day} · 3 × 10 @ 100 kg · RPE 9 · barbell**")
    stale = await driver.submit_modal(desktop, note="changed")
    assert stale.content.splitlines()[:3] == [
        "Not saved: this entry was edited after you opened the form. Nothing was changed; edit it again if you"
        " still want to.", f"**{day} · 3 × 10 @ 100 kg · RPE 9 · barbell**", "Note: first"]
    assert [b["label"] for b in stale.buttons()] == ["Edit", "Delete", "Back to history"]
    row = await _row(hipbot, int(_options(await driver.slash("history"))[0]["value"]))
    assert (row["rpe"], row["note"]) == (9.0, "first")
    # Opened again, the form holds the entry as it is now, and saves.
    noted = await driver.submit_modal(await driver.click(stale, "Edit"), note="changed")
    assert noted.content.startswith(f"Saved: **{day} · 3 × 10 @ 100 kg · RPE 9 · barbell**\nNote: changed")


async def test_a_refused_form_fixed_after_another_edit_saves_nothing_over_it(hipbot: HipThrustBot, driver: Driver,
                                                                            imitation: Imitation) -> None:
    day = today(imitation).isoformat()
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, note="first")
    desktop = await driver.click(await _choose(driver, await driver.slash("history"), day), "Edit")
    refused = await driver.submit_modal(desktop, weight="heavy", note="changed")
    phone = await driver.click(await _choose(driver, await driver.slash("history"), day), "Edit")  # a second /history
    await driver.submit_modal(phone, rpe="9")
    stale = await driver.submit_modal(await driver.click(refused, "Fix the form"), weight="100")
    assert stale.content.startswith("Not saved: this entry was edited after you opened the form.")
    [row] = await hipbot.store.db.fetchall("SELECT rpe, note FROM entries")
    assert tuple(row) == (9.0, "first")


async def test_two_forms_of_one_entry_sent_at_once_save_one(hipbot: HipThrustBot, driver: Driver,
                                                           imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10, sets=3, rpe=8, note="first")
    chosen = await _choose(driver, await driver.slash("history"), today(imitation).isoformat())
    phone, desktop = await driver.click(chosen, "Edit"), await driver.click(chosen, "Edit")
    answers = await asyncio.gather(driver.submit_modal(phone, rpe="9"), driver.submit_modal(desktop, note="changed"))
    assert sorted(a.content.split(":")[0] for a in answers) == ["Not saved", "Saved"]
    [row] = await hipbot.store.db.fetchall("SELECT rpe, note FROM entries")
    assert tuple(row) in ((9.0, "first"), (8.0, "changed"))  # one form's edit whole, never a mix


async def test_a_form_that_changes_nothing_writes_nothing(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    member, day = driver.user("member").id, today(imitation).isoformat()
    imported = NewEntry(performed_on=today(imitation), variant="barbell", sets=3, reps=10, weight=102.0583,
                        unit="kg", rpe=8.0, note="from Strong")  # an import keeps the file's 102.0583
    entry_id = await add_entry(hipbot.store, member, imported, setup_id=None, interaction_id=None,
                               when=dt.datetime.now(dt.UTC))
    assert entry_id is not None
    stored = await _row(hipbot, entry_id)
    chosen = await driver.select(await driver.slash("history"), str(entry_id))
    as_it_came = await driver.submit_modal(await driver.click(chosen, "Edit"))
    assert as_it_came.message_id == chosen.message_id
    assert as_it_came.content == ("Nothing was changed: the entry already holds these values.\n"
                                  f"**{day} · 3 × 10 @ 102.06 kg · RPE 8 · barbell**\nNote: from Strong")
    assert [b["label"] for b in as_it_came.buttons()] == ["Edit", "Delete", "Back to history"]
    assert await _row(hipbot, entry_id) == stored  # no "Last edited" stamp, the load as imported

    noted = await driver.submit_modal(await driver.click(as_it_came, "Edit"), note="felt light")
    assert noted.content.startswith(f"Saved: **{day} · 3 × 10 @ 102.06 kg")
    row = await _row(hipbot, entry_id)
    assert (row["weight"], row["note"]) == (102.0583, "felt light")  # the form's 102.06 did not replace it
    assert row["edited_at"] is not None


async def test_delete_any_entry_after_a_confirm(hipbot: HipThrustBot, driver: Driver,
                                                imitation: Imitation) -> None:
    member = driver.user("member").id
    await seed_sessions(hipbot, member, 3, end=today(imitation))
    oldest = (today(imitation) - dt.timedelta(days=2)).isoformat()
    page = await driver.slash("history")
    chosen = await _choose(driver, page, oldest)
    asked = await driver.click(chosen, "Delete")
    assert asked.content == f"Delete **{oldest} · 3 × 10 @ 59 kg · RPE 8 · barbell**? This cannot be undone."
    assert [b["label"] for b in asked.buttons()] == ["Delete it", "Keep it"]
    kept = await driver.click(asked, "Keep it")
    assert kept.content.startswith(f"**{oldest} · 3 × 10 @ 59 kg")
    assert await count(hipbot, "entries", member) == 3
    deleted = await driver.click(await driver.click(kept, "Delete"), "Delete it")
    assert deleted.content == f"Deleted: {oldest} · 3 × 10 @ 59 kg · RPE 8 · barbell."
    assert [b["label"] for b in deleted.buttons()] == ["Back to history"]
    assert await count(hipbot, "entries", member) == 2
    back = await driver.click(deleted, "Back to history")
    assert oldest not in back.embeds[0]["description"]
    assert len(_options(back)) == 2


async def test_the_menu_buttons_and_an_open_form_work_after_a_restart(
        imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    async with running_bot(imitation, driver, db):
        await driver.slash("log", weight=100, reps=10, sets=3)
        await driver.slash("log", weight=80, reps=12, sets=2)
        page = await driver.slash("history")
        form = await driver.click(await _choose(driver, page, f"{today(imitation)} · 3 × 10"), "Edit")
    async with running_bot(imitation, driver, db) as fresh:
        saved = await driver.submit_modal(form, weight="97.5")
        assert saved.content.startswith(f"Saved: **{today(imitation)} · 3 × 10 @ 97.5 kg")
        listed = await driver.click(saved, "Back to history")
        other = await _choose(driver, listed, f"{today(imitation)} · 2 × 12")
        gone = await driver.click(await driver.click(other, "Delete"), "Delete it")
        assert gone.content.startswith("Deleted:")
        rows = await fresh.store.db.fetchall("SELECT weight FROM entries")
        assert [r[0] for r in rows] == [97.5]


async def test_the_menu_and_the_form_expire(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await driver.slash("log", weight=100, reps=10)
    page = await driver.slash("history")
    form = await driver.click(await driver.select(page, _options(page)[0]["value"]), "Edit")
    imitation.advance(BUTTON_LIFETIME + 1)
    late = await driver.submit_modal(form, weight="90")
    assert late.ephemeral
    assert late.content == EXPIRED
    stale = await driver.slash("history")
    imitation.advance(BUTTON_LIFETIME + 1)
    await driver.select(stale, _options(stale)[0]["value"])
    await driver.wait_until(lambda: all(s.get("disabled") for s in driver.refresh(stale).selects()), "greyed out")
    assert (await hipbot.store.db.fetchval("SELECT weight FROM entries")) == 100.0


async def test_a_page_of_many_entries_gets_a_menu_per_25(hipbot: HipThrustBot, driver: Driver,
                                                         imitation: Imitation) -> None:
    member = driver.user("member").id
    for _ in range(3):  # ten sessions of three entries each
        await seed_sessions(hipbot, member, 10, end=today(imitation))
    page = await driver.slash("history")
    menus = page.selects()
    assert [len(m["options"]) for m in menus] == [25, 5]
    assert [m["placeholder"] for m in menus] == ["Edit or delete an entry…", "Edit or delete an entry (26–30)…"]
    last = await driver.select(page, menus[1]["options"][-1]["value"], index=2)
    assert last.content.startswith(f"**{(today(imitation) - dt.timedelta(days=9)).isoformat()}")


async def test_every_entry_can_be_reached_when_ten_sessions_are_more_than_100(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member").id
    for _ in range(12):  # ten sessions of twelve entries: 120, and four menus list 100
        await seed_sessions(hipbot, member, 10, end=today(imitation))
    first = await driver.slash("history")
    assert first.embeds[0]["footer"]["text"] == "Sessions 1–8 · newest first"  # 96 entries fit
    assert [len(m["options"]) for m in first.selects()] == [25, 25, 25, 21]
    second = await driver.click(first, "Next")
    assert second.embeds[0]["footer"]["text"] == "Sessions 9–10 (the last) · newest first"
    assert [len(m["options"]) for m in second.selects()] == [24]
    listed = {o["value"] for page in (first, second) for m in page.selects() for o in m["options"]}
    stored = await hipbot.store.db.fetchall("SELECT id FROM entries WHERE user_id = ?", (member,))
    assert listed == {str(row[0]) for row in stored}
    oldest = await driver.select(second, second.selects()[0]["options"][-1]["value"])
    assert oldest.content.startswith(f"**{(today(imitation) - dt.timedelta(days=9)).isoformat()}")
    back = await driver.click(oldest, "Back to history")
    assert back.embeds[0]["footer"]["text"] == "Sessions 9–10 (the last) · newest first"
    earlier = await driver.click(back, "Previous")
    assert earlier.embeds[0]["footer"]["text"] == "Sessions 1–8 · newest first"


async def test_previous_goes_back_to_the_page_before_when_pages_are_short(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member").id
    for _ in range(12):  # twenty sessions of twelve entries: eight a page
        await seed_sessions(hipbot, member, 20, end=today(imitation))
    first = await driver.slash("history")
    second = await driver.click(first, "Next")
    third = await driver.click(second, "Next")
    footers = [r.embeds[0]["footer"]["text"] for r in (first, second, third)]
    assert footers == ["Sessions 1–8 · newest first", "Sessions 9–16 · newest first",
                       "Sessions 17–20 (the last) · newest first"]
    back = await driver.click(third, "Previous")
    assert back.embeds[0]["footer"]["text"] == "Sessions 9–16 · newest first"  # not 7–14
    assert (await driver.click(back, "Previous")).embeds[0]["footer"]["text"] == "Sessions 1–8 · newest first"


async def test_previous_shows_the_pages_next_showed_when_they_differ_in_length(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member, end = driver.user("member").id, today(imitation)
    for back, entries in enumerate((50, 10, 45, 40, 30, 5)):  # sessions newest first, by their entries
        for _ in range(entries):
            entry = NewEntry(performed_on=end - dt.timedelta(days=back), variant="barbell", sets=1, reps=10,
                             weight=100.0, unit="kg", rpe=None, note=None)
            await add_entry(hipbot.store, member, entry, setup_id=None, interaction_id=None,
                            when=dt.datetime.now(dt.UTC))
    pages = [await driver.slash("history")]
    for _ in range(2):
        pages.append(await driver.click(pages[-1], "Next"))
    forward = [p.embeds[0]["footer"]["text"] for p in pages]
    assert forward == ["Sessions 1–2 · newest first", "Sessions 3–4 · newest first",
                       "Sessions 5–6 (the last) · newest first"]
    back = await driver.click(pages[-1], "Previous")
    assert back.embeds[0]["footer"]["text"] == forward[1]  # not 2–4, packed from the other end
    assert (await driver.click(back, "Previous")).embeds[0]["footer"]["text"] == forward[0]


async def test_back_after_deleting_the_last_pages_only_session_shows_the_new_last_page(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    await seed_sessions(hipbot, driver.user("member").id, 21, end=today(imitation))
    last = await driver.click(await driver.click(await driver.slash("history"), "Next"), "Next")
    assert last.embeds[0]["footer"]["text"] == "Session 21 (the last) · newest first"
    shown = await driver.select(last, _options(last)[0]["value"])
    deleted = await driver.click(await driver.click(shown, "Delete"), "Delete it")
    back = await driver.click(deleted, "Back to history")
    assert back.embeds[0]["footer"]["text"] == "Sessions 11–20 (the last) · newest first"  # not 1–10


async def test_a_page_of_long_notes_shows_every_session_it_names(
        hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member").id
    end = today(imitation)
    for back in range(10):
        for _ in range(3):
            entry = NewEntry(performed_on=end - dt.timedelta(days=back), variant="barbell", sets=1, reps=10,
                             weight=100.0, unit="kg", rpe=None, note="_" * 200)
            await add_entry(hipbot.store, member, entry, setup_id=None, interaction_id=None,
                            when=dt.datetime.now(dt.UTC))
    seen: list[str] = []
    page = await driver.slash("history")
    while True:
        [embed] = page.embeds
        assert len(embed["description"]) <= 4096
        assert not embed["description"].endswith("…")  # whole sessions only
        seen += [line.split("`")[1] for line in embed["description"].splitlines()]
        if "(the last)" in embed["footer"]["text"]:
            break
        page = await driver.click(page, "Next")
    assert seen == [(end - dt.timedelta(days=back)).isoformat() for back in range(10)]


async def test_import_undo_still_removes_an_entry_edited_since(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member").id
    await press_import(driver, await driver.slash("import csv", file=upload("strong_comma.csv")))
    imported = await count(hipbot, "entries", member)
    page = await driver.slash("history")
    form = await driver.click(await driver.select(page, _options(page)[0]["value"]), "Edit")
    with pytest.raises(InvocationError, match="one line"):  # a note is one line, as in /log
        await driver.submit_modal(form, note="fixed after\nthe import")
    await driver.submit_modal(form, note="fixed after the import")
    await driver.slash("log", weight=100, reps=10)  # not part of the import
    asked = await driver.slash("import undo")
    assert f"Your last import: {imported} entries from Strong" in asked.content
    assert "Of them, 1 was edited since you imported it; it goes too. Remove all of them?" in asked.content
    removed = await driver.click(asked, "Remove import")
    assert removed.content == f"Removed your last import: {imported} entries."
    assert await count(hipbot, "entries", member) == 1
