"""/import's words for one entry and for many."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.db.imports import BatchInfo, Stored
from bot.imports import LeftOut
from cogs.imports.render import batch_question, left_out_lines, removed_text, stored_text


def test_undo_says_how_many_entries_went() -> None:
    assert removed_text(1) == "Removed your last import: 1 entry."
    assert removed_text(1200) == "Removed your last import: 1,200 entries."
    assert removed_text(None) == "That import is already gone."


def test_the_preview_says_what_the_log_already_holds_whole_or_in_part() -> None:
    assert left_out_lines(LeftOut()) == []
    assert left_out_lines(LeftOut(in_log=3, partly=1, partly_sets=2)) == [
        "Already in your log, left out: 3 entries.",
        "Partly in your log already, imported with only the other sets: 1 entry (2 sets left out).",
    ]


def test_import_says_what_it_left_out() -> None:
    tail = " See them with `/history`; `/import undo` removes this import."
    assert stored_text(Stored(7, 2, LeftOut())) == "**Imported** 2 entries." + tail
    assert stored_text(Stored(7, 1, LeftOut())) == "**Imported** 1 entry." + tail.replace("them", "it")
    assert stored_text(Stored(7, 2, LeftOut(in_log=1, partly=2, partly_sets=3))) == (
        "**Imported** 2 entries. 1 entry already in your log was left out. 2 entries partly in your log were"
        " imported without the 3 sets already there." + tail
    )


def test_entries_the_lifter_deleted_or_edited_are_named_with_the_reason() -> None:
    assert left_out_lines(LeftOut(removed=2, partly=1, partly_sets=3, partly_removed=1)) == [
        "Deleted or edited by you, left out: 2 entries (an import does not bring back what you took out of your"
        " log; `/log` one again to have it back).",
        "Partly in your log already or deleted or edited by you, imported with only the other sets: 1 entry"
        " (3 sets left out).",
    ]
    assert stored_text(Stored(7, 1, LeftOut(in_log=2, removed=1, partly=1, partly_sets=2, partly_removed=2))) == (
        "**Imported** 1 entry. 2 entries already in your log were left out. 1 entry you deleted or edited was left"
        " out. 1 entry partly in your log was imported without the 2 sets already there or deleted or edited by"
        " you. See it with `/history`; `/import undo` removes this import."
    )


def test_nothing_new_says_whether_the_lifter_removed_some() -> None:
    assert stored_text(Stored(None, 0, LeftOut(in_log=2))) == (
        "Nothing new to import: every entry in this file is already in your log. Nothing was stored."
    )
    assert stored_text(Stored(None, 0, LeftOut(in_log=2, removed=1))) == (
        "Nothing new to import: every entry in this file is already in your log, or you deleted or edited it."
        " Nothing was stored."
    )


def test_undo_asks_about_the_import_with_its_edited_entries_counted() -> None:
    batch = BatchInfo(7, "strong", datetime(2026, 12, 1, 9, 30, tzinfo=UTC), 5, date(2026, 11, 1), date(2026, 11, 20),
                      edited=2)
    assert batch_question(batch) == (
        "Your last import: 5 entries from Strong, 2026-11-01 to 2026-11-20, imported <t:1796117400:f>."
        " Of them, 2 were edited since you imported them; they go too. Remove all of them?")
    one = BatchInfo(8, "hevy", datetime(2026, 12, 1, 9, 30, tzinfo=UTC), 1, date(2026, 11, 1), date(2026, 11, 1))
    assert batch_question(one) == (
        "Your last import: 1 entry from Hevy, 2026-11-01, imported <t:1796117400:f>. Remove it?")
