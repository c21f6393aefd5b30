"""A lifter's six weeks, end to end: settings in lb then kg, a time zone far from UTC then one with
a daylight-saving change, two gyms, sets typed one at a time, a backdated log, edits and deletes,
reminders across the change, /export into a second account, /forgetme."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.sandbox.chat_time import pass_time
from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.remind_helpers import dms, reminding_bot
from tests.e2e.test_import import press_import, upload

pytestmark = pytest.mark.e2e
START = dt.datetime(2027, 2, 27, 12, tzinfo=dt.UTC)  # Saturday noon in UTC, Sunday 01:00 in Auckland
NEW_YORK = ZoneInfo("America/New_York")  # clocks go forward on Sunday 2027-03-14


def history_lines(text: str) -> list[str]:
    return [line for line in text.splitlines() if line.startswith("`")]


async def test_six_weeks_of_one_lifter(monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver,
                                       tmp_path: Path) -> None:
    imitation.advance((START - imitation.clock()).total_seconds())
    async with reminding_bot(monkeypatch, imitation, driver, tmp_path / "e2e.db") as bot:
        async def days(count: int) -> None:
            await pass_time(driver, count * 86400, bot)

        # Week 1, in Auckland (UTC+13) and in lb: today there is already Sunday.
        shown = await driver.slash("settings", unit="lb", timezone="Pacific/Auckland")
        assert "unit: lb\n" in shown.content
        assert "increment: 5 lb\n" in shown.content
        await driver.slash("setup", description="Gym A")
        first = await driver.slash("log", weight=135, reps=10, sets=3, rpe=8)
        assert first.content.startswith("**Logged** 3 × 10 @ 135 lb · RPE 8 · barbell on 2027-02-28.\n"
                                        "**Next session:** 3 × 10 reps at 135 lb.\n")
        await days(2)
        for rpe in (8, 8, 8.5):  # typed in the DM between sets
            typed = await driver.dm(f"135 1x10 @{rpe}")
        assert typed.content.startswith(f"**Logged** 1 × 10 @ 135 lb · RPE {rpe} · barbell on 2027-03-02.\n"
                                        "**Next session:** 3 × 11 reps at 135 lb.\n")
        backdated = await driver.slash("log", weight=125, reps=10, sets=3, rpe=7.5, date="2027-02-25")
        assert "**Next session**, after your latest one (2027-03-02): 3 × 11 reps at 135 lb.\n" in backdated.content

        # The other gym, then back: the target is the first gym's own.
        await days(2)
        await driver.slash("setup", description="Gym B")
        other = await driver.slash("log", weight=145, reps=8, sets=3, rpe=8)
        assert "**Next session:** 3 × 8 reps at 145 lb.\n" in other.content
        assert "new baseline" in other.content
        await driver.slash("setup", description="gym a")
        nudge = await driver.slash("nudge")
        assert nudge.content.startswith("**Next barbell session**, on the setup you chose with /setup, after your "
                                        "last session on it (2027-03-02): 3 × 11 reps at 135 lb.\n")

        # Two days on, moving to New York and to kg, with a reminder every day at 18:00 there.
        await days(2)
        shown = await driver.slash("settings", unit="kg", timezone="America/New_York")
        assert "unit: kg\n" in shown.content
        assert "increment: 2.5 kg\n" in shown.content
        reminders = await driver.slash("remind set", days="every day", time="18:00")
        assert "Next: Fri 2027-03-05 at 18:00." in reminders.content
        logged = await driver.slash("log", weight=62.5, reps=11, sets=3, rpe=8)  # 07:00 on Friday there
        assert logged.content.startswith("**Logged** 3 × 11 @ 62.5 kg · RPE 8 · barbell on 2027-03-05.\n")
        assert "**Next session:** 3 × 12 reps at 62.5 kg.\n" in logged.content
        await days(16)
        sent = [m for m in dms(driver) if m.content.startswith("**Hip thrust reminder**")]
        at = [driver.world.messages[m.message_id or 0].created_at.astimezone(NEW_YORK) for m in sent]
        # Once a day at 18:00 on the lifter's clock, across the change; none on the 5th, logged that day.
        assert [(t.date().isoformat(), t.strftime("%H:%M")) for t in at] == [
            ((dt.date(2027, 3, 6) + dt.timedelta(days=d)).isoformat(), "18:00") for d in range(15)]
        assert {t.utcoffset() for t in at} == {dt.timedelta(hours=-5), dt.timedelta(hours=-4)}
        assert sent[0].content.startswith("**Hip thrust reminder** · Sat 2027-03-06 at 18:00\n")
        assert "**Next barbell session:** 3 × 12 reps at 62.5 kg.\n" in sent[0].content

        # Fixing the log from /history: an edit in the other unit, and a delete.
        page = await driver.slash("history")
        assert history_lines(page.text) == [
            "`2027-03-05` · barbell · 3 × 11 @ 62.5 kg · RPE 8",
            "`2027-03-04` · barbell · 3 × 8 @ 145 lb · RPE 8",
            "`2027-03-02` · barbell · 3 × 10 @ 135 lb · RPE 8/8.5",
            "`2027-02-28` · barbell · 3 × 10 @ 135 lb · RPE 8",
            "`2027-02-25` · barbell · 3 × 10 @ 125 lb · RPE 7.5",
        ]
        options = page.selects()[0]["options"]
        form = await driver.click(await driver.select(page, options[-1]["value"]), "Edit")
        saved = await driver.submit_modal(form, weight="57.5 kg")
        assert saved.content.startswith("Saved: **2027-02-25 · 3 × 10 @ 57.5 kg · RPE 7.5 · barbell**")
        entry = await driver.select(await driver.slash("history"), options[0]["value"])
        deleted = await driver.click(await driver.click(entry, "Delete"), "Delete it")
        assert deleted.content.startswith("Deleted: 2027-03-05 · 3 × 11 @ 62.5 kg · RPE 8 · barbell.")
        nudge = await driver.slash("nudge")
        assert nudge.content.startswith("**Next barbell session**, on the setup you chose with /setup, after your "
                                        "last session on it (2027-03-02): 3 × 11 reps at 135 lb.\n")

        records = await driver.slash("records")
        assert "10 reps: **61.23 kg** (logged as 135 lb) · 2027-02-28" in records.text
        assert "8 reps: **65.77 kg** (logged as 145 lb) · 2027-03-04" in records.text

        # Everything into a second account, then forgotten in the first.
        export = await driver.slash("export")
        [entries] = [f for f in export.attachments if f.filename == "entries.csv"]
        before = history_lines((await driver.slash("history")).text)
        preview = await driver.slash("import csv", file=upload("entries.csv", entries.data), user="moderator")
        assert "**6 entries to import** (12 sets) from 2027-02-25 to 2027-03-04" in preview.text
        await press_import(driver, preview)
        assert history_lines((await driver.slash("history", user="moderator")).text) == before
        gone = await driver.click(await driver.slash("forgetme"), "Delete everything")
        assert gone.content == ("Deleted everything stored about you — log entries: 6, deletions and edits kept out "
                                "of imports: 2, settings: 1, setups: 2, reminders: 1.")
        assert "No hip thrust sessions logged yet" in (await driver.slash("history")).content
        assert history_lines((await driver.slash("history", user="moderator")).text) == before
