"""Whether a load is far enough from the last one to ask "Did you mean …?", and what was likely
meant: the decimal point moved (375 for 37.5) or the other unit (225 lb for 225 kg). Pure; /log,
chat lines, the reminder's Log form and /history's Edit form all ask through it.
"""

from __future__ import annotations

from dataclasses import replace

from bot.logbook.entries import NewEntry
from bot.logbook.units import MAX_WEIGHT, UNITS, to_kg


def is_implausible(new_kg: float, last_kg: float | None) -> bool:
    """More than double or less than half the last working load (the 375-for-37.5 typo)."""
    if last_kg is None or new_kg <= 0 or last_kg <= 0:
        return False
    return new_kg > 2 * last_kg or new_kg < last_kg / 2


# How near the last working load a moved decimal point must land to be offered as what was
# meant: 375 for 37.5 after 35 kg lands at 1.07 of it. 40 after 250 kg is not a slip for 400 kg,
# itself 1.6 times the last load.
TYPO_BAND = (2 / 3, 1.5)


def likely_typo(entry: NewEntry, last_kg: float) -> NewEntry | None:
    """The entry with its decimal point moved (375 for 37.5, 10 for 100), or else in the other
    unit (225 kg for 225 lb, after 100 kg sessions), when that lands near the last working load
    (`TYPO_BAND`), and inside `/log`'s limits; else None."""
    low, high = TYPO_BAND
    for factor in (0.1, 10.0):
        if last_kg * low <= entry.weight_kg * factor <= last_kg * high:
            weight = round(entry.weight * factor, 2)
            if 0 < weight <= MAX_WEIGHT[entry.unit]:
                return replace(entry, weight=weight)
    # A lifter who loads in pounds under a kg setting (or the other way) types their usual 225
    # and it reads 225 kg: the number was right, the unit was not.
    other = next(unit for unit in UNITS if unit != entry.unit)
    if last_kg * low <= to_kg(entry.weight, other) <= last_kg * high and entry.weight <= MAX_WEIGHT[other]:
        return replace(entry, unit=other)
    return None
