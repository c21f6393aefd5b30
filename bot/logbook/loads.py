"""Load arithmetic: rounding to the lifter's increment, comparing loads across units.

Pure helpers shared by the nudge engine and the chart summary; conversion and number
formatting come from `bot.logbook.units`, so the logbook and the nudges agree. Every load
the bot *suggests* is in the user's unit and a whole number of increments; logged loads
are never rewritten (they are stored as entered).
"""

from __future__ import annotations

import math

from bot.logbook.units import DEFAULT_INCREMENT, KG_PER_LB, UNITS, Unit, format_number, from_kg, to_kg

__all__ = [
    "DEFAULT_INCREMENT", "KG_PER_LB", "SAME_LOAD_KG", "UNITS", "Unit", "add_increment", "back_off_load",
    "floor_to_increment", "format_load", "from_kg", "hold_load", "round_to_increment", "same_load", "to_kg",
]

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


def floor_to_increment(value: float, increment: float) -> float:
    """Largest whole number of increments not above `value`."""
    return _tidy(math.floor(_steps(value, increment) + _EPS) * increment)


def hold_load(current: float, increment: float) -> float:
    """The load to repeat, on the increment grid, never above what was lifted.

    A lifter who logged 101 kg with a 2.5 kg increment is told 100 kg, not 102.5 kg: a hold
    must never turn into an increase. A load below one increment stays as logged.
    """
    held = floor_to_increment(current, increment)
    return held if held > 0 else _tidy(current)


def add_increment(current: float, increment: float) -> float:
    """One increment more than `current`, on the increment grid, always above it."""
    target = round_to_increment(current + increment, increment)
    if target <= current + _EPS:
        target = _tidy(target + increment)
    return target


def back_off_load(current: float, increment: float, *, low: float = 0.05,
                  high: float = 0.10) -> float | None:
    """A load 5–10% below `current` on the increment grid, or None when none exists.

    Picks the lightest cut in the band (closest to 5%). None means the increment is too
    coarse for such a small back-off (say 20 kg with 2.5 kg plates), so the caller holds.
    """
    candidate = floor_to_increment(current * (1 - low), increment)
    if candidate <= 0 or candidate < current * (1 - high) - _EPS:
        return None
    return candidate


# The logbook's number format: suggested and logged loads read the same way (100, 102.5, 45.36).
format_load = format_number
