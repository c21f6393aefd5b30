"""The /progress text summary and chart points, from hand-built sessions."""

from __future__ import annotations

import math
from datetime import date, timedelta

import pytest

from bot.logbook.sessions import Session, group_sessions
from bot.progress.charts import render_progress_png
from bot.progress.summary import draws_chart, progress_points, progress_report, summarize
from tests.content import shipped_content
from tests.nudges.helpers import DAY0, History, sessions
from tests.progress.test_charts import png_size

CHART = shipped_content().rts_chart


def test_points_take_the_top_set_and_the_best_estimate() -> None:
    found = group_sessions(sessions(("100x10x2@8", "90x12@9"), "225lbx8"))
    first, second = progress_points(found, "kg", chart=CHART)
    assert first.top_load == 100
    assert first.e1rm == pytest.approx(100 * (1 + 10 / 30))  # 10 beats 90 × 12 (90 * 1.4)
    assert second.top_load == pytest.approx(102.058, abs=1e-3)
    assert first.method == second.method == "epley"  # one method: the second has no RPE
    [charted] = progress_points(found[:1], "kg", chart=CHART)
    assert charted.method == "rts"
    assert charted.e1rm == pytest.approx(100 / 0.680)  # 10 @ 8 beats 90 × 12 @ 9 (90 / 0.653)
    assert progress_points(found, "lb", chart=CHART)[1].top_load == 225  # as entered


def test_a_session_of_only_high_rep_sets_has_no_estimate() -> None:
    found = group_sessions(sessions("100x10x3", "100x50", ("100x12", "80x40")))
    first, second, third = progress_points(found, "kg", chart=CHART)
    assert first.e1rm == pytest.approx(100 * (1 + 10 / 30))
    assert math.isnan(second.e1rm)  # a gap in the chart's line, not a 266.7 kg point
    assert third.e1rm == pytest.approx(140)  # from the 12, not the 40
    assert "estimated 1RM" not in summarize(found[1:2], DAY0, "kg", chart=CHART)
    assert png_size(render_progress_png([first, second, third], unit="kg", subject="t")) == (1200, 600)
    assert png_size(render_progress_png([second, second], unit="kg", subject="t")) == (1200, 600)


def test_summary_counts_best_set_and_the_last_four_weeks() -> None:
    history = History()
    history.session("90x10x3@8")                      # DAY0: outside the 4 weeks
    for spec in ("100x10x3@8", "100x12x3@8", "102.5x10x3@8"):
        history.session(spec, gap_days=10)
    found = group_sessions(history.entries)
    today = DAY0 + timedelta(days=31)
    text = summarize(found, today, "kg", chart=CHART)
    lines = text.splitlines()
    assert lines[0] == "4 sessions logged since 2026-01-05, all on one setup."
    assert lines[1] == ("Best set: 102.5 kg × 10 on 2026-02-04 "
                        "(estimated 1RM 150.7 kg, RTS RPE chart).")
    assert lines[2] == ("Last 4 weeks (3 sessions): top-set load 100 → 102.5 kg (+2.5 kg); "
                        "estimated 1RM 147.1 → 150.7 kg (+3.6 kg), both by the RTS RPE chart.")


def test_summary_with_few_recent_sessions() -> None:
    found = group_sessions(sessions("100x10x3@8", "100x11x3@8"))
    assert summarize(found, date(2026, 6, 1), "kg", chart=CHART).endswith("Last 4 weeks: no sessions.")
    assert summarize(found[:1], DAY0, "kg", chart=CHART).splitlines()[0] == "1 session, on 2026-01-05."
    assert summarize(found[:1], DAY0, "kg", chart=CHART).endswith(
        "Last 4 weeks: one session, not enough to show a change.")
    assert summarize([], DAY0, "kg", chart=CHART) == "No sessions logged yet."


def test_summary_in_pounds_and_bodyweight() -> None:
    found = group_sessions(sessions("225lbx10x3@8", "215lbx10x3@8"))
    text = summarize(found, DAY0 + timedelta(days=2), "lb", chart=CHART)
    assert "top-set load 225 → 215 lb (−10 lb)" in text
    bodyweight = group_sessions(sessions("0x15x3@8", "0x18x3@8"))
    text = summarize(bodyweight, DAY0 + timedelta(days=2), "kg", chart=CHART)
    assert "Best set: bodyweight × 18 on 2026-01-07." in text
    assert "Last 4 weeks (2 sessions): top set 15 → 18 reps at bodyweight (+3 reps)." in text  # not "0 → 0 kg"
    mixed = group_sessions(sessions("100x10x3@8", "110x10x3@8", "0x30"))
    text = summarize(mixed, DAY0 + timedelta(days=10), "kg", chart=CHART)
    assert "top-set load 100 → 110 kg (+10 kg)" in text  # not "100 → 0 kg": bodyweight is no load
    text = summarize(mixed[1:], DAY0 + timedelta(days=10), "kg", chart=CHART)
    assert "Last 4 weeks (2 sessions): one with a load, not enough to show a change in load." in text
    points = progress_points(mixed, "kg", chart=CHART)
    assert png_size(render_progress_png(points, unit="kg", subject="t")) == (1200, 600)  # a gap, drawn


