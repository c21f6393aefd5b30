"""Hypothesis strategies for generated lifting histories, and the entries a drawn history stands for."""

from __future__ import annotations

from datetime import date, timedelta

from hypothesis import strategies as st

from bot.logbook.entries import Preferences
from bot.logbook.sessions import LoggedEntry
from bot.logbook.units import to_kg

VARIANTS = ("barbell", "machine", "banded")
WEIGHTS = (0.0, 20.0, 40.0, 60.0, 95.0, 100.0, 101.0, 102.5, 110.0, 111.0, 135.0, 225.0)
RPES = (None, 5.0, 6.5, 7.0, 8.0, 8.5, 9.0, 9.5, 10.0)

set_strategy = st.tuples(
    st.sampled_from(WEIGHTS), st.sampled_from(("kg", "lb")), st.integers(1, 30),
    st.integers(1, 8), st.sampled_from(RPES),
)
session_strategy = st.tuples(
    st.integers(0, 3), st.sampled_from(VARIANTS), st.sampled_from((None, 1, 2)),
    st.lists(set_strategy, min_size=1, max_size=3),
)
prefs_strategy = st.builds(
    lambda unit, low, span, inc: Preferences(unit=unit, rep_low=low, rep_high=min(30, low + span),
                                             increment_kg=None if inc is None else to_kg(inc, unit)),
    st.sampled_from(("kg", "lb")), st.integers(1, 20), st.integers(0, 12),
    st.sampled_from((None, 1.0, 2.5, 5.0)),
)


def build(raw: list[tuple]) -> list[LoggedEntry]:
    entries, day, ids = [], date(2026, 3, 2), 0
    for gap, variant, setup, sets in raw:
        day += timedelta(days=gap)
        for weight, unit, reps, count, rpe in sets:
            ids += 1
            entries.append(LoggedEntry(day, variant, setup, weight, unit, to_kg(weight, unit),
                                       reps, count, rpe, ids))
    return entries
