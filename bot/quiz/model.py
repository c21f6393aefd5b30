"""The fit quiz's content model and what its rule table means.

Pure data: questions, answers, verdicts and rules as frozen dataclasses, where a run of answers
stands (which questions it asked, which comes next), the enumeration of every run through the
quiz, and the checks that each run reaches exactly one rule and that every question asked can
still change the verdict. Loading from TOML lives in ``bot.quiz.data``; the engine that moves
through a quiz lives in ``bot.quiz.engine``.

A question with ``ask_when`` is asked only when one of its conditions holds for the answers
given before it; otherwise it is skipped. Answers are recorded per question asked, in order.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field

from bot.guide.model import Source

# The verdict of the pain, injury and rehab answer. Its note, the quiz's one referral, is also
# what "Answer with the guide" says above a pain, injury or rehab question (`Content.referral_note`).
REFERRAL_VERDICT = "not-here"


class QuizDataError(ValueError):
    """The quiz data is malformed; the message names the file and the offending place."""


@dataclass(frozen=True)
class Answer:
    """One choice; a ``final`` answer ends the quiz at once."""

    id: str
    label: str
    final: bool = False


# Per question id, the answer ids accepted; a question it does not name accepts any answer, and
# a question that was not asked meets no condition that names it.
When = tuple[tuple[str, frozenset[str]], ...]


def holds(when: When, given: Mapping[str, str]) -> bool:
    """True when every question ``when`` names got one of its accepted answers."""
    return all(given.get(question) in accepted for question, accepted in when)


@dataclass(frozen=True)
class Question:
    """A question and its answers, in display order; asked always, or when one ``ask_when`` holds."""

    id: str
    text: str
    answers: tuple[Answer, ...]
    ask_when: tuple[When, ...] = ()

    def is_asked(self, given: Mapping[str, str]) -> bool:
        """Whether this question is asked after the answers ``given`` (question id -> answer id)."""
        return not self.ask_when or any(holds(when, given) for when in self.ask_when)


@dataclass(frozen=True)
class VerdictSpec:
    """A verdict as written in the data, before a rule adds its own reasons."""

    id: str
    title: str
    reasons: tuple[Source, ...]
    pair_with: tuple[Source, ...]
    prescription: tuple[Source, ...]
    note: str | None


@dataclass(frozen=True)
class Rule:
    """Leads to ``verdict`` when every named question got one of the accepted answer ids."""

    id: str
    verdict: str
    when: tuple[tuple[str, frozenset[str]], ...]
    reasons: tuple[Source, ...]


@dataclass(frozen=True)
class Quiz:
    """The whole quiz; ``version`` is a short hash of its content, carried by the buttons."""

    questions: tuple[Question, ...]
    verdicts: Mapping[str, VerdictSpec]
    rules: tuple[Rule, ...]
    sections: Mapping[str, str]
    version: str


@dataclass(frozen=True)
class Position:
    """Where a run of answers stands: the questions asked with the answers chosen, and the index
    of the question to ask next (None when the run is complete)."""

    asked: tuple[tuple[Question, Answer], ...]
    next_index: int | None
    given: Mapping[str, str] = field(compare=False)


def position(quiz: Quiz, answers: tuple[int, ...]) -> Position | None:
    """The position these answer indices (one per question asked) reach; None if none does."""
    given: dict[str, str] = {}
    asked: list[tuple[Question, Answer]] = []
    start = 0
    for choice in answers:
        index = _next_asked(quiz, given, start, asked)
        if index is None:
            return None
        question = quiz.questions[index]
        if not 0 <= choice < len(question.answers):
            return None
        answer = question.answers[choice]
        asked.append((question, answer))
        given[question.id] = answer.id
        start = index + 1
    return Position(tuple(asked), _next_asked(quiz, given, start, asked), given)


def _next_asked(quiz: Quiz, given: Mapping[str, str], start: int, asked: list[tuple[Question, Answer]]) -> int | None:
    if asked and asked[-1][1].final:
        return None
    return next((i for i in range(start, len(quiz.questions)) if quiz.questions[i].is_asked(given)), None)


def complete_paths(quiz: Quiz, prefix: tuple[int, ...] = ()) -> Iterator[tuple[int, ...]]:
    """Every complete run through the quiz that starts with ``prefix``, as answer indices."""
    found = position(quiz, prefix)
    if found is None:
        return
    if found.next_index is None:
        yield prefix
        return
    for index in range(len(quiz.questions[found.next_index].answers)):
        yield from complete_paths(quiz, (*prefix, index))


def matching_rules(quiz: Quiz, answers: tuple[int, ...]) -> list[Rule]:
    """The rules whose conditions all hold for these answers (unasked questions never match)."""
    found = position(quiz, answers)
    if found is None:
        return []
    return [rule for rule in quiz.rules if holds(rule.when, found.given)]


def all_quotes(quiz: Quiz) -> Iterator[Source]:
    """Every quote the quiz can show, for checks against the guide."""
    for spec in quiz.verdicts.values():
        yield from (*spec.reasons, *spec.pair_with, *spec.prescription)
    for rule in quiz.rules:
        yield from rule.reasons


def check_rule_table(quiz: Quiz) -> None:
    """Every run reaches exactly one rule with a reason; every rule, verdict and question is
    reached; and a question is asked only where its answer can still change the verdict."""
    used: set[str] = set()
    asked: set[str] = set()
    for path in complete_paths(quiz):
        rules = matching_rules(quiz, path)
        labels = _labels(quiz, path)
        if len(rules) != 1:
            names = ", ".join(r.id for r in rules) or "none"
            raise QuizDataError(f"rules: answers {labels} match {len(rules)} rules ({names}), need 1")
        rule = rules[0]
        if not (quiz.verdicts[rule.verdict].reasons or rule.reasons):
            raise QuizDataError(f"rules: answers {labels} reach verdict {rule.verdict!r} without a reason")
        used.add(rule.id)
        found = position(quiz, path)
        if found is not None:
            asked.update(q.id for q, _ in found.asked)
    if unused := [r.id for r in quiz.rules if r.id not in used]:
        raise QuizDataError(f"rules: never reached by any answers: {', '.join(unused)}")
    reached = {r.verdict for r in quiz.rules}
    if unreached := [v for v in quiz.verdicts if v not in reached]:
        raise QuizDataError(f"verdicts: no rule leads to {', '.join(unreached)}")
    if never := [q.id for q in quiz.questions if q.id not in asked]:
        raise QuizDataError(f"questions: never asked on any run: {', '.join(never)}")
    _check_every_question_matters(quiz, ())


def _check_every_question_matters(quiz: Quiz, prefix: tuple[int, ...]) -> None:
    found = position(quiz, prefix)
    if found is None or found.next_index is None:
        return
    question = quiz.questions[found.next_index]
    outcomes = {_outcome(quiz, (*prefix, index)) for index in range(len(question.answers))}
    if len(outcomes) == 1:
        after = _labels(quiz, prefix) or "the start"
        raise QuizDataError(
            f"questions: {question.id!r} is asked after {after}, where no answer to it changes the "
            "verdict; skip it there with ask_when, or make a rule depend on it"
        )
    for index in range(len(question.answers)):
        _check_every_question_matters(quiz, (*prefix, index))


def _outcome(quiz: Quiz, prefix: tuple[int, ...]) -> frozenset[tuple[tuple[tuple[str, str], ...], str]]:
    """The verdict of every run from ``prefix`` on, keyed by the answers given after it."""
    outcome: set[tuple[tuple[tuple[str, str], ...], str]] = set()
    for path in complete_paths(quiz, prefix):
        found = position(quiz, path)
        assert found is not None  # complete_paths yields only reachable runs
        later = tuple((q.id, a.id) for q, a in found.asked[len(prefix):])
        (rule,) = matching_rules(quiz, path)
        outcome.add((later, rule.verdict))
    return frozenset(outcome)


def _labels(quiz: Quiz, path: tuple[int, ...]) -> str:
    found = position(quiz, path)
    return " / ".join(f"{q.id}={a.id}" for q, a in found.asked) if found else ""
