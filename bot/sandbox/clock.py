"""The imitation's time and ids: a clock tests can move forward, and Discord's snowflakes."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

Clock = Callable[[], dt.datetime]

DISCORD_EPOCH_MS = 1420070400000


def utcnow() -> dt.datetime:
    """The default clock."""
    return dt.datetime.now(dt.UTC)


def snowflake_time(snowflake: int) -> dt.datetime:
    """When an id was made (its top bits)."""
    return dt.datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, dt.UTC)


class ShiftClock:
    """Real time plus an offset that tests can move forward (deadlines, token expiry)."""

    def __init__(self) -> None:
        self.offset = dt.timedelta(0)

    def __call__(self) -> dt.datetime:
        return utcnow() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += dt.timedelta(seconds=seconds)


class Snowflakes:
    """Discord ids: milliseconds since Discord's epoch in the top bits, a counter below."""

    def __init__(self, clock: Clock) -> None:
        self._clock = clock
        self._last = 0

    def next(self, shard: tuple[int, int] | None = None) -> int:
        """A fresh id, increasing even if the clock stands still; one on `shard` (id, count) if given."""
        ms = int(self._clock().timestamp() * 1000) - DISCORD_EPOCH_MS
        self._last = max((ms << 22) | (1 << 17), self._last + 1)
        while shard is not None and (self._last >> 22) % shard[1] != shard[0]:
            self._last = (((self._last >> 22) + 1) << 22) | (1 << 17)  # a millisecond on
        return self._last
