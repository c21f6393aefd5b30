"""Fitting text to Discord's limits: whole lines, then how many were left out; whole words, then "…"."""

from __future__ import annotations

from bot.interactions.within import lines_within, words_within


def test_lines_within_keeps_whole_lines_and_says_how_many_more() -> None:
    lines = [f"line {n} " + "x" * 20 for n in range(10)]  # 28 characters each
    more = "{} more".format
    assert lines_within(lines, 1000, more) == "\n".join(lines)
    shown = lines_within(lines, 100, more)
    assert shown == "\n".join([*lines[:3], "7 more"])
    assert len(shown) <= 100
    assert lines_within(lines, len("\n".join(lines)) - 1, more) == "\n".join([*lines[:9], "1 more"])


def test_words_within_cuts_after_a_whole_word() -> None:
    text = "the pins of 40 channels could not be checked"
    assert words_within(text, 100) == text
    assert words_within(text, 14) == "the pins of…"
    assert words_within(text, 15) == "the pins of 40…"  # "40" ends where the limit leaves room for "…"
    assert words_within("a" * 30, 10) == "a" * 9 + "…"  # one word longer than the limit: cut in it
    assert all(len(words_within(text, limit)) <= limit for limit in range(2, 50))
