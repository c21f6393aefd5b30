"""What the rules read from a comparison's sessions, one reading at a time."""

from __future__ import annotations

import gc
import itertools
import random
import weakref

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.logbook.sessions import LoggedEntry, group_sessions
from bot.nudges.reading import (
    first_double,
    load_jumped,
    reps_fell_twice,
    same_sets_running,
)
from tests.nudges.generated import build, session_strategy
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


def test_double_entries_are_repeated_entries_of_several_sets() -> None:
    [session] = group_sessions(sessions(("100x10x3", "100x10x3@8", "100x10", "100x10", "100x10x3@9", "100x10x2")))
    doubles = session.doubles
    assert [(k.entry_id, [d.entry_id for d in ds]) for k, ds in doubles.items()] == [(2, [1])]
    first, times = first_double(doubles)
    assert (first.entry_id, times) == (1, 2)
    # The first, without an RPE, goes: the one with it is kept.
    assert [e.entry_id for e in session.without_doubles.entries] == [2, 3, 4, 5, 6]
    [other] = group_sessions(sessions(("100x10x3", "225lbx10x3", "100x11x3", "100x10x3@8")))
    assert [e.entry_id for e in other.without_doubles.entries] == [2, 3, 4]
    [plain] = group_sessions(sessions(("100x10x3@8", "100x10x3@9", "100x11x3")))  # RPEs that disagree
    assert plain.doubles == {}
    assert plain.without_doubles is plain


def test_a_session_without_doubles_does_not_hold_itself() -> None:
    """Read on every session of a nudge's history, a session kept as its own `without_doubles`
    would be a reference cycle: freed only by the cyclic collector (a benchmark's RSS after the
    load went 95 -> 134 MiB when the engine read it on every session)."""
    gc.disable()
    try:
        [plain] = group_sessions(sessions(("100x10x3@8", "100x11x3")))
        assert plain.without_doubles is plain
        gone = weakref.ref(plain)
        del plain
        assert gone() is None  # freed by its reference count alone
    finally:
        gc.enable()


def test_times_logged_counts_the_first_doubles_own_rpe_group() -> None:
    """Review: the same sets twice at RPE 8 and twice at RPE 9 are two blocks kept, each logged
    twice; counting every double alike said "logged 3 times", against a target of 6 × 10."""
    [session] = group_sessions(sessions(("100x10x3@8", "100x10x3@8", "100x10x3@9", "100x10x3@9")))
    doubles = session.doubles
    assert [(k.entry_id, [d.entry_id for d in ds]) for k, ds in doubles.items()] == [(1, [2]), (3, [4])]
    first, times = first_double(doubles)
    assert (first.entry_id, times) == (2, 2)


@settings(max_examples=200, deadline=None)
@given(st.lists(session_strategy, max_size=6), st.randoms(use_true_random=False))
def test_what_is_left_of_a_session_holds_no_double(raw: list[tuple], rng: random.Random) -> None:
    """Over generated sessions with entries logged twice or at another RPE: each double repeats its
    kept entry (several sets, the same load as entered, reps and sets, an RPE that agrees), and
    once they are left out no two entries of several sets are alike with RPEs that agree. A check
    that skipped a session with doubles (Session.doubles returns at once when no two are alike)
    would leave two such entries."""
    history = build(raw)
    for entry in history[:]:  # some logged twice, some at another RPE: doubles and near misses
        if entry.sets > 1 and rng.random() < 0.3:
            history.append(entry._replace(entry_id=len(history) + 1, rpe=rng.choice((entry.rpe, None, 8.0))))

    def alike(a: LoggedEntry, b: LoggedEntry) -> bool:
        same = (a.weight, a.unit, a.reps, a.sets) == (b.weight, b.unit, b.reps, b.sets)
        return same and (a.rpe is None or b.rpe is None or a.rpe == b.rpe)

    for session in group_sessions(history):
        doubles = session.doubles
        for kept, repeats in doubles.items():
            assert all(d.sets > 1 and d.entry_id != kept.entry_id and alike(d, kept) for d in repeats)
        left = [e for e in session.without_doubles.entries if e.sets > 1]
        assert not any(alike(a, b) for a, b in itertools.combinations(left, 2))
