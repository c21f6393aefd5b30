"""Weights: kg and lb, conversion and display, and load arithmetic on the lifter's increment.

Pure, shared by the logbook, the nudge engine and the chart summary, so they agree on units and
on how a number is written. Every load the bot *suggests* is whole steps from a load the lifter
lifted, in the unit they lifted it in (`step_in`); logged loads are never rewritten (they are
stored as entered).
"""

from __future__ import annotations

import functools
import math
from decimal import Decimal
from typing import Literal, get_args

# The one list of units: command options are annotated with `Unit`, code checks against `UNITS`.
Unit = Literal["kg", "lb"]
UNITS: tuple[Unit, ...] = get_args(Unit)
KG_PER_LB = 0.45359237  # exact, by definition
MAX_WEIGHT: dict[str, float] = {"kg": 1000.0, "lb": 2200.0}
DEFAULT_INCREMENT: dict[str, float] = {"kg": 2.5, "lb": 5.0}
MAX_INCREMENT: dict[str, float] = {"kg": 20.0, "lb": 44.0}
# The smallest step: loads are shown to two decimals, so a smaller one would read as 0.
MIN_INCREMENT = 0.01
# The lightest load other than bodyweight (0), for the same reason: 0.0001 kg would be stored,
# shown as "0 kg", and targeted "at 0 kg", a load that is neither a number nor bodyweight.
MIN_LOAD = 0.01


def to_kg(weight: float, unit: str) -> float:
    return weight if unit == "kg" else weight * KG_PER_LB


def from_kg(weight_kg: float, unit: str) -> float:
    return weight_kg if unit == "kg" else weight_kg / KG_PER_LB


@functools.lru_cache(maxsize=4096)
def format_number(value: float) -> str:
    """100.0 → "100", 102.5 → "102.5", 45.359 → "45.36".

    Remembered: a lifter's loads and RPEs repeat, and a /history page writes ~70 of them (a
    remembered one costs a quarter of writing it). Numbers equal as keys write the same
    (100 and 100.0, 0.0 and -0.0)."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return text if text != "-0" else "0"


def exact_number(value: float) -> str:
    """A stored number as it was entered, for files read back (/export): 102.0583 → "102.0583",
    100.0 → "100", 0.00001 → "0.00001" (never an exponent, which an import would not read).

    Fifteen significant digits: every decimal typed with at most 15 reads back from them exactly,
    and arithmetic noise goes (0.1 + 0.2 → "0.3", not "0.30000000000000004")."""
    return format(Decimal(f"{value + 0.0:.15g}"), "f")  # + 0.0: -0.0 writes "0"


def format_weight(weight: float, unit: str) -> str:
    """A load as the lifter entered it; 0 is bodyweight."""
    return "bodyweight" if weight == 0 else f"{format_number(weight)} {unit}"


# Loads logged in different units meet in kg; anything closer than this is "the same load"
# (a 100 lb entry and a 45.36 kg entry are the same plates).
SAME_LOAD_KG = 0.05
# Guards the float comparisons against representation noise (e.g. 110 vs 100 * 1.1).
_EPS = 1e-6


def same_load(a_kg: float, b_kg: float) -> bool:
    """True when two loads (in kg) are the same for comparing sessions."""
    return abs(a_kg - b_kg) <= SAME_LOAD_KG


def _steps(value: float, increment: float) -> float:
    return value / increment


def _tidy(value: float) -> float:
    # Multiples of 2.5 or 0.5 are exact in binary, but e.g. 0.1 * 3 is not; three decimals
    # is far below any plate and keeps printed loads clean.
    return round(value, 3)


def round_to_increment(value: float, increment: float) -> float:
    """Nearest whole number of increments (halves round up)."""
    return _tidy(math.floor(_steps(value, increment) + 0.5 + _EPS) * increment)


def add_increment(current: float, increment: float) -> float:
    """One increment more than `current`, the load as it was loaded: 135 lb and a 10 lb increment
    make 145 lb, the plates added to what was on the bar (a grid of tens from zero would say
    150 lb, one and a half steps)."""
    return _tidy(current + increment)


def back_off_load(current: float, increment: float, *, low: float = 0.05, high: float = 0.10) -> float | None:
    """A load 5–10% below `current`, or None when none exists.

    The lightest cut in the band (closest to 5%): whole increments off the load as it was loaded
    (135 lb − 10 lb = 125 lb). None means the increment is too coarse for such a small back-off
    (say 20 kg with 2.5 kg plates), so the caller holds.
    """
    candidate = _tidy(current - math.ceil(current * low / increment - _EPS) * increment)
    if candidate <= 0 or candidate < current * (1 - high) - _EPS:
        return None
    return candidate


def step_in(unit: str, increment: float, increment_unit: str) -> float:
    """The load step for a load logged in `unit`, from the lifter's `increment` (in `increment_unit`,
    their settings' unit): the increment itself in its own unit. In the other unit its plates are
    not there, so it becomes whole steps of that unit's default (2.5 kg or 5 lb, a pair of the
    smallest common plates), as many as come nearest to it, at least one: 5 lb → 2.5 kg,
    10 lb → 5 kg, 2.5 kg → 5 lb, 20 kg → 45 lb."""
    if unit == increment_unit:
        return increment
    plate = DEFAULT_INCREMENT[unit]
    return max(plate, round_to_increment(from_kg(to_kg(increment, increment_unit), unit), plate))
