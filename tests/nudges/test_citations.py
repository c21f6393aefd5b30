"""The text lifters read (/log reply, /nudge): the engine's advice, citing the guide."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from bot.logbook import entries as logbook
from bot.logbook.entries import Preferences
from bot.logbook.units import to_kg
from bot.nudges import remark_words, setup_words, step_words, words
from bot.nudges.citations import (
    GUIDE_PASSAGES,
    Citations,
    log_reply_advice,
    nudge_report,
)
from bot.nudges.engine import advise, starting_advice
from tests.content import shipped_content
from tests.nudges.cases import CASES
from tests.nudges.guide_words import problems
from tests.nudges.helpers import TODAY, parse, sessions

GUIDE = shipped_content().guide
CITES = Citations.from_guide(GUIDE)
PROGRESS_TITLE = "Progress it without chasing the biggest plate stack"
DISCORD_MESSAGE_LIMIT = 2000


def entry(**kw: object) -> logbook.Entry:
    values: dict[str, object] = {
        "performed_on": date(2026, 3, 2), "variant": "machine", "sets": 3, "reps": 10, "weight": 225.0,
        "unit": "lb", "rpe": 8.5, "note": "felt good", "id": 7, "setup_id": 4, "setup": "bench 40 cm",
    }  # fmt: skip
    values.update(kw)
    return logbook.Entry(**values)  # type: ignore[arg-type]


def every_nudge() -> list[words.Nudge]:
    """Each nudge the engine can say, once per id and wording branch."""
    return [
        *setup_words.start(None), *setup_words.start("banded"), setup_words.baseline("barbell"),
        setup_words.variant_changed("smith"), setup_words.setup_changed("bridge"),
        setup_words.setup_again("barbell", date(2026, 3, 2)),
        setup_words.new_setup("barbell"), setup_words.new_setup("bridge", latest_without=True),
        setup_words.new_setup("smith", no_setup=True),
        step_words.hold_rpe10(loaded=True), step_words.hold_rpe10(loaded=False),
        step_words.back_off(loaded=True), step_words.back_off(loaded=False), step_words.plate_stack(),
        step_words.add_load(2.5, "kg"), step_words.add_set(), step_words.unloaded_at_top(),
        step_words.unloaded_past_top(15), step_words.repeat_load(), step_words.add_reps(15), remark_words.too_easy(),
        remark_words.outside_default(many_sets=True, reps_outside=True, rep_low=6, rep_high=15),
        step_words.fewer_sets(1, 3, 3, going_on=True),
        step_words.fewer_sets(2, 3, 3, going_on=False, had_on=date(2026, 3, 2)),
        step_words.fewer_sets(4, 7, 5, going_on=False),
        step_words.hold_rpe10(loaded=False, plan=step_words.PlanSource(3, 3)),
        step_words.back_off(loaded=False, plan=step_words.PlanSource(3, 3)),
        step_words.hold_rpe10(loaded=True, plan=step_words.PlanSource(7, 5, date(2026, 3, 2))),
        step_words.back_off(loaded=True, cut=False, plan=step_words.PlanSource(7, 5, date(2026, 3, 2))),
        remark_words.single_set(going_on=True), remark_words.single_set(going_on=False),
        remark_words.same_sets(3, "barbell", (10, 10, 10), 100.0, "kg"),
        remark_words.logged_twice(parse("100x10x3", date(2026, 3, 2), "barbell", 1, 1), 2),
        step_words.add_reps(15, loaded=False),
        remark_words.outside_default(many_sets=False, reps_outside=False, outside_guide=True, rep_low=20, rep_high=30),
        remark_words.outside_default(many_sets=True, reps_outside=False, outside_guide=True, rep_low=20, rep_high=30),
    ]  # fmt: skip


@pytest.mark.parametrize(("prefs", "top", "target"), [
    (Preferences(), "100", "3 × 6–15 reps at 102.5 kg"),
    (Preferences(unit="lb"), "220lb", "3 × 6–15 reps at 225 lb"),
    (Preferences(unit="lb", rep_low=8, rep_high=12, increment_kg=to_kg(10, "lb")), "220lb", "3 × 8–12 reps at 230 lb"),
    (Preferences(increment_kg=1.25), "100", "3 × 6–15 reps at 101.25 kg"),
])  # fmt: skip
def test_the_engine_adds_the_lifters_increment_in_the_lifters_unit(prefs, top, target) -> None:
    """The stored settings go to the engine as they are: 2.5 kg / 5 lb unless the lifter set a step."""
    advice = advise(sessions(f"{top}x15x3@8", f"{top}x15x3@8"), prefs, variant="barbell", today=TODAY)
    assert advice.target is not None
    assert advice.target.describe() == target


def test_every_nudge_has_a_verbatim_passage_of_its_own_section() -> None:
    for nudge in every_nudge():
        passage = CITES.passage(nudge)
        assert passage is not None, nudge.id
        assert passage in " ".join(GUIDE.get(nudge.section_id).body.split()), nudge.id
    assert set(GUIDE_PASSAGES) == {n.id for n in every_nudge()}


def test_every_nudges_brief_form_is_its_first_sentence_whole() -> None:
    """What a /log reply with no room for a second nudge says of it: a whole sentence, never a cut."""
    for nudge in every_nudge():
        assert nudge.text.startswith(nudge.brief), nudge.id
        assert nudge.brief.endswith("."), nudge.brief
        assert nudge.text == nudge.brief or nudge.text[len(nudge.brief)] == " ", nudge.id
        assert problems(nudge.brief) == [], nudge.brief
    assert step_words.add_load(2.5, "kg").brief.endswith("one increment more next time: 2.5 kg.")  # not at "2."


def test_a_passage_no_longer_in_the_guide_is_not_quoted() -> None:
    edited = dataclasses.replace(GUIDE.get("example-hypertrophy"), body="Something else entirely.")
    guide = dataclasses.replace(GUIDE, sections=tuple(edited if s.id == edited.id else s for s in GUIDE.sections))
    cites = Citations.from_guide(guide)
    assert cites.passage(step_words.repeat_load()) is None
    assert cites.passage(step_words.add_reps(15)) is not None
    report = nudge_report(advise(sessions("100x12x3@8", "100x15x3@9"), Preferences(), variant="barbell", today=TODAY),
                          cites, Preferences(), variant="barbell")
    assert "(guide: *Glute-focused hypertrophy slot*)" in report
    assert "They progress reps or load" not in report


def test_log_reply_gives_the_target_then_each_nudge_with_its_section() -> None:
    advice = advise(sessions("100x10x3@8", "100x11x3@8"), Preferences(), variant="barbell", today=TODAY)
    lines = log_reply_advice(advice, CITES).splitlines()
    assert lines[0] == "**Next session:** 3 × 12 reps at 100 kg."
    assert lines[1].startswith("• Keep this load and add reps next time")
    assert lines[1].endswith(f"(guide: {PROGRESS_TITLE})")
    assert len(lines) == 2


def test_nudge_report_without_history_is_the_guides_default_prescription() -> None:
    report = nudge_report(starting_advice("bridge"), CITES, Preferences(), variant="bridge")
    assert report.startswith("**How to start (bridge hip thrust)**")
    assert "No bridge sessions logged yet." in report
    assert (f"> “A practical default is 2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9, adjusted to the "
            f"rest of the lower-body plan.” (guide: *{PROGRESS_TITLE}*)") in report
    assert "(guide: *Make the setup repeatable*)" in report
    assert "variant:bridge" in report
    assert report.splitlines()[-1].startswith("-# This bot's defaults, not the guide's: add one increment (2.5 kg)")


def test_nudge_report_without_history_says_how_to_log() -> None:
    report = nudge_report(starting_advice("bridge"), CITES, Preferences(), variant="bridge")
    assert report.splitlines()[-2] == ("Log it with `/log weight:<load> reps:<reps> sets:<sets> rpe:<effort>`, "
                                       "`variant:bridge`, and `/nudge` will have a target for your next session.")
    # Under a message with a Log button (the reminder DM): the button, /log as the other way.
    report = nudge_report(starting_advice("bridge"), CITES, Preferences(), variant="bridge", log_button=True)
    assert report.splitlines()[-2] == ("Once you log (the **Log** button below, or `/log` with `variant:bridge`), "
                                       "`/nudge` will have a target for your next session.")


def test_nudge_report_in_pounds_with_the_users_increment_and_range() -> None:
    prefs = Preferences(unit="lb", rep_low=8, rep_high=12, increment_kg=to_kg(10, "lb"))
    advice = advise(sessions("220lbx10x3@8", "220lbx12x3@8"), prefs, variant="barbell", today=TODAY)
    report = nudge_report(advice, CITES, prefs, variant="barbell")
    assert report.startswith("**Next barbell session:** 3 × 8–12 reps at 230 lb.\n**Why**\n• Every planned set")
    assert ("one increment (10 lb) when every planned set at your working load reaches the top of your range "
            "(8–12 reps)") in report


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_no_text_puts_a_number_in_the_guides_mouth_and_it_fits_a_message(case) -> None:
    advice = advise(case.history, case.prefs, variant=case.variant, today=TODAY)
    for text in (log_reply_advice(advice, CITES), nudge_report(advice, CITES, case.prefs, variant=case.variant)):
        assert len(text) + 400 < DISCORD_MESSAGE_LIMIT  # room for the stored line and a 200-character note
        for line in text.splitlines():
            if not line.startswith("-# This bot's defaults, not the guide's"):
                assert problems(line.removeprefix("• ")) == [], line


def test_nudge_report_quotes_a_passage_two_nudges_share_once() -> None:
    advice = advise(sessions("100x10x3@8", "120x10x3@10"), Preferences(), variant="barbell", today=TODAY)
    assert [n.id for n in advice.nudges] == ["hold-rpe10", "plate-stack"]
    report = nudge_report(advice, CITES, Preferences(), variant="barbell")
    assert report.count("> “Add load or reps only when you can finish the planned sets") == 1
    assert f"> (guide: *{PROGRESS_TITLE}*, the passage above)" in report


def test_the_jump_nudge_names_the_guides_heading_once() -> None:
    """QA: it quoted “Progress it without chasing the biggest plate stack”, then cited the same heading."""
    advice = advise(sessions("100x10x3@8", "120x10x3@8"), Preferences(), variant="barbell", today=TODAY)
    assert [n.id for n in advice.nudges] == ["plate-stack"]
    reply = log_reply_advice(advice, CITES)
    assert reply.count(PROGRESS_TITLE) == 1
    assert reply.endswith("(this bot's default threshold). Hold it next time rather than build on the jump. "
                          "(guide: Progress it without chasing the biggest plate stack)")
    report = nudge_report(advice, CITES, Preferences(), variant="barbell")
    assert report.count(PROGRESS_TITLE) == 1


@pytest.mark.parametrize(("chosen", "first"), [
    (3, "your first on the setup you chose with /setup"),
    (None, "your first without a setup, as you chose with /setup"),
])  # fmt: skip
def test_nudge_report_before_the_first_session_on_a_new_setup_names_the_session_its_target_is_from(
        chosen: int | None, first: str) -> None:
    """/nudge after /setup to a setup none of the sessions were on gave the latest session's progression,
    from another setup, as if nothing changed."""
    history = [e._replace(setup_id=2) for e in sessions("100x12x3@8", "100x13x3@8")]
    prefs = Preferences(current_setup_id=chosen)
    advice = advise(history, prefs, variant="barbell", today=TODAY, chosen_setup=True)
    report = nudge_report(advice, CITES, prefs, variant="barbell")
    lines = report.splitlines()
    assert lines[0] == (f"**Next barbell session**, {first} (a new baseline): 3 × 13 reps at 100 kg, from your latest "
                        f"session ({history[-1].day.isoformat()}).")
    assert lines[1:3] == ["**Why**", f"• {advice.nudges[0].text}"]
    assert lines[3] == ("> “The useful hip thrust is boring in the best way: same bench height, same foot position, "
                        "same range, same top position, and the same effort target from week to week.” "
                        "(guide: *Make the setup repeatable*)")
    assert problems(advice.nudges[0].text) == []
    assert len(report) + 400 < DISCORD_MESSAGE_LIMIT


def test_the_longest_nudge_before_the_first_session_on_a_new_setup_fits_a_message() -> None:
    """The longest variant, a target of many uneven sets in the other unit with lighter sets beside."""
    specs = [f"{w}lbx{r}x20@8" for w, r in (("500.55", 6), ("500.55", 7), ("400.55", 8))]
    history = [e._replace(setup_id=2, variant="single-leg") for e in sessions(tuple(specs))]
    prefs = Preferences(current_setup_id=3, rep_low=10, rep_high=12)
    advice = advise(history, prefs, variant="single-leg", today=TODAY, chosen_setup=True)
    assert advice.target is not None
    assert advice.target.describe() == "40 × 6 reps at 500.55 lb, plus your 20 lighter sets"
    assert len(nudge_report(advice, CITES, prefs, variant="single-leg")) + 400 < DISCORD_MESSAGE_LIMIT
