"""/import's words for one entry and for many."""

from __future__ import annotations

from bot.db.imports import Stored
from bot.imports import LeftOut
from cogs.imports.render import left_out_lines, removed_text, stored_text


def test_undo_says_how_many_entries_went() -> None:
    assert removed_text(1) == "Removed your last import: 1 entry."
    assert removed_text(1200) == "Removed your last import: 1,200 entries."
    assert removed_text(None) == "That import is already gone."


def test_the_preview_says_what_the_log_already_holds_whole_or_in_part() -> None:
    assert left_out_lines(LeftOut()) == []
    assert left_out_lines(LeftOut(in_log=3, partly=1, partly_sets=2)) == [
        "Already in your log, left out: 3 entries.",
        "Partly in your log already, imported without the sets it holds: 1 entry (2 sets left out).",
    ]


def test_import_says_what_it_left_out() -> None:
    tail = " See them with `/history`; `/import undo` removes this import."
    assert stored_text(Stored(7, 2, LeftOut())) == "**Imported** 2 entries." + tail
    assert stored_text(Stored(7, 2, LeftOut(in_log=1, partly=2, partly_sets=3))) == (
        "**Imported** 2 entries. 1 entry already in your log was left out. 2 entries partly in your log were"
        " imported without the 3 sets already there." + tail
    )
