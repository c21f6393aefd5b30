"""The shipped quiz data: its limits, its rule table, and its faithfulness to the guide."""

from __future__ import annotations

import itertools
from collections.abc import Callable
from typing import Any

import pytest

from bot.guide.model import SECTION_IDS, load_guide
from bot.quiz.data import parse_quiz
from bot.quiz.engine import QuizDataError, QuizState, Verdict, encode, load_quiz, verdict
from bot.quiz.model import REFERRAL_VERDICT, all_quotes, complete_paths, matching_rules, position
from tests.paths import GUIDE_SOURCE as GUIDE_FILE
from tests.paths import QUIZ_FILE
from tests.paths import REPO as ROOT
from tests.quiz.helpers import raw_quiz, shipped_quiz

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


def test_paths_are_every_combination_of_the_questions_asked():
    # Independent of the engine: every combination of answers, keeping only the questions that the
    # earlier answers ask (ask_when read straight from the raw data), cut at a final answer.
    raw = raw_quiz()["questions"]
    expected = set()
    for combo in itertools.product(*(range(len(q["answers"])) for q in raw)):
        given: dict[str, str] = {}
        path: list[int] = []
        for question, choice in zip(raw, combo, strict=True):
            alternatives = question.get("ask_when", [])
            alternatives = alternatives if isinstance(alternatives, list) else [alternatives]
            if alternatives and not any(all(given.get(k) in v for k, v in alt.items()) for alt in alternatives):
                continue
            chosen = question["answers"][choice]
            path.append(choice)
            given[question["id"]] = chosen["id"]
            if chosen.get("final"):
                break
        expected.add(tuple(path))
    assert set(complete_paths(QUIZ)) == expected


def test_every_path_reaches_exactly_one_verdict_with_a_reason():
    reached = set()
    for path in complete_paths(QUIZ):
        assert len(matching_rules(QUIZ, path)) == 1, path
        result = verdict(QUIZ, path)
        assert result.reasons, path
        reached.add(result.id)
    assert reached == set(QUIZ.verdicts)


def runs() -> list[tuple[dict[str, str], Verdict]]:
    """Every complete run: the answers given (question id -> answer id) and the verdict."""
    found = []
    for path in complete_paths(QUIZ):
        where = position(QUIZ, path)
        assert where is not None
        found.append((dict(where.given), verdict(QUIZ, path)))
    return found


def verdicts_where(question: str, answer: str) -> set[str]:
    return {result.id for given, result in runs() if given.get(question) == answer}


def test_the_verdict_table_follows_the_guides_logic():
    # Pain or rehab: always the referral verdict, and never a training question more.
    assert verdicts_where("goal", "pain") == {"not-here"}
    assert [len(p) for p in complete_paths(QUIZ) if verdict(QUIZ, p).id == "not-here"] == [1]
    # Squat or deadlift performance: an accessory at most, never the glute verdict.
    assert verdicts_where("goal", "lifts") == {"accessory", "floor-pull", "optional"}
    # Sport skill: hip thrusts do not replace specific practice.
    assert verdicts_where("goal", "sport") == {"optional"}
    # Deep hip-flexion or single-leg needs: hip thrusts for hip extension, other exercises beside.
    assert verdicts_where("need", "yes") == {"with-others"}
    # Only a glute goal with a repeatable setup and a week that has other patterns gets the glute verdict.
    assert "main-tool" not in verdicts_where("goal", "general")
    assert "main-tool" not in verdicts_where("setup", "no")
    assert "main-tool" not in verdicts_where("week", "neither")
    # Lower-back fatigue management is a job of its own: it decides the verdict where it is asked.
    assert verdicts_where("back", "yes") == {"back-fatigue", "general-back-fatigue", "floor-pull"}


# One test per quiz finding of the guide-fidelity review (turn 2).
def titles_where(question: str, answer: str) -> set[str]:
    return {result.title for given, result in runs() if given.get(question) == answer}


def test_the_glute_verdict_ranks_nothing_first():
    # F1: "A strong main glute tool for you"; the guide: "one useful, loadable hip-extension option".
    title = QUIZ.verdicts["main-tool"].title
    assert "main" not in title.lower()
    assert "strong" not in title.lower()
    assert "option" in title
    assert "small menu" in title


def test_squat_and_deadlift_verdicts_keep_the_guides_may_and_only_if():
    # F2: "A useful accessory beside your squat and deadlift work", unconditional, even to a lifter
    # who had just answered that their week has neither pattern.
    for title in titles_where("goal", "lifts"):
        assert "may help as accessory work" in title.lower(), title
    assert "only if" in QUIZ.verdicts["accessory"].title
    for title in titles_where("week", "neither") | titles_where("goal", "general"):
        assert "your squat" not in title.lower(), title
        assert "deadlift work" not in title.lower(), title
        assert "beside" not in title.lower(), title


def test_no_verdict_title_adds_a_priority_and_single_leg_needs_are_not_demoted():
    # F3: "Optional — keep specific practice first"; the need=yes path got the sport verdict.
    for spec in QUIZ.verdicts.values():
        assert "first" not in spec.title.lower().split(), spec.id
    assert "optional" not in verdicts_where("need", "yes")


