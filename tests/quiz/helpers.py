"""Shared paths and loaders for the quiz tests."""

from __future__ import annotations

import copy
import tomllib
from pathlib import Path
from typing import Any

from bot.quiz.engine import Quiz, load_quiz

ROOT = Path(__file__).resolve().parents[2]
QUIZ_FILE = ROOT / "data" / "quiz.toml"
# The guide's original text, shipped with the project (the quiz quotes it verbatim).
GUIDE_FILE = ROOT / "data" / "guide" / "source.txt"


def shipped_quiz() -> Quiz:
    return load_quiz(QUIZ_FILE)


def raw_quiz() -> dict[str, Any]:
    """A fresh, mutable copy of the shipped quiz data, for building broken variants."""
    return copy.deepcopy(tomllib.loads(QUIZ_FILE.read_text(encoding="utf-8")))
