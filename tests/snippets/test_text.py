"""The texts the `/snippet` commands show: footer, autocomplete names, list lines and pages."""

from __future__ import annotations

from dataclasses import replace

from bot.interactions import limits
from bot.snippets.model import State, Status
from bot.snippets.text import (
    all_hidden,
    audit_reason,
    choice_name,
    choice_names,
    footer,
    footer_without_pinner,
    list_line,
    list_pages,
    list_summary,
    pin_count,
    pinner_in_footer,
    read_footer,
)
from tests.snippets.test_model import WHEN, snip


def test_footer_names_section_version_and_pinner_and_keeps_the_pinner_on_refresh() -> None:
    text = footer("Quick answer", "abc123", "Mod Jo · the second")
    assert text == "Guide snippet: Quick answer · guide version abc123 · pinned by Mod Jo · the second"
    assert pinner_in_footer(text) == "Mod Jo · the second"
    assert pinner_in_footer("Hip thrust guide · Quick answer") is None
    assert pinner_in_footer(None) is None
    long = footer("x" * 3000, "v", "Jo")
    assert len(long) <= limits.FOOTER_TEXT
    assert pinner_in_footer(long) == "Jo"


def test_a_forgotten_pinner_leaves_the_footer_for_a_moderator() -> None:
    text = footer("Quick answer", "abc123", "Mod Jo · the second")
    assert footer_without_pinner(text) == "Guide snippet: Quick answer · guide version abc123 · pinned by a moderator"
    assert footer_without_pinner(footer_without_pinner(text)) is None  # nothing left to take off
    assert footer_without_pinner("Hip thrust guide · Quick answer") is None
    assert footer_without_pinner(None) is None


def test_a_pinner_whose_name_holds_the_footer_s_own_words_is_read_and_forgotten_whole() -> None:
    """A display name is the member's to choose: "Jo · pinned by Mo" is one name. The footer's own
    words come before it (the section title is the guide's), so the first " · pinned by " is ours."""
    text = footer("Quick answer", "abc123", "Jo · pinned by Mo")
    assert pinner_in_footer(text) == "Jo · pinned by Mo"
    forgotten = footer_without_pinner(text)
    assert forgotten == "Guide snippet: Quick answer · guide version abc123 · pinned by a moderator"
    assert "Jo" not in (forgotten or "")


def test_a_footer_is_read_back_as_the_section_name_and_content_version() -> None:
    """How the bot recognises its own snippet post once its record is gone (removed from the server)."""
    for pinner in ("Mod Jo", "a moderator", "Jo · pinned by Mo", "Jo · guide version 0123456789ab"):
        read = read_footer(footer("Who this is for / not for", "0123456789ab", pinner))
        assert read is not None
        assert (read.name, read.version) == ("Who this is for / not for", "0123456789ab")
    assert read_footer("Hip thrust guide · Quick answer") is None  # a guide answer's footer
    assert read_footer("Guide snippet: Quick answer · guide version 0123 · pinned by Jo") is None  # no version of ours
    assert read_footer(footer("x" * 3000, "0123456789ab", "Jo")) is None  # cut short: the version is gone
    assert read_footer(None) is None


def test_an_adopted_snippet_s_line_says_its_pinner_is_unknown() -> None:
    line = list_line(replace(snip(1), pinned_by=None, adopted_at=WHEN), Status.CURRENT, "Quick answer")
    assert "posted on 2026-03-01, before I was removed from this server · pinner unknown · [jump](" in line
    assert "a moderator" not in line


def test_small_texts() -> None:
    assert pin_count(12) == "12 / 250"
    assert audit_reason("pinned", 42) == "Guide snippet pinned by 42"
    name = choice_name("A" * 150, "general-chat-" * 10, WHEN)
    assert len(name) <= 100
    assert name.endswith("· 2026-03-01")
    assert choice_name("Quick answer", "general", WHEN) == "Quick answer · #general · 2026-03-01"


def test_choice_names_tell_apart_only_those_that_would_read_the_same() -> None:
    later = replace(snip(2), pinned_at=WHEN.replace(hour=14, minute=5))
    labelled = [(later, "Quick answer", "general"), (snip(1), "Quick answer", "general"),
                (snip(3), "Terms", "general"), (snip(4), "Quick answer", "training")]
    assert choice_names(labelled) == [
        "Quick answer · #general · 2026-03-01 14:05 UTC · no. 2",
        "Quick answer · #general · 2026-03-01 12:00 UTC · no. 1",
        "Terms · #general · 2026-03-01",
        "Quick answer · #training · 2026-03-01",
    ]
    long = choice_names([(snip(n), "A" * 150, "general-chat-" * 10) for n in (10**17, 10**17 + 1)])
    assert all(len(name) <= 100 for name in long)
    assert long[0].endswith(f"12:00 UTC · no. {10**17}")
    assert len(set(long)) == 2


def test_list_lines_link_everything_but_gone_and_never_name_a_forgotten_pinner() -> None:
    line = list_line(snip(1), Status.STALE, "Quick answer")
    assert "**Quick answer** in <#20>" in line
    assert "stale" in line
    assert "pinned by <@7> on 2026-03-01" in line
    assert "https://discord.com/channels/10/20/101" in line
    gone = list_line(replace(snip(2, state=State.GONE), pinned_by=None), Status.GONE, "Quick answer")
    assert "discord.com" not in gone
    assert "pinned by a moderator" in gone


def test_pages_and_summary() -> None:
    pages = list_pages([f"line {n}" for n in range(23)], per_page=10)
    assert len(pages) == 3
    assert pages[2] == "line 20\n\nline 21\n\nline 22"
    assert list_pages([]) == [""]
    assert list_summary([Status.STALE, Status.CURRENT, Status.STALE]) == "1 current · 2 stale"


def test_a_list_with_every_snippet_hidden_says_how_many_there_are() -> None:
    assert all_hidden(1) == "This server has 1 guide snippet, in a channel you cannot see."
    assert all_hidden(3) == "This server has 3 guide snippets, all in channels you cannot see."
