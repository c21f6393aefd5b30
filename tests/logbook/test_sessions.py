"""Sessions: one variant on one local day; the top set is the heaviest, across units."""

from __future__ import annotations

import random
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.logbook.entries import today_in
from bot.logbook.sessions import Session, by_setup, group_sessions, latest_setup_sessions
from tests.nudges.helpers import parse

D1, D2 = date(2026, 1, 5), date(2026, 1, 6)


def test_grouping_uses_the_given_day_and_variant_only() -> None:
    entries = [
        parse("100x10x2", D1, "barbell", 1, 1),
        parse("60x12", D1, "machine", 1, 2),
        parse("100x9", D1, "barbell", 1, 3),
        parse("100x10x3", D2, "barbell", 1, 4),
    ]
    shuffled = entries[:]
    random.Random(7).shuffle(shuffled)
    sessions = group_sessions(shuffled)
    assert [(s.day, s.variant, s.total_sets) for s in sessions] == [
        (D1, "barbell", 3), (D1, "machine", 1), (D2, "barbell", 3),
    ]
    assert [e.entry_id for e in sessions[0].entries] == [1, 3]  # logged order restored


def test_top_set_is_the_heaviest_in_kg_whatever_the_unit() -> None:
    entries = [parse("100x12", D1, "barbell", 1, 1), parse("225lbx8", D1, "barbell", 2, 2),
               parse("80x15", D1, "barbell", 1, 3)]
    session = group_sessions(entries)[0]
    assert session.top.entry_id == 2
    assert session.working_load_kg == pytest.approx(102.058, abs=1e-3)
    assert session.setup_id == 2  # the top set's setup
    assert session.load_in("lb") == 225  # as entered when the units match
    assert session.working_sets == 1


def test_what_a_session_works_out_is_kept_and_never_part_of_its_equality() -> None:
    entries = (parse("100x10", D1, "barbell", 1, 1), parse("110x8", D1, "barbell", 1, 2))
    first, again = Session(D1, "barbell", entries), Session(D1, "barbell", entries)
    assert "top" not in vars(first)  # worked out when first read…
    assert first.top.entry_id == 2
    assert vars(first)["top"].entry_id == 2  # …then kept, as are the working sets
    assert first.set_reps is first.set_reps
    assert first == again  # one read, the other not: still equal
    assert "top" not in repr(again)
    grouped = group_sessions(entries)[0]  # grouped: its top worked out from the start
    assert vars(grouped)["top"] is entries[1]
    assert vars(grouped)["working_load_kg"] == 110
    assert grouped == again
    assert repr(grouped) == repr(again)


# Entries alike in load and reps (the top's ties), across units, some logged as one entry of several sets.
_entry = st.tuples(st.integers(0, 2), st.sampled_from(("barbell", "machine")), st.sampled_from((None, 1, 2)),
                   st.sampled_from(("100", "102.5", "225lb", "0")), st.integers(8, 10), st.integers(1, 3),
                   st.sampled_from(("", "@8", "@10")))


@settings(max_examples=300, deadline=None)
@given(st.lists(_entry, max_size=12), st.randoms(use_true_random=False))
def test_grouped_sessions_are_the_sessions_their_fields_make(raw: list[tuple], rng: random.Random) -> None:
    entries = [parse(f"{w}x{r}x{n}{rpe}", D1 + timedelta(days=d), variant, setup, i)
               for i, (d, variant, setup, w, r, n, rpe) in enumerate(raw)]
    rng.shuffle(entries)
    grouped = group_sessions(entries)
    # The straightforward grouping: by day and variant, each session's entries in logged order.
    keys = sorted({(e.day, e.variant) for e in entries})
    built = [Session(day, variant, tuple(sorted((e for e in entries if (e.day, e.variant) == (day, variant)),
                                               key=lambda e: e.entry_id)))
             for day, variant in keys]
    assert grouped == built
    for fast, plain in zip(grouped, built, strict=True):
        assert type(fast) is Session
        # Every field, what it works out from the start, and nothing more:
        assert vars(fast) == {**vars(plain), "top": plain.top, "setup_id": plain.setup_id,
                              "working_load_kg": plain.working_load_kg}
        assert (fast.working_entries, fast.working_sets, fast.set_reps) == (
            plain.working_entries, plain.working_sets, plain.set_reps)
        with pytest.raises(AttributeError):  # as frozen as one built
            fast.day = D2  # type: ignore[misc]


def test_equal_loads_pick_the_set_with_most_reps_and_list_every_sets_reps() -> None:
    entries = [parse("100x10x2", D1, "barbell", 1, 1), parse("100x12", D1, "barbell", 1, 2),
               parse("45.359237x15", D1, "barbell", 1, 3)]
    session = group_sessions(entries)[0]
    assert session.top.entry_id == 2
    assert session.working_sets == 3
    assert session.set_reps == (12, 10, 10)  # the lighter set is not a working set


def test_two_logs_an_hour_apart_across_local_midnight_are_two_sessions() -> None:
    zone = "Asia/Tokyo"  # 14:30 and 15:30 UTC straddle midnight in Tokyo
    days = [today_in(zone, datetime(2026, 1, 5, h, 30, tzinfo=UTC)) for h in (14, 15)]
    entries = [parse("100x10", days[0], "barbell", 1, 1), parse("100x10", days[1], "barbell", 1, 2)]
    assert len(group_sessions(entries)) == 2
    same_day = [parse("100x10", D1, "barbell", 1, 1), parse("100x10", D1, "barbell", 1, 2)]
    assert len(group_sessions(same_day)) == 1


def test_the_latest_setups_sessions_leave_out_other_setups_in_between() -> None:
    days = [date(2026, 1, d) for d in range(5, 11)]
    setups = [1, 2, 1, None, 2, 1]
    entries = [parse("100x10", day, "barbell", setup, i)
               for i, (day, setup) in enumerate(zip(days, setups, strict=True))]
    found = group_sessions(entries)
    assert [s.day.day for s in latest_setup_sessions(found)] == [5, 7, 10]
    assert [s.day.day for s in latest_setup_sessions(found[:5])] == [6, 9]
    assert [s.day.day for s in latest_setup_sessions(found[:4])] == [8]  # no setup is a setup of its own
    assert latest_setup_sessions([]) == []


def test_a_day_on_two_setups_is_a_session_on_each_the_setup_logged_on_last_last() -> None:
    setups = [1, 2, 1, None]  # /setup between the sets: 1, then 2, back to 1, then none
    mixed = [parse(spec, D2, "barbell", setup, i)
             for i, (spec, setup) in enumerate(zip(["100x10x2", "150x6", "100x9", "60x12"], setups, strict=True), 2)]
    grouped = group_sessions([parse("100x10x3", D1, "barbell", 1, 1), *mixed])
    split = by_setup(grouped)
    assert split[0] is grouped[0]  # a day on one setup is the session it was
    assert [(s.day, s.setup_id, [e.entry_id for e in s.entries]) for s in split[1:]] == [
        (D2, 2, [3]), (D2, 1, [2, 4]), (D2, None, [5])]
    assert split[2] == Session(D2, "barbell", (mixed[0], mixed[2]))
    assert split[2].set_reps == (10, 10, 9)  # no lighter set: the 150 kg set was on another setup
