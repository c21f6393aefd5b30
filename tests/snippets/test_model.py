"""Pure snippet logic: status, reconciling with pins, refresh plans and the texts shown."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import discord

from bot.snippets.model import (
    BOT_NEEDS,
    FOOTER_LIMIT,
    Snippet,
    State,
    Status,
    audit_reason,
    choice_name,
    footer,
    list_line,
    list_pages,
    list_summary,
    missing_permissions,
    pin_count,
    pinner_in_footer,
    plan_refresh,
    reconcile,
    refresh_report,
    status_of,
)

WHEN = datetime(2026, 3, 1, 12, tzinfo=UTC)
VERSIONS = {"quick-answer": "v2", "terms": "t1"}


def snip(n: int, *, state: State = State.PINNED, section: str = "quick-answer", version: str = "v2") -> Snippet:
    return Snippet(n, 10, 20, 100 + n, section, version, 7, WHEN, state)


def test_a_pinned_snippet_is_current_until_its_section_text_changes() -> None:
    assert status_of(snip(1), VERSIONS) is Status.CURRENT
    assert status_of(snip(1, version="v1"), VERSIONS) is Status.STALE
    assert status_of(snip(1, section="gone-from-guide"), VERSIONS) is Status.STALE


def test_other_states_show_as_themselves_whatever_the_version() -> None:
    assert status_of(snip(1, state=State.UNPINNED, version="old"), VERSIONS) is Status.UNPINNED
    assert status_of(snip(1, state=State.REMOVED), VERSIONS) is Status.REMOVED
    assert status_of(snip(1, state=State.GONE), VERSIONS) is Status.GONE


def test_reconcile_finds_pins_removed_by_hand_and_pins_put_back() -> None:
    still = snip(1)
    removed_by_hand = snip(2)
    put_back = snip(3, state=State.UNPINNED)
    stays_unpinned = snip(4, state=State.UNPINNED)
    gone = snip(5, state=State.GONE)
    pins = {still.message_id, put_back.message_id, gone.message_id, 999}
    decision = reconcile([still, removed_by_hand, put_back, stays_unpinned, gone], pins)
    assert decision.missing == (2,)
    assert decision.repinned == (3,)


def test_refresh_plan_edits_only_stale_pinned_snippets() -> None:
    plan = plan_refresh(
        [
            snip(1),
            snip(2, version="v1"),
            snip(3, state=State.UNPINNED),
            snip(4, state=State.GONE),
            snip(5, state=State.REMOVED),
        ],
        VERSIONS,
    )
    assert [s.id for s in plan.stale] == [2]
    assert (plan.current, plan.unpinned, plan.gone) == (1, 1, 1)
    text = refresh_report(1, plan, newly_gone=2, skipped=["Could not check <#5>."])
    assert text.startswith("Refreshed 1 stale snippet · 1 already current · 3 gone.")
    assert "1 unpinned by hand" in text
    assert text.endswith("Could not check <#5>.")


def test_footer_names_section_version_and_pinner_and_keeps_the_pinner_on_refresh() -> None:
    text = footer("Quick answer", "abc123", "Mod Jo · the second")
    assert text == "Guide snippet: Quick answer · guide version abc123 · pinned by Mod Jo · the second"
    assert pinner_in_footer(text) == "Mod Jo · the second"
    assert pinner_in_footer("Hip thrust guide · Quick answer") is None
    assert pinner_in_footer(None) is None
    long = footer("x" * 3000, "v", "Jo")
    assert len(long) <= FOOTER_LIMIT
    assert pinner_in_footer(long) == "Jo"


def test_missing_permissions_names_each_in_order() -> None:
    perms = discord.Permissions(view_channel=True, send_messages=True, read_message_history=True)
    assert missing_permissions(perms, BOT_NEEDS) == ["embed_links", "pin_messages"]
    assert missing_permissions(discord.Permissions.all(), BOT_NEEDS) == []


def test_small_texts() -> None:
    assert pin_count(12) == "12 / 250"
    assert audit_reason("pinned", 42) == "Guide snippet pinned by 42"
    name = choice_name("A" * 150, "general-chat-" * 10, WHEN)
    assert len(name) <= 100
    assert name.endswith("· 2026-03-01")
    assert choice_name("Quick answer", "general", WHEN) == "Quick answer · #general · 2026-03-01"


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
