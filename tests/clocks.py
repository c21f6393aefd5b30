"""The clock the tests' imitations run on."""

from __future__ import annotations

import datetime as dt

from bot.sandbox.clock import ShiftClock


def midday_clock() -> ShiftClock:
    """The imitation's clock (real time, shifted) at today's noon UTC when the test starts. The
    e2e bots read it too, so a test that compares a stored date with `today(imitation)` never
    straddles midnight, in UTC or in any zone within 11 hours of it."""
    clock = ShiftClock()
    now = clock()
    clock.offset = dt.datetime.combine(now.date(), dt.time(12), dt.UTC) - now
    return clock
