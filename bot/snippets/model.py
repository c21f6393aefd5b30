"""Moderator snippets: pinned guide sections and whether they are still current.

Pure: records, their status against the current guide, reconciling records with a channel's
pins, and every text the `/snippet` commands show. No Discord calls here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

PIN_CAP = 250  # Discord's limit of pinned messages per channel
FOOTER_LIMIT = 2048
CHOICE_NAME_LIMIT = 100
PAGE_SIZE = 10
FORGOTTEN_PINNER = "a moderator"
_PINNED_BY = " · pinned by "

# What the bot needs in the target channel to post, pin and later reconcile a snippet.
BOT_NEEDS: tuple[str, ...] = (
    "view_channel",
    "send_messages",
    "embed_links",
    "read_message_history",
    "pin_messages",
)
# What a moderator needs in another channel to pin there (Discord checks only where they typed).
INVOKER_NEEDS: tuple[str, ...] = ("view_channel", "send_messages", "pin_messages")
# What reading a channel's pins takes (reconciling); unpinning adds Pin Messages.
READ_PINS_NEEDS: tuple[str, ...] = ("view_channel", "read_message_history")
UNPIN_NEEDS: tuple[str, ...] = ("view_channel", "read_message_history", "pin_messages")
UNPIN_INVOKER_NEEDS: tuple[str, ...] = ("view_channel", "pin_messages")


class State(StrEnum):
    """What is stored: the last known fate of the snippet's message."""

    PINNED = "pinned"
    UNPINNED = "unpinned"  # the pin was removed by hand
    REMOVED = "removed"  # unpinned with /snippet unpin
    GONE = "gone"  # the message or its channel was deleted


class Status(StrEnum):
    """What a moderator sees: a pinned snippet is current or stale against today's guide."""

    CURRENT = "current"
    STALE = "stale"
    UNPINNED = "unpinned"
    REMOVED = "removed"
    GONE = "gone"


LIVE_STATES = (State.PINNED, State.UNPINNED)  # states whose message may still exist in a channel


@dataclass(frozen=True)
class Snippet:
    """One pinned guide section, as recorded."""

    id: int
    guild_id: int
    channel_id: int
    message_id: int
    section_id: str
    content_version: str
    pinned_by: int | None
    pinned_at: datetime
    state: State
    state_changed_at: datetime | None = None

    @property
    def jump_url(self) -> str:
        return f"https://discord.com/channels/{self.guild_id}/{self.channel_id}/{self.message_id}"


def status_of(snippet: Snippet, current_versions: Mapping[str, str]) -> Status:
    """Current or stale for a pinned snippet (a section no longer in the guide is stale)."""
    if snippet.state is not State.PINNED:
        return Status(snippet.state.value)
    if current_versions.get(snippet.section_id) == snippet.content_version:
        return Status.CURRENT
    return Status.STALE


def missing_permissions(granted: object, needed: Sequence[str]) -> list[str]:
    """The permissions in `needed` that `granted` (a discord.Permissions) lacks, in order."""
    return [name for name in needed if not getattr(granted, name, False)]


@dataclass(frozen=True)
class Reconciliation:
    """How a channel's records must change to agree with its pins."""

    repinned: tuple[int, ...]  # snippet ids recorded unpinned that are pinned again
    missing: tuple[int, ...]  # snippet ids recorded pinned whose message is not among the pins


def reconcile(snippets: Iterable[Snippet], pinned_message_ids: Collection[int]) -> Reconciliation:
    """Compare one channel's live records with the message ids pinned there now.

    A missing pin was removed by hand, or its message was deleted while we were not looking;
    the caller tells the two apart before marking it unpinned or gone.
    """
    repinned: list[int] = []
    missing: list[int] = []
    for s in snippets:
        pinned = s.message_id in pinned_message_ids
        if s.state is State.UNPINNED and pinned:
            repinned.append(s.id)
        elif s.state is State.PINNED and not pinned:
            missing.append(s.id)
    return Reconciliation(tuple(repinned), tuple(missing))


@dataclass(frozen=True)
class RefreshPlan:
    """Which snippets `/snippet refresh` edits, and what it leaves."""

    stale: tuple[Snippet, ...]
    current: int
    unpinned: int
    gone: int


