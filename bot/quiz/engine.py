"""The fit quiz engine: state in, next question or verdict out. Knows nothing of Discord.

A ``QuizState`` is the quiz version plus the answer indices given so far, one per question asked
(a question whose ``ask_when`` does not hold is skipped, not answered). It encodes to a short
string (``"fe7edb.013"``) that fits in a button's custom_id, so a quiz survives a bot restart;
the version makes a click on a quiz whose data changed since fail loudly (``QuizOutdatedError``)
instead of mapping old answers onto new questions.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, fields

from bot.guide.model import Source
from bot.quiz.data import MAX_QUESTIONS, load_quiz
from bot.quiz.model import (
    Answer,
    Position,
    Question,
    Quiz,
    QuizDataError,
    VerdictSpec,
    complete_paths,
    matching_rules,
    position,
)

__all__ = [
    "InvalidMoveError",
    "Quiz",
    "QuizDataError",
    "QuizError",
    "QuizOutdatedError",
    "QuizState",
    "Verdict",
    "answer",
    "answered",
    "back",
    "current_question",
    "decode",
    "encode",
    "format_quote",
    "is_complete",
    "load_quiz",
    "progress",
    "restart",
    "share_summary",
    "verdict",
]

# Version: 6 hex digits; answers: one decimal digit each (at most 5 answers a question).
_STATE = re.compile(rf"([0-9a-f]{{6}})\.([0-9]{{0,{MAX_QUESTIONS}}})")


class QuizError(Exception):
    """A move the quiz cannot make; the message is fit to show the user."""


class QuizOutdatedError(QuizError):
    """The state was made for another version of the quiz data."""

    def __init__(self) -> None:
        super().__init__("This quiz was updated since you started it — start again.")


class InvalidMoveError(QuizError):
    """The move does not fit the state (answer after the end, back from the start, ...)."""


@dataclass(frozen=True)
class QuizState:
    """Where a user is in the quiz: the data version and the answer indices so far."""

    version: str
    answers: tuple[int, ...] = ()


@dataclass(frozen=True)
class Verdict(VerdictSpec):
    """The outcome of a complete quiz: the verdict as written, with the matching rule's reasons
    added to its own (every reason a quote of the guide)."""

    rule: str


def restart(quiz: Quiz) -> QuizState:
    """A fresh state at the first question of the current quiz (also how a quiz starts)."""
    return QuizState(quiz.version)


def is_complete(quiz: Quiz, state: QuizState) -> bool:
    """True when no question is left to ask: all asked, skipped, or ended by a final answer."""
    return _position(quiz, state).next_index is None


def current_question(quiz: Quiz, state: QuizState) -> Question:
    """The question to ask next; ``InvalidMoveError`` when the quiz is complete."""
    index = _position(quiz, state).next_index
    if index is None:
        raise InvalidMoveError("This quiz is already finished.")
    return quiz.questions[index]


def progress(quiz: Quiz, state: QuizState) -> tuple[int, int, int]:
    """(number of the current question, questions on the shortest and on the longest run from
    here), for "Question 1 of up to 5" and "Question 2 of 3".

    Questions the answers so far make irrelevant are skipped, so the total can shrink as you go.
    """
    _position(quiz, state)
    lengths = [len(path) for path in complete_paths(quiz, state.answers)]
    return len(state.answers) + 1, min(lengths), max(lengths)


def answer(quiz: Quiz, state: QuizState, choice: int) -> QuizState:
    """The state after picking answer ``choice`` of the current question."""
    question = current_question(quiz, state)
    if not 0 <= choice < len(question.answers):
        raise InvalidMoveError("That answer is not one of this question's choices.")
    return QuizState(state.version, (*state.answers, choice))


def back(quiz: Quiz, state: QuizState) -> QuizState:
    """The state one answer earlier (the question asked before); ``InvalidMoveError`` at the first."""
    _position(quiz, state)
    if not state.answers:
        raise InvalidMoveError("This is already the first question.")
    return QuizState(state.version, state.answers[:-1])


def answered(quiz: Quiz, state: QuizState) -> list[tuple[Question, Answer]]:
    """The questions asked so far, each with the chosen answer."""
    return list(_position(quiz, state).asked)


def verdict(quiz: Quiz, answers: tuple[int, ...]) -> Verdict:
    """The verdict for a complete set of answers: its reasons, then the rule's own."""
    if not is_complete(quiz, QuizState(quiz.version, answers)):
        raise InvalidMoveError("Answer every question first.")
    # The loader proved exactly one rule matches each complete run.
    (rule,) = matching_rules(quiz, answers)
    spec = quiz.verdicts[rule.verdict]
    written = {f.name: getattr(spec, f.name) for f in fields(spec)}
    return Verdict(**{**written, "reasons": (*spec.reasons, *rule.reasons)}, rule=rule.id)


def encode(state: QuizState) -> str:
    """The compact text form of a state (``"fe7edb.013"``), at most 13 characters."""
    return f"{state.version}.{''.join(str(i) for i in state.answers)}"


def decode(text: str, quiz: Quiz) -> QuizState | None:
    """Parse ``encode``'s output strictly.

    Returns None for anything malformed or impossible in this quiz (an answer index out of
    range, answers after the quiz is complete); raises ``QuizOutdatedError`` for a well-formed state of
    another quiz version.
    """
    match = _STATE.fullmatch(text)
    if match is None:
        return None
    version, digits = match.groups()
    if version != quiz.version:
        raise QuizOutdatedError
    answers = tuple(int(d) for d in digits)
    return None if _invalid(quiz, answers) else QuizState(version, answers)


def format_quote(quiz: Quiz, quote: Source) -> str:
    """A quote with the title of its guide section: “…” — Section.

    A quote taken from mid-sentence starts with "…", so it never reads as the guide's full sentence.
    """
    lead = "…" if quote.quote[:1].islower() else ""
    return f"“{lead}{quote.quote}” — {quiz.sections[quote.section]}"


def share_summary(quiz: Quiz, result: Verdict, state: QuizState | None = None) -> str:
    """A short public text of a verdict; the answers appear only when ``state`` is given."""
    lines = [f"**Fit quiz verdict: {result.title}**"]
    if result.reasons:
        lines.append(f"Why, in the guide's words: {format_quote(quiz, result.reasons[0])}")
    if result.pair_with:
        lines.append(f"Pair it with: {format_quote(quiz, result.pair_with[0])}")
    if result.note:
        lines.append(result.note)
    if state is not None:
        lines.append("Answers:")
        lines += [f"• {q.text} **{a.label}**" for q, a in answered(quiz, state)]
    lines.append("Take the quiz yourself with /fitquiz.")
    return "\n".join(lines)


def _position(quiz: Quiz, state: QuizState) -> Position:
    if state.version != quiz.version:
        raise QuizOutdatedError
    found = position(quiz, state.answers)
    if found is None:
        raise InvalidMoveError("That is not a position in this quiz — start again.")
    return found


def _invalid(quiz: Quiz, answers: tuple[int, ...]) -> bool:
    """True unless ``answers`` is a reachable position (possibly incomplete) of ``quiz``."""
    return position(quiz, answers) is None
