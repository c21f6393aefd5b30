"""Estimated one-rep max: RPE-aware inside the RTS chart, Epley's formula outside it.

The chart (data/rts_chart.toml) is Tuchscherer's RTS table of % of 1RM for 1–12 reps at
RPE 6.5–10 in halves. A set inside it estimates 1RM = weight / percent; anything else
(no RPE, RPE below 6.5, 13 to 15 reps) uses Epley, weight × (1 + reps / 30). A set of more
than 15 reps (the top of the guide's "about 6 to 15 reps") gives no estimate: Epley on 100 reps
says a 100 kg set means a 433 kg single. The method is reported with each estimate so a chart
legend can say which one it shows. Estimates compared with each other (a change, a best) are all
made by one method (`common_method`): the chart reads a set at RPE 8 far higher than Epley reads
the same set without an RPE, so mixing them made a heavier set look like a drop.
"""

from __future__ import annotations

import itertools
import tomllib
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

Method = Literal["rts", "epley"]
METHOD_LABELS: dict[Method, str] = {"rts": "RTS RPE chart", "epley": "Epley formula"}

CHART_RPES = tuple(x / 2 for x in range(13, 21))  # 6.5, 7.0, … 10.0
CHART_REPS = tuple(range(1, 13))
MAX_ESTIMATE_REPS = 15  # more reps than this estimate nothing


@dataclass(frozen=True)
class RpeChart:
    """% of 1RM by (reps, RPE)."""

    name: str
    table: Mapping[tuple[int, float], float]

    def percent(self, reps: int, rpe: float | None) -> float | None:
        """The chart's % of 1RM for this set, or None when the set lies outside the chart."""
        if rpe is None:
            return None
        return self.table.get((reps, float(rpe)))


def load_rts_chart(path: Path) -> RpeChart:
    """Read and check the chart file; ValueError names the file and what is wrong."""
    try:
        with path.open("rb") as handle:
            raw = tomllib.load(handle)
    except OSError as exc:
        raise ValueError(f"{path}: cannot read the RPE chart ({exc.strerror})") from exc
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"{path}: not valid TOML ({exc})") from exc
    try:
        reps = [int(r) for r in raw["reps"]]
        rows = {float(rpe): [float(v) for v in values] for rpe, values in raw["percent"].items()}
        name = str(raw["name"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(f"{path}: expected name, reps and [percent] rows ({exc})") from exc
    if tuple(reps) != CHART_REPS or tuple(sorted(rows)) != CHART_RPES:
        raise ValueError(f"{path}: needs reps 1-12 and RPE rows 6.5-10 in halves")
    for rpe, values in rows.items():
        if len(values) != len(reps):
            raise ValueError(f"{path}: RPE {rpe:g} has {len(values)} values, not {len(reps)}")
        if any(b >= a for a, b in itertools.pairwise(values)):
            raise ValueError(f"{path}: RPE {rpe:g} must fall as reps rise")
    for lower, higher in itertools.pairwise(CHART_RPES):
        if any(lo >= hi for lo, hi in zip(rows[lower], rows[higher], strict=True)):
            raise ValueError(f"{path}: RPE {lower:g} must be below RPE {higher:g} at every rep")
    if rows[10.0][0] != 100.0:
        raise ValueError(f"{path}: one rep at RPE 10 is 100% by definition")
    table = {(r, rpe): rows[rpe][i] for rpe in rows for i, r in enumerate(reps)}
    return RpeChart(name=name, table=table)


def shown(estimate: float) -> float:
    """An estimated 1RM as the bot states it, to a tenth: /progress and /records say the same
    number, and an estimate has no hundredths to tell."""
    return round(estimate, 1)


def epley(weight: float, reps: int) -> float:
    """Epley's estimate: weight × (1 + reps / 30)."""
    return weight * (1 + reps / 30)


def gives_estimate(reps: int) -> bool:
    """Whether a set of `reps` gives an estimated 1RM at all (`MAX_ESTIMATE_REPS`)."""
    return reps <= MAX_ESTIMATE_REPS


def common_method(sets: Iterable[tuple[int, float | None]], *, chart: RpeChart) -> Method:
    """The one method to estimate a group of sets (reps, RPE) by, to compare like with like: the RTS
    chart when every set that gives an estimate lies inside it, Epley's formula otherwise (it reads
    every such set)."""
    inside = all(chart.percent(reps, rpe) is not None for reps, rpe in sets if gives_estimate(reps))
    return "rts" if inside else "epley"


def estimate_by(method: Method, weight_kg: float, reps: int, rpe: float | None, *, chart: RpeChart) -> float:
    """Estimated 1RM by `method`, for a set that `gives_estimate` (and, for "rts", lies inside the chart)."""
    if method == "epley":
        return epley(weight_kg, reps)
    percent = chart.percent(reps, rpe)
    if percent is None:
        raise ValueError(f"{reps} reps at RPE {rpe} lie outside the chart")
    return weight_kg / (percent / 100)
