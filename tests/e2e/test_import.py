"""/import csv and /import undo end to end: a real attachment upload, the real client, the imitation."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from bot.client import HipThrustBot
from bot.imports import MAX_BYTES
from bot.sandbox.driver import Driver, FileUpload
from bot.sandbox.imitation import Imitation
from bot.sandbox.snapshots import Reply
from tests.e2e.bots import running_bot
from tests.stored import entries_of, entry_count

pytestmark = pytest.mark.e2e
DATA = Path(__file__).parents[1] / "data" / "import"


def upload(name: str, data: bytes | None = None) -> FileUpload:
    return FileUpload(name, (DATA / name).read_bytes() if data is None else data, None)


async def press_import(driver: Driver, preview: Reply) -> Reply:
    """Import defers the click (type 6) and edits the message after storing: wait for that edit."""
    await driver.click(preview, "Import")
    await driver.wait_until(lambda: not driver.refresh(preview).components, "the import to be stored")
    return driver.refresh(preview)


def downloads(imitation: Imitation) -> list[str]:
    return [r.path for r in imitation.core.requests if r.method == "GET" and r.path.startswith("/attachments/")]


async def test_strong_file_previewed_then_imported(hipbot: HipThrustBot, driver: Driver, imitation: Imitation) -> None:
    member = driver.user("member")
    preview = await driver.slash("import csv", file=upload("strong_comma.csv"), user="member", channel="general")
    assert preview.ephemeral
    assert preview.callback_type == 5  # deferred before the download and the parse
    assert "Import preview: Strong" in preview.text
    assert "4 entries to import" in preview.text
    assert len(downloads(imitation)) == 1
    assert await entry_count(hipbot.store, member.id) == 0
    done = await press_import(driver, preview)
    assert done.content.startswith("**Imported** 4 entries.")
    assert done.components == []
    assert await entry_count(hipbot.store, member.id) == 4
    history = await driver.slash("history", user="member")
    assert "2025-03-04" in history.text
    assert driver.messages("general") == []  # nothing of it was public


async def test_same_file_again_adds_nothing(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member")
    await press_import(driver, await driver.slash("import csv", file=upload("hevy.csv")))
    again = await driver.slash("import csv", file=upload("hevy.csv"))
    assert "Nothing to import" in again.text
    assert "Already in your log, left out: 5 entries." in again.text
    assert again.components == []
    assert await entry_count(hipbot.store, member.id) == 5


async def test_oversized_upload_is_refused_before_download(hipbot: HipThrustBot, driver: Driver,
                                                           imitation: Imitation) -> None:
    reply = await driver.slash("import csv", file=upload("big.csv", b"Date," + b"x" * MAX_BYTES))
    assert reply.callback_type == 4  # answered at once, not deferred
    assert reply.ephemeral
    assert "at most 5 MB" in reply.content
    assert downloads(imitation) == []


async def test_binary_file_gets_a_private_answer_and_stores_nothing(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("import csv", file=upload("photo.csv", b"\x89PNG\r\n\x1a\n" + bytes(range(256))))
    assert reply.ephemeral
    assert "PNG image, not CSV" in reply.text
    assert await entry_count(hipbot.store, driver.user("member").id) == 0


async def test_utf16_without_a_byte_order_mark_is_read(hipbot: HipThrustBot, driver: Driver) -> None:
    # It was refused as "binary, not CSV text".
    strong = (DATA / "strong_semicolon.csv").read_text("utf-8").encode("utf-16-le")
    preview = await driver.slash("import csv", file=upload("strong.csv", strong))
    assert "binary" not in preview.text
    assert "**3 entries to import** (4 sets)" in preview.text
    await press_import(driver, preview)
    assert [(e.weight, e.unit) for e in await entries_of(hipbot.store, driver.user("member").id)] == [
        (92.5, "kg"), (0.0, "kg"), (205.0, "lb")]


async def test_cancel_stores_nothing(hipbot: HipThrustBot, driver: Driver) -> None:
    preview = await driver.slash("import csv", file=upload("strong_kg_header.csv"), source="strong")
    cancelled = await driver.click(preview, "Cancel")
    assert cancelled.content == "Cancelled. Nothing was imported."
    assert await entry_count(hipbot.store, driver.user("member").id) == 0


async def test_cancel_after_import_was_pressed_says_what_was_imported(hipbot: HipThrustBot, driver: Driver,
                                                                      imitation: Imitation) -> None:
    # Import defers, stores, then edits the preview: a Cancel pressed meanwhile said "Nothing was
    # imported" over the entries the import had stored, and could be the last word on the message.
    member = driver.user("member")
    preview = await driver.slash("import csv", file=upload("strong_comma.csv"))
    stored = await hipbot.store.imports.confirm(preview.interaction_id or 0, member.id, imitation.clock())
    assert stored is not None  # Import's work done, its answer not shown yet
    assert stored.stored == 4
    late = await driver.click(preview, "Cancel")
    assert late.content == "Already imported: 4 entries from this file are in your log."
    assert await entry_count(hipbot.store, member.id) == 4


async def test_export_forgetme_import_and_undo(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member")
    for note in ("=SUM(A1)", "-5 felt heavy", "'quoted"):
        await driver.slash("log", weight=100, reps=10, sets=3, note=note, date="2026-01-05")
    before = [(e.performed_on, e.sets, e.reps, e.weight, e.note)
              async for batch in hipbot.store.entries.stream(member.id) for e in batch]  # fmt: skip
    export = await driver.slash("export")
    [entries_csv] = [f for reply in [export, *driver.followups(export)] for f in reply.attachments
                     if f.filename == "entries.csv"]  # fmt: skip
    await driver.click(await driver.slash("forgetme"), "Delete everything")
    assert await entry_count(hipbot.store, member.id) == 0
    preview = await driver.slash("import csv", file=upload("entries.csv", entries_csv.data))
    assert "Import preview: this bot's /export" in preview.text
    await press_import(driver, preview)
    after = [(e.performed_on, e.sets, e.reps, e.weight, e.note)
             async for batch in hipbot.store.entries.stream(member.id) for e in batch]  # fmt: skip
    assert after == before
    ask = await driver.slash("import undo")
    assert ask.content.startswith("Your last import: 3 entries from this bot's /export")
    removed = await driver.click(ask, "Remove import")
    assert removed.content == "Removed your last import: 3 entries."
    assert await entry_count(hipbot.store, member.id) == 0


async def test_a_large_export_comes_in_files_each_import_takes_back(hipbot: HipThrustBot, driver: Driver) -> None:
    """An export over /import csv's 5 MB was one entries.csv of up to Discord's 10 MB, which /import
    refused ("at most 5 MB can be imported. Export a shorter date range", which /export has not)."""
    member = driver.user("member").id
    note = "🏋️" * 100  # 200 characters, 700 bytes of UTF-8: 7,500 entries make over 5 MB
    rows = [(member, f"2015-01-{1 + i % 28:02d}", "barbell", 1, 1 + i // 28 % 100, 100.0 + i // 2800, "kg",
             100.0 + i // 2800, None, note, None, "2026-01-01T00:00:00+00:00") for i in range(7500)]  # fmt: skip
    await hipbot.store.db.executemany(
        "INSERT INTO entries (user_id, performed_on, variant, sets, reps, weight, unit, weight_kg, rpe, note,"
        " setup_id, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    before = [(e.performed_on, e.reps, e.weight, e.note) for e in await entries_of(hipbot.store, member)]
    export = await driver.slash("export")
    files = [f for reply in [export, *driver.followups(export)] for f in reply.attachments]
    assert [f.filename for f in files] == ["entries-1.csv", "entries-2.csv", "profile.csv"]
    assert all(len(f.data) <= MAX_BYTES for f in files)
    assert export.content.endswith(
        "Your log entries are in 2 files, entries-1.csv to entries-2.csv, each small enough for `/import csv`.")
    await driver.click(await driver.slash("forgetme"), "Delete everything")
    for part in files[:2]:
        done = await press_import(driver, await driver.slash("import csv", file=upload(part.filename, part.data)))
        assert done.content.startswith("**Imported** ")
    after = [(e.performed_on, e.reps, e.weight, e.note) for e in await entries_of(hipbot.store, member)]
    assert after == before


async def test_import_pressed_after_a_restart(imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    db = tmp_path / "restart.db"
    async with running_bot(imitation, driver, db):
        preview = await driver.slash("import csv", file=upload("strong_semicolon.csv"))
    async with running_bot(imitation, driver, db) as second:
        done = await press_import(driver, preview)
        assert done.content.startswith("**Imported** 3 entries.")
        assert await entry_count(second.store, driver.user("member").id) == 3


HEVY_HEADER = (
    '"title","start_time","end_time","description","exercise_title","superset_id","exercise_notes","set_index",'
    '"set_type","weight_kg","reps","distance_km","duration_seconds","rpe"\n'
)


async def test_notes_with_line_breaks_or_too_long_are_made_to_fit(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member")
    sets = "".join(
        f'"G","20 Nov 2025, 08:00","20 Nov 2025, 09:00","","Hip Thrust (Barbell)",,"Bench at hole 3\nfeet shoulder '
        f'width",{n},"normal",100,10,,,8\n'
        for n in range(3)
    )
    long = f'"G","21 Nov 2025, 08:00","","","Hip Thrust (Barbell)",,"{"x" * 250}",0,"normal",90,12,,,\n'
    preview = await driver.slash("import csv", file=upload("hevy.csv", (HEVY_HEADER + sets + long).encode()))
    assert "2 entries to import** (4 sets)" in preview.text
    assert "Rows left out" not in preview.text
    assert (
        "3 notes put on one line (line breaks became “ / ”), 1 note shortened to 200 characters, ending in “…”: "
        "`/log` takes a note of one line and at most 200 characters."
    ) in preview.text
    await press_import(driver, preview)
    assert [(e.sets, e.note) for e in await entries_of(hipbot.store, member.id)] == [
        (3, "Bench at hole 3 / feet shoulder width"), (1, "x" * 199 + "…")]
    assert "Bench at hole 3 / feet shoulder width" in (await driver.slash("history")).text
    again = await driver.slash("import csv", file=upload("hevy.csv", (HEVY_HEADER + sets + long).encode()))
    assert "Already in your log, left out: 2 entries." in again.text  # made to fit the same way each time


async def _export_forget_import(driver: Driver) -> list[dict[str, str]]:
    """/export, /forgetme, then /import csv of the exported entries.csv, pressed: the rows of that file."""
    export = await driver.slash("export")
    [entries_csv] = [f for f in export.attachments if f.filename == "entries.csv"]
    await driver.click(await driver.slash("forgetme"), "Delete everything")
    await press_import(driver, await driver.slash("import csv", file=upload("entries.csv", entries_csv.data)))
    return list(csv.DictReader(io.StringIO(entries_csv.data.decode())))


async def test_weights_go_through_export_and_import_exactly(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member")
    strong = b"Date,Workout Name,Exercise Name,Set Order,Weight (kg),Reps\n2025-11-01,W,Hip Thrust,1,102.0583,10\n"
    await driver.slash("log", weight=0.1 + 0.2, reps=8, date="2025-11-02")  # first: nothing to compare it with
    await press_import(driver, await driver.slash("import csv", file=upload("strong.csv", strong)))
    exported = await _export_forget_import(driver)
    assert [(r["weight"], r["weight_kg"]) for r in exported] == [("0.3", "0.3"), ("102.0583", "102.0583")]
    assert [e.weight for e in await entries_of(hipbot.store, member.id)] == [0.3, 102.0583]
    again = await driver.slash("import csv", file=upload("strong.csv", strong))
    assert "Already in your log, left out: 1 entry." in again.text
    assert again.components == []


async def test_a_thousands_separator_is_refused_not_read_as_a_decimal_comma(
    hipbot: HipThrustBot, driver: Driver
) -> None:
    strong = (
        b'Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n'
        b'2025-11-01 10:00:00,W,Hip Thrust (Barbell),12,"1,000",10\n'
        b'2025-11-03 10:00:00,W,Hip Thrust (Barbell),1,"102,5",10\n'
    )
    preview = await driver.slash("import csv", file=upload("strong.csv", strong), unit="lb")
    assert "1 entry to import** (1 set) on 2025-11-03" in preview.text
    assert (
        "line 2 · weight: must be a number without a thousands separator (got `1,000`, which could be 1000, or 1 "
        "with a decimal comma): write 1000 or 1 in the column `Weight`"
    ) in preview.text  # not "or 1.000": in this file of decimal commas that is a thousand
    await press_import(driver, preview)
    assert [(e.weight, e.unit) for e in await entries_of(hipbot.store, driver.user("member").id)] == [(102.5, "lb")]


async def test_a_point_as_thousands_separator_in_a_file_of_decimal_commas_is_refused_not_read_as_one(
    hipbot: HipThrustBot, driver: Driver
) -> None:
    # European Excel: semicolons, decimal commas, and a point between thousands. `1.000` was read as 1 lb.
    strong = (
        b'Date;Workout Name;Exercise Name;Set Order;Weight;Reps;RPE\n'
        b'2025-11-01 10:00:00;W;Hip Thrust (Barbell);1;1.000;10;\n'
        b'2025-11-03 10:00:00;W;Hip Thrust (Barbell);1;102,5;10;8\n'
    )
    preview = await driver.slash("import csv", file=upload("strong.csv", strong), unit="lb")
    assert "1 entry to import** (1 set) on 2025-11-03" in preview.text
    assert (
        "line 2 · weight: must be a number without a thousands separator (got `1.000`, which is 1000: the file's "
        "decimals are commas, as in `102,5`): write 1000 in the column `Weight`"
    ) in preview.text
    await press_import(driver, preview)
    assert [(e.weight, e.unit) for e in await entries_of(hipbot.store, driver.user("member").id)] == [(102.5, "lb")]


async def test_a_day_the_calendar_has_not_is_refused_as_such(hipbot: HipThrustBot, driver: Driver) -> None:
    # It was told the date formats, as though 2025-02-30 were not written in one.
    strong = (
        b'Date,Workout Name,Exercise Name,Set Order,Weight,Reps\n'
        b'2025-02-30 10:00:00,W,Hip Thrust (Barbell),1,100,10\n'
        b'2025-03-03 10:00:00,W,Hip Thrust (Barbell),1,102.5,10\n'
    )
    preview = await driver.slash("import csv", file=upload("strong.csv", strong))
    assert ("line 2 · date: must be a day of the calendar: February 2025 has 28 days (got `2025-02-30 10:00:00`)"
            in preview.text)
    assert "1 entry to import** (1 set) on 2025-03-03" in preview.text
    await press_import(driver, preview)
    assert [e.weight for e in await entries_of(hipbot.store, driver.user("member").id)] == [102.5]


async def test_notes_that_look_like_formulas_are_imported_and_exported_protected(
    hipbot: HipThrustBot, driver: Driver
) -> None:
    strong = (
        b"Date,Workout Name,Exercise Name,Set Order,Weight,Reps,Notes\n"
        b"2025-11-01 10:00:00,W,Hip Thrust (Barbell),1,100,10,-tempo(3s down)\n"
        b"2025-11-03 10:00:00,W,Hip Thrust (Barbell),1,100,10,= last week\n"
    )
    preview = await driver.slash("import csv", file=upload("strong.csv", strong))
    assert "2 entries to import** (2 sets)" in preview.text
    await press_import(driver, preview)
    assert [e.note for e in await entries_of(hipbot.store, driver.user("member").id)] == [
        "-tempo(3s down)",
        "= last week",
    ]
    [entries_csv] = [f for f in (await driver.slash("export")).attachments if f.filename == "entries.csv"]
    assert [r["note"] for r in csv.DictReader(io.StringIO(entries_csv.data.decode()))] == [
        "'-tempo(3s down)",
        "'= last week",
    ]


async def test_a_file_that_is_not_the_chosen_source_is_named_plainly(hipbot: HipThrustBot, driver: Driver) -> None:
    reply = await driver.slash("import csv", file=upload("strong_comma.csv"), source="hipthrust")
    assert reply.ephemeral
    assert reply.text.startswith("This does not look like a file from this bot's /export: its first line needs")
    assert reply.text.endswith("Try source: auto. Nothing was stored.")


STRONG_THREE_SETS = (
    b"Date,Workout Name,Exercise Name,Set Order,Weight (kg),Reps,Notes,RPE\n"
    b"2025-11-01 10:00:00,W,Hip Thrust (Barbell),1,100,10,bench at hole 3,7\n"
    b"2025-11-01 10:00:00,W,Hip Thrust (Barbell),2,100,10,bench at hole 3,7\n"
    b"2025-11-01 10:00:00,W,Hip Thrust (Barbell),3,100,10,bench at hole 3,7\n"
    b"2025-11-03 10:00:00,W,Hip Thrust (Barbell),1,105,10,,\n"
)


async def test_sets_logged_one_at_a_time_in_chat_are_the_files_entry(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member")
    for line in ("100kg 1x10 @8 2025-11-01 felt heavy", "100kg 1x10 @9 2025-11-01", "100kg 1x10 @9 2025-11-01"):
        await driver.dm(line)
    preview = await driver.slash("import csv", file=upload("strong.csv", STRONG_THREE_SETS))
    assert "1 entry to import** (1 set) on 2025-11-03" in preview.text
    assert "Already in your log, left out: 1 entry." in preview.text
    done = await press_import(driver, preview)
    assert done.content.startswith("**Imported** 1 entry. 1 entry already in your log was left out.")
    assert [(e.sets, e.weight, e.rpe, e.note) for e in await entries_of(hipbot.store, member.id)] == [
        (1, 100.0, 8.0, "felt heavy"), (1, 100.0, 9.0, None), (1, 100.0, 9.0, None), (1, 105.0, None, None)]


async def test_an_entry_partly_logged_brings_only_the_sets_the_log_lacks(hipbot: HipThrustBot, driver: Driver) -> None:
    member = driver.user("member")
    await driver.slash("log", weight=100, reps=10, sets=2, date="2025-11-01")
    preview = await driver.slash("import csv", file=upload("strong.csv", STRONG_THREE_SETS))
    assert "2 entries to import** (2 sets) from 2025-11-01 to 2025-11-03" in preview.text
    assert "Partly in your log already, imported with only the other sets: 1 entry (2 sets left out)." in preview.text
    done = await press_import(driver, preview)
    assert done.content.startswith(
        "**Imported** 2 entries. 1 entry partly in your log was imported without the 2 sets already there.")
    assert [(e.performed_on.day, e.sets, e.note) for e in await entries_of(hipbot.store, member.id)] == [
        (1, 2, None), (1, 1, "bench at hole 3"), (3, 1, None)]
    again = await driver.slash("import csv", file=upload("strong.csv", STRONG_THREE_SETS))
    assert "Nothing to import" in again.text
    assert "Already in your log, left out: 2 entries." in again.text
