"""What reminders say: the /remind answers, the reminder DM and the pause note (pure text)."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from bot.interactions.counts import counted
from bot.interactions.within import lines_within
from bot.logbook.entries import Preferences
from bot.nudges.advice import Advice
from bot.nudges.citations import Citations, log_reply_advice, nudge_report
from bot.reminders.days import describe_days
from bot.reminders.model import Reminder
from bot.reminders.schedule import Schedule, format_time

MAX_CONTENT = 2000  # Discord's limit for a message's text
STOP_HOW = "To stop them: **Stop reminders** under any reminder, or `/remind off`."
NO_REMINDERS = "You have no reminders. `/remind set days:mon,wed,fri time:18:00` turns them on."
OFF = "Reminders are off: nothing more will be sent. `/remind set` turns them on again."
PAUSED = (
    "Your hip thrust reminders are **paused**: Discord did not let this bot send you a DM (your direct "
    "messages are closed to it). Allow direct messages from a server you share with the bot "
    "(that server's Privacy Settings), then run `/remind set` again to resume them."
)


def when_text(schedule: Schedule, zone: str) -> str:
    """ "Mon, Wed, Fri at 18:00 (Europe/Berlin)" """
    return f"{describe_days(schedule.days)} at {format_time(schedule.minute)} ({zone})"


def local_text(instant: datetime, zone: str) -> str:
    """ "Wed 2026-03-04 at 18:00", the instant on the lifter's clock."""
    local = instant.astimezone(ZoneInfo(zone))
    return f"{local:%a %Y-%m-%d} at {local:%H:%M}"


# After /remind set on UTC, the time zone every lifter starts with: 18:00 UTC is not 18:00 for most.
UTC_HINT = (
    "Not your clock? Set your time zone with `/settings timezone:` (start typing your city): "
    "reminders follow it."
)


def set_text(schedule: Schedule, zone: str, next_due: datetime) -> str:
    return "\n".join([
        f"**Reminders on:** {when_text(schedule, zone)}, your `/settings` time zone.",
        f"Next: {local_text(next_due, zone)}.",
        *([UTC_HINT] if zone == "UTC" else []),
        "At that time, unless you have logged that day, this bot sends you a DM with your target for the "
        "next session and a **Log** button. Discord must allow the bot to DM you.",
        STOP_HOW,
    ])  # fmt: skip


def show_text(reminder: Reminder, next_due: datetime) -> str:
    zone = reminder.current_zone
    lines = [f"**Your reminders:** {when_text(reminder.schedule, zone)}."]
    if reminder.paused:
        lines.append(PAUSED)
    else:
        lines.append(f"Next: {local_text(next_due, zone)} (none on a day you have already logged).")
    lines.append(f"Reminders sent so far: {reminder.sent}. {STOP_HOW}")
    return "\n".join(lines)


def reminder_text(
    advice: Advice, citations: Citations, prefs: Preferences, *, variant: str, at: datetime, zone: str,
    schedule: Schedule, first: bool, late: bool,
) -> str:  # fmt: skip
    """The reminder DM: nothing logged today, the /nudge target and why, how to log (and to stop)."""
    head = f"**Hip thrust reminder** · {local_text(at, zone)}"
    if late:
        head += " (sent late: the bot was offline then)"
    head += "\nNothing logged today yet. Press **Log** below to log your sets."
    tail = ""
    if first:
        tail = f"\n-# You get this because you turned reminders on with `/remind set` ({when_text(schedule, zone)}). "
        tail += STOP_HOW
    text = f"{head}\n{nudge_report(advice, citations, prefs, variant=variant, log_button=True)}{tail}"
    if len(text) > MAX_CONTENT:  # the long form quotes the guide; the short one names its sections
        room = MAX_CONTENT - len(head) - len(tail) - 1
        text = f"{head}\n{log_reply_advice(advice, citations, room=room, variant=variant)}{tail}"
    # The short form fits whatever two of the longest nudges it tells, after the longest head and
    # tail (tests/cogs/reminders/test_render.py): this only guards a nudge made longer one day,
    # with whole lines and the way to the rest, never a line cut mid-way.
    return lines_within(text.splitlines(), MAX_CONTENT, _more_in_nudge)


def _more_in_nudge(more: int) -> str:
    return f"…and {counted(more, 'more line')}: `/nudge` has them all."