def test_report_draws_only_a_trend_of_loads() -> None:
    def report(*specs: str):
        return progress_report(sessions(*specs), unit="kg", today=DAY0 + timedelta(days=10), subject="t",
                               chart=CHART)

    one = report("100x10x3@8")
    assert (one.sessions, one.png, one.bodyweight_only) == (1, None, False)
    assert one.summary.startswith("1 session, on ")
    bodyweight = report("0x15x3", "0x16x3")
    assert (bodyweight.sessions, bodyweight.png, bodyweight.bodyweight_only) == (2, None, True)
    two = report("100x10x3@8", "102.5x10x3@8")
    assert two.png is not None
    assert png_size(two.png) == (1200, 600)
    # What /progress checks before its cooldown, without drawing: the same answer.
    assert [draws_chart(sessions(*specs)) for specs in (("100x10x3@8",), ("0x15x3", "0x16x3"),
            ("0x15x3", "20x10"), ("100x10x3@8", "102.5x10x3@8"))] == [False, False, True, True]


def test_summary_compares_like_with_like_on_the_current_setup() -> None:
    # Review F16: three sessions on three setups read as "140 -> 60 kg (-80 kg)".
    history = History()
    history.session("140x10x3@8", setup=1)
    history.session("100x10x3@8", setup=2, gap_days=7)
    history.session("60x12x3@8", setup=3, gap_days=7)
    history.session("62.5x10x3@8", setup=3, gap_days=3)
    text = summarize(group_sessions(history.entries), DAY0 + timedelta(days=20), "kg", chart=CHART)
    lines = text.splitlines()
    assert lines[0] == ("4 sessions logged since 2026-01-05, on 3 setups. Like with like, the lines below "
                        "read only the 2 sessions on the setup you logged on last, the first on 2026-01-19.")
    assert lines[1].startswith("Best set: 62.5 kg × 10 on 2026-01-22")
    assert lines[2].startswith("Last 4 weeks (2 sessions): top-set load 60 → 62.5 kg (+2.5 kg)")
    assert "140" not in text


def test_going_back_to_an_old_setup_reads_its_own_sessions_as_the_nudges_do() -> None:
    # QA: going back to an earlier setup read as one session "since" the return.
    history = History()
    history.session("140x10x3@8", setup=1)
    history.session("100x10x3@8", setup=2)
    history.session("120x10x3@8", setup=1)
    text = summarize(group_sessions(history.entries), DAY0 + timedelta(days=4), "kg", chart=CHART)
    assert "read only the 2 sessions on the setup you logged on last, the first on 2026-01-05." in text
    assert "Last 4 weeks (2 sessions): top-set load 140 → 120 kg (−20 kg)" in text
    assert "100" not in text


def test_the_change_in_estimated_1rm_reads_both_ends_by_one_method() -> None:
    """QA: "top-set load 105 → 110 kg (+5 kg); estimated 1RM 142.1 → 139.3 kg": RTS at the start, Epley at the end."""
    found = group_sessions(sessions("105x8x3@8", "105x12x3@8", "110x8x3"))
    text = summarize(found, DAY0 + timedelta(days=5), "kg", chart=CHART)
    assert text.endswith("Last 4 weeks (3 sessions): top-set load 105 → 110 kg (+5 kg); estimated 1RM 133 → 139.3 kg "
                         "(+6.3 kg), both by the Epley formula.")
    charted = group_sessions(sessions("105x8x3@8", "110x8x3@8.5"))
    assert summarize(charted, DAY0 + timedelta(days=5), "kg", chart=CHART).endswith(
        "estimated 1RM 142.1 → 146.5 kg (+4.4 kg), both by the RTS RPE chart.")


def test_one_summary_gives_one_estimate_a_session() -> None:
    """Review: "Best set: 110 kg × 8 (estimated 1RM 148.8 kg, RTS RPE chart)" then "126.7 → 139.3 kg,
    both by the Epley formula": two estimates of one session in one reply."""
    found = group_sessions(sessions("100x8x3", "110x8x3@8"))
    lines = summarize(found, DAY0 + timedelta(days=2), "kg", chart=CHART).splitlines()
    assert lines[1] == "Best set: 110 kg × 8 on 2026-01-07 (estimated 1RM 139.3 kg, Epley formula)."
    assert lines[2].endswith("estimated 1RM 126.7 → 139.3 kg (+12.6 kg), both by the Epley formula.")
    assert {p.method for p in progress_points(found, "kg", chart=CHART)} == {"epley"}


