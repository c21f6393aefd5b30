"""Hand-built lifting histories for the progression tests, written the way lifters write them.

A set spec is "WEIGHTxREPS[xSETS][@RPE]" with an optional "lb" after the weight:
"100x10x3@8" is three sets of ten at 100 kg, RPE 8; "225lbx8" one set of eight at 225 lb;
"0x15x3" bodyweight.
"""

from __future__ import annotations

import itertools
import re
from datetime import date, timedelta

from bot.logbook.sessions import LoggedEntry
from bot.logbook.units import Unit, to_kg

_SPEC = re.compile(r"^(?P<w>\d+(?:\.\d+)?)(?P<u>kg|lb)?x(?P<r>\d+)(?:x(?P<s>\d+))?"
                   r"(?:@(?P<rpe>\d+(?:\.5)?))?$")
DAY0 = date(2026, 1, 5)
# The lifter's today for advice: after every session these tests log, so none is still going on.
TODAY = date(2030, 1, 1)


class History:
    """Builds a list of `LoggedEntry`, one `session()` call per training day."""

    def __init__(self) -> None:
        self.entries: list[LoggedEntry] = []
        self._ids = itertools.count(1)
        self._day = DAY0

    def session(self, *specs: str, variant: str = "barbell", setup: int | None = 1,
                gap_days: int = 2) -> History:
        """Add one session `gap_days` after the previous one (sets in the given order)."""
        if self.entries:
            self._day += timedelta(days=gap_days)
        for spec in specs:
            self.entries.append(parse(spec, self._day, variant, setup, next(self._ids)))
        return self


def parse(spec: str, day: date, variant: str, setup: int | None, entry_id: int) -> LoggedEntry:
    """One set spec to a `LoggedEntry`."""
    found = _SPEC.match(spec)
    if found is None:
        raise ValueError(f"bad set spec {spec!r}")
    unit: Unit = "lb" if found["u"] == "lb" else "kg"
    weight = float(found["w"])
    return LoggedEntry(
        day=day, variant=variant, setup_id=setup, weight=weight, unit=unit,
        weight_kg=to_kg(weight, unit), reps=int(found["r"]), sets=int(found["s"] or 1),
        rpe=float(found["rpe"]) if found["rpe"] else None, entry_id=entry_id,
    )


def sessions(*days: tuple[str, ...] | str) -> list[LoggedEntry]:
    """Shorthand: one barbell session (setup 1) per argument, two days apart."""
    history = History()
    for day in days:
        history.session(*((day,) if isinstance(day, str) else day))
    return history.entries
