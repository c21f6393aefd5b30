"""Every /log and /nudge reply fits a Discord message, whatever two nudges the engine gives: the
longest wording of each (plans named by their day, the lb/kg wording, big numbers), after the
longest stored line (a 200-character note that escaping doubles) and the longest rep record line.
Pairs the engine may never give are in too: the guard is the renderer's, not the rules'."""

from __future__ import annotations

import itertools
import re
from datetime import date

import pytest

from bot.interactions import limits
from bot.logbook.entries import MAX_NOTE, NewEntry, Preferences
from bot.logbook.units import to_kg
from bot.nudges import remark_words, step_words
from bot.nudges.advice import Advice, Target
from bot.nudges.citations import Citations, log_reply_advice, nudge_report
from bot.progress.records import MORE, RepRecord
from cogs.logbook.stored_reply import stored_with_advice
from tests.content import shipped_content
from tests.nudges.helpers import parse
from tests.nudges.test_citations import every_nudge

CITES = Citations.from_guide(shipped_content().guide)
DAY = date(2026, 3, 2)
PLAN = step_words.PlanSource(7, 5, DAY)  # a plan capped at 5, named by its day
LONGEST = [
    *every_nudge(),
    step_words.back_off(loaded=True, cut=False, plan=PLAN), step_words.back_off(loaded=False, plan=PLAN),
    step_words.hold_rpe10(loaded=False, plan=PLAN), step_words.fewer_sets(4, 7, 5, going_on=True, had_on=DAY),
    step_words.add_load(2.5, "kg", settings=(1.25, "lb")),
    remark_words.same_sets(12, "single-leg", (100, 99, 98, 97, 96, 95, 94, 93), 2199.75, "lb"),
    remark_words.same_sets(12, "single-leg", tuple(range(100, 0, -1)), 2199.75, "lb"),
    remark_words.logged_twice(parse("2199.75lbx100x20", DAY, "single-leg", 1, 1), 20),
    remark_words.outside_default(many_sets=True, reps_outside=True, rep_low=1, rep_high=30, every=True),
]  # fmt: skip
TARGET = Target(2199.75, "lb", 100, 20, 100, 20)  # "20 × 100 reps at 2199.75 lb, plus your 20 lighter sets"
# Every character escaped ("\_"), so the note shows twice as long as typed.
ENTRY = NewEntry(date(2026, 2, 1), "single-leg", 20, 100, 2199.75, "lb", 9.5, "_*" * (MAX_NOTE // 2))
RECORD = RepRecord(100, 2199.75, "lb", MORE + 78, 2195.25, DAY, "995.75 kg")
PREFS = Preferences(unit="lb", rep_low=1, rep_high=30, increment_kg=to_kg(1.25, "lb"))
PAIRS = list(itertools.permutations(LONGEST, 2))


def cited(text: str) -> int:
    return len(re.findall(r"\(guide: [^)]+\)", text))


def test_the_worst_pairs_did_not_fit_before_the_short_form() -> None:
    """Not a tautology: some pairs would not fit whole after the longest stored line."""
    head = stored_with_advice(ENTRY, Advice(None), CITES, RECORD)  # the stored line and the record, then "\n"
    whole = [len(head + log_reply_advice(Advice(TARGET, pair, DAY), CITES, room=10**6)) for pair in PAIRS]
    assert max(whole) > limits.CONTENT


@pytest.mark.parametrize("backdated", [False, True])
def test_every_log_reply_fits_a_message_and_cites_every_nudge(backdated: bool) -> None:
    after = DAY if backdated else ENTRY.performed_on
    for first, second in PAIRS:
        text = stored_with_advice(ENTRY, Advice(TARGET, (first, second), after), CITES, RECORD)
        assert len(text) <= limits.CONTENT, (first.id, second.id, len(text))
        assert f"• {first.text} (guide: " in text  # the nudge that set the target, whole
        assert second.brief in text
        assert cited(text) == 2


def test_a_log_reply_past_its_room_tells_the_second_nudge_in_its_first_sentence() -> None:
    add_load = step_words.add_load(2.5, "kg", settings=(1.25, "lb"))
    back_off = step_words.back_off(loaded=True, cut=False, plan=PLAN)
    text = stored_with_advice(ENTRY, Advice(TARGET, (add_load, back_off), DAY), CITES, RECORD)
    assert f"\n• {add_load.text} (guide: Progress it without chasing the biggest plate stack)\n" in text
    assert text.endswith(
        "\n• Reps fell at the same load two sessions running, and one increment off would cut more than this bot's "
        "default back-off of 5–10%, so hold this load next time and build back up, with 5 sets as the plan: your "
        "session on 2026-03-02 had 7 (this bot plans 5 at most). (guide: Progress it without chasing the biggest "
        "plate stack; the rest: `/nudge variant:single-leg`)")
    short = NewEntry(DAY, "single-leg", 3, 10, 100, "kg", None, "ok")
    roomy = stored_with_advice(short, Advice(TARGET, (add_load, back_off), DAY), CITES)
    assert roomy.endswith(f"• {back_off.text} (guide: Progress it without chasing the biggest plate stack)")


def test_every_nudge_report_fits_a_message_and_cites_every_nudge() -> None:
    for pair in PAIRS:
        text = nudge_report(Advice(TARGET, pair, DAY), CITES, PREFS, variant="single-leg")
        assert len(text) <= limits.CONTENT, ([n.id for n in pair], len(text))
        assert text.count("(guide: *") == 2
        assert all(f"• {nudge.text}\n" in text for nudge in pair)


def test_a_nudge_report_past_its_room_names_the_sections_instead_of_quoting_them() -> None:
    pair = (step_words.back_off(loaded=True, cut=False, plan=PLAN),
            step_words.fewer_sets(4, 7, 5, going_on=True, had_on=DAY))
    quoted = nudge_report(Advice(TARGET, pair, DAY), CITES, PREFS, variant="single-leg")
    assert "> “Add load or reps only when you can finish the planned sets" in quoted  # room for it: quoted
    text = nudge_report(Advice(TARGET, pair, DAY), CITES, PREFS, variant="single-leg", room=len(quoted) - 1)
    assert "> (guide: *Progress it without chasing the biggest plate stack*)\n• This session has 4 sets" in text
    assert "“" not in text
    assert all(f"• {nudge.text}\n" in text for nudge in pair)
