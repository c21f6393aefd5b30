"""The shipped quiz data: its limits, its rule table, and its faithfulness to the guide."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from bot.guide.model import SECTION_IDS, load_guide
from bot.quiz.data import parse_quiz
from bot.quiz.engine import QuizDataError, QuizState, encode, load_quiz, verdict
from bot.quiz.model import all_quotes, complete_paths, matching_rules
from tests.quiz.helpers import GUIDE_FILE, QUIZ_FILE, ROOT, raw_quiz, shipped_quiz

PRACTICAL_DEFAULT = "2 to 5 sets of about 6 to 15 reps at roughly RPE 7-9"
CUSTOM_ID_PREFIX = "fq:"  # the cog's prefix; its action suffix is ":" plus one character

QUIZ = shipped_quiz()


def guide_lines() -> list[str]:
    assert GUIDE_FILE.is_file(), f"the guide must be at {GUIDE_FILE} for this test"
    return GUIDE_FILE.read_text(encoding="utf-8").splitlines()


def is_heading(line: str) -> bool:
    # In the guide text, headings are the short lines that do not end a sentence.
    text = line.strip()
    return bool(text) and not text.startswith("•") and not text.endswith(".") and len(text) < 70


def section_text(title: str) -> str:
    """The guide's text under the heading `title`, up to the next heading."""
    lines = guide_lines()
    assert title in lines, f"no heading {title!r} in the guide"
    start = lines.index(title) + 1
    end = next((i for i in range(start, len(lines)) if is_heading(lines[i])), len(lines))
    return "\n".join(lines[start:end])


def test_section_ids_are_the_guides_and_titles_are_its_headings():
    assert set(QUIZ.sections) <= set(SECTION_IDS)
    lines = guide_lines()
    guide = load_guide(ROOT / "data" / "guide")
    for section_id, title in QUIZ.sections.items():
        assert title in lines
        assert guide.get(section_id).title == title  # the same names /hipthrust shows


def test_every_quote_is_verbatim_in_the_section_it_names():
    quotes = list(all_quotes(QUIZ))
    assert quotes
    guide = "\n".join(guide_lines())
    missing = [q.quote for q in quotes if q.quote not in guide]
    assert missing == []
    misplaced = [q for q in quotes if q.quote not in section_text(QUIZ.sections[q.section])]
    assert misplaced == []


def test_paths_are_every_combination_cut_at_a_final_answer():
    # Independent of the engine: all answer combinations, each cut after its first final answer.
    expected = set()
    for combo in itertools.product(*(range(len(q.answers)) for q in QUIZ.questions)):
        cut = next((i + 1 for i, c in enumerate(combo) if QUIZ.questions[i].answers[c].final), len(combo))
        expected.add(combo[:cut])
    assert set(complete_paths(QUIZ)) == expected


def test_every_path_reaches_exactly_one_verdict_with_a_reason():
    reached = set()
    for path in complete_paths(QUIZ):
        assert len(matching_rules(QUIZ, path)) == 1, path
        result = verdict(QUIZ, path)
        assert result.reasons, path
        reached.add(result.id)
    assert reached == set(QUIZ.verdicts)


def verdicts_where(question: str, answer: str) -> set[str]:
    q_index = next(i for i, q in enumerate(QUIZ.questions) if q.id == question)
    a_index = next(i for i, a in enumerate(QUIZ.questions[q_index].answers) if a.id == answer)
    return {verdict(QUIZ, path).id for path in complete_paths(QUIZ) if len(path) > q_index and path[q_index] == a_index}


def test_the_verdict_table_follows_the_guides_logic():
    # Pain or rehab: always the not-for-this-guide verdict, and never a training question more.
    assert verdicts_where("goal", "pain") == {"not-here"}
    assert [len(p) for p in complete_paths(QUIZ) if verdict(QUIZ, p).id == "not-here"] == [1]
    # Squat or deadlift performance keeps the tested lifts first: never the main tool.
    assert verdicts_where("goal", "lifts") == {"accessory"}
    # Sport skill and deep hip-flexion needs: hip thrusts do not replace specific practice.
    assert verdicts_where("goal", "sport") == {"optional"}
    assert "main-tool" not in verdicts_where("need", "yes")
    # Only a glute goal with a repeatable setup and a week that has other patterns gets main tool.
    assert "main-tool" not in verdicts_where("goal", "general")
    assert "main-tool" not in verdicts_where("setup", "no")
    assert "main-tool" not in verdicts_where("week", "neither")


