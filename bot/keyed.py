"""`PerKey`: one object per key (a lock per server), made when first used, dropped once unused.

A `defaultdict(asyncio.Lock)` keeps a lock for every key it was ever asked for: a bot that runs
for months in many servers kept one for every server where anything was ever locked (a message
deleted there is enough). A lock or gate nobody holds or waits on is worth nothing; a new one is
the same. Pure: no discord, no event loop (the objects made may need one).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterator
from contextlib import contextmanager
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class _Held(Generic[V]):
    __slots__ = ("users", "value")

    def __init__(self, value: V) -> None:
        self.value = value
        self.users = 0


class PerKey(Generic[K, V]):
    """`make()`'s objects by key, each kept while someone uses it (`using`), then forgotten."""

    def __init__(self, make: Callable[[], V]) -> None:
        self._make = make
        self._held: dict[K, _Held[V]] = {}

    def __len__(self) -> int:
        """Keys whose object someone is using now."""
        return len(self._held)

    @contextmanager
    def using(self, key: K) -> Iterator[V]:
        """The key's object, the same for everyone using it meanwhile (waiting on it counts: hold
        it around the wait); forgotten when the last of them is done."""
        held = self._held.get(key)
        if held is None:
            held = self._held[key] = _Held(self._make())
        held.users += 1
        try:
            yield held.value
        finally:
            held.users -= 1
            if not held.users:
                del self._held[key]
