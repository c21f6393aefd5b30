"""The fit quiz's content model and what its rule table means.

Pure data: questions, answers, verdicts and rules as frozen dataclasses, the enumeration of every
run through the quiz, and the check that each run reaches exactly one rule. Loading from TOML
lives in ``bot.quiz.data``; the engine that moves through a quiz lives in ``bot.quiz.engine``.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass

from bot.guide.model import Source


class QuizDataError(ValueError):
    """The quiz data is malformed; the message names the file and the offending place."""


@dataclass(frozen=True)
class Answer:
    """One choice; a ``final`` answer ends the quiz at once."""

    id: str
    label: str
    final: bool = False


@dataclass(frozen=True)
class Question:
    """A question and its answers, in display order."""

    id: str
    text: str
    answers: tuple[Answer, ...]


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


def complete_paths(quiz: Quiz) -> Iterator[tuple[int, ...]]:
    """Every complete run through the quiz, as answer indices (a final answer stops early)."""

    def walk(prefix: tuple[int, ...]) -> Iterator[tuple[int, ...]]:
        if len(prefix) == len(quiz.questions):
            yield prefix
            return
        for index, answer in enumerate(quiz.questions[len(prefix)].answers):
            path = (*prefix, index)
            yield from ((path,) if answer.final else walk(path))

    return walk(())


def matching_rules(quiz: Quiz, answers: tuple[int, ...]) -> list[Rule]:
    """The rules whose conditions all hold for these answers (unasked questions never match)."""
    given = {quiz.questions[i].id: quiz.questions[i].answers[choice].id for i, choice in enumerate(answers)}
    return [
        rule
        for rule in quiz.rules
        if all(given.get(question) in accepted for question, accepted in rule.when)
    ]


def all_quotes(quiz: Quiz) -> Iterator[Source]:
    """Every quote the quiz can show, for checks against the guide."""
    for spec in quiz.verdicts.values():
        yield from (*spec.reasons, *spec.pair_with, *spec.prescription)
    for rule in quiz.rules:
        yield from rule.reasons


def check_rule_table(quiz: Quiz) -> None:
    used: set[str] = set()
    for path in complete_paths(quiz):
        rules = matching_rules(quiz, path)
        labels = " / ".join(
            f"{quiz.questions[i].id}={quiz.questions[i].answers[c].id}" for i, c in enumerate(path)
        )
        if len(rules) != 1:
            names = ", ".join(r.id for r in rules) or "none"
            raise QuizDataError(f"rules: answers {labels} match {len(rules)} rules ({names}), need 1")
        rule = rules[0]
        if not (quiz.verdicts[rule.verdict].reasons or rule.reasons):
            raise QuizDataError(f"rules: answers {labels} reach verdict {rule.verdict!r} without a reason")
        used.add(rule.id)
    if unused := [r.id for r in quiz.rules if r.id not in used]:
        raise QuizDataError(f"rules: never reached by any answers: {', '.join(unused)}")
    reached = {r.verdict for r in quiz.rules}
    if unreached := [v for v in quiz.verdicts if v not in reached]:
        raise QuizDataError(f"verdicts: no rule leads to {', '.join(unreached)}")