def test_a_change_too_small_to_show_is_no_gain() -> None:
    """225 lb, then 102.06 kg: 0.0017 kg apart, shown as the same load, so "±0 kg", not "+0 kg"."""
    found = group_sessions(sessions("225lbx10x3@8", "102.06x10x3@8"))
    text = summarize(found, DAY0 + timedelta(days=3), "kg", chart=CHART)
    assert "top-set load 102.06 → 102.06 kg (±0 kg);" in text.splitlines()[2]


def _mixed_day(*today: tuple[str, int]) -> list[Session]:
    """3 × 10 on setup 1 three days apart, the last today (2026-01-11), then /setup and the sets
    `today` (spec, setup), in that order, the same day: as the nudges' engine cases."""
    history = History()
    for gap, spec in ((0, "95x10x3@8"), (3, "99x10x3@8"), (3, "99x10x3")):
        history.session(spec, setup=1, gap_days=gap)
    for spec, setup in today:
        history.session(spec, setup=setup, gap_days=0)
    return group_sessions(history.entries)


MIXED_TODAY = DAY0 + timedelta(days=6)


def test_a_heavier_set_on_a_new_setup_the_same_day_is_its_own_session() -> None:
    """A day on two setups grouped as one session: the old setup's sets of the day were counted as
    the new setup's (their missing RPE made its 150 kg × 6 at RPE 8 an Epley estimate, 180 kg) and
    left out of the count of sessions."""
    text = summarize(_mixed_day(("150x6@8", 2)), MIXED_TODAY, "kg", chart=CHART)
    lines = text.splitlines()
    assert lines[0] == ("4 sessions logged since 2026-01-05, on 2 setups. Like with like, the lines below read "
                        "only the 1 session on the setup you logged on last, the first on 2026-01-11.")
    assert lines[1] == "Best set: 150 kg × 6 on 2026-01-11 (estimated 1RM 190.8 kg, RTS RPE chart)."
    assert lines[2] == "Last 4 weeks: one session, not enough to show a change."


def test_a_lighter_set_on_a_new_setup_the_same_day_makes_it_the_current_setup() -> None:
    """The day's heaviest set chose its setup: 60 kg on the new setup after 99 kg on the old one
    read as the old setup's lighter set, and the summary was the old setup's."""
    text = summarize(_mixed_day(("60x10@8", 2)), MIXED_TODAY, "kg", chart=CHART)
    lines = text.splitlines()
    assert lines[0] == ("4 sessions logged since 2026-01-05, on 2 setups. Like with like, the lines below read "
                        "only the 1 session on the setup you logged on last, the first on 2026-01-11.")
    assert lines[1] == "Best set: 60 kg × 10 on 2026-01-11 (estimated 1RM 88.2 kg, RTS RPE chart)."
    assert lines[2] == "Last 4 weeks: one session, not enough to show a change."
    assert "99" not in text


def test_back_on_the_old_setup_the_same_day_it_is_the_current_setup_again() -> None:
    """The day's 150 kg set on another setup in between chose that setup for the whole day, so
    the summary read a single session on it; the setup logged on last is the lifter's now."""
    found = _mixed_day(("150x6@8", 2), ("100x10", 1))
    text = summarize(found, MIXED_TODAY, "kg", chart=CHART)
    lines = text.splitlines()
    assert lines[0] == ("4 sessions logged since 2026-01-05, on 2 setups. Like with like, the lines below read "
                        "only the 3 sessions on the setup you logged on last, the first on 2026-01-05.")
    assert lines[1] == "Best set: 100 kg × 10 on 2026-01-11 (estimated 1RM 133.3 kg, Epley formula)."
    assert lines[2] == ("Last 4 weeks (3 sessions): top-set load 95 → 100 kg (+5 kg); estimated 1RM 126.7 → "
                        "133.3 kg (+6.6 kg), both by the Epley formula.")
    assert "150" not in text
    # The chart draws every day, whatever its setup, at the day's top set: one point for the mixed day.
    points = progress_points(found, "kg", chart=CHART)
    assert [(p.day.day, p.top_load) for p in points] == [(5, 95), (8, 99), (11, 150)]
    report = progress_report([e for s in found for e in s.entries], unit="kg", today=MIXED_TODAY, subject="t",
                             chart=CHART)
    assert (report.sessions, report.summary) == (4, text)
    assert report.png is not None


def test_one_day_on_two_setups_is_two_sessions_and_no_chart() -> None:
    history = History()
    history.session("100x10x3@8", setup=1)
    history.session("60x10@8", setup=2, gap_days=0)
    report = progress_report(history.entries, unit="kg", today=DAY0, subject="t", chart=CHART)
    assert (report.sessions, report.png) == (2, None)  # a chart draws a point a day: one, no trend
    assert report.summary.startswith("2 sessions logged since 2026-01-05, on 2 setups. Like with like, the lines "
                                     "below read only the 1 session on the setup you logged on last, the first on "
                                     "2026-01-05.")
    assert "Best set: 60 kg × 10 on 2026-01-05" in report.summary
