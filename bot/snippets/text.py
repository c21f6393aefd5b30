"""Every text the `/snippet` commands show: the pinned footer, list lines and pages, reports, messages.

Pure, like `model.py`, whose records and statuses they put in words.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime

from bot.errors import quoted
from bot.interactions import limits
from bot.interactions.counts import counted
from bot.interactions.within import lines_within
from bot.snippets.model import RefreshPlan, Snippet, Status

PAGE_SIZE = 10
FORGOTTEN_PINNER = "a moderator"
_FOOTER_START = "Guide snippet: "
_VERSION = " · guide version "
_PINNED_BY = " · pinned by "
# The last " · guide version <content version> · pinned by " (a content version is 12 hex digits):
# a section title could hold those words, a display name (32 characters at most) cannot.
_OWN_FOOTER = re.compile(
    rf"{re.escape(_FOOTER_START)}(?P<name>.+){re.escape(_VERSION)}(?P<version>[0-9a-f]{{12}}){re.escape(_PINNED_BY)}",
    re.DOTALL,
)


@dataclass(frozen=True)
class ReadFooter:
    """What a snippet post's footer says: the section's name as shown, and its content version."""

    name: str
    version: str


def footer(section_title: str, version: str, pinner: str) -> str:
    """The pinned embed's footer: which section, which content version, who pinned it."""
    text = f"{_FOOTER_START}{section_title}{_VERSION}{version}"
    tail = _PINNED_BY + pinner
    if len(text) + len(tail) > limits.FOOTER_TEXT:
        text = text[: limits.FOOTER_TEXT - len(tail) - 1] + "…"
    return text + tail


def read_footer(text: str | None) -> ReadFooter | None:
    """The section name and content version a footer written by `footer` holds; None for any
    other text (a guide answer's footer, a footer cut short)."""
    found = _OWN_FOOTER.match(text or "")
    return None if found is None else ReadFooter(found["name"], found["version"])


def pinner_in_footer(text: str | None) -> str | None:
    """Who pinned, as our own footer names them (to keep it when a refresh rewrites the text)."""
    if not text or _PINNED_BY not in text:
        return None
    # The first one: the footer's own words (the guide's section title) come before the name, and
    # a display name may hold " · pinned by " itself.
    return text.split(_PINNED_BY, 1)[1] or None


def footer_without_pinner(text: str | None) -> str | None:
    """Our footer with its pinner's name replaced by `FORGOTTEN_PINNER` (None: it names nobody)."""
    if pinner_in_footer(text) in (None, FORGOTTEN_PINNER):
        return None
    assert text is not None
    return text.split(_PINNED_BY, 1)[0] + _PINNED_BY + FORGOTTEN_PINNER


def audit_reason(action: str, user_id: int) -> str:
    """The X-Audit-Log-Reason for pinning or unpinning."""
    return f"Guide snippet {action} by {user_id}"


def pin_count(pins: int) -> str:
    """Pins used against Discord's cap, e.g. "12 / 250"."""
    return f"{pins} / {limits.PINS_PER_CHANNEL}"


def choice_name(section_title: str, channel_name: str, when: datetime, detail: str = "") -> str:
    """An autocomplete entry "section · #channel · date[ detail]", at most 100 characters."""
    tail = f" · #{channel_name[:40]} · {when:%Y-%m-%d}{detail}"
    room = limits.CHOICE_NAME - len(tail)
    title = section_title if len(section_title) <= room else section_title[: room - 1] + "…"
    return title + tail


def choice_names(labelled: Sequence[tuple[Snippet, str, str]]) -> list[str]:
    """Autocomplete entries for (snippet, section title, channel name), in order.

    Two snippets of one section pinned in one channel on one day would read the same: those
    add the time (UTC) and the snippet's number, so the moderator can tell which they pick.
    """
    plain = [choice_name(title, channel, s.pinned_at) for s, title, channel in labelled]
    same = Counter(plain)
    return [
        name if same[name] == 1 else choice_name(title, channel, s.pinned_at, f" {s.pinned_at:%H:%M} UTC · no. {s.id}")
        for name, (s, title, channel) in zip(plain, labelled, strict=True)
    ]


_STATUS_TEXT = {
    Status.CURRENT: "current",
    Status.STALE: "**stale**: the guide text changed since",
    Status.UNPINNED: "unpinned by hand",
    Status.REMOVED: "unpinned with /snippet unpin",
    Status.GONE: "gone: message or channel deleted",
}


