"""What the rules read from a comparison's sessions, one reading at a time."""

from __future__ import annotations

from bot.logbook.sessions import group_sessions
from bot.nudges.reading import load_jumped, reps_fell_twice, same_sets_running
from tests.nudges.helpers import sessions


def test_same_sets_running_counts_back_from_the_latest_session() -> None:
    found = group_sessions(sessions("100x11x3", "100x10x3", ("100x10x3", "80x12"), "100x10x3"))
    assert same_sets_running(found) == 3  # lighter sets aside
    assert same_sets_running(found[:2]) == 1
    assert same_sets_running(group_sessions(sessions("100x10x3", "100.01x10x3"))) == 2  # the same plates
    assert same_sets_running(group_sessions(sessions("100x10x3", "100x10x4"))) == 1  # a set more is no repeat


def test_reps_falling_and_a_jump() -> None:
    assert reps_fell_twice(group_sessions(sessions("100x10x3", "100x9x3", "100x8x3")))
    assert not reps_fell_twice(group_sessions(sessions("100x10x3", "100x9x3", "95x8x3")))
    latest, *before = reversed(group_sessions(sessions("100x10x3", "111x10x3")))
    assert load_jumped(latest, before, 2.5)
    assert not load_jumped(latest, before, 12.5)  # not more than one step
    assert not load_jumped(latest, [], 2.5)
