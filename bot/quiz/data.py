"""Loading the fit quiz from TOML (``data/quiz.toml``) into the model of ``bot.quiz.model``.

Loading validates everything a broken edit of ``data/quiz.toml`` could get wrong (unknown keys,
duplicate ids, Discord's label limits, rules that overlap or leave a run through the quiz
without a verdict, a question asked where no answer to it can change the verdict), so a mistake
fails at start-up with the place named, never mid-quiz.
"""

from __future__ import annotations

import hashlib
import json
import re
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, TypeVar

from bot.guide.model import Source
from bot.interactions import limits
from bot.quiz.model import (
    REFERRAL_VERDICT,
    Answer,
    Question,
    Quiz,
    QuizDataError,
    Rule,
    VerdictSpec,
    When,
    check_rule_table,
)

MIN_QUESTIONS, MAX_QUESTIONS = 4, 6
# A question's answers are one row of buttons; Back/Restart get their own row.
MIN_ANSWERS, MAX_ANSWERS = 2, limits.BUTTONS_PER_ROW
LABEL_LIMIT = limits.BUTTON_LABEL
TEXT_LIMIT = limits.EMBED_TITLE  # shown as an embed title
QUOTE_LIMIT = 1000  # leaves room in an embed field value (limits.FIELD_VALUE) for the quote's source
_ID = re.compile(r"[a-z0-9][a-z0-9-]{0,31}")
_T = TypeVar("_T", Question, Answer, VerdictSpec, Rule)


def load_quiz(path: Path) -> Quiz:
    """Read and validate the quiz file; raise ``QuizDataError`` naming the problem."""
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise QuizDataError(f"{path}: cannot read the quiz file ({exc.strerror})") from exc
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise QuizDataError(f"{path}: not valid TOML ({exc})") from exc
    try:
        return parse_quiz(raw)
    except QuizDataError as exc:
        raise QuizDataError(f"{path}: {exc}") from None


def parse_quiz(raw: Mapping[str, Any]) -> Quiz:
    """Build a ``Quiz`` from parsed TOML, checking every limit and the rule table."""
    _keys(raw, "the file", required={"sections", "questions", "verdicts", "rules"})
    sections = _sections(raw["sections"])
    questions: list[Question] = []
    for i, q in enumerate(_list(raw, "questions", "file")):
        questions.append(_question(q, f"questions[{i}]", earlier=questions))
    _unique(questions, "questions")
    if not MIN_QUESTIONS <= len(questions) <= MAX_QUESTIONS:
        raise QuizDataError(f"questions: need {MIN_QUESTIONS} to {MAX_QUESTIONS}, got {len(questions)}")
    verdicts = _unique(
        [_verdict(v, f"verdicts[{i}]", sections) for i, v in enumerate(_list(raw, "verdicts", "file"))],
        "verdicts",
    )
    if not any(v.id == REFERRAL_VERDICT and v.note for v in verdicts):
        raise QuizDataError(f"verdicts: need {REFERRAL_VERDICT!r} with a `note` (the pain and rehab referral)")
    rules = _unique(
        [
            _rule(r, f"rules[{i}]", questions, verdicts, sections)
            for i, r in enumerate(_list(raw, "rules", "file"))
        ],
        "rules",
    )
    quiz = Quiz(
        questions=tuple(questions),
        verdicts={v.id: v for v in verdicts},
        rules=tuple(rules),
        sections=sections,
        version=_version(raw),
    )
    check_rule_table(quiz)
    return quiz


