"""The verdict of every run through the shipped quiz, written out by hand from data/quiz.toml's
[[rules]]: each answer that moves a run across a rule's boundary has a row of its own, so a
verdict that stops following the rules file (or a run that reaches another question) fails here."""

from __future__ import annotations

import pytest

from bot.quiz.engine import QuizState, answer, current_question, is_complete, restart, verdict
from bot.quiz.model import complete_paths
from tests.quiz.helpers import shipped_quiz

QUIZ = shipped_quiz()

# (answers as question=answer ids, in the order asked) -> (rule, verdict), one row per run.
RUNS = {
    "goal=pain": ("pain", "not-here"),
    "goal=sport": ("sport", "optional"),
    "goal=lifts week=neither": ("lifts-empty-week", "optional"),
    "goal=lifts week=both back=yes": ("lifts-tired-back", "floor-pull"),
    "goal=lifts week=one back=yes": ("lifts-tired-back", "floor-pull"),
    "goal=lifts week=both back=no": ("lifts", "accessory"),
    "goal=lifts week=one back=no": ("lifts", "accessory"),
    "goal=glutes need=yes": ("needs-flexion", "with-others"),
    "goal=general need=yes": ("needs-flexion", "with-others"),
    "goal=glutes need=no week=neither": ("empty-week", "not-alone"),
    "goal=general need=no week=neither": ("general-empty-week", "general-not-alone"),
    "goal=glutes need=no week=both setup=no": ("changing-setup", "setup-first"),
    "goal=glutes need=no week=one setup=no": ("changing-setup", "setup-first"),
    "goal=general need=no week=both setup=no": ("changing-setup", "setup-first"),
    "goal=general need=no week=one setup=no": ("changing-setup", "setup-first"),
    "goal=glutes need=no week=both setup=yes back=yes": ("glutes-tired-back", "back-fatigue"),
    "goal=glutes need=no week=one setup=yes back=yes": ("glutes-tired-back", "back-fatigue"),
    "goal=general need=no week=both setup=yes back=yes": ("general-tired-back", "general-back-fatigue"),
    "goal=general need=no week=one setup=yes back=yes": ("general-tired-back", "general-back-fatigue"),
    "goal=glutes need=no week=both setup=yes back=no": ("glutes", "main-tool"),
    "goal=glutes need=no week=one setup=yes back=no": ("glutes", "main-tool"),
    "goal=general need=no week=both setup=yes back=no": ("general", "general-option"),
    "goal=general need=no week=one setup=yes back=no": ("general", "general-option"),
}


def take(run: str) -> QuizState:
    """Answer the questions `run` names, checking each is the one the quiz asks next."""
    state = restart(QUIZ)
    for pair in run.split():
        question_id, answer_id = pair.split("=")
        question = current_question(QUIZ, state)
        assert question.id == question_id, f"{run}: asked {question.id!r} where the rules expect {question_id!r}"
        state = answer(QUIZ, state, [a.id for a in question.answers].index(answer_id))
    return state


@pytest.mark.parametrize(("run", "expected"), RUNS.items(), ids=list(RUNS))
def test_each_run_reaches_the_verdict_its_rule_names(run: str, expected: tuple[str, str]) -> None:
    state = take(run)
    assert is_complete(QUIZ, state), f"{run}: more questions are asked"
    result = verdict(QUIZ, state.answers)
    assert (result.rule, result.id) == expected


def test_every_run_through_the_quiz_is_in_the_table() -> None:
    assert sorted(take(run).answers for run in RUNS) == sorted(complete_paths(QUIZ))