def list_line(snippet: Snippet, status: Status, section_title: str) -> str:
    """One snippet in /snippet list: section, where, status, who and when, a jump link."""
    who = f"<@{snippet.pinned_by}>" if snippet.pinned_by is not None else FORGOTTEN_PINNER
    link = f" · [jump]({snippet.jump_url})" if status is not Status.GONE else ""
    pinned = f"pinned by {who} on {snippet.pinned_at:%Y-%m-%d}"
    if snippet.adopted_at is not None:  # its record went with the bot's removal; the post names no id
        pinned = f"posted on {snippet.pinned_at:%Y-%m-%d}, before I was removed from this server · pinner unknown"
    return f"**{section_title}** in <#{snippet.channel_id}> · {_STATUS_TEXT[status]}\n{pinned}{link}"


def list_pages(lines: Sequence[str], per_page: int = PAGE_SIZE) -> list[str]:
    """The lines grouped into pages (one embed description each, far below 4096 characters)."""
    return ["\n\n".join(lines[i : i + per_page]) for i in range(0, len(lines), per_page)] or [""]


def list_summary(statuses: Iterable[Status]) -> str:
    """A one-line count by status, e.g. "3 current · 1 stale · 1 gone"."""
    counts: dict[Status, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return " · ".join(f"{counts[s]} {s.value}" for s in Status if counts.get(s))


def hidden_count(hidden: int) -> str:
    """The snippets /snippet list leaves out, in channels the moderator cannot view: counted, so
    the list's counts add up to the server's, and nothing else said of them."""
    return f"{hidden} more in channels you cannot see"


def all_hidden(hidden: int) -> str:
    """/snippet list when every snippet of the server is in a channel the moderator cannot view."""
    where = "in a channel" if hidden == 1 else "all in channels"
    return f"This server has {counted(hidden, 'guide snippet')}, {where} you cannot see."


def unchecked_hidden(channels: int) -> str:
    """The channels whose pins could not be checked that the moderator cannot view: counted, never named."""
    return f"Could not check the pins of {counted(channels, 'channel')} you cannot see."


def more_unchecked(more: int) -> str:
    """The line that ends /snippet list's notes on channels not checked when not all fit its message."""
    return f"…and {counted(more, 'more channel')} whose pins I could not check."


def refresh_report(refreshed: int, plan: RefreshPlan, newly_gone: int, skipped: Sequence[str] = ()) -> str:
    """What /snippet refresh did, in counts, then a line for each channel or snippet it could not
    check or refresh: as many whole lines as fit a message, then how many more."""
    parts = [
        f"Refreshed {refreshed} stale snippet{'s' if refreshed != 1 else ''}",
        f"{plan.current} already current",
        f"{plan.gone + newly_gone} gone",
    ]
    text = " · ".join(parts) + "."
    if plan.unpinned:
        text += f" {plan.unpinned} unpinned by hand (not edited; pin them again with /snippet pin)."
    return lines_within([text, *skipped], limits.CONTENT, _more_skipped)


def _more_skipped(more: int) -> str:
    return f"…and {counted(more, 'more note')} like {'it' if more == 1 else 'these'}."


def already_pinned(section_title: str, where: str, jump_url: str, *, stale: bool) -> str:
    """`/snippet pin` of a section already pinned in that channel: where it is; nothing posted."""
    if stale:
        return (
            f"**{section_title}** is already pinned in {where}, with older guide text: {jump_url}\n"
            "`/snippet refresh` updates it to the current text. Nothing was posted."
        )
    return f"**{section_title}** is already pinned in {where}: {jump_url}\nNothing was posted."


NO_SNIPPETS = "No guide snippets have been pinned in this server yet. Pin one with `/snippet pin`."
PIN_LIMIT_REACHED = (
    "{where} already has {cap} pinned messages, Discord's limit. Unpin one first, then pin the snippet again."
)
CHANNEL_GONE = "That channel no longer exists."
MESSAGE_GONE = "That snippet's message was deleted, so there is nothing to unpin. It is now marked gone."
NOT_PINNED = "That snippet is not pinned any more ({status}); nothing to unpin."


def unknown_snippet(typed: str) -> str:
    """/snippet unpin's `snippet` option matches no snippet of this server: the option named, as
    an unknown section's answer names `section`, and what was typed echoed inert (`quoted`)."""
    shown = " ".join(typed.split())
    lead = f"No snippet of this server matches {quoted(shown)}." if shown else "Choose a snippet."
    return f"{lead} Start typing in the `snippet` option of `/snippet unpin` and pick one from the list."


TOO_LONG = "The section **{title}** is too long for one pinned message, so it cannot be pinned as a snippet."