def plan_refresh(snippets: Iterable[Snippet], current_versions: Mapping[str, str]) -> RefreshPlan:
    """Stale pinned snippets get edited; the rest are counted (removed ones are not reported)."""
    stale: list[Snippet] = []
    counts = {Status.CURRENT: 0, Status.UNPINNED: 0, Status.GONE: 0}
    for s in snippets:
        status = status_of(s, current_versions)
        if status is Status.STALE:
            stale.append(s)
        elif status in counts:
            counts[status] += 1
    return RefreshPlan(tuple(stale), counts[Status.CURRENT], counts[Status.UNPINNED], counts[Status.GONE])


# --- texts --------------------------------------------------------------------------------------


def footer(section_title: str, version: str, pinner: str) -> str:
    """The pinned embed's footer: which section, which content version, who pinned it."""
    text = f"Guide snippet: {section_title} · guide version {version}"
    tail = _PINNED_BY + pinner
    if len(text) + len(tail) > FOOTER_LIMIT:
        text = text[: FOOTER_LIMIT - len(tail) - 1] + "…"
    return text + tail


def pinner_in_footer(text: str | None) -> str | None:
    """Who pinned, as our own footer names them (to keep it when a refresh rewrites the text)."""
    if not text or _PINNED_BY not in text:
        return None
    return text.rsplit(_PINNED_BY, 1)[1] or None


def audit_reason(action: str, user_id: int) -> str:
    """The X-Audit-Log-Reason for pinning or unpinning."""
    return f"Guide snippet {action} by {user_id}"


def pin_count(pins: int) -> str:
    """Pins used against Discord's cap, e.g. "12 / 250"."""
    return f"{pins} / {PIN_CAP}"


def choice_name(section_title: str, channel_name: str, when: datetime) -> str:
    """An autocomplete entry "section · #channel · date", at most 100 characters."""
    tail = f" · #{channel_name[:40]} · {when:%Y-%m-%d}"
    room = CHOICE_NAME_LIMIT - len(tail)
    title = section_title if len(section_title) <= room else section_title[: room - 1] + "…"
    return title + tail


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
    return (
        f"**{section_title}** in <#{snippet.channel_id}> · {_STATUS_TEXT[status]}\n"
        f"pinned by {who} on {snippet.pinned_at:%Y-%m-%d}{link}"
    )


def list_pages(lines: Sequence[str], per_page: int = PAGE_SIZE) -> list[str]:
    """The lines grouped into pages (one embed description each, far below 4096 characters)."""
    return ["\n\n".join(lines[i : i + per_page]) for i in range(0, len(lines), per_page)] or [""]


def list_summary(statuses: Iterable[Status]) -> str:
    """A one-line count by status, e.g. "3 current · 1 stale · 1 gone"."""
    counts: dict[Status, int] = {}
    for status in statuses:
        counts[status] = counts.get(status, 0) + 1
    return " · ".join(f"{counts[s]} {s.value}" for s in Status if counts.get(s))


def refresh_report(refreshed: int, plan: RefreshPlan, newly_gone: int, skipped: Sequence[str] = ()) -> str:
    """What /snippet refresh did, in counts."""
    parts = [
        f"Refreshed {refreshed} stale snippet{'s' if refreshed != 1 else ''}",
        f"{plan.current} already current",
        f"{plan.gone + newly_gone} gone",
    ]
    text = " · ".join(parts) + "."
    if plan.unpinned:
        text += f" {plan.unpinned} unpinned by hand (not edited; pin them again with /snippet pin)."
    for line in skipped:
        text += f"\n{line}"
    return text


NO_SNIPPETS = "No guide snippets have been pinned in this server yet. Pin one with `/snippet pin`."
PIN_LIMIT_REACHED = (
    "{where} already has {cap} pinned messages, Discord's limit. Unpin one first, then pin the snippet again."
)
CHANNEL_GONE = "That channel no longer exists."
MESSAGE_GONE = "That snippet's message was deleted, so there is nothing to unpin. It is now marked gone."
NOT_PINNED = "That snippet is not pinned any more ({status}); nothing to unpin."
UNKNOWN_SNIPPET = "No snippet of this server matches that. Pick one from the list as you type."
TOO_LONG = "The section **{title}** is too long for one pinned message, so it cannot be pinned as a snippet."
