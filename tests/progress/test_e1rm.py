"""Estimated 1RM: the RTS chart inside its bounds, Epley outside; the shipped chart file."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from bot.errors import ValidationError
from bot.logbook.checks import check_count
from bot.logbook.entries import REPS
from bot.progress.e1rm import (
    CHART_REPS,
    CHART_RPES,
    common_method,
    estimate_by,
    gives_estimate,
    load_rts_chart,
)
from tests.paths import RTS_CHART

CHART = load_rts_chart(RTS_CHART)


@pytest.mark.parametrize(("weight", "reps", "rpe", "expected", "method"), [
    (100, 1, 10, 100.0, "rts"),                  # corner: 100% by definition
    (92.2, 1, 8, 100.0, "rts"),                  # first rep, lowest-but-one RPE
    (87.8, 1, 6.5, 100.0, "rts"),                # corner: lowest RPE in the chart
    (68.0, 12, 10, 100.0, "rts"),                # corner: 12 reps at RPE 10
    (58.6, 12, 6.5, 100.0, "rts"),               # corner: 12 reps at RPE 6.5
    (100, 8, 8, 100 / 0.739, "rts"),             # a typical hip thrust set
    (100, 10, 9.5, 100 / 0.723, "rts"),
    (100, 12, 6, 100 * (1 + 12 / 30), "epley"),  # RPE below the chart
    (100, 13, 10, 100 * (1 + 13 / 30), "epley"),  # reps above the chart
    (100, 10, None, 100 * (1 + 10 / 30), "epley"),  # no RPE logged
    (100, 1, None, 100 * (1 + 1 / 30), "epley"),
    (0, 15, 8, 0.0, "epley"),                    # bodyweight has no load to estimate from
])
def test_estimate(weight: float, reps: int, rpe: float | None, expected: float,
                  method: str) -> None:
    # One set alone, as /progress and /records estimate it: the method its group takes, then the estimate.
    used = common_method([(reps, rpe)], chart=CHART)
    assert used == method
    assert estimate_by(used, weight, reps, rpe, chart=CHART) == pytest.approx(expected)


def test_only_sets_of_up_to_15_reps_give_an_estimate() -> None:
    assert gives_estimate(15)
    assert not gives_estimate(16)
    with pytest.raises(ValidationError, match="reps"):  # no set of 0 reps is ever logged to estimate
        check_count("reps", 0, REPS)


def test_shipped_chart_is_complete_and_monotonic() -> None:
    chart = CHART
    assert len(chart.table) == len(CHART_REPS) * len(CHART_RPES) == 96
    # The RTS chart's pattern: one more rep at the same RPE is worth the same % of 1RM as
    # one RPE point less at the same reps, wherever both cells exist.
    for reps in CHART_REPS[:-1]:
        for rpe in CHART_RPES[2:]:
            assert chart.table[(reps + 1, rpe)] == chart.table[(reps, rpe - 1)]


@pytest.mark.parametrize(("edit", "message"), [
    (lambda t: t.replace('"10"  = [100.0', '"10"  = [99.0'), "100%"),
    (lambda t: t.replace('"6.5" = [', '"6" = ['), "RPE rows"),
    (lambda t: t.replace("95.5, 92.2, 89.2, 86.3", "95.5, 96.0, 89.2, 86.3", 1), "fall"),
    (lambda t: t.replace("name =", "title ="), "expected name"),
])
def test_a_broken_chart_file_is_refused(tmp_path: Path, edit: Callable[[str], str],
                                      message: str) -> None:
    text = RTS_CHART.read_text(encoding="utf-8")
    broken = tmp_path / "chart.toml"
    broken.write_text(edit(text), encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_rts_chart(broken)


def test_sets_compared_are_estimated_by_one_method() -> None:
    assert common_method([(8, 8.0), (12, 9.5)], chart=CHART) == "rts"
    assert common_method([(8, 8.0), (8, None)], chart=CHART) == "epley"  # one set without an RPE
    assert common_method([(8, 8.0), (13, 8.0)], chart=CHART) == "epley"  # 13 reps lie outside the chart
    assert common_method([(8, 8.0), (40, None)], chart=CHART) == "rts"  # a set that gives no estimate is left out
    assert estimate_by("rts", 100, 8, 8.0, chart=CHART) == pytest.approx(100 / 0.739)
    assert estimate_by("epley", 100, 8, 8.0, chart=CHART) == pytest.approx(100 * (1 + 8 / 30))
    with pytest.raises(ValueError, match="outside the chart"):
        estimate_by("rts", 100, 8, None, chart=CHART)


def test_a_missing_or_unreadable_chart_file_is_refused_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "chart.toml"
    with pytest.raises(ValueError, match=f"{missing}: cannot read the RPE chart"):
        load_rts_chart(missing)
    missing.write_text("name = \n", encoding="utf-8")
    with pytest.raises(ValueError, match=f"{missing}: not valid TOML"):
        load_rts_chart(missing)
