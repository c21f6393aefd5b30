"""Entries the log already holds, counted set by set (bot/imports/known.py)."""

from __future__ import annotations

from collections import Counter
from datetime import date

from bot.imports import ImportedEntry, Known, LeftOut, count_sets, set_key, sets_removed, split_known

DAY = date(2025, 11, 1)


def entry(
    sets: int = 3, reps: int = 10, weight: float = 100.0, *, day: date = DAY, variant: str = "barbell",
    unit: str = "kg", rpe: float | None = 8.0, note: str | None = None,
) -> ImportedEntry:  # fmt: skip
    return ImportedEntry(day, variant, sets, reps, weight, unit, rpe, note)


def log(*entries: ImportedEntry) -> Counter[tuple[str, str, int, float, str]]:
    """The log as the repository reads it: (day, variant, sets, reps, weight, unit) rows."""
    return count_sets((e.performed_on.isoformat(), e.variant, e.sets, e.reps, e.weight, e.unit) for e in entries)


def test_sets_logged_one_at_a_time_are_the_files_entry_of_three() -> None:
    split = split_known([entry(3)], Known(log(entry(1), entry(1), entry(1))))
    assert split.fresh == ()
    assert split.left_out == LeftOut(in_log=1)


def test_an_entry_of_three_in_the_log_is_the_files_three_single_sets() -> None:
    split = split_known([entry(1), entry(1), entry(1)], Known(log(entry(3))))
    assert split.fresh == ()
    assert split.left_out == LeftOut(in_log=3)


def test_rpe_and_note_take_no_part() -> None:
    logged = log(entry(1, rpe=None, note="felt heavy"), entry(2, rpe=9.0, note=None))
    split = split_known([entry(3, rpe=7.5, note="Bench at hole 3 / feet wide")], Known(logged))
    assert split.left_out == LeftOut(in_log=1)


def test_day_variant_reps_weight_and_unit_each_make_another_set() -> None:
    logged = log(entry(3))
    others = [entry(day=date(2025, 11, 2)), entry(variant="machine"), entry(reps=9), entry(weight=100.5),
              entry(unit="lb")]  # fmt: skip
    split = split_known(others, Known(logged))
    assert split.fresh == tuple(others)
    assert not split.left_out


def test_weights_are_compared_to_three_decimals() -> None:
    assert set_key(DAY, "barbell", 10, 102.0583, "kg") == set_key("2025-11-01", "barbell", 10, 102.05830001, "kg")
    assert split_known([entry(weight=100.0004)], Known(log(entry(weight=100.0)))).left_out == LeftOut(in_log=1)
    assert split_known([entry(weight=100.001)], Known(log(entry(weight=100.0)))).fresh == (entry(weight=100.001),)


def test_an_entry_partly_in_the_log_comes_with_the_sets_the_log_lacks() -> None:
    split = split_known([entry(3, note="from Strong")], Known(log(entry(1), entry(1))))
    assert split.fresh == (entry(1, note="from Strong"),)
    assert split.left_out == LeftOut(partly=1, partly_sets=2)


def test_the_same_entry_twice_against_the_log_holding_it_once_adds_it_once() -> None:
    split = split_known([entry(3), entry(3)], Known(log(entry(3))))
    assert split.fresh == (entry(3),)
    assert split.left_out == LeftOut(in_log=1)


def test_importing_what_an_import_stored_adds_nothing() -> None:
    # Whatever the log held before, what it holds after storing the fresh part covers the file.
    file = [entry(3), entry(2, weight=110), entry(1, reps=8), entry(3)]
    before = log(entry(1), entry(2, weight=110, rpe=None), entry(5, reps=8))
    first = split_known(file, Known(before))
    assert first.left_out == LeftOut(in_log=2, partly=1, partly_sets=1)
    assert first.fresh == (entry(2), entry(3))
    again = split_known(file, Known(before + log(*first.fresh)))
    assert again.fresh == ()
    assert again.left_out == LeftOut(in_log=4)


def test_the_log_passed_in_is_not_used_up() -> None:
    logged = log(entry(3))
    split_known([entry(3)], Known(logged))
    assert sum(logged.values()) == 3


def test_sets_the_lifter_removed_count_as_there_after_the_logs_own() -> None:
    # Deleted: 1 x 10 at 90 kg. Edited: 3 x 10 at 100 kg became 3 x 10 at 102.5 kg.
    removed = log(entry(1, weight=90), entry(3))
    file = [entry(1, weight=90), entry(3), entry(3, weight=102.5)]
    split = split_known(file, Known(log(entry(3, weight=102.5)), removed))
    assert split.fresh == ()
    assert split.left_out == LeftOut(in_log=1, removed=2)


def test_an_entry_partly_removed_says_so_and_brings_the_rest() -> None:
    # Logged 2 sets in chat, deleted one of them: the file's 3 sets bring one.
    split = split_known([entry(3)], Known(log(entry(1)), log(entry(1))))
    assert split.fresh == (entry(1),)
    assert split.left_out == LeftOut(partly=1, partly_sets=2, partly_removed=1)


def test_an_entry_whole_in_the_log_is_in_the_log_even_when_it_was_also_removed() -> None:
    # Deleted, then logged again: the log's own is counted first.
    split = split_known([entry(3)], Known(log(entry(3)), log(entry(3))))
    assert split.left_out == LeftOut(in_log=1)


def test_an_edit_removes_all_its_sets_when_day_reps_weight_or_unit_change() -> None:
    was = set_key("2025-11-01", "barbell", 10, 100.0, "kg")
    assert sets_removed(was, 3, set_key(DAY, "barbell", 10, 100.0, "kg"), 3) == 0  # RPE or note edited
    changes = [("2025-11-02", 10, 100.0, "kg"), (DAY, 9, 100.0, "kg"), (DAY, 10, 100.5, "kg"), (DAY, 10, 100.0, "lb")]
    for day, reps, weight, unit in changes:
        assert sets_removed(was, 3, set_key(day, "barbell", reps, weight, unit), 3) == 3


def test_an_edit_of_the_sets_alone_removes_only_the_sets_it_took_off() -> None:
    was = set_key(DAY, "barbell", 10, 100.0, "kg")
    assert sets_removed(was, 3, was, 2) == 1
    assert sets_removed(was, 3, was, 5) == 0  # a set added removes none
