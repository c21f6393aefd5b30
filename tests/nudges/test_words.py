"""The words of the nudges, over many generated histories: never a number in the guide's mouth."""

from __future__ import annotations

import re
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.logbook.entries import Preferences
from bot.logbook.sessions import by_setup, group_sessions
from bot.logbook.units import format_number, step_in
from bot.nudges import remark_words, setup_words, step_words, words
from bot.nudges.advice import Advice
from bot.nudges.engine import advise, starting_advice
from bot.nudges.words import Nudge, describe_bot_defaults
from tests.nudges.cases import CASES
from tests.nudges.generated import VARIANTS, build, prefs_strategy, session_strategy
from tests.nudges.guide_words import problems
from tests.nudges.helpers import TODAY, parse
from tests.paths import GUIDE_SOURCE

SECTION_IDS = {
    "quick-answer", "what-this-does-not-prove", "start-with-the-job", "setup-repeatable",
    "progress-it", "pair-it", "example-hypertrophy", "example-back-fatigue",
    "example-powerlifter", "why-the-answer", "science-glute-function", "science-activation",
    "science-squat-trial", "science-menu", "limitations", "common-mistakes", "caveats",
    "decision-checkpoints", "who-for", "terms",
}
# The guide's text with its whitespace collapsed, for checking words given as the guide's.
GUIDE_TEXT = " ".join(GUIDE_SOURCE.read_text(encoding="utf-8").split())
# The guide's whole condition for adding load or reps ("Progress it"), fatigue clause included.
WHOLE_CONDITION = ("finish the planned sets without shortening the top position, losing control, turning "
                   "the movement into a bounce, or carrying soreness and fatigue into the work that "
                   "matters more")


def test_the_checker_catches_a_number_attributed_to_the_guide() -> None:
    assert problems("The guide says add 2.5 kg.")
    assert problems("Back off 5–10% next time.")
    assert problems("One. Two. Three.")
    assert not problems("Back off 5–10% (this bot's default). The guide's default is 2 to 5 sets.")


def check_advice(advice: Advice) -> None:
    assert 1 <= len(advice.nudges) <= 2
    assert len({n.id for n in advice.nudges}) == len(advice.nudges)
    for nudge in advice.nudges:
        assert nudge.section_id in SECTION_IDS
        assert problems(nudge.text) == [], nudge.id


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(session_strategy, min_size=0, max_size=6), prefs_strategy,
       st.sampled_from(VARIANTS), st.booleans())
def test_generated_histories_keep_the_rules(raw: list[tuple], prefs: Preferences,
                                            variant: str, going_on: bool) -> None:
    history = build(raw)
    # The lifter's today: the latest day logged (its session may be going on), or a later one.
    today = history[-1].day if going_on and history else TODAY
    advice = advise(history, prefs, variant=variant, today=today)
    check_advice(advice)
    mine = [s for s in by_setup(group_sessions(history)) if s.variant == variant]  # a session per setup
    if not mine:
        assert advice.target is None
        return
    latest, target = mine[-1], advice.target
    assert target is not None
    if target.load is not None:  # in the unit the load was logged in, whatever the settings' (QA)
        assert target.unit == latest.top.unit
    assert min(target.sets, target.reps) >= 1
    if advice.nudges[0].id in ("add-set", "unloaded-at-top", "unloaded-past-top"):
        assert target.reps <= prefs.rep_high, "no load to add never aims past the lifter's range"
    if target.load is None:
        return
    if target.load > latest.top.weight + 1e-6:
        # Never more load unless every set at the working load reached the top of the range (rule 4 only).
        assert all(e.reps >= prefs.rep_high for e in latest.working_entries)
        assert latest.variant != "banded"
        assert advice.nudges[0].id == "add-load"
    # Whole steps from the load lifted, as it was loaded, in its unit; the nudge names that step.
    step = step_in(target.unit, prefs.increment, prefs.unit)
    steps = (target.load - latest.top.weight) / step
    assert abs(steps - round(steps)) < 1e-6, "a suggested load is whole steps off the load lifted"
    if advice.nudges[0].id == "add-load":
        assert f"one increment more next time: {format_number(step)} {target.unit}" in advice.nudges[0].text


