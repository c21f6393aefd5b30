"""Remember recent public posts so the same guide section isn't posted twice in a row.

Pure and clock-injected: the cog asks before posting publicly and records the post's link.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_WINDOW = timedelta(seconds=60)
DEFAULT_MAX_ENTRIES = 2048


@dataclass(frozen=True)
class EarlierPost:
    """A public post of the same content in the same channel, still inside the window.

    ``jump_url`` is None while that post is still being sent.
    """

    posted_at: datetime
    jump_url: str | None


class RecentPosts:
    """(channel id, content key) → the latest public post of it, kept for ``window``.

    Memory is bounded: expired entries are dropped on every write, and beyond
    ``max_entries`` the oldest entries go first.
    """

    def __init__(
        self,
        clock: Callable[[], datetime],
        *,
        window: timedelta = DEFAULT_WINDOW,
        max_entries: int = DEFAULT_MAX_ENTRIES,
    ) -> None:
        self._clock = clock
        self._window = window
        self._max = max_entries
        # Insertion-ordered, oldest first: entries are re-inserted when refreshed.
        self._posts: dict[tuple[int, Hashable], EarlierPost] = {}

    def __len__(self) -> int:
        return len(self._posts)

    def earlier(self, channel_id: int, key: Hashable) -> EarlierPost | None:
        """The earlier post of ``key`` in this channel within the window, if any."""
        post = self._posts.get((channel_id, key))
        if post is None or self._clock() - post.posted_at >= self._window:
            return None
        return post

    def claim(self, channel_id: int, key: Hashable) -> EarlierPost | None:
        """Return the earlier post if there is one; otherwise reserve the slot and return None.

        Reserving before sending means two commands racing for the same channel and section
        don't both post. Follow with :meth:`record` once sent, or :meth:`release` if sending failed.
        """
        found = self.earlier(channel_id, key)
        if found is not None:
            return found
        self._put((channel_id, key), EarlierPost(self._clock(), None))
        return None

    def record(self, channel_id: int, key: Hashable, jump_url: str) -> None:
        """Remember that ``key`` was just posted in this channel at ``jump_url``."""
        self._put((channel_id, key), EarlierPost(self._clock(), jump_url))

    def release(self, channel_id: int, key: Hashable) -> None:
        """Forget a reservation whose post never happened."""
        post = self._posts.get((channel_id, key))
        if post is not None and post.jump_url is None:
            del self._posts[(channel_id, key)]

    def _put(self, slot: tuple[int, Hashable], post: EarlierPost) -> None:
        self._posts.pop(slot, None)
        self._posts[slot] = post
        self._prune()

    def _prune(self) -> None:
        now = self._clock()
        # Oldest first, so stop at the first entry still inside the window.
        for slot, post in list(self._posts.items()):
            if now - post.posted_at < self._window and len(self._posts) <= self._max:
                break
            del self._posts[slot]
