"""Remember interaction ids recently received, to recognise a gateway redelivery."""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable

# An interaction token lives 15 minutes; an id older than that cannot be answered anyway.
INTERACTION_LIFETIME = 15 * 60


class RecentIds:
    """Ids seen in the last `lifetime` seconds (bounded), with the monotonic time each arrived."""

    def __init__(
        self,
        *,
        lifetime: float = INTERACTION_LIFETIME,
        max_size: int = 200_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._seen: OrderedDict[int, float] = OrderedDict()
        self._lifetime = lifetime
        self._max_size = max_size
        self._clock = clock

    def add(self, item_id: int) -> bool:
        """Record `item_id`; False when it was already seen (a redelivery)."""
        now = self._clock()
        self._prune(now)
        if item_id in self._seen:
            return False
        self._seen[item_id] = now
        return True

    def received_at(self, item_id: int) -> float | None:
        return self._seen.get(item_id)

    def __len__(self) -> int:
        return len(self._seen)

    def _prune(self, now: float) -> None:
        while self._seen:
            oldest_id, arrived = next(iter(self._seen.items()))
            if now - arrived < self._lifetime and len(self._seen) < self._max_size:
                break
            del self._seen[oldest_id]
