"""The content the bot serves (guide, quiz, RPE chart), as tests hand it to a bot or a pure function."""

from __future__ import annotations

import functools
import shutil
from pathlib import Path

from bot.content import Content, load_content
from bot.settings import Settings
from tests.paths import DATA


@functools.cache
def shipped_content() -> Content:
    """The shipped data/ folder, read once for the whole run (it is immutable)."""
    return load_content(Settings())


def data_copy(folder: Path) -> Path:
    """A copy of the shipped data/ folder inside `folder`, to edit as an operator would."""
    target = folder / "data"
    shutil.copytree(DATA, target)
    return target
