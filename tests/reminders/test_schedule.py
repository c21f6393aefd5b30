"""The schedule's pure rules: reading times, the instants they fall on, catching up."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import ValidationError
from bot.reminders.schedule import (
    CATCH_UP,
    Schedule,
    format_time,
    latest_until,
    next_after,
    occurrence_on,
    parse_time,
    plan,
)

BERLIN = "Europe/Berlin"
MWF = Schedule((0, 2, 4), 18 * 60)
DAILY = Schedule(tuple(range(7)), 18 * 60)


def utc(year: int, month: int, day: int, hour: int = 0, minute: int = 0, second: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, second, tzinfo=UTC)


@pytest.mark.parametrize(("typed", "minute"), [("18:00", 1080), ("6:30", 390), ("00:00", 0), ("23:59", 1439),
                                               (" 07.15 ", 435), ("9h05", 545), ("18h", 1080), ("6pm", 1080),
                                               ("6:30 PM", 1110), ("12am", 0), ("12:15pm", 735),
                                               ("7 a.m.", 420), ("11.45pm", 1425)])
def test_times_are_read_on_a_24_hour_clock(typed: str, minute: int) -> None:
    assert parse_time(typed) == minute
    assert format_time(minute) == f"{minute // 60:02d}:{minute % 60:02d}"


@pytest.mark.parametrize("typed", ["24:00", "18:60", "13pm", "0am", "6:60pm", "6 pmx", "18", "", "1800", None,
                                   "24h", "6:5", "pm"])
def test_unreadable_times_name_the_field(typed: object) -> None:
    with pytest.raises(ValidationError) as caught:
        parse_time(typed)
    assert caught.value.field == "time"
    assert "18:00" in caught.value.message


def test_next_time_is_on_the_next_chosen_day_in_the_lifters_zone() -> None:
    # Monday 2026-01-05, 16:00 UTC = 17:00 in Berlin (CET, UTC+1): today's 18:00 is still ahead.
    monday = utc(2026, 1, 5, 16)
    assert next_after(MWF, BERLIN, monday) == utc(2026, 1, 5, 17)
    # At 18:00 exactly it has fallen: the next is Wednesday.
    assert next_after(MWF, BERLIN, utc(2026, 1, 5, 17)) == utc(2026, 1, 7, 17)
    # Friday evening: the next is Monday.
    assert next_after(MWF, BERLIN, utc(2026, 1, 9, 20)) == utc(2026, 1, 12, 17)
    # In Auckland (UTC+13 in January), Monday 18:00 local is Monday 05:00 UTC.
    assert next_after(MWF, "Pacific/Auckland", utc(2026, 1, 4, 12)) == utc(2026, 1, 5, 5)


def test_18_00_stays_18_00_local_across_spring_forward() -> None:
    # Berlin moves from CET (UTC+1) to CEST (UTC+2) on Sunday 2026-03-29.
    times = []
    at = utc(2026, 3, 27, 12)
    for _ in range(4):
        at = next_after(DAILY, BERLIN, at)
        times.append(at)
    assert times == [utc(2026, 3, 27, 17), utc(2026, 3, 28, 17), utc(2026, 3, 29, 16), utc(2026, 3, 30, 16)]
    assert {t.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M") for t in times} == {"18:00"}


def test_18_00_stays_18_00_local_across_fall_back() -> None:
    # Berlin moves from CEST (UTC+2) back to CET (UTC+1) on Sunday 2026-10-25.
    times = []
    at = utc(2026, 10, 23, 12)
    for _ in range(4):
        at = next_after(DAILY, BERLIN, at)
        times.append(at)
    assert times == [utc(2026, 10, 23, 16), utc(2026, 10, 24, 16), utc(2026, 10, 25, 17), utc(2026, 10, 26, 17)]
    assert {t.astimezone(ZoneInfo(BERLIN)).strftime("%H:%M") for t in times} == {"18:00"}


def test_a_skipped_or_doubled_wall_time_falls_once_a_day() -> None:
    night = Schedule(tuple(range(7)), 2 * 60 + 30)
    # 02:30 does not exist on 2026-03-29 in Berlin: it falls at 01:30 UTC (03:30 CEST), once.
    assert occurrence_on(date(2026, 3, 29), night.minute, BERLIN) == utc(2026, 3, 29, 1, 30)
    # 02:30 happens twice on 2026-10-25: the first one (CEST, 00:30 UTC), once.
    assert occurrence_on(date(2026, 10, 25), night.minute, BERLIN) == utc(2026, 10, 25, 0, 30)
    after = next_after(night, BERLIN, utc(2026, 10, 25, 0, 30))
    assert after == utc(2026, 10, 26, 1, 30)


def test_latest_time_the_schedule_fell() -> None:
    assert latest_until(MWF, BERLIN, utc(2026, 1, 7, 17)) == utc(2026, 1, 7, 17)
    assert latest_until(MWF, BERLIN, utc(2026, 1, 7, 16, 59)) == utc(2026, 1, 5, 17)


def test_plan_sends_on_time_and_waits_for_the_next() -> None:
    step = plan(MWF, BERLIN, utc(2026, 1, 5, 17, 0, 5), handled=utc(2026, 1, 5, 12))
    assert step.fire == utc(2026, 1, 5, 17)
    assert step.day == date(2026, 1, 5)
    assert step.next_due == utc(2026, 1, 7, 17)
    assert step.handled == utc(2026, 1, 5, 17)
    # Asked again (a second process, a restart): handled, so nothing more is sent.
    again = plan(MWF, BERLIN, utc(2026, 1, 5, 17, 0, 10), handled=step.handled)
    assert again.fire is None
    assert again.next_due == step.next_due


def test_plan_catches_up_within_the_hour_once() -> None:
    late = utc(2026, 1, 5, 17) + CATCH_UP - timedelta(minutes=1)
    step = plan(MWF, BERLIN, late, handled=utc(2026, 1, 5, 12))
    assert step.fire == utc(2026, 1, 5, 17)
    assert plan(MWF, BERLIN, late + timedelta(minutes=5), handled=step.handled).fire is None


def test_plan_skips_a_time_missed_by_more_than_the_hour() -> None:
    late = utc(2026, 1, 5, 17) + CATCH_UP + timedelta(minutes=1)
    step = plan(MWF, BERLIN, late, handled=utc(2026, 1, 5, 12))
    assert step.fire is None
    assert step.handled == utc(2026, 1, 5, 17)
    assert step.next_due == utc(2026, 1, 7, 17)


def test_plan_after_a_long_downtime_sends_only_the_latest_time_if_recent() -> None:
    # Down from Monday noon to Friday 17:30 UTC: Monday's and Wednesday's are gone, Friday's goes out.
    step = plan(MWF, BERLIN, utc(2026, 1, 9, 17, 30), handled=utc(2026, 1, 5, 12))
    assert step.fire == utc(2026, 1, 9, 17)
    assert step.next_due == utc(2026, 1, 12, 17)


def test_nothing_before_the_reminder_was_set_is_sent() -> None:
    # Set at 18:20 Berlin on a Monday: Monday's 18:00 is within the hour but came before.
    set_at = utc(2026, 1, 5, 17, 20)
    step = plan(MWF, BERLIN, set_at + timedelta(seconds=30), handled=set_at)
    assert step.fire is None
