"""The per-user chart cooldown, on a hand-stepped clock."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.progress.cooldown import Cooldown


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_one_use_per_window_per_user() -> None:
    clock = Clock()
    cooldown = Cooldown(10, clock)
    assert cooldown.hit(1) is None
    clock.now += 3
    assert cooldown.hit(1) == pytest.approx(7)
    assert cooldown.hit(2) is None  # another user is not held back
    clock.now += 6.9
    assert cooldown.retry_after(1) == pytest.approx(0.1)
    clock.now += 0.1  # exactly 10 s after the first use
    assert cooldown.hit(1) is None
    assert cooldown.hit(1) == pytest.approx(10)


def test_a_refused_hit_does_not_extend_the_wait() -> None:
    clock = Clock()
    cooldown = Cooldown(10, clock)
    cooldown.hit("u")
    for _ in range(5):
        clock.now += 1
        cooldown.hit("u")
    assert cooldown.retry_after("u") == pytest.approx(5)


def test_reset_and_pruning() -> None:
    clock = Clock()
    cooldown = Cooldown(10, clock)
    cooldown.hit(1)
    cooldown.reset(1)
    assert cooldown.hit(1) is None
    for user in range(2000):  # old entries are swept once the map grows
        cooldown.hit(user + 10)
        clock.now += 0.1
    assert len(cooldown._last) < 1100
    assert cooldown.retry_after(2009) is not None


def test_the_bots_datetime_clock_works_too() -> None:
    now = [datetime(2026, 1, 5, 12, 0, tzinfo=UTC)]
    cooldown = Cooldown(10, lambda: now[0])
    assert cooldown.hit(1) is None
    now[0] += timedelta(seconds=4)
    assert cooldown.hit(1) == pytest.approx(6)


def test_window_must_be_positive() -> None:
    with pytest.raises(ValueError, match="positive"):
        Cooldown(0, Clock())
