"""Repository: lifters' reminder schedules, and the sender's claims on the times they fall.

Instants are stored as unix seconds. The sender never sends on a read alone: it first claims
the time with `claim`, one conditional UPDATE that succeeds for one process only (see there).
"""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.db.database import Database, Row
from bot.reminders.days import format_days, parse_days
from bot.reminders.model import Reminder
from bot.reminders.schedule import Plan, Schedule

_COLUMNS = (
    "r.user_id, r.days, r.at_minute, r.zone, r.next_due_at, r.handled_at, r.sent_count, r.paused, r.created_at,"
    " r.dm_channel_id"
)
# The lifter's /settings time zone now, beside the one the row was worked out in.
_CURRENT_ZONE = "COALESCE(u.timezone, 'UTC')"
_FROM = "FROM reminders r LEFT JOIN users u ON u.user_id = r.user_id"


def _instant(seconds: int) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def _seconds(when: datetime) -> int:
    return int(when.timestamp())


def _reminder(row: Row) -> Reminder:
    return Reminder(
        user_id=int(row[0]), schedule=Schedule(parse_days(row[1]), int(row[2])), zone=str(row[3]),
        next_due=_instant(int(row[4])), handled=_instant(int(row[5])), sent=int(row[6]), paused=bool(row[7]),
        created_at=str(row[8]), dm_channel_id=None if row[9] is None else int(row[9]), current_zone=str(row[10]),
    )  # fmt: skip


class RemindersRepository:
    def __init__(self, db: Database) -> None:
        self._db = db

    async def save(self, user_id: int, schedule: Schedule, zone: str, next_due: datetime, now: datetime) -> None:
        """Store (or replace) the user's schedule; a paused one resumes. Times before `now` never count."""
        await self._db.execute(
            "INSERT INTO reminders (user_id, days, at_minute, zone, next_due_at, handled_at, created_at)"
            " VALUES (?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (user_id) DO UPDATE SET days = excluded.days, at_minute = excluded.at_minute,"
            " zone = excluded.zone, next_due_at = excluded.next_due_at, handled_at = excluded.handled_at,"
            " paused = 0, notice_pending = 0",
            (user_id, format_days(schedule.days), schedule.minute, zone, _seconds(next_due), _seconds(now),
             now.isoformat()),
        )  # fmt: skip

    async def get(self, user_id: int) -> Reminder | None:
        row = await self._db.fetchone(f"SELECT {_COLUMNS}, {_CURRENT_ZONE} {_FROM} WHERE r.user_id = ?", (user_id,))
        return None if row is None else _reminder(row)

    async def delete(self, user_id: int) -> bool:
        """Turn the user's reminders off; False when there were none."""
        return await self._db.execute("DELETE FROM reminders WHERE user_id = ?", (user_id,)) == 1

    async def due(self, now: datetime, limit: int) -> list[Reminder]:
        """Reminders not paused whose next time has come, earliest first (the partial index serves it)."""
        rows = await self._db.fetchall(
            f"SELECT {_COLUMNS}, {_CURRENT_ZONE} {_FROM} WHERE r.paused = 0 AND r.next_due_at <= ?"
            " ORDER BY r.next_due_at LIMIT ?",
            (_seconds(now), limit),
        )
        return [_reminder(row) for row in rows]

    async def follow_zones(self) -> int:
        """Make due at once every reminder worked out in a zone its lifter has since changed in
        /settings, so the sender works it out again; returns how many."""
        return await self._db.execute(
            "UPDATE reminders SET next_due_at = 0 WHERE paused = 0 AND next_due_at <> 0 AND zone <>"
            " COALESCE((SELECT u.timezone FROM users u WHERE u.user_id = reminders.user_id), 'UTC')"
        )

    async def zone_changed(self, user_id: int, now: datetime) -> None:
        """The lifter changed their /settings time zone at `now`: the sender works their reminder
        out again on the new clock at once, and, as after /remind set, times before `now` never count
        (the new clock's 18:00 an hour ago was no reminder the bot missed)."""
        moment = _seconds(now)
        await self._db.execute(
            "UPDATE reminders SET next_due_at = 0,"
            " handled_at = CASE WHEN handled_at < ? THEN ? ELSE handled_at END WHERE user_id = ?",
            (moment, moment, user_id),
        )

    async def claim(self, reminder: Reminder, plan: Plan, zone: str) -> bool:
        """Record `plan` as done for `reminder` if the row is still as it was read; True for the
        one caller that did. Two processes reading the same due row both try, and the second
        finds next_due_at or handled_at already moved on (or the row gone, or paused)."""
        changed = await self._db.execute(
            "UPDATE reminders SET next_due_at = ?, handled_at = ?, zone = ?"
            " WHERE user_id = ? AND next_due_at = ? AND handled_at = ? AND paused = 0",
            (_seconds(plan.next_due), _seconds(plan.handled), zone, reminder.user_id,
             _seconds(reminder.next_due), _seconds(reminder.handled)),
        )  # fmt: skip
        return changed == 1

    async def logged_on(self, user_id: int, day: date) -> bool:
        """Whether the user logged anything for `day` (their local date); entries_by_user serves it."""
        found = await self._db.fetchval(
            "SELECT 1 FROM entries WHERE user_id = ? AND performed_on = ? LIMIT 1", (user_id, day.isoformat())
        )
        return found is not None

    async def keep_dm_channel(self, user_id: int, channel_id: int) -> None:
        """The lifter's DM channel, which a reminder just opened: the next ones go straight to it."""
        await self._db.execute("UPDATE reminders SET dm_channel_id = ? WHERE user_id = ?", (channel_id, user_id))

    async def forget_dm_channel(self, user_id: int, channel_id: int) -> None:
        """Discord no longer knows the DM channel kept: the next reminder opens one again."""
        await self._db.execute(
            "UPDATE reminders SET dm_channel_id = NULL WHERE user_id = ? AND dm_channel_id = ?", (user_id, channel_id)
        )

    async def mark_sent(self, user_id: int) -> None:
        await self._db.execute("UPDATE reminders SET sent_count = sent_count + 1 WHERE user_id = ?", (user_id,))

    async def pause(self, user_id: int) -> None:
        """Discord refused the DM: send nothing more until /remind set, and tell the lifter once."""
        await self._db.execute("UPDATE reminders SET paused = 1, notice_pending = 1 WHERE user_id = ?", (user_id,))

    async def waiting_notices(self) -> set[int]:
        """Users yet to be told their reminders paused (reminders_notices serves it)."""
        rows = await self._db.fetchall("SELECT user_id FROM reminders WHERE notice_pending = 1")
        return {int(row[0]) for row in rows}

    async def take_notice(self, user_id: int) -> bool:
        """True once: for the one caller that clears the user's waiting notice."""
        changed = await self._db.execute(
            "UPDATE reminders SET notice_pending = 0 WHERE user_id = ? AND notice_pending = 1", (user_id,)
        )
        return changed == 1
