"""Records from the heaviest sets: per rep count (1–20, 21+), best estimated 1RM, the /log line."""

from __future__ import annotations

from datetime import date

import pytest

from bot.logbook.entries import VARIANTS
from bot.nudges.words import PLATE_STACK_HEADING
from bot.progress.e1rm import load_rts_chart
from bot.progress.records import MORE, BestSet, bucket, build_records, rep_record
from tests.paths import RTS_CHART

CHART = load_rts_chart(RTS_CHART)
_ids = iter(range(1, 10_000))


def best(reps: int, weight: float, *, day: date = date(2026, 11, 20), rpe: float | None = None,
         unit: str = "kg", variant: str = "barbell", setup_id: int | None = None,
         entry_id: int | None = None) -> BestSet:
    weight_kg = weight if unit == "kg" else weight * 0.45359237
    return BestSet(variant, setup_id, reps, rpe, weight, unit, weight_kg, day,
                   next(_ids) if entry_id is None else entry_id)


def board(*sets: BestSet, setups: dict[int, str] | None = None, current: int | None = None):
    return build_records(sets, setups or {}, chart=CHART, variants=VARIANTS, current_setup_id=current)


def test_buckets_are_each_rep_count_to_20_then_one_for_more() -> None:
    assert [bucket(r) for r in (1, 10, 20, 21, 35, 100)] == [1, 10, 20, MORE, MORE, MORE]


def test_each_rep_count_keeps_its_heaviest_set_whatever_the_rpe() -> None:
    [records] = board(best(10, 100, rpe=8), best(10, 105, rpe=9.5), best(8, 110), best(10, 95, rpe=None))
    assert [(reps, s.weight, s.rpe) for reps, s in records.by_reps] == [(8, 110, None), (10, 105, 9.5)]


def test_among_equal_loads_the_first_time_counts() -> None:
    later = best(10, 100, day=date(2026, 11, 25), entry_id=1)
    earlier = best(10, 100, day=date(2026, 11, 20), entry_id=2)
    [records] = board(later, earlier)
    assert records.by_reps[0][1] is earlier


def test_more_than_20_reps_share_one_record_won_by_the_heaviest() -> None:
    [records] = board(best(25, 60), best(30, 60), best(22, 62.5), best(20, 70))
    assert [(reps, s.reps, s.weight) for reps, s in records.by_reps] == [(20, 20, 70), (MORE, 22, 62.5)]
    [tie] = board(best(25, 60), best(30, 60))
    assert tie.by_reps[0][1].reps == 30  # at the same load, more reps


def test_best_estimated_1rm_uses_the_rts_chart_when_every_set_lies_inside_it() -> None:
    charted = best(8, 100, rpe=8)  # 73.9% of 1RM in the chart: 135.3 kg
    more = best(12, 95, rpe=8)  # 62.6%: 151.8 kg
    [records] = board(charted, more)
    assert records.one_rep_max is not None
    assert (records.one_rep_max.source, records.one_rep_max.method) == (more, "rts")
    assert records.one_rep_max.kg == pytest.approx(95 / 0.626)


def test_best_estimated_1rm_compares_every_set_by_one_method() -> None:
    """QA: "Best estimated 1RM 167.7 kg" came from 12 reps at 105 kg, RPE 8, by the RTS chart, beside sets
    estimated by Epley's formula, which reads the same sets far lower."""
    charted, heavier = best(12, 105, rpe=8), best(8, 110)  # RTS 167.7 kg; Epley 139.3 kg
    [records] = board(charted, heavier)
    assert records.one_rep_max is not None
    assert records.one_rep_max.method == "epley"  # one set lies outside the chart: Epley for all
    assert (records.one_rep_max.source, records.one_rep_max.kg) == (charted, pytest.approx(105 * (1 + 12 / 30)))
    epley = best(10, 100)
    [records] = board(best(8, 100, rpe=8), epley)  # 135.3 kg by the chart, but 126.7 kg by Epley
    assert records.one_rep_max is not None
    assert (records.one_rep_max.source, records.one_rep_max.method) == (epley, "epley")
    [records] = board(epley, best(3, 100, rpe=6))  # RPE 6 is below the chart: Epley for both
    assert records.one_rep_max is not None
    assert (records.one_rep_max.source, records.one_rep_max.method) == (epley, "epley")


