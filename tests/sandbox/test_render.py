"""How the terminal chat prints a reply."""

from __future__ import annotations

from pathlib import Path

from bot.sandbox.render import render_reply
from bot.sandbox.snapshots import Reply, ReplyFile


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


def test_a_file_the_chat_cannot_save_is_named_with_the_reply_still_shown(tmp_path: Path) -> None:
    # `--files /proc/x` (or a folder that is a file): the reply with the file, /export's, was lost,
    # and the chat said only "the sandbox failed on that line (FileNotFoundError: …)".
    blocked = tmp_path / "taken"
    blocked.write_text("a file, not a folder")
    reply = Reply(channel_id=1, message_id=7, content="Your export.", ephemeral=True,
                  attachments=[ReplyFile("entries.csv", "text/csv", b"date,weight\n")])
    shown = render_reply(reply, author="bot", files_folder=blocked / "files")
    assert shown.startswith("bot (only you can see this):\n  Your export.\n")
    assert shown.endswith(f"\n  file: entries.csv (12 bytes), not saved: cannot write in {blocked / 'files'}"
                          " (Not a directory); start the sandbox with --files naming a folder you can write")


def test_a_row_of_long_buttons_wraps_between_buttons_never_inside_one() -> None:
    # /fitquiz's first question: five answers in a row ran past the terminal's edge, which broke
    # "Help with pain, an i|njury or rehab" in two.
    labels = ["Grow my glutes", "Build my squat or deadlift strength", "Help my sprinting or sport skill",
              "General strength", "Help with pain, an injury or rehab"]
    row = {"type": 1, "components": [{"type": 2, "label": label, "custom_id": f"q:{n}"}
                                     for n, label in enumerate(labels)]}
    shown = render_reply(Reply(channel_id=1, components=[row]), author="bot").splitlines()[1:]
    assert shown == [
        "  buttons: [1] Grow my glutes   [2] Build my squat or deadlift strength",
        "           [3] Help my sprinting or sport skill   [4] General strength",
        "           [5] Help with pain, an injury or rehab",
    ]
