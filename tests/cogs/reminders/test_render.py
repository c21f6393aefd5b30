"""The reminder DM's text: it points to its own **Log** button, with /log as the other way."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.logbook.entries import Preferences
from bot.nudges.citations import Citations
from bot.nudges.engine import advise, starting_advice
from bot.reminders.schedule import Schedule
from cogs.reminders.render import reminder_text
from tests.content import shipped_content
from tests.nudges.helpers import TODAY, sessions

CITES = Citations.from_guide(shipped_content().guide)
AT = datetime(2026, 3, 4, 17, tzinfo=UTC)  # Wed 18:00 in Berlin
DAILY = Schedule(tuple(range(7)), 18 * 60)


def test_a_first_reminder_with_nothing_logged_points_to_the_log_button() -> None:
    text = reminder_text(starting_advice("barbell"), CITES, Preferences(), variant="barbell", at=AT,
                         zone="Europe/Berlin", schedule=DAILY, first=True, late=False)  # fmt: skip
    lines = text.splitlines()
    assert lines[:2] == ["**Hip thrust reminder** · Wed 2026-03-04 at 18:00",
                         "Nothing logged today yet. Press **Log** below to log your sets."]
    assert ("Once you log (the **Log** button below, or `/log` with `variant:barbell`), "
            "`/nudge` will have a target for your next session.") in lines
    assert "Log it with `/log" not in text
    assert "weight:<load>" not in text


def test_a_reminder_with_a_target_points_to_the_log_button() -> None:
    advice = advise(sessions("100x12x3@8", "100x15x3@9"), Preferences(), variant="barbell", today=TODAY)
    text = reminder_text(advice, CITES, Preferences(), variant="barbell", at=AT, zone="Europe/Berlin",
                         schedule=DAILY, first=False, late=False)  # fmt: skip
    assert "**Next barbell session:** " in text
    assert "Press **Log** below to log your sets." in text
    assert "Log it with `/log" not in text
