"""/import's words for one entry and for many."""

from __future__ import annotations

from cogs.imports.render import removed_text


def test_undo_says_how_many_entries_went() -> None:
    assert removed_text(1) == "Removed your last import: 1 entry."
    assert removed_text(1200) == "Removed your last import: 1,200 entries."
    assert removed_text(None) == "That import is already gone."