def test_the_setup_verdict_does_not_make_the_lift_good_only_once_the_setup_is_repeatable():
    # F4: "A good glute tool once your setup is repeatable", given to general-strength lifters too.
    title = QUIZ.verdicts["setup-first"].title
    assert "once" not in title
    assert "tool" not in title
    assert "setup-first" in verdicts_where("goal", "general")


# The QA pass: verdicts borrowed the line of another goal, or another sentence of the guide.
GLUTE_LINES = ("Glute hypertrophy:", "A strong glute-focused plan", "direct glute volume")
GENERAL_LINE = "General strength accessory:"


def test_each_goal_hears_only_the_guides_line_for_its_own_job():
    for given, result in runs():
        quotes = [q.quote for q in (*result.reasons, *result.pair_with)]
        if given["goal"] == "general":
            # 4, 2, 2, 1, 1 read "Glute work without adding another heavy hinge" and "A strong glute-focused plan…".
            assert not [q for q in quotes if q.startswith(GLUTE_LINES) or GLUTE_LINES[2] in q], given
            assert "glute work without" not in result.title.lower(), given
            if given.get("need") == "no" and given.get("setup") != "no":  # the setup verdict is the setup's
                assert any(q.startswith(GENERAL_LINE) for q in quotes), given
                assert "hip-extension option" in result.title, given
        if given["goal"] == "glutes":
            # 1, 2, 3 quoted the general-strength line among its reasons.
            assert not [q for q in quotes if q.startswith(GENERAL_LINE)], given


def test_the_setup_verdict_says_the_guides_week_to_week_sentence_only():
    # 1, 2, 1, 2 was titled "… so your sets are easier to interpret", from the guide's sentence
    # about every rep of a set turning into a different mix, which is no answer about the setup.
    spec = QUIZ.verdicts["setup-first"]
    assert spec.title.startswith("Make the setup repeatable")
    assert "interpret" not in spec.title
    assert [q.quote for q in spec.reasons] == [
        "The useful hip thrust is boring in the best way: same bench height, same foot position, same range, "
        "same top position, and the same effort target from week to week."
    ]
    assert not [q for q in spec.pair_with if q.quote.startswith(GLUTE_LINES)]  # general goals get it too


def test_the_pain_verdict_title_claims_nothing_for_the_guide():
    title = QUIZ.verdicts["not-here"].title
    assert "guide" not in title.lower()
    assert "advice" in title


def test_every_question_asked_can_still_change_the_verdict():
    # F5: lifts and sport runs were asked four questions that changed nothing, and back never
    # changed a verdict. Now each goal asks only what matters to it...
    lengths: dict[str, set[int]] = {given["goal"]: set() for given, _ in runs()}
    for path in complete_paths(QUIZ):
        where = position(QUIZ, path)
        assert where is not None
        lengths[where.given["goal"]].add(len(path))
    assert lengths == {"pain": {1}, "sport": {1}, "lifts": {2, 3}, "glutes": {2, 3, 4, 5}, "general": {2, 3, 4, 5}}
    # ...and back, when asked, changes the verdict whatever else was answered.
    by_rest: dict[tuple[tuple[str, str], ...], set[str]] = {}
    for given, result in runs():
        if "back" in given:
            rest = tuple(sorted((k, v) for k, v in given.items() if k != "back"))
            by_rest.setdefault(rest, set()).add(result.id)
    assert by_rest
    assert all(len(ids) == 2 for ids in by_rest.values())


def test_no_quote_starts_with_a_pronoun_cut_from_its_subject():
    # F6: "it should not be inflated into a universal rule..." lost "the trial" it refers to.
    for quote in all_quotes(QUIZ):
        assert quote.quote.split()[0] not in {"it", "they", "this", "that"}, quote.quote


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


def _pop(path: list[Any], key: str) -> Callable[[dict[str, Any]], None]:
    def mutate(raw: dict[str, Any]) -> None:
        target: Any = raw
        for step in path:
            target = target[step]
        del target[key]

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
        (_add_rule({"id": "extra", "verdict": "optional", "when": {"goal": ["sport"]}}), "sport, extra"),
        (_add_rule({"id": "dead", "verdict": "optional", "when": {"goal": ["pain"], "need": ["yes"]}}),
         "never reached by any answers: dead"),
        (_set(["questions"], []), "questions: need 4 to 6, got 0"),
        # A question asked where no answer to it can change the verdict is refused, not asked.
        (_pop(["questions", 3], "ask_when"), "'setup' is asked after goal=glutes / need=yes, where no answer"),
        (_set(["questions", 1, "ask_when"], {"back": ["yes"]}), "no question 'back' before this one"),
        (_set(["questions", 1, "ask_when"], {"goal": ["squat"]}), "questions[1].ask_when.goal: need a list"),
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


def test_the_referral_verdict_and_its_note_are_required():
    # "Answer with the guide" leads a pain, injury or rehab question with this note (Content.referral_note).
    raw = raw_quiz()
    [spec] = [v for v in raw["verdicts"] if v["id"] == REFERRAL_VERDICT]
    del spec["note"]
    with pytest.raises(QuizDataError, match="need 'not-here' with a `note`"):
        parse_quiz(raw)
