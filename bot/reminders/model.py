"""A lifter's reminders as stored, and how /export writes them (pure)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.reminders.days import format_days
from bot.reminders.schedule import Schedule, format_time


@dataclass(frozen=True)
class Reminder:
    """One lifter's reminders, with the time zone their /settings name now."""

    user_id: int
    schedule: Schedule
    zone: str  # the zone `next_due` was worked out in
    next_due: datetime
    handled: datetime  # every time the schedule fell up to here is dealt with
    sent: int
    paused: bool  # Discord refused a DM: nothing is sent until /remind set again
    created_at: str
    current_zone: str
    dm_channel_id: int | None = None  # the lifter's DM channel, once a reminder opened it


def profile_rows(reminder: Reminder | None) -> list[Sequence[str]]:
    """The reminder's rows of profile.csv (kind, key, value, created_at); none without reminders."""
    if reminder is None:
        return []
    state = "paused: Discord refused a reminder DM" if reminder.paused else "on"
    return [
        ("reminder", "days", format_days(reminder.schedule.days), reminder.created_at),
        ("reminder", "time", format_time(reminder.schedule.minute), ""),
        ("reminder", "timezone", reminder.current_zone, ""),
        ("reminder", "state", state, ""),
        ("reminder", "sent", str(reminder.sent), ""),
        *([] if reminder.dm_channel_id is None else [("reminder", "dm channel", str(reminder.dm_channel_id), "")]),
    ]
