"""A per-user rate limit for costly commands (one `/progress` chart per 10 s by default).

Pure: the clock is passed in, so tests step time by hand. It may return seconds (e.g.
`time.monotonic`) or an aware datetime (the bot's `clock`). The caller turns a retry_after
into the user-facing answer (`CooldownError(retry_after)`).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from datetime import datetime

_PRUNE_ABOVE = 1024  # keys kept before expired ones are swept, so memory stays bounded


class Cooldown:
    """At most one use per `per_seconds` for each key (a user id)."""

    def __init__(self, per_seconds: float, clock: Callable[[], float | datetime]) -> None:
        if per_seconds <= 0:
            raise ValueError("per_seconds must be positive")
        self._per = per_seconds
        self._clock = clock
        self._last: dict[Hashable, float] = {}

    def _now(self) -> float:
        now = self._clock()
        return now.timestamp() if isinstance(now, datetime) else now

    def retry_after(self, key: Hashable) -> float | None:
        """Seconds until `key` may go again, or None if it may go now (records nothing)."""
        last = self._last.get(key)
        if last is None:
            return None
        wait = last + self._per - self._now()
        return wait if wait > 0 else None

    def hit(self, key: Hashable) -> float | None:
        """Use the command: None (and the use is recorded) or the seconds left to wait."""
        wait = self.retry_after(key)
        if wait is not None:
            return wait
        now = self._now()
        if len(self._last) >= _PRUNE_ABOVE:
            self._last = {k: t for k, t in self._last.items() if t + self._per > now}
        self._last[key] = now
        return None

    def reset(self, key: Hashable) -> None:
        """Forget `key`'s last use (e.g. the chart failed and the user should retry now)."""
        self._last.pop(key, None)
