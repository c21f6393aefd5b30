"""/import csv of a newer export of the same app, or of an older /export: what the lifter deleted or
edited since stays so, and /import undo and /forgetme forget it (bot/db/removed.py)."""

from __future__ import annotations

import pytest

from bot.client import HipThrustBot
from bot.sandbox.driver import Driver
from bot.sandbox.snapshots import Reply
from tests.e2e.test_import import press_import, upload
from tests.stored import entries_of

pytestmark = pytest.mark.e2e

HEADER = b"Date,Workout Name,Exercise Name,Set Order,Weight (kg),Reps\n"
OLDER = HEADER + b"".join(
    b"%s 10:00:00,W,Hip Thrust (Barbell),%d,%s,10\n" % (day, n, weight)
    for day, weight in ((b"2025-11-01", b"100"), (b"2025-11-03", b"105"))
    for n in (1, 2, 3)
)
NEWER = OLDER + b"".join(b"2025-11-05 10:00:00,W,Hip Thrust (Barbell),%d,110,8\n" % n for n in (1, 2, 3))
REMOVED = (
    "Deleted or edited by you, left out: {} (an import does not bring back what you took out of your log; "
    "`/log` one again to have it back)."
)


async def _entry(driver: Driver, label_start: str) -> Reply:
    """/history, then the entry whose menu label starts with `label_start`."""
    page = await driver.slash("history")
    [option] = [o for o in page.selects()[0]["options"] if o["label"].startswith(label_start)]
    return await driver.select(page, option["value"])


async def _delete(driver: Driver, label_start: str) -> None:
    deleted = await driver.click(await driver.click(await _entry(driver, label_start), "Delete"), "Delete it")
    assert deleted.content.startswith("Deleted: ")


async def test_a_newer_export_brings_back_neither_deleted_nor_edited_entries(
    hipbot: HipThrustBot, driver: Driver
) -> None:
    member = driver.user("member")
    await press_import(driver, await driver.slash("import csv", file=upload("strong.csv", OLDER)))
    await _delete(driver, "2025-11-01")
    form = await driver.click(await _entry(driver, "2025-11-03"), "Edit")
    saved = await driver.submit_modal(form, weight="107.5")
    assert saved.content.startswith("Saved: **2025-11-03 · 3 × 10 @ 107.5 kg")

    preview = await driver.slash("import csv", file=upload("strong.csv", NEWER))
    assert "1 entry to import** (3 sets) on 2025-11-05" in preview.text
    assert REMOVED.format("2 entries") in preview.text
    assert "Already in your log" not in preview.text
    done = await press_import(driver, preview)
    assert done.content.startswith("**Imported** 1 entry. 2 entries you deleted or edited were left out.")
    assert [(e.performed_on.day, e.weight) for e in await entries_of(hipbot.store, member.id)] == [(3, 107.5),
                                                                                                   (5, 110.0)]


async def test_an_entry_deleted_after_an_export_stays_deleted_until_forgetme(
    hipbot: HipThrustBot, driver: Driver
) -> None:
    member = driver.user("member")
    await driver.slash("log", weight=100, reps=10, sets=3, date="2026-01-05")
    await driver.slash("log", weight=80, reps=12, note="felt easy", date="2026-01-06")
    export = await driver.slash("export")
    [entries_csv] = [f for f in export.attachments if f.filename == "entries.csv"]
    await driver.click(await driver.slash("undo"), "Delete it")

    preview = await driver.slash("import csv", file=upload("entries.csv", entries_csv.data))
    assert "**Nothing to import.**" in preview.text
    assert "Already in your log, left out: 1 entry." in preview.text
    assert REMOVED.format("1 entry") in preview.text
    assert "Everything usable in this file is already in your log, or you deleted or edited it." in preview.text
    assert preview.components == []

    await driver.click(await driver.slash("forgetme"), "Delete everything")
    back = await driver.slash("import csv", file=upload("entries.csv", entries_csv.data))
    assert "2 entries to import** (4 sets)" in back.text
    assert "Deleted or edited by you" not in back.text
    await press_import(driver, back)
    assert [(e.weight, e.note) for e in await entries_of(hipbot.store, member.id)] == [(100.0, None),
                                                                                       (80.0, "felt easy")]


async def test_import_undo_then_the_same_file_brings_everything_back(hipbot: HipThrustBot, driver: Driver) -> None:
    await press_import(driver, await driver.slash("import csv", file=upload("strong.csv", OLDER)))
    await _delete(driver, "2025-11-01")
    removed = await driver.click(await driver.slash("import undo"), "Remove import")
    assert removed.content == "Removed your last import: 1 entry."
    again = await driver.slash("import csv", file=upload("strong.csv", OLDER))
    assert "2 entries to import** (6 sets)" in again.text
    assert "Deleted or edited by you" not in again.text
    done = await press_import(driver, again)
    assert done.content.startswith("**Imported** 2 entries. See them")
