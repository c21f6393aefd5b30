"""Moderator snippets: pinned guide sections and whether they are still current.

Pure: records, their status against the current guide, reconciling records with a channel's
pins, and what the bot needs to pin. The texts the `/snippet` commands show are in `text.py`.
No Discord calls here.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


def bot_needs(post: str) -> tuple[str, ...]:
    """What the bot needs in the target channel to post, pin and later reconcile a snippet, given
    what posting there takes (`post`: bot.interactions.threads.post_needs, which differs in a thread)."""
    return ("view_channel", post, "embed_links", "read_message_history", "pin_messages")
# What a moderator needs in another channel to pin there (Discord checks only where they typed).
INVOKER_NEEDS: tuple[str, ...] = ("view_channel", "send_messages", "pin_messages")
# What reading a channel's pins takes (reconciling): without Read Message History Discord returns none.
READ_PINS_NEEDS: tuple[str, ...] = ("view_channel", "read_message_history")
# Discord's Unpin Message "requires the PIN_MESSAGES permission"; it reads no history.
UNPIN_NEEDS: tuple[str, ...] = ("view_channel", "pin_messages")
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
    # When the bot found its own post pinned without a record and recorded it again (its records
    # went with its removal from the server): who pinned it is unknown. None: the bot pinned it.
    adopted_at: datetime | None = None

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


def live_copies(snippets: Iterable[Snippet], channel_id: int, section_id: str) -> list[Snippet]:
    """This section's snippets in this channel whose message may still be pinned there (a pin
    removed by hand sends no event that names its message)."""
    return [s for s in snippets if s.channel_id == channel_id and s.section_id == section_id and s.state in LIVE_STATES]


def pinned_copy(snippets: Iterable[Snippet], channel_id: int, section_id: str) -> Snippet | None:
    """The first of this section's snippets recorded as pinned in this channel (None: none is).

    Unpinned (by hand or with /snippet unpin) and gone ones do not count: pinning again is how
    a moderator puts such a section back.
    """
    return next((s for s in live_copies(snippets, channel_id, section_id) if s.state is State.PINNED), None)


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


def profile_rows(snippets: Iterable[Snippet]) -> list[Sequence[str]]:
    """profile.csv's rows for the snippet records naming their pinner: id, the section, what became
    of it and its message's link, and when it was pinned."""
    return [("snippet pinned", str(s.id), f"{s.section_id} ({s.state.value}) "
             f"https://discord.com/channels/{s.guild_id}/{s.channel_id}/{s.message_id}", s.pinned_at.isoformat())
            for s in snippets]
