"""Picking a guide section by title: the autocomplete and the answer to a name that matches none.

Shared by `/hipthrust guide` and `/snippet pin`, which offer the same sections the same way.
"""

from __future__ import annotations

from discord import app_commands

from bot.guide.answering import sections_for_typing, suggest
from bot.guide.model import Guide
from bot.interactions import limits, replies


def section_choices(guide: Guide, current: str) -> list[app_commands.Choice[str]]:
    """The sections best matching what the user typed so far, by title, then by text (all of
    them, in order, for nothing)."""
    return [
        app_commands.Choice(name=s.title[:limits.CHOICE_NAME], value=s.id)
        for s in sections_for_typing(guide, current, limit=limits.CHOICES)
    ]


def unknown_section_message(guide: Guide, value: str, command: str = "/hipthrust guide") -> str:
    """What a user is told when no section has this name: close titles, and how to find one."""
    typed = " ".join(value.split())  # cut before escaping: a cut escape shows its backslash
    shown = replies.escape(typed if len(typed) <= 60 else typed[:59] + "…")
    text = f"No guide section is called “{shown}”." if shown else "Choose a guide section."
    close = suggest(guide, value)
    if close:
        text += " Did you mean " + ", ".join(f"**{t}**" for t in close) + "?"
    return (
        text + f" Start typing in the `section` option of `{command}` and pick a "
        "title from the list (with nothing typed, it lists every section in reading order)."
    )
