"""The reminder DM's text: it points to its own **Log** button, with /log as the other way."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import available_timezones

import pytest

from bot.interactions import limits
from bot.logbook.entries import Preferences
from bot.nudges.advice import Advice
from bot.nudges.citations import Citations
from bot.nudges.engine import advise, starting_advice
from bot.reminders.days import describe_days
from bot.reminders.schedule import Schedule
from cogs.reminders import render
from cogs.reminders.render import STOP_HOW, reminder_text
from tests.cogs.logbook.test_reply_fits import DAY, PAIRS, PREFS, TARGET
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


def test_a_reminder_after_setup_to_a_setup_with_no_sessions_says_its_first_is_a_new_baseline() -> None:
    """It gave the latest session's progression, on another setup, as if nothing changed."""
    history = [e._replace(setup_id=2) for e in sessions("100x12x3@8", "100x13x3@8")]
    prefs = Preferences(current_setup_id=3)
    advice = advise(history, prefs, variant="barbell", today=TODAY, chosen_setup=True)
    text = reminder_text(advice, CITES, prefs, variant="barbell", at=AT, zone="Europe/Berlin", schedule=DAILY,
                         first=False, late=False)  # fmt: skip
    assert text.splitlines()[2] == (
        "**Next barbell session**, your first on the setup you chose with /setup (a new baseline): 3 × 13 reps at "
        f"100 kg, from your latest session ({history[-1].day.isoformat()}).")
    assert "• None of your recent barbell sessions were on the setup you chose with /setup" in text
    assert "3 × 14" not in text


def test_every_reminder_fits_a_message_whatever_two_nudges_it_tells() -> None:
    """The longest reminder: sent late, the first (its schedule and how to stop), on the longest days
    and time zone, with every pair of the longest nudges after the longest target: it fits a message
    with no cut, each nudge citing its section (the long form, or the short one /log's reply uses)."""
    days = max((tuple(d for d in range(7) if mask >> d & 1) for mask in range(1, 128)),
               key=lambda chosen: len(describe_days(chosen)))
    zone = max(available_timezones(), key=len)
    for pair in PAIRS:
        text = reminder_text(Advice(TARGET, pair, DAY), CITES, PREFS, variant="single-leg", at=AT, zone=zone,
                             schedule=Schedule(days, 23 * 60 + 59), first=True, late=True)  # fmt: skip
        assert len(text) <= limits.CONTENT, ([n.id for n in pair], len(text))
        assert text.endswith(STOP_HOW)
        assert len(re.findall(r"\(guide: ", text)) == 2, [n.id for n in pair]


def test_a_reminder_past_a_message_keeps_whole_lines(monkeypatch: pytest.MonkeyPatch) -> None:
    """The guard the worst case above no longer reaches: it cut the text at 2,000 characters, mid-word."""
    monkeypatch.setattr(render, "MAX_CONTENT", 400)
    advice = advise(sessions("100x12x3@8", "100x15x3@9"), Preferences(), variant="barbell", today=TODAY)
    text = reminder_text(advice, CITES, Preferences(), variant="barbell", at=AT, zone="Europe/Berlin",
                         schedule=DAILY, first=True, late=True)  # fmt: skip
    assert len(text) <= 400
    *kept, last = text.splitlines()
    assert kept[0] == "**Hip thrust reminder** · Wed 2026-03-04 at 18:00 (sent late: the bot was offline then)"
    assert re.fullmatch(r"…and \d+ more lines: `/nudge` has them all\.", last)
