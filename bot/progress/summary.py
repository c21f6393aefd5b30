"""What `/progress` shows: one chart point per day and a short text summary.

Pure. Loads are shown in the lifter's unit; the estimated 1RM of a session is the best
estimate among its sets, every session of a summary (or a chart) by one method (the RTS chart
where every set lies inside it, Epley otherwise), which it names. The chart shows every day
logged, whatever its setup, a day's top set (a day on two setups, a /setup between its sets,
is one point: the chart compares no setups). The summary compares only sessions on the setup
logged on last (like with like), wherever other setups came between them, reading sessions as the
nudges do: a day on two setups is a session on each, the setup logged on last the latest. It
names that setup as the one logged on last, never "your current setup": that is the one chosen
with /setup (as /setup and /records say), which may have no session yet, or be another one.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.interactions.counts import counted
from bot.logbook.sessions import LoggedEntry, Session, by_setup, group_sessions, latest_setup_sessions
from bot.logbook.units import Unit, format_number, from_kg
from bot.progress.charts import ProgressPoint, render_progress_png
from bot.progress.e1rm import (
    METHOD_LABELS,
    RpeChart,
    common_method,
    estimate_by,
    gives_estimate,
    shown,
)

WINDOW_DAYS = 28  # "the last 4 weeks", today included


def progress_points(sessions: Sequence[Session], unit: Unit, *, chart: RpeChart) -> list[ProgressPoint]:
    """One point per session (the chart's are `group_sessions`', a day each): top-set load and best
    estimated 1RM, in `unit` (NaN, a gap in the chart's line, for a session whose sets all have too
    many reps to estimate one). Every estimate is by one method, `common_method` over all the
    sessions' sets, so no session is read by one method beside another read by the other (a
    session with an RPE and one without would read a heavier session as a drop). Bodyweight sets
    estimate nothing, so they choose no method either, as in /records: a bodyweight session
    without an RPE made every loaded session's estimate Epley's."""
    method = common_method(((e.reps, e.rpe) for s in sessions for e in s.entries if e.weight_kg > 0), chart=chart)
    points = []
    for session in sorted(sessions, key=lambda s: s.day):
        best_kg = max((estimate_by(method, e.weight_kg, e.reps, e.rpe, chart=chart) if e.weight_kg > 0 else 0.0
                       for e in session.entries if gives_estimate(e.reps)), default=math.nan)
        points.append(ProgressPoint(session.day, session.load_in(unit), from_kg(best_kg, unit), method))
    return points


def _load(value: float, unit: Unit) -> str:
    return f"{format_number(value)} {unit}" if value > 0 else "bodyweight"


def _change(before: float, after: float, unit: Unit) -> str:
    # The change between the numbers as shown (to hundredths), so it adds up: 100 kg then 105 kg in lb
    # read "220.46 → 231.49 lb (+11.02 lb)", the change of the unrounded 220.462 and 231.485.
    before, after = round(before, 2), round(after, 2)
    delta = after - before
    size = format_number(abs(delta))
    # Signed as it is shown: 225 lb then 102.06 kg differ by 0.0017 kg, "±0 kg", not "+0 kg".
    sign = "±" if size == "0" else "+" if delta > 0 else "−"
    return f"{format_number(before)} → {format_number(after)} {unit} ({sign}{size} {unit})"


def summarize(sessions: Sequence[Session], today: date, unit: Unit, *, chart: RpeChart) -> str:
    """Sessions logged, then the best set and the change over the last 4 weeks, one line each.

    Like with like, as the nudges compare: the best set and the change read only the sessions on
    the latest setup (those on other setups in between left out), and the first line says so when
    there were others. A day on two setups (a /setup between its sets) is a session on each, the
    setup logged on last the latest (`by_setup`, as the nudges read it), and the other setup's sets
    are neither counted as this one's nor left out of their own.

    `sessions` as `group_sessions` gives them (or `by_setup` splits them).
    """
    if not sessions:
        return "No sessions logged yet."
    ordered = sorted(by_setup(sessions), key=lambda s: s.day)  # stable: a day's sessions as by_setup orders them
    count = len(ordered)
    day = ordered[0].day.isoformat()
    first = f"{counted(count, 'session')} logged since {day}" if count > 1 else f"1 session, on {day}"
    current = latest_setup_sessions(ordered)
    if len(current) == count:
        lines = [f"{first}, all on one setup." if count > 1 else f"{first}."]
    else:
        setups = len({s.setup_id for s in ordered})
        lines = [f"{first}, on {counted(setups, 'setup')}. Like with like, the lines below read only the "
                 f"{counted(len(current), 'session')} on the setup you logged on last, the first on "
                 f"{current[0].day.isoformat()}."]
    points = progress_points(current, unit, chart=chart)
    best = max(current, key=lambda s: (s.working_load_kg, s.top.reps))
    best_point = points[current.index(best)]
    lines.append(f"Best set: {_load(best.load_in(unit), unit)} × {best.top.reps} on "
                 f"{best.day.isoformat()}" + (
                     f" (estimated 1RM {format_number(shown(best_point.e1rm))} {unit}, "
                     f"{METHOD_LABELS[best_point.method]})." if best_point.e1rm > 0 else "."))
    start = today - timedelta(days=WINDOW_DAYS - 1)
    recent = [p for p in points if start <= p.day <= today]
    reps = {s.day: s.top.reps for s in current}
    if len(recent) < 2:
        lines.append("Last 4 weeks: " + ("no sessions." if not recent else
                                         "one session, not enough to show a change."))
    else:
        # Loads change between loaded sessions: a bodyweight one among them is no drop to 0 kg.
        loaded = [p for p in recent if p.top_load > 0]
        text = f"Last 4 weeks ({len(recent)} sessions): "
        if not loaded:  # bodyweight only: the reps are what changed
            before, after = reps[recent[0].day], reps[recent[-1].day]
            sign = "+" if after > before else "−" if after < before else "±"
            text += f"top set {before} → {after} reps at bodyweight ({sign}{abs(after - before)} reps)"
        elif len(loaded) < 2:
            text += "one with a load, not enough to show a change in load"
        else:
            head, last = loaded[0], loaded[-1]
            text += "top-set load " + _change(head.top_load, last.top_load, unit)
            # Both ends by the method of every estimate in this summary (the best set's too).
            if not (math.isnan(head.e1rm) or math.isnan(last.e1rm)):
                text += (f"; estimated 1RM {_change(shown(head.e1rm), shown(last.e1rm), unit)}, both by the "
                         f"{METHOD_LABELS[last.method]}")
        lines.append(text + ".")
    return "\n".join(lines)


@dataclass(frozen=True)
class ProgressReport:
    """What /progress answers: the summary, and a PNG when there is a trend of loads to draw."""

    sessions: int  # as the summary counts them: a day on two setups is a session on each
    summary: str
    bodyweight_only: bool
    png: bytes | None


def draws_chart(entries: Sequence[LoggedEntry]) -> bool:
    """Whether /progress answers these entries (one variant's) with a chart: 2 days or more (a
    point each), and a load to draw. Otherwise it answers in text."""
    return len({e.day for e in entries}) >= 2 and any(e.weight_kg > 0 for e in entries)


def progress_report(
    entries: Sequence[LoggedEntry], *, unit: Unit, today: date, subject: str, chart: RpeChart
) -> ProgressReport:
    """Sessions, summary and (from 2 sessions with a load) the chart, for one variant's entries.

    Meant for the chart worker process: a long history is enough pure-Python work to stall the
    event loop, so grouping and summarising go there along with the drawing.
    """
    found = group_sessions(entries)  # a day each: the chart's points
    read = by_setup(found)  # a session per setup of a day on two: the summary's (which keeps them)
    summary = summarize(read, today, unit, chart=chart)
    bodyweight_only = bool(found) and all(s.working_load_kg <= 0 for s in found)
    png = None
    if draws_chart(entries):
        png = render_progress_png(progress_points(found, unit, chart=chart), unit=unit, subject=subject)
    return ProgressReport(len(read), summary, bodyweight_only, png)
