"""Which variant a reminder DM is about: the one /nudge picks without a variant, that of the entry
logged last whatever its date (as /undo offers it). Its target, its Log button's form and what
the form stores all follow it, each DM choosing afresh."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.sandbox.driver import Driver
from bot.sandbox.imitation import Imitation
from tests.e2e.logbook_helpers import entry_rows, seed_sessions
from tests.e2e.remind_helpers import local, move_to, next_local, reminding_bot, wait_dms

pytestmark = pytest.mark.e2e
BERLIN = "Europe/Berlin"


async def test_the_reminder_and_its_log_form_are_about_the_variant_logged_last(
        monkeypatch: pytest.MonkeyPatch, imitation: Imitation, driver: Driver, tmp_path: Path) -> None:
    member = driver.user("member").id
    async with reminding_bot(monkeypatch, imitation, driver, tmp_path / "e2e.db") as bot:
        await driver.slash("settings", timezone=BERLIN)
        await driver.slash("remind set", days="every day", time="18:00")
        at = next_local(imitation, BERLIN, 18)
        day = local(at, BERLIN).date()
        await seed_sessions(bot, member, 3, end=day - dt.timedelta(days=1))  # barbell, the latest dates
        # Logged after them, backdated before them: the lifter's latest word is a machine set.
        backdated = (day - dt.timedelta(days=30)).isoformat()
        await driver.slash("log", weight=60, reps=12, sets=3, rpe=8, variant="machine", date=backdated)

        move_to(imitation, at + dt.timedelta(seconds=1))
        [reminder] = await wait_dms(driver, 1)
        assert "**Next machine session:** 3 × 12 reps at 60 kg." in reminder.content.splitlines()
        assert "barbell" not in reminder.content
        form = await driver.click(reminder, "Log", user="member")
        assert form.modal is not None
        assert form.modal["title"] == "Log machine hip thrust sets"
        stored = await driver.submit_modal(form, weight="60", reps="12", sets="3")
        assert stored.content.startswith("**Logged** 3 × 12 @ 60 kg · machine on ")
        assert [(r["variant"], r["performed_on"]) for r in (await entry_rows(bot, member))[-1:]] == [
            ("machine", day.isoformat())]

        # Then a barbell session backdated to yesterday: the next DM is about barbell again.
        await driver.slash("log", weight=61, reps=10, sets=3, date=(day - dt.timedelta(days=1)).isoformat())
        move_to(imitation, at + dt.timedelta(days=1, seconds=1))
        # The DMs hold the Log form's answer too (in the lifter's own DMs it stays).
        second = (await wait_dms(driver, 3))[-1]
        assert second.content.startswith("**Hip thrust reminder** · ")
        assert "**Next barbell session:** " in second.content
        assert "machine" not in second.content
        form = await driver.click(second, "Log", user="member")
        assert form.modal is not None
        assert form.modal["title"] == "Log barbell hip thrust sets"
        # The first DM's button still names what it was sent about (the variant is in its custom_id).
        first = await driver.click(reminder, "Log", user="member")
        assert first.modal is not None
        assert first.modal["title"] == "Log machine hip thrust sets"
