"""Records: a lifter's best set per rep count and best estimated 1RM, per variant and setup.

Pure. The database hands over, for each variant, setup, rep count and RPE, the heaviest set
(`BestSet`, found through an index: see `bot.db.records_sql.record_sets`); this module picks the
records from them. A record compares like with like, as the nudges do: the same variant, the
same setup and the same number of reps. Rep counts 1 to 20 each have their own record; sets of
more reps share one ("21+"), won by the heaviest. Bodyweight sets (load 0) set no record.
Among equal loads the first time counts (the earliest day, then the first logged). The best
estimated 1RM of a variant and setup compares its sets by one method (`e1rm.common_method`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from bot.logbook.units import SAME_LOAD_KG, format_weight, from_kg, to_kg
from bot.progress.e1rm import Method, RpeChart, common_method, estimate_by, gives_estimate

MAX_REP_BUCKET = 20  # rep counts with a record of their own
MORE = MAX_REP_BUCKET + 1  # the bucket of every set with more reps


@dataclass(frozen=True)
class BestSet:
    """One stored set as records read it: the heaviest of its variant, setup, reps and RPE."""

    variant: str
    setup_id: int | None
    reps: int
    rpe: float | None
    weight: float
    unit: str
    weight_kg: float
    day: date
    entry_id: int

    def load_in(self, unit: str) -> float:
        """The load in `unit`: as entered when the units match, converted otherwise."""
        return self.weight if self.unit == unit else from_kg(self.weight_kg, unit)


@dataclass(frozen=True)
class OneRepMax:
    """The best estimated 1RM (in kg) of a variant and setup, and the set it comes from."""

    kg: float
    method: Method
    source: BestSet


@dataclass(frozen=True)
class SetupRecords:
    """One variant on one setup: the best set of each rep bucket (1–20, `MORE`) and the best e1RM."""

    variant: str
    setup_id: int | None
    setup: str | None  # the setup's description; None when the sets were logged without one
    by_reps: tuple[tuple[int, BestSet], ...]
    one_rep_max: OneRepMax | None


@dataclass(frozen=True)
class RepRecord:
    """A set just logged that beat the previous best of its rep count (same variant and setup)."""

    reps: int
    weight: float
    unit: str
    previous_reps: int
    previous_weight: float  # in `unit`
    previous_day: date
    previous_logged: str | None = None  # "230 lb", when the previous best was logged in another unit

    def line(self, *, jumped: bool, as_of: date | None = None) -> str:
        """The /log reply's line for it. A heavier set at the same reps on the same setup is
        progress on the guide's condition (the same range, the top position, control, no bounce, no
        soreness or fatigue carried into the work that matters more),
        which the line says the log cannot show; when the load jumped, the jump nudge that follows
        (citing the guide's "Progress it without chasing the biggest plate stack") has the last
        word, so the line claims none.
        A set logged for a day before later sessions (`as_of` that day) was a record as of then:
        a later one may have beaten it since."""
        more = self.reps > MAX_REP_BUCKET
        title = f"Rep record ({MORE}+ reps)" if more else "Rep record"
        if as_of is not None:
            title += f" as of {as_of.isoformat()}"
        before = format_weight(self.previous_weight, self.unit)
        if self.previous_logged:
            before += f" (logged as {self.previous_logged})"
        if more:
            before = f"{self.previous_reps} reps at {before}"
        head = (f"**{title}:** {self.reps} reps at {format_weight(self.weight, self.unit)}, "
                f"up from {before} on {self.previous_day.isoformat()}.")
        if jumped:
            return head + " The load jumped, though: read the note below before building on it."
        return head + (" Same reps, same setup, more load: progress, as long as you kept the same range and top "
                       "position, with control, no bounce and no soreness or fatigue carried into the work that "
                       "matters more, which your log cannot show.")


def bucket(reps: int) -> int:
    """The rep count a set's record is kept under: itself up to 20, else `MORE`."""
    return reps if reps <= MAX_REP_BUCKET else MORE


def _first_heaviest(candidate: BestSet) -> tuple[float, int, int, int]:
    # Heaviest first; in the 21+ bucket, more reps at that load; then the earliest, first logged.
    return (-candidate.weight_kg, -candidate.reps, candidate.day.toordinal(), candidate.entry_id)


def _setup_records(sets: Sequence[BestSet], setup: str | None, chart: RpeChart) -> SetupRecords:
    buckets: dict[int, BestSet] = {}
    for candidate in sorted(sets, key=_first_heaviest):
        buckets.setdefault(bucket(candidate.reps), candidate)
    # The best estimate is picked among estimates by one method, like with like: the RTS chart reads
    # 12 reps at RPE 8 as 1.6 times the load, Epley reads 8 reps without an RPE as 1.27 times.
    estimable = [s for s in sorted(sets, key=_first_heaviest) if gives_estimate(s.reps)]
    method = common_method(((s.reps, s.rpe) for s in estimable), chart=chart)
    estimates = [OneRepMax(estimate_by(method, s.weight_kg, s.reps, s.rpe, chart=chart), method, s) for s in estimable]
    best = max(estimates, key=lambda e: e.kg, default=None)  # max keeps the first of equals
    first = sets[0]
    return SetupRecords(first.variant, first.setup_id, setup, tuple(sorted(buckets.items())), best)


def build_records(
    sets: Iterable[BestSet], setups: Mapping[int, str], *, chart: RpeChart, variants: Sequence[str],
    current_setup_id: int | None = None,
) -> list[SetupRecords]:  # fmt: skip
    """The records of every variant and setup in `sets`, in the order of `variants`; within a
    variant the current setup first, then newer setups before older, sets without a setup last."""
    groups: dict[tuple[str, int | None], list[BestSet]] = {}
    for best in sets:
        if best.weight_kg > 0:
            groups.setdefault((best.variant, best.setup_id), []).append(best)
    rank = {variant: i for i, variant in enumerate(variants)}

    def order(key: tuple[str, int | None]) -> tuple[int, int, int]:
        variant, setup_id = key
        return (rank.get(variant, len(rank)), setup_id != current_setup_id or setup_id is None,
                -(setup_id or 0))

    return [
        _setup_records(groups[key], setups.get(key[1]) if key[1] is not None else None, chart)
        for key in sorted(groups, key=order)
    ]


def rep_record(weight: float, unit: str, reps: int, previous: BestSet | None) -> RepRecord | None:
    """The record a set just logged sets, if it is heavier than the previous best of its rep
    bucket on the same variant and setup (`previous`; None when there is none: a first set at
    these reps is a baseline, not a record)."""
    weight_kg = to_kg(weight, unit)
    if previous is None or weight_kg <= 0 or weight_kg <= previous.weight_kg + SAME_LOAD_KG:
        return None
    logged = format_weight(previous.weight, previous.unit) if previous.unit != unit else None
    return RepRecord(reps, weight, unit, previous.reps, previous.load_in(unit), previous.day, logged)