def test_training_verdicts_carry_the_guides_default_and_pairing_and_pain_gets_neither():
    for spec in QUIZ.verdicts.values():
        if spec.id == "not-here":
            assert spec.prescription == ()
            assert spec.pair_with == ()
            assert spec.note is not None
            assert "qualified" in spec.note
            assert any("rehab" in r.quote for r in spec.reasons)
        else:
            assert any(PRACTICAL_DEFAULT in q.quote for q in spec.prescription), spec.id
            assert {q.section for q in spec.pair_with} == {"pair-it"}, spec.id
            assert {q.section for q in spec.prescription} == {"progress-it"}, spec.id


def test_button_labels_and_custom_ids_fit_discord():
    for question in QUIZ.questions:
        assert 2 <= len(question.answers) <= 5
        for answer in question.answers:
            assert 1 <= len(answer.label) <= 80
    longest = max(complete_paths(QUIZ), key=len)
    custom_id = f"{CUSTOM_ID_PREFIX}{encode(QuizState(QUIZ.version, longest))}:x"
    assert len(custom_id) <= 100


def test_version_ignores_layout_but_follows_content():
    text = QUIZ_FILE.read_text(encoding="utf-8")
    assert parse_quiz(raw_quiz()).version == QUIZ.version
    assert len(QUIZ.version) == 6
    relabelled = raw_quiz()
    relabelled["questions"][0]["answers"][0]["label"] = "Grow my glutes, please"
    assert parse_quiz(relabelled).version != QUIZ.version
    assert text.startswith("#")  # the file has comments, which the version does not see


def _set(path: list[Any], value: Any) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target: Any = raw
        for key in path[:-1]:
            target = target[key]
        target[path[-1]] = value

    return mutate


def _drop_rule(rule_id: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        raw["rules"] = [r for r in raw["rules"] if r["id"] != rule_id]

    return mutate


def _add_rule(rule: dict[str, Any]) -> Callable[[dict[str, Any]], None]:
    return lambda raw: raw["rules"].append(rule)


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (_set(["questions", 0, "answers", 0, "label"], "x" * 81), "questions[0].answers[0].label: 81"),
        (_set(["questions", 1, "answers", 1, "id"], "yes"), "questions[1].answers: duplicate id 'yes'"),
        (_set(["questions", 0, "answers", 0, "colour"], "red"), "unknown key colour"),
        (_set(["questions", 2, "id"], "Week!"), "questions[2].id: ids are"),
        (_set(["questions", 1, "answers"], [{"id": "yes", "label": "Yes"}]), "need 2 to 5, got 1"),
        (_set(["verdicts", 0, "reasons", 0, "section"], "terms"), "'terms' is not in [sections]"),
        (_set(["rules", 1, "verdict"], "magic"), "rules[1].verdict: no verdict 'magic'"),
        (_set(["rules", 1, "when"], {"goal": ["squat"]}), "rules[1].when.goal: need a list"),
        (_set(["rules", 1, "when"], {"mood": ["good"]}), "no question 'mood'"),
        (_drop_rule("glutes"), "match 0 rules (none), need 1"),
        (_add_rule({"id": "extra", "verdict": "optional", "when": {"goal": ["lifts"]}}), "lifts, extra"),
        (_add_rule({"id": "dead", "verdict": "optional", "when": {"goal": ["pain"], "need": ["yes"]}}),
         "never reached by any answers: dead"),
        (_set(["questions"], []), "questions: need 4 to 6, got 0"),
    ],
)  # fmt: skip
def test_broken_data_is_refused_naming_the_place(mutate, message):
    raw = raw_quiz()
    mutate(raw)
    with pytest.raises(QuizDataError) as caught:
        parse_quiz(raw)
    assert message in str(caught.value)


def test_a_verdict_no_rule_reaches_is_refused():
    raw = raw_quiz()
    raw["verdicts"].append({"id": "spare", "title": "Spare"})
    with pytest.raises(QuizDataError, match="no rule leads to spare"):
        parse_quiz(raw)


def test_a_run_without_any_reason_is_refused():
    raw = raw_quiz()
    raw["verdicts"][0]["reasons"] = []
    for rule in raw["rules"]:
        if rule["verdict"] == raw["verdicts"][0]["id"]:
            rule.pop("reasons", None)
    with pytest.raises(QuizDataError, match="without a reason"):
        parse_quiz(raw)


def test_unreadable_files_name_the_path(tmp_path):
    missing = tmp_path / "nope.toml"
    with pytest.raises(QuizDataError, match=r"nope\.toml: cannot read"):
        load_quiz(missing)
    bad = tmp_path / "bad.toml"
    bad.write_text("questions = [", encoding="utf-8")
    with pytest.raises(QuizDataError, match=r"bad\.toml: not valid TOML"):
        load_quiz(bad)
    wrong = tmp_path / "wrong.toml"
    wrong.write_text("sections = {}\nquestions = []\nverdicts = []\nrules = []\n", encoding="utf-8")
    with pytest.raises(QuizDataError, match=r"wrong\.toml: sections"):
        load_quiz(wrong)
