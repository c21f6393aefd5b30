"""How the terminal chat prints a reply."""

from __future__ import annotations

from bot.sandbox.render import render_reply
from bot.sandbox.snapshots import Reply


def test_a_discord_timestamp_is_shown_as_a_date_and_time_in_utc() -> None:
    """Discord draws `<t:…>` in each reader's own time zone; the chat has no reader's zone to use."""
    reply = Reply(channel_id=1, content="Last edited <t:1796117400:f>.", ephemeral=True,
                  embeds=[{"description": "imported <t:1796117400> and <t:1796117400:R>"}])
    assert render_reply(reply, author="bot") == "\n".join([
        "bot (only you can see this):",
        "  Last edited 2026-12-01 09:30 UTC.",
        "  | imported 2026-12-01 09:30 UTC and 2026-12-01 09:30 UTC",
    ])
    # Not a timestamp, or one past what a date holds: left as it is.
    assert render_reply(Reply(channel_id=1, content="<t:soon> <t:999999999999:f>"), author="bot").endswith(
        "  <t:soon> <t:999999999999:f>")
