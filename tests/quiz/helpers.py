"""Shared paths and loaders for the quiz tests."""

from __future__ import annotations

import copy
import tomllib
from typing import Any

from bot.quiz.engine import Quiz, load_quiz
from tests.paths import QUIZ_FILE


def shipped_quiz() -> Quiz:
    return load_quiz(QUIZ_FILE)


def raw_quiz() -> dict[str, Any]:
    """A fresh, mutable copy of the shipped quiz data, for building broken variants."""
    return copy.deepcopy(tomllib.loads(QUIZ_FILE.read_text(encoding="utf-8")))