def every_nudge() -> list[Nudge]:
    """Each text builder with each of its shapes."""
    nudges = [*setup_words.start(None), *setup_words.start("smith"), setup_words.baseline("barbell"),
              setup_words.variant_changed("machine"), setup_words.setup_changed("bridge"),
              setup_words.setup_again("smith", date(2026, 3, 2)), setup_words.new_setup("barbell"),
              setup_words.new_setup("bridge", latest_without=True), setup_words.new_setup("machine", no_setup=True),
              step_words.plate_stack(), step_words.add_load(2.5, "kg"), step_words.add_load(5, "lb"),
              step_words.add_load(2.5, "kg", settings=(5, "lb")),
              step_words.add_set(), step_words.unloaded_at_top(), step_words.unloaded_past_top(15),
              step_words.repeat_load(), step_words.add_reps(15), remark_words.too_easy(),
              remark_words.same_sets(25, "barbell", (10,), 103.0, "kg"),
              remark_words.same_sets(3, "banded", (20, 18, 18), 0.0, "kg"),
              remark_words.logged_twice(parse("100x10x3", date(2026, 3, 2), "barbell", 1, 1), 2),
              remark_words.logged_twice(parse("225lbx8x2", date(2026, 3, 2), "barbell", 1, 1), 3)]
    for loaded in (True, False):
        nudges += [step_words.hold_rpe10(loaded=loaded), step_words.back_off(loaded=loaded)]
    nudges.append(step_words.back_off(loaded=True, cut=False))
    for many, outside in ((True, True), (True, False), (False, True)):
        for every in (False, True):
            nudges.append(remark_words.outside_default(many_sets=many, reps_outside=outside,
                                                       rep_low=8, rep_high=12, every=every))
    return nudges


def test_every_text_builder_keeps_the_rules() -> None:
    for nudge in every_nudge():
        assert problems(nudge.text) == [], nudge.id
        assert nudge.section_id in SECTION_IDS


def test_rule_cases_keep_the_rules() -> None:
    for case in CASES:
        check_advice(advise(case.history, case.prefs, variant=case.variant, today=TODAY))
    for variant in (None, "smith"):
        check_advice(starting_advice(variant))


def test_bot_defaults_are_stated_as_the_bots_own() -> None:
    text = describe_bot_defaults(rep_low=6, rep_high=15, increment=2.5, unit="kg")
    assert text.startswith("This bot's defaults, not the guide's:")
    assert "one increment (2.5 kg)" in text
    assert "back off 5–10%" in text
    assert "more than 10% above" in text


def test_every_nudge_that_names_the_guides_condition_states_all_of_it() -> None:
    # Review F12: "same range, full top position, control, no bounce" dropped the fatigue clause.
    assert WHOLE_CONDITION in GUIDE_TEXT
    naming = [n for n in every_nudge()
              if any(w in n.text for w in ("condition", "bounc", "losing control"))]
    assert {n.id for n in naming} >= {"add-load", "add-set", "add-reps", "hold-rpe10", "back-off"}
    for nudge in naming:
        assert WHOLE_CONDITION in nudge.text, nudge.id


def test_words_given_as_the_guides_are_the_guides_verbatim() -> None:
    # Review F13: "as the guide puts it:" introduced a paraphrase.
    for nudge in every_nudge():
        for quoted in re.findall(r"“([^”]+)”", nudge.text):
            assert quoted in GUIDE_TEXT, nudge.id
        for lead in re.finditer(r"as the guide puts it|in the guide's words", nudge.text, re.IGNORECASE):
            assert nudge.text[lead.end():].lstrip(" :,").startswith("“"), nudge.id


