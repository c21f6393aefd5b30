"""`replies.escape`: what a user typed, shown back inert; the shortcut for plain text changes nothing.

It is discord.py's escape of the text `bot.errors.plain` leaves (controls as spaces, direction
controls dropped), so discord.py is the reference for that text."""

import discord
from hypothesis import given
from hypothesis import strategies as st

from bot.errors import plain
from bot.interactions.replies import escape, escape_within


def escaped_by_discord_py(text: str) -> str:
    text = plain(text)
    return discord.utils.escape_markdown(discord.utils.escape_mentions(text))


def same_but_tags(ours: str, theirs: str) -> bool:
    """Equal once the zero-width spaces `escape` puts after a tag's `<` are taken out (the tags
    themselves are tested case by case: a copy of the pattern here could not fail)."""
    return ours.replace("<\u200b", "<") == theirs.replace("<\u200b", "<")


def test_markdown_and_mentions_are_made_inert():
    assert escape("**bold** _it_ `code` ~~x~~ ||spoiler||") == r"\*\*bold\*\* \_it\_ \`code\` \~\~x\~\~ \|\|spoiler\|\|"
    assert escape("@everyone and @here") == "@\u200beveryone and @\u200bhere"
    assert escape("> quote\n# heading\n- item") == "\\> quote\n\\# heading\n\\- item"
    assert escape("[link](https://example.com)") == "\\[link](https://example.com)"


def test_discords_own_tags_are_shown_as_typed():
    typed = "<t:0:R> <:x:123456789012345678> <#333333333333333333> </log:123456789012345678> <id:home>"
    assert escape(typed) == typed.replace("<", "<\u200b")
    assert escape("bench <40cm> -> fine") == "bench <40cm> -> fine"  # not a tag: as discord.py leaves it


def test_plain_text_comes_back_as_it_is():
    for text in ("", "felt good", "bench 40 cm, feet wide", "RPE 8.5; 3 × 10 @ 100 kg", "pause 2 s at top!"):
        assert escape(text) == text


def test_every_character_the_shortcut_trusts_is_one_discord_py_leaves_alone():
    # Each character alone, at a line's start and inside words: anything discord.py would escape
    # is in the list the shortcut checks, so it never returns a text discord.py would change.
    for code in range(0x20, 0x3000):
        c = chr(code)
        for text in (c, f"{c} x", f"a{c}b", f"x\n{c} y", f"{c}{c}{c} z", f"{c}123456789012345678"):
            assert same_but_tags(escape(text), escaped_by_discord_py(text)), repr(text)


@given(st.text(max_size=60))
def test_the_same_as_discord_py_for_any_text(text):
    assert same_but_tags(escape(text), escaped_by_discord_py(text))


@given(st.text(alphabet="ab _*`~|>#-[]()@:/.\n\\0123456789everyonhttps", max_size=60))
def test_the_same_as_discord_py_for_text_made_of_markup(text):
    assert same_but_tags(escape(text), escaped_by_discord_py(text))


def test_control_and_direction_characters_are_neutralised():
    # An unknown section name echoed in “…” passed NUL and a right-to-left override through.
    assert escape("ab\u0000c\u202edef") == "ab cdef"
    assert escape("x\u2067y\u200fz\u2028w\tv") == "xyz w v"
    assert escape("two\nlines") == "two\nlines"  # a line feed stays for text shown on its own lines
    assert plain("felt good") == "felt good"


@given(st.text(alphabet="a_*`@<#>|\\é\u0301🏋️\u202e ", max_size=300), st.integers(min_value=1, max_value=300))
def test_escape_within_fits_and_cuts_before_escaping(text: str, limit: int) -> None:
    shown = escape_within(text, limit)
    assert len(shown) <= limit
    if shown != escape(text):  # cut: the escape of a beginning of the text, whole, and "…"
        assert shown.endswith("…")
        kept = shown[:-1]
        assert any(escape(text[:n]) == kept for n in range(len(text) + 1))


def test_a_setup_of_asterisks_cut_to_ten_leaves_no_stray_backslash() -> None:
    assert escape_within("a_b", 10) == "a\\_b"
    assert escape_within("a*" * 100, 10) == "a\\*a\\*a\\*…"
