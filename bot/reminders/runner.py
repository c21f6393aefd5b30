"""The reminder sender's loop: which process sends, which reminders are due, and sending each once.

Who sends. Every process of a deployment runs this loop, but only the holder of the database
lease `reminders` sends: it renews the lease on every round, and when it stops (killed, or cut
off from the database) another process takes over once the lease expires. Shard 0's process
would be the other choice; it was not taken because it is not unique (two unsharded processes
overlap during a redeploy, and both hold shard 0) and because reminders would stop whenever that
one process is down, though every process can send DMs over REST.

Sending once. The lease keeps the work in one place, but it is not what makes a reminder go out
once: a holder that stalls past its lease could overlap its successor. Each time a reminder
falls is claimed first (`RemindersRepository.claim`, one conditional UPDATE that only one caller
wins), and only the winner sends. A process that dies between claiming and sending loses that
one reminder: it is never sent twice.

Time. Everything reads the injected clock, so a test that moves the clock moves the schedule.

Many at once. A round reads at most `BATCH` due reminders and sends `SENDING` of them at a time:
each waits on Discord twice (the DM channel, then the message), tens of milliseconds apiece over
the internet, so one at a time a thousand lifters reminded at 18:00 waited minutes. A round that
read a full batch is followed by the next at once, not after the pause.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.db.chat_replies import LATE_WINDOW
from bot.db.store import Store
from bot.reminders.model import Reminder
from bot.reminders.schedule import Schedule, plan

log = logging.getLogger(__name__)

LEASE = "reminders"
# How often the loop looks (seconds of real time). A reminder goes out within this of its time,
# and, when more are due at once than a round reads, after those due before it.
POLL_SECONDS = 20.0
# How long a round's lease lasts (seconds of the clock): a few rounds, so a slow round keeps it.
LEASE_SECONDS = 90
# How often the holder looks for lifters who changed their /settings time zone (a full read of
# the reminders table, so not every round), and drops the chat log's replies owed too long to
# answer (`bot.db.chat_replies`: else kept until the bot next starts, weeks for a bot that runs on).
ZONE_CHECK = timedelta(minutes=5)
BATCH = 100  # reminders handled per round at most; the next round (at once) takes the rest
# Reminders being claimed and sent at once. Each one's requests wait on Discord's round trip, not on
# this process; discord.py keeps to Discord's rate limits whatever the number (a 429 waits).
SENDING = 4


class Outcome(enum.Enum):
    SENT = "sent"
    DMS_CLOSED = "dms closed"  # Discord refused (50007): the reminders pause
    FAILED = "failed"  # anything else: logged, this one is lost, the next is tried as usual


@dataclass(frozen=True)
class Due:
    """A reminder to send now."""

    user_id: int
    at: datetime  # when the schedule fell (the send may be late, after a downtime)
    day: date  # the lifter's local day of `at`
    schedule: Schedule
    zone: str
    first: bool  # no reminder was sent to this lifter before: this one says how to stop
    dm_channel_id: int | None = None  # the lifter's DM channel, kept since a reminder opened it


Deliver = Callable[[Due], Awaitable[Outcome]]


def usable_zone(name: str) -> str:
    """`name`, or UTC if this machine's time zone data no longer knows it."""
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        log.warning("time zone %r is unknown here; reminders use UTC", name)
        return "UTC"
    return name


class ReminderRunner:
    """Sends due reminders through `deliver`, when this process holds the lease."""

    def __init__(self, store: Store, clock: Callable[[], datetime], deliver: Deliver, *,
                 holder: str | None = None) -> None:  # fmt: skip
        self.store, self.clock, self.deliver = store, clock, deliver
        self.holder = holder or secrets.token_hex(8)
        self.waiting: set[int] = set()  # users with a pause notice to be told (see `refresh_notices`)
        self.behind = False  # the last round read a full batch and sent some: more may be due now
        self._zones_checked: datetime | None = None

    async def run(self, interval: float | None = None) -> None:
        """Round after round until cancelled; a failed round is logged and the next one tries again.
        A round that left reminders due (`behind`) is followed by the next without the pause.

        Without `interval`, each pause reads `POLL_SECONDS` afresh (tests shorten it)."""
        while True:
            self.behind = False
            try:
                await self.refresh_notices()
                await self.tick()
            except Exception:
                log.exception("reminder round failed")
            if not self.behind:
                await asyncio.sleep(POLL_SECONDS if interval is None else interval)

    async def refresh_notices(self) -> None:
        """Read who has a pause notice waiting (every process: the next interaction may come to any)."""
        self.waiting = await self.store.reminders.waiting_notices()

    async def tick(self) -> list[tuple[Due, Outcome]]:
        """One round: if this process holds the lease, send what is due; returns what it sent."""
        now = self.clock()
        if not await self.store.leases.acquire(LEASE, self.holder, now, LEASE_SECONDS):
            return []
        if self._zones_checked is None or now - self._zones_checked >= ZONE_CHECK:
            self._zones_checked = now
            if moved := await self.store.reminders.follow_zones():
                log.info("%d reminders follow a time zone change", moved)
            if forgotten := await self.store.chat_replies.forget_before(now - LATE_WINDOW):
                log.info("%d chat replies owed for over %s are not sent", forgotten, LATE_WINDOW)
        found = await self.store.reminders.due(now, BATCH)
        slots = asyncio.Semaphore(SENDING)
        handled = await asyncio.gather(*(self._handle(r, now, slots) for r in found), return_exceptions=True)
        done, failed = [], 0
        for reminder, outcome in zip(found, handled, strict=True):
            if isinstance(outcome, BaseException):  # this one only: the others of the round went on
                failed += 1
                log.error("reminder for user %s failed", reminder.user_id, exc_info=outcome)
            elif outcome is not None:
                done.append(outcome)
        # A full batch leaves more due, unless every one failed: then the pause, not a busy loop.
        self.behind = len(found) == BATCH and failed < len(found)
        return done

    async def release(self) -> None:
        """Give up the lease (on shutdown), so another process sends from its next round."""
        await self.store.leases.release(LEASE, self.holder)

    async def _handle(self, reminder: Reminder, now: datetime, slots: asyncio.Semaphore) -> tuple[Due, Outcome] | None:
        """Claim and send one reminder, in one of the `slots`: what was sent, or None (not due
        after all, or another process's)."""
        async with slots:
            due = await self._claim(reminder, now)
            return None if due is None else (due, await self._send(due))

    async def _claim(self, reminder: Reminder, now: datetime) -> Due | None:
        zone = usable_zone(reminder.current_zone)
        step = plan(reminder.schedule, zone, now, reminder.handled)
        if not await self.store.reminders.claim(reminder, step, zone):
            return None  # another process got there first, or the lifter changed it meanwhile
        if step.fire is None or step.day is None:
            return None
        if await self.store.reminders.logged_on(reminder.user_id, step.day):
            return None
        return Due(reminder.user_id, step.fire, step.day, reminder.schedule, zone, first=reminder.sent == 0,
                   dm_channel_id=reminder.dm_channel_id)

    async def _send(self, due: Due) -> Outcome:
        try:
            outcome = await self.deliver(due)
        except Exception:
            log.exception("reminder for user %s could not be sent", due.user_id)
            outcome = Outcome.FAILED
        if outcome is Outcome.SENT:
            await self.store.reminders.mark_sent(due.user_id)
        elif outcome is Outcome.DMS_CLOSED:
            await self.store.reminders.pause(due.user_id)
            self.waiting.add(due.user_id)
        return outcome