def test_each_nudge_kind_has_its_own_id() -> None:
    # Review F14 (d): the unloaded add-reps nudge shared "add-reps" with double progression.
    kinds = {
        "start": setup_words.start(None)[0], "start-setup": setup_words.start(None)[1],
        "baseline": setup_words.baseline("barbell"), "variant-changed": setup_words.variant_changed("machine"),
        "setup-changed": setup_words.setup_changed("bridge"),
        "setup-again": setup_words.setup_again("bridge", date(2026, 3, 2)),
        "new-setup": setup_words.new_setup("bridge"),
        "hold-rpe10": step_words.hold_rpe10(loaded=True),
        "back-off": step_words.back_off(loaded=True), "plate-stack": step_words.plate_stack(),
        "add-load": step_words.add_load(2.5, "kg"), "add-set": step_words.add_set(),
        "unloaded": step_words.unloaded_at_top(), "unloaded-past-top": step_words.unloaded_past_top(15),
        "repeat-load": step_words.repeat_load(),
        "add-reps": step_words.add_reps(15), "too-easy": remark_words.too_easy(),
        "same-sets": remark_words.same_sets(3, "barbell", (10, 10, 10), 100.0, "kg"),
        "logged-twice": remark_words.logged_twice(parse("100x10x3", date(2026, 3, 2), "barbell", 1, 1), 2),
        "fewer-sets": step_words.fewer_sets(1, 3, 3, going_on=True),
        "single-set": remark_words.single_set(going_on=True),
        "outside-default": remark_words.outside_default(many_sets=True, reps_outside=False, rep_low=6, rep_high=15),
    }
    ids = [n.id for n in kinds.values()]
    assert len(set(ids)) == len(kinds), ids


def test_a_bridge_baseline_asks_for_no_bench() -> None:
    assert "bench height" in setup_words.baseline("barbell").text
    assert "bench" not in setup_words.baseline("bridge").text
    assert "same foot position, range and top position" in setup_words.baseline("bridge").text


def test_how_to_start_a_bridge_asks_for_no_bench_either() -> None:
    """QA: the bridge's start nudge asked for the same bench height, which its baseline rightly leaves out."""
    assert "same bench height, foot position, range and top position" in setup_words.start("barbell")[1].text
    assert "same bench height, foot position, range and top position" in setup_words.start(None)[1].text
    assert "bench" not in setup_words.start("bridge")[1].text
    assert "same foot position, range and top position" in setup_words.start("bridge")[1].text


def test_reps_outside_the_guides_default_inside_the_lifters_range() -> None:
    alone = remark_words.outside_default(many_sets=False, reps_outside=False, outside_guide=True, rep_low=20,
                                         rep_high=30)
    assert alone.text == ("Some sets fell outside the guide's practical default of about 6 to 15 reps, though "
                          "inside your rep range. That is fine if it fits the rest of your lower-body week.")
    with_sets = remark_words.outside_default(many_sets=True, reps_outside=False, outside_guide=True, rep_low=20,
                                             rep_high=30)
    assert "and some sets fell outside the guide's about 6 to 15 reps." in with_sets.text
    own_range_first = remark_words.outside_default(many_sets=False, reps_outside=True, outside_guide=True, rep_low=8,
                                                   rep_high=12)
    assert own_range_first.text.startswith("Some sets fell outside your rep range (8–12 reps).")


def test_a_one_number_rep_range_reads_as_one_number() -> None:
    text = remark_words.outside_default(many_sets=False, reps_outside=True, rep_low=5, rep_high=5).text
    assert "(5 reps)" in text
    assert words.reps_text(6, 15) == "6–15"


def test_every_set_outside_is_said_as_every_set() -> None:
    every = remark_words.outside_default(many_sets=True, reps_outside=True, rep_low=6, rep_high=15, every=True)
    assert "and every set fell outside your rep range." in every.text
    alone = remark_words.outside_default(many_sets=False, reps_outside=False, outside_guide=True, rep_low=20,
                                         rep_high=30, every=True)
    assert alone.text.startswith("Every set fell outside the guide's practical default of about 6 to 15 reps")


def test_the_too_easy_nudge_gives_the_guides_effort_words_as_the_guide_says_them() -> None:
    # Audit: "its default is moderate to hard sets … Take the sets closer to that effort before
    # judging progress." called the guide's "Use moderate to hard sets" its default (the guide's
    # default is "2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9") and added a rule of its own.
    text = remark_words.too_easy().text
    assert "use moderate to hard sets that keep the same range and pelvis position" in text
    assert "Use moderate to hard sets that keep the same range and pelvis position." in GUIDE_TEXT
    assert "default" not in text
    assert "judging progress" not in text
    assert not problems(text)
