"""Pure snippet logic: status, reconciling with pins, refresh plans."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import discord

from bot.snippets.model import (
    Snippet,
    State,
    Status,
    bot_needs,
    live_copies,
    missing_permissions,
    pinned_copy,
    plan_refresh,
    reconcile,
    status_of,
)
from bot.snippets.text import refresh_report

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


def test_only_a_copy_pinned_in_the_same_channel_blocks_pinning_a_section_again() -> None:
    elsewhere = replace(snip(1), channel_id=21)
    other_section = snip(2, section="terms")
    by_hand, removed, gone = snip(3, state=State.UNPINNED), snip(4, state=State.REMOVED), snip(5, state=State.GONE)
    newest_first = [gone, removed, by_hand, other_section, elsewhere]
    assert [s.id for s in live_copies(newest_first, 20, "quick-answer")] == [3]  # worth checking the pins for
    assert pinned_copy(newest_first, 20, "quick-answer") is None
    assert pinned_copy([snip(7), *newest_first, snip(6)], 20, "quick-answer") == snip(7)
    assert pinned_copy([snip(8, version="v1")], 20, "quick-answer") == snip(8, version="v1")  # stale still counts


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


def test_missing_permissions_names_each_in_order() -> None:
    perms = discord.Permissions(view_channel=True, send_messages=True, read_message_history=True)
    assert missing_permissions(perms, bot_needs("send_messages")) == ["embed_links", "pin_messages"]
    assert missing_permissions(discord.Permissions.all(), bot_needs("send_messages")) == []
    assert missing_permissions(perms, bot_needs("send_messages_in_threads"))[0] == "send_messages_in_threads"