def test_sets_of_more_than_15_reps_estimate_no_1rm() -> None:
    single = best(1, 100, rpe=6)
    [records] = board(single, best(100, 100), best(16, 90))  # Epley: 433 kg and 138 kg
    assert records.one_rep_max is not None
    assert records.one_rep_max.source is single
    [records] = board(best(40, 50))
    assert records.one_rep_max is None
    assert records.by_reps  # the set is still a record of its reps
    [records] = board(best(15, 100))
    assert records.one_rep_max is not None
    assert records.one_rep_max.kg == pytest.approx(150)


def test_variants_and_setups_never_mix_and_come_in_order() -> None:
    sets = [best(10, 100, setup_id=1), best(10, 120, setup_id=2), best(10, 130, setup_id=None),
            best(10, 80, variant="machine", setup_id=2), best(10, 90, variant="smith")]
    found = board(*sets, setups={1: "low bench", 2: "high bench"}, current=1)
    assert [(r.variant, r.setup_id, r.setup) for r in found] == [
        ("barbell", 1, "low bench"), ("barbell", 2, "high bench"), ("barbell", None, None),
        ("machine", 2, "high bench"), ("smith", None, None)]
    assert [r.by_reps[0][1].weight for r in found] == [100, 120, 130, 80, 90]


def test_bodyweight_sets_set_no_record() -> None:
    assert board(best(15, 0), best(20, 0, variant="banded")) == []


def test_shown_in_the_lifters_unit_as_entered_when_it_matches() -> None:
    pounds = best(10, 225, unit="lb")
    assert pounds.load_in("lb") == 225
    assert pounds.load_in("kg") == pytest.approx(102.058, abs=0.001)


def test_a_heavier_set_at_the_same_reps_is_a_record_with_what_it_beat() -> None:
    previous = best(10, 100, day=date(2026, 11, 20))
    record = rep_record(105, "kg", 10, previous)
    assert record is not None
    line = record.line(jumped=False)
    assert line.startswith("**Rep record:** 10 reps at 105 kg, up from 100 kg on 2026-11-20.")
    assert "progress" in line
    for word in ("!", "plate", "PR", "crush", "beast", "heavier next"):
        assert word not in line


def test_no_record_for_a_first_set_an_equal_load_or_bodyweight() -> None:
    assert rep_record(105, "kg", 10, None) is None  # a first: a baseline, not a record
    assert rep_record(100, "kg", 10, best(10, 100)) is None
    assert rep_record(45.36, "kg", 10, best(10, 100, unit="lb")) is None  # the same plates
    assert rep_record(0, "kg", 10, best(10, 20)) is None


def test_a_record_in_another_unit_compares_in_kg_and_speaks_the_new_unit() -> None:
    record = rep_record(50, "kg", 10, best(10, 100, unit="lb"))  # 45.36 kg before
    assert record is not None
    line = record.line(jumped=False)
    assert line.startswith("**Rep record:** 10 reps at 50 kg, up from 45.36 kg (logged as 100 lb) on")


def test_after_a_jump_the_line_claims_no_progress() -> None:
    record = rep_record(130, "kg", 10, best(10, 100))
    assert record is not None
    line = record.line(jumped=True)
    assert "progress" not in line
    assert "note below" in line  # the jump nudge, which cites the guide's heading, follows
    assert PLATE_STACK_HEADING not in line  # named once, by that nudge


def test_a_record_of_more_than_20_reps_names_both_sets() -> None:
    record = rep_record(65, "kg", 25, best(30, 60))
    assert record is not None
    assert record.line(jumped=False).startswith(
        "**Rep record (21+ reps):** 25 reps at 65 kg, up from 30 reps at 60 kg on 2026-11-20.")


def test_a_record_is_progress_on_the_guides_condition_which_the_log_cannot_show() -> None:
    """QA: "Same reps, same setup, more load: that is progress." tied progress to load alone."""
    record = rep_record(105, "kg", 10, best(10, 100))
    assert record is not None
    assert record.line(jumped=False).endswith(
        " Same reps, same setup, more load: progress, as long as you kept the same range and top position, with "
        "control, no bounce and no soreness or fatigue carried into the work that matters more, which your log "
        "cannot show.")
