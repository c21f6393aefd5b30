"""A reminder schedule: week days and a local time, and the instants it falls on (pure).

The schedule is kept as local wall time (days and minute of the day) and turned into instants
only for one calendar day at a time, in the lifter's zone as it is then. So 18:00 stays 18:00
local across daylight-saving changes: the instant moves by the hour instead. Two wall times
need a rule: a time the clock skips (02:30 on the spring-forward night) falls at the instant
02:30 would have been before the change, which the clock shows as 03:30; a time the clock shows
twice (02:30 on the fall-back night) is the first of the two. Either way one instant per day.

How days are typed, stored and shown: `bot.reminders.days`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import ValidationError

# A reminder the bot could not send on time (it was down) is still sent up to this late, once.
CATCH_UP = timedelta(hours=1)

TIME_HELP = "a time as HH:MM on a 24-hour clock, e.g. 18:00 (or 6pm, 6:30 pm)"
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2})|h)$")
_TIME_12H = re.compile(r"^(\d{1,2})(?:[:.](\d{2}))?\s*([ap])\.?m\.?$")


@dataclass(frozen=True)
class Schedule:
    """Week days (0 = Monday) and a minute of the local day (18:00 = 1080)."""

    days: tuple[int, ...]
    minute: int

    def __post_init__(self) -> None:
        if not self.days or any(not 0 <= d <= 6 for d in self.days) or not 0 <= self.minute < 24 * 60:
            raise ValueError(f"not a schedule: {self.days} at minute {self.minute}")


def parse_time(text: object) -> int:
    """"18:00", "6:30", "18.00", "18h", "6pm", "6:30 p.m." → minutes after local midnight.
    A bare number ("18", "1800") is refused: it could mean either clock."""
    typed = text.strip().lower() if isinstance(text, str) else ""
    if match := _TIME.match(typed):
        hour, minute = int(match[1]), int(match[2] or 0)
        if hour <= 23 and minute <= 59:
            return hour * 60 + minute
    elif match := _TIME_12H.match(typed):
        hour, minute = int(match[1]), int(match[2] or 0)
        if 1 <= hour <= 12 and minute <= 59:
            return (hour % 12 + (12 if match[3] == "p" else 0)) * 60 + minute
    raise ValidationError("time", TIME_HELP, text)


def format_time(minute: int) -> str:
    return f"{minute // 60:02d}:{minute % 60:02d}"


def occurrence_on(day: date, minute: int, zone: str) -> datetime:
    """The instant (UTC) at which `day` shows `minute` on the clock in `zone` (see the module's rules)."""
    wall = datetime.combine(day, time(minute // 60, minute % 60), tzinfo=ZoneInfo(zone))
    return wall.astimezone(UTC)


def _candidates(schedule: Schedule, zone: str, around: datetime, days: range) -> list[datetime]:
    today = around.astimezone(ZoneInfo(zone)).date()
    out = []
    for offset in days:
        day = today + timedelta(days=offset)
        if day.weekday() in schedule.days:
            out.append(occurrence_on(day, schedule.minute, zone))
    return out


def next_after(schedule: Schedule, zone: str, instant: datetime) -> datetime:
    """The first time the schedule falls strictly after `instant`."""
    return min(t for t in _candidates(schedule, zone, instant, range(-1, 9)) if t > instant)


def latest_until(schedule: Schedule, zone: str, instant: datetime) -> datetime | None:
    """The last time the schedule fell at or before `instant` (within the past week)."""
    past = [t for t in _candidates(schedule, zone, instant, range(-8, 2)) if t <= instant]
    return max(past, default=None)


@dataclass(frozen=True)
class Plan:
    """What to do for one reminder now: send for `fire` (or nothing), then wait for `next_due`.

    `handled` is the latest time the schedule fell that is now dealt with (sent, or too late to
    send): a later look never sends for it again."""

    fire: datetime | None
    day: date | None  # the lifter's local day of `fire`: no reminder if they logged that day
    next_due: datetime
    handled: datetime


def plan(schedule: Schedule, zone: str, now: datetime, handled: datetime) -> Plan:
    """Decide, at `now`, for a reminder whose times up to `handled` are dealt with.

    Only the latest time the schedule fell is considered, and only within `CATCH_UP` of it: after
    a shorter downtime the reminder goes out late, once; after a longer one it is skipped (a
    reminder hours late helps no one), and times missed before it are never sent at all.
    """
    latest = latest_until(schedule, zone, now)
    fire = latest if latest is not None and latest > handled and now - latest <= CATCH_UP else None
    day = None if fire is None else fire.astimezone(ZoneInfo(zone)).date()
    done = max(handled, latest) if latest is not None else handled
    return Plan(fire, day, next_after(schedule, zone, now), done)
