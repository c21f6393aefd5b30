"""Weights: conversions, how a number is written, and rounding to the lifter's increment, in kg and lb."""

from __future__ import annotations

import pytest

from bot.logbook.units import (
    add_increment,
    back_off_load,
    exact_number,
    format_number,
    from_kg,
    round_to_increment,
    step_in,
    to_kg,
)


def test_conversion_round_trips() -> None:
    assert to_kg(100, "lb") == pytest.approx(45.359237)
    assert from_kg(to_kg(225, "lb"), "lb") == pytest.approx(225)
    assert to_kg(100, "kg") == 100


@pytest.mark.parametrize(("value", "increment", "expected"), [
    (101.2, 2.5, 100.0), (101.25, 2.5, 102.5), (103.7, 2.5, 102.5), (220.46, 5, 220.0),
    (222.5, 5, 225.0), (46.3, 1, 46.0), (0.9, 2.5, 0.0),
])
def test_round_to_increment(value: float, increment: float, expected: float) -> None:
    assert round_to_increment(value, increment) == expected


@pytest.mark.parametrize(("current", "increment", "expected"), [
    (100, 2.5, 102.5), (101, 2.5, 103.5), (135, 10, 145), (225, 5, 230), (47.5, 1.25, 48.75),
    (22.5, 5, 27.5), (0, 2.5, 2.5), (0.1, 0.2, 0.3),
])
def test_add_increment_adds_one_step_to_the_load_as_loaded(current: float, increment: float,
                                                           expected: float) -> None:
    assert add_increment(current, increment) == expected


@pytest.mark.parametrize(("current", "increment", "expected"), [
    (100, 2.5, 95.0),      # 5%
    (40, 2.5, 37.5),       # 6.25%: the only step inside 5–10%
    (225, 5, 210.0),       # 6.7% in pounds
    (135, 10, 125.0),      # 7.4%: one of the lifter's steps off what was on the bar
    (101, 2.5, 93.5),      # two steps off would be 4.95%
    (100, 1, 95.0),
    (20, 2.5, None),       # 17.5 would be a 12.5% cut: too coarse, hold instead
    (45, 5, None),
])
def test_back_off_stays_between_5_and_10_percent(current: float, increment: float,
                                                 expected: float | None) -> None:
    got = back_off_load(current, increment)
    assert got == expected
    if got is not None:
        assert 0.90 * current <= got <= 0.95 * current


@pytest.mark.parametrize(("unit", "increment", "increment_unit", "step"), [
    ("kg", 2.5, "kg", 2.5), ("lb", 10, "lb", 10), ("kg", 1.25, "kg", 1.25),  # the lifter's own, in its unit
    ("kg", 5, "lb", 2.5), ("kg", 10, "lb", 5), ("lb", 2.5, "kg", 5), ("lb", 20, "kg", 45),
    ("lb", 1, "kg", 5), ("kg", 2, "lb", 2.5),  # at least one step of the unit's default
])  # fmt: skip
def test_a_step_in_the_other_unit_is_whole_steps_of_its_default(unit: str, increment: float, increment_unit: str,
                                                                step: float) -> None:
    """QA: 60 kg and a 5 lb increment aimed at 135 lb (+2.7 lb), 62.5 kg at 145 lb (+7.2 lb)."""
    assert step_in(unit, increment, increment_unit) == step


@pytest.mark.parametrize(("value", "text"), [
    (100.0, "100"), (102.5, "102.5"), (45.359237, "45.36"), (0.0, "0"), (2.25, "2.25"),
])
def test_format_number(value: float, text: str) -> None:
    assert format_number(value) == text


@pytest.mark.parametrize(("value", "text"), [
    (102.0583, "102.0583"), (100.0, "100"), (0.1 + 0.2, "0.3"), (0.00001, "0.00001"), (-0.0, "0"),
    (2200.0, "2200"), (135 * 0.45359237, "61.23496995"), (999.999999999, "999.999999999"),
])  # fmt: skip
def test_exact_number_writes_what_was_entered(value: float, text: str) -> None:
    assert exact_number(value) == text
    assert float(text) == pytest.approx(value, rel=1e-15)


def test_numbers_equal_as_keys_are_written_the_same_whichever_came_first() -> None:
    # format_number remembers what it wrote: 100 and 100.0, 0.0 and -0.0 share one answer.
    for first, second, text in ((100, 100.0, "100"), (-0.0, 0.0, "0"), (0.0, -0.0, "0"), (8.0, 8, "8")):
        format_number.cache_clear()
        assert (format_number(first), format_number(second)) == (text, text)
    assert format_number(-0.001) == "0"  # rounds to -0.00
    assert format_number(-2.5) == "-2.5"
