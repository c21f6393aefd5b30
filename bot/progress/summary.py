"""What `/progress` shows: one chart point per session and a short text summary.

Pure. Loads are shown in the lifter's unit; the estimated 1RM of a session is the best
estimate among its sets (RTS chart where it applies, Epley otherwise).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from bot.logbook.sessions import LoggedEntry, Session, group_sessions
from bot.logbook.units import Unit, from_kg
from bot.logbook.units import format_number as format_load
from bot.progress.charts import ProgressPoint, render_progress_png
from bot.progress.e1rm import METHOD_LABELS, RpeChart, estimate_1rm

WINDOW_DAYS = 28  # "the last 4 weeks", today included


def progress_points(sessions: Sequence[Session], unit: Unit, *,
                    chart: RpeChart | None = None) -> list[ProgressPoint]:
    """One point per session: top-set load and best estimated 1RM, in `unit`."""
    points = []
    for session in sorted(sessions, key=lambda s: s.day):
        estimates = [estimate_1rm(e.weight_kg, e.reps, e.rpe, chart=chart)
                     for e in session.entries]
        best_kg, method = max(estimates, key=lambda pair: pair[0])
        points.append(ProgressPoint(session.day, session.load_in(unit),
                                    from_kg(best_kg, unit), method))
    return points


def _load(value: float, unit: Unit) -> str:
    return f"{format_load(value)} {unit}" if value > 0 else "bodyweight"


def _change(before: float, after: float, unit: Unit) -> str:
    delta = after - before
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    return (f"{format_load(before)} → {format_load(after)} {unit} "
            f"({sign}{format_load(abs(delta))} {unit})")


def summarize(sessions: Sequence[Session], today: date, unit: Unit, *,
              chart: RpeChart | None = None) -> str:
    """Sessions logged, the best set, and the change over the last 4 weeks, one line each."""
    if not sessions:
        return "No sessions logged yet."
    ordered = sorted(sessions, key=lambda s: s.day)
    points = progress_points(ordered, unit, chart=chart)
    count = len(ordered)
    lines = [f"{count} session{'s' if count != 1 else ''} logged since "
             f"{ordered[0].day.isoformat()}."]
    best = max(ordered, key=lambda s: (s.working_load_kg, s.top.reps))
    best_point = points[ordered.index(best)]
    lines.append(f"Best set: {_load(best.load_in(unit), unit)} × {best.top.reps} on "
                 f"{best.day.isoformat()}" + (
                     f" (estimated 1RM {format_load(round(best_point.e1rm, 1))} {unit}, "
                     f"{METHOD_LABELS[best_point.method]})." if best_point.e1rm > 0 else "."))
    start = today - timedelta(days=WINDOW_DAYS - 1)
    recent = [p for p in points if start <= p.day <= today]
    if len(recent) < 2:
        lines.append("Last 4 weeks: " + ("no sessions." if not recent else
                                         "one session, not enough to show a change."))
    else:
        first, last = recent[0], recent[-1]
        text = f"Last 4 weeks ({len(recent)} sessions): top-set load " + _change(
            first.top_load, last.top_load, unit)
        if first.e1rm > 0 and last.e1rm > 0:
            text += "; estimated 1RM " + _change(round(first.e1rm, 1), round(last.e1rm, 1), unit)
        lines.append(text + ".")
    return "\n".join(lines)


@dataclass(frozen=True)
class ProgressReport:
    """What /progress answers: the summary, and a PNG when there is a trend of loads to draw."""

    sessions: int
    summary: str
    bodyweight_only: bool
    png: bytes | None


def progress_report(entries: Sequence[LoggedEntry], *, unit: Unit, today: date, title: str) -> ProgressReport:
    """Sessions, summary and (from 2 sessions with a load) the chart, for one variant's entries.

    Meant for the chart worker process: a long history is enough pure-Python work to stall the
    event loop, so grouping and summarising go there along with the drawing.
    """
    found = group_sessions(entries)
    summary = summarize(found, today, unit)
    bodyweight_only = bool(found) and all(s.working_load_kg <= 0 for s in found)
    png = None
    if len(found) >= 2 and not bodyweight_only:
        png = render_progress_png(progress_points(found, unit), unit=unit, title=title)
    return ProgressReport(len(found), summary, bodyweight_only, png)