def _version(raw: Mapping[str, Any]) -> str:
    # Hash the parsed content, not the bytes: comments and layout may change without
    # invalidating every quiz already on screen.
    canonical = json.dumps(raw, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()[:6]


def _sections(raw: object) -> dict[str, str]:
    if not isinstance(raw, dict) or not raw:
        raise QuizDataError("sections: need a table of section id = title")
    for key, title in raw.items():
        _id(key, f"sections.{key}")
        _text(title, f"sections.{key}", TEXT_LIMIT)
    return dict(raw)


def _question(raw: object, where: str, earlier: list[Question]) -> Question:
    table = _table(raw, where, required={"id", "text", "answers"}, optional={"ask_when"})
    answers = _unique(
        [_answer(a, f"{where}.answers[{i}]") for i, a in enumerate(_list(table, "answers", where))],
        f"{where}.answers",
    )
    if not MIN_ANSWERS <= len(answers) <= MAX_ANSWERS:
        raise QuizDataError(f"{where}.answers: need {MIN_ANSWERS} to {MAX_ANSWERS}, got {len(answers)}")
    return Question(
        id=_id(table["id"], f"{where}.id"),
        text=_text(table["text"], f"{where}.text", TEXT_LIMIT),
        answers=tuple(answers),
        ask_when=_ask_when(table.get("ask_when"), f"{where}.ask_when", earlier),
    )


def _ask_when(raw: object, where: str, earlier: list[Question]) -> tuple[When, ...]:
    """A table, or a list of tables (any one may hold), naming only questions asked before."""
    if raw is None:
        return ()
    alternatives = raw if isinstance(raw, list) else [raw]
    if not alternatives:
        raise QuizDataError(f"{where}: need a table of question id = [answer ids], or a list of them")
    return tuple(_when(alt, f"{where}[{i}]" if isinstance(raw, list) else where, earlier, before=True)
                 for i, alt in enumerate(alternatives))


def _when(raw: object, where: str, questions: list[Question], *, before: bool = False) -> When:
    if not isinstance(raw, dict) or not raw:
        raise QuizDataError(f"{where}: need a table of question id = [answer ids]")
    by_id = {q.id: q for q in questions}
    conditions = []
    for question_id, accepted in raw.items():
        question = by_id.get(question_id)
        if question is None:
            raise QuizDataError(f"{where}: no question {question_id!r}" + (" before this one" if before else ""))
        known = {a.id for a in question.answers}
        if not isinstance(accepted, list) or not accepted or not set(accepted) <= known:
            raise QuizDataError(f"{where}.{question_id}: need a list of answer ids from {sorted(known)}")
        conditions.append((question_id, frozenset(accepted)))
    return tuple(conditions)


def _answer(raw: object, where: str) -> Answer:
    table = _table(raw, where, required={"id", "label"}, optional={"final"})
    final = table.get("final", False)
    if not isinstance(final, bool):
        raise QuizDataError(f"{where}.final: must be true or false")
    return Answer(
        id=_id(table["id"], f"{where}.id"),
        label=_text(table["label"], f"{where}.label", LABEL_LIMIT),
        final=final,
    )


def _verdict(raw: object, where: str, sections: Mapping[str, str]) -> VerdictSpec:
    table = _table(
        raw,
        where,
        required={"id", "title"},
        optional={"reasons", "pair_with", "prescription", "note"},
    )
    note = table.get("note")
    return VerdictSpec(
        id=_id(table["id"], f"{where}.id"),
        title=_text(table["title"], f"{where}.title", TEXT_LIMIT),
        reasons=_quotes(table, "reasons", where, sections),
        pair_with=_quotes(table, "pair_with", where, sections),
        prescription=_quotes(table, "prescription", where, sections),
        note=None if note is None else _text(note, f"{where}.note", QUOTE_LIMIT),
    )


def _rule(
    raw: object,
    where: str,
    questions: list[Question],
    verdicts: list[VerdictSpec],
    sections: Mapping[str, str],
) -> Rule:
    table = _table(raw, where, required={"id", "verdict", "when"}, optional={"reasons"})
    verdict = table["verdict"]
    if verdict not in {v.id for v in verdicts}:
        raise QuizDataError(f"{where}.verdict: no verdict {verdict!r}")
    return Rule(
        id=_id(table["id"], f"{where}.id"),
        verdict=verdict,
        when=_when(table["when"], f"{where}.when", questions),
        reasons=_quotes(table, "reasons", where, sections),
    )


def _quotes(table: Mapping[str, Any], key: str, where: str, sections: Mapping[str, str]) -> tuple[Source, ...]:
    if key not in table:
        return ()
    quotes = []
    for i, raw in enumerate(_list(table, key, where)):
        place = f"{where}.{key}[{i}]"
        item = _table(raw, place, required={"section", "quote"})
        if item["section"] not in sections:
            raise QuizDataError(f"{place}.section: {item['section']!r} is not in [sections]")
        quotes.append(Source(item["section"], _text(item["quote"], f"{place}.quote", QUOTE_LIMIT)))
    return tuple(quotes)


def _keys(
    table: Mapping[str, Any],
    where: str,
    required: set[str],
    optional: frozenset[str] | set[str] = frozenset(),
) -> None:
    if missing := sorted(required - table.keys()):
        raise QuizDataError(f"{where}: missing {', '.join(missing)}")
    if unknown := sorted(table.keys() - required - set(optional)):
        raise QuizDataError(f"{where}: unknown key {', '.join(unknown)}")


def _table(
    raw: object, where: str, required: set[str], optional: frozenset[str] | set[str] = frozenset()
) -> dict[str, Any]:
    if not isinstance(raw, dict):
        raise QuizDataError(f"{where}: must be a table")
    _keys(raw, where, required, optional)
    return raw


def _list(table: Mapping[str, Any], key: str, where: str) -> list[Any]:
    value = table.get(key)
    if not isinstance(value, list):
        raise QuizDataError(f"{where}.{key}: must be a list")
    return value


def _id(value: object, where: str) -> str:
    if not isinstance(value, str) or not _ID.fullmatch(value):
        raise QuizDataError(f"{where}: ids are 1-32 of a-z, 0-9 and '-', got {value!r}")
    return value


def _text(value: object, where: str, limit: int) -> str:
    if not isinstance(value, str) or not value.strip():
        raise QuizDataError(f"{where}: must be non-empty text")
    if len(value) > limit:
        raise QuizDataError(f"{where}: {len(value)} characters, the limit is {limit}")
    return value


def _unique(items: list[_T], where: str) -> list[_T]:
    seen: set[str] = set()
    for item in items:
        if item.id in seen:
            raise QuizDataError(f"{where}: duplicate id {item.id!r}")
        seen.add(item.id)
    return items
