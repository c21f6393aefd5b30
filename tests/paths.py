"""Paths inside the repository that tests read: nothing outside it (a fresh clone has nothing beside it)."""

from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "data"
GUIDE_DIR = DATA / "guide"
GUIDE_SOURCE = GUIDE_DIR / "source.txt"  # the guide's original text
QUIZ_FILE = DATA / "quiz.toml"
IMPORT_SAMPLES = Path(__file__).resolve().parent / "data" / "import"
RTS_CHART = DATA / "rts_chart.toml"
