"""Echoing what a user typed: `plain` and `quoted` (bot.errors)."""

from __future__ import annotations

from bot.errors import ValidationError, plain, quoted


def test_an_echoed_value_carries_no_control_or_direction_character() -> None:
    assert quoted("ab\u0000c\u202edef") == "`ab cdef`"
    assert quoted("a\r\nb\u2066") == "`a b`"  # lines joined as before, the isolate dropped
    assert quoted("\u202e") == "` `"
    assert ValidationError("date", "YYYY-MM-DD", "2026\u202e-01").message == (
        "**date** must be YYYY-MM-DD (you gave `2026-01`). Nothing was stored.")


def test_plain_text_is_returned_as_it_is() -> None:
    for text in ("", "felt good", "bench 40 cm · feet wide", "👨‍👩‍👧 emoji joiners stay", "two\nlines"):
        assert plain(text) == text
    assert plain("\ud800x\x85y") == " x y"  # a lone surrogate, a C1 control
