"""Remember recent public posts so the same guide section isn't posted twice in a row.

Pure and clock-injected: the cog asks before posting publicly and records the post's link, and
forgets a post once it hears the post (or its channel) was deleted: a dead link guards nothing.
A post may hold several parts (`/hipthrust examples` posts three sections): a later request
whose parts one recent post of the channel all holds is a repeat of it too.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta

DEFAULT_WINDOW = timedelta(seconds=60)
DEFAULT_MAX_ENTRIES = 2048
MAX_DELETED_WHILE_SENDING = 1000  # a channel's deletes kept while a post there is being sent


@dataclass(frozen=True)
class EarlierPost:
    """A public post of the same content in the same channel, still inside the window.

    ``jump_url`` is None while that post is still being sent; ``message_id`` is None then, or
    when Discord did not name the message. ``parts`` are what it holds: its key alone, or the
    parts its claim named.
    """

    posted_at: datetime
    jump_url: str | None
    parts: frozenset[Hashable]
    message_id: int | None = None


Slot = tuple[int, Hashable]  # (channel id, content key)


class RecentPosts:
    """(channel id, content key) → the latest public post of it, kept for ``window``.

    A key stands for its parts (by default, just itself); an earlier post in the channel whose
    parts include every part asked for is a repeat. Memory is bounded: expired entries are
    dropped on every write, and beyond ``max_entries`` the oldest entries go first.
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
        self._posts: dict[Slot, EarlierPost] = {}
        # A channel's slots, so a request is compared with its own channel's posts only.
        self._by_channel: dict[int, set[Hashable]] = {}
        # Every deleted message the bot can see is looked up here: one dict lookup, not a scan.
        self._by_message: dict[int, Slot] = {}
        # Messages deleted in a channel while a post there was still being sent: Discord names
        # the post in its answer to the send, which can come after the post was seen and deleted.
        self._deleted_while_sending: dict[int, set[int]] = {}

    def __len__(self) -> int:
        return len(self._posts)

    def deletes_kept(self, channel_id: int) -> int:
        """How many deleted messages of the channel are kept while a post there is being sent
        (at most `MAX_DELETED_WHILE_SENDING`; none once nothing is being sent there)."""
        return len(self._deleted_while_sending.get(channel_id, ()))

    def earlier(self, channel_id: int, key: Hashable, parts: Collection[Hashable] = ()) -> EarlierPost | None:
        """The latest post in this channel within the window that holds every part of ``key``
        (``parts``, or the key itself without them), if any: the same key, or one that holds more."""
        wanted = frozenset(parts) or frozenset([key])
        now = self._clock()
        found = [
            post
            for other in self._by_channel.get(channel_id, ())
            if wanted <= (post := self._posts[(channel_id, other)]).parts
            and now - post.posted_at < self._window
        ]
        return max(found, key=lambda post: post.posted_at, default=None)

    def knows(self, message_id: int) -> bool:
        """Whether this message is held as a recent post: its id is known once Discord has
        answered the send (`record`), which may come after the channel shows the post."""
        return message_id in self._by_message

    def claim(self, channel_id: int, key: Hashable, parts: Collection[Hashable] = ()) -> EarlierPost | None:
        """Return the earlier post if there is one (see :meth:`earlier`); otherwise reserve the
        slot and return None.

        Reserving before sending means two commands racing for the same channel and section
        don't both post. Follow with :meth:`record` once sent, or :meth:`release` if sending failed.
        """
        found = self.earlier(channel_id, key, parts)
        if found is not None:
            return found
        self._put((channel_id, key), EarlierPost(self._clock(), None, frozenset(parts) or frozenset([key])))
        return None

    def record(self, channel_id: int, key: Hashable, jump_url: str, *, message_id: int | None) -> None:
        """Remember that ``key`` was just posted in this channel at ``jump_url`` (message
        ``message_id``), with the parts its claim named; unless that message was deleted already."""
        if message_id is not None and message_id in self._deleted_while_sending.get(channel_id, ()):
            self._drop((channel_id, key))  # a dead link guards nothing
            return
        claimed = self._posts.get((channel_id, key))
        parts = frozenset([key]) if claimed is None else claimed.parts
        self._put((channel_id, key), EarlierPost(self._clock(), jump_url, parts, message_id))

    @contextmanager
    def sending(self, channel_id: int, key: Hashable) -> Iterator[None]:
        """Around the sending of a post :meth:`claim` reserved: a send that fails releases the
        reservation (follow a send that worked with :meth:`record`)."""
        try:
            yield
        except BaseException:
            self.release(channel_id, key)
            raise

    def release(self, channel_id: int, key: Hashable) -> None:
        """Forget a reservation whose post never happened."""
        post = self._posts.get((channel_id, key))
        if post is not None and post.jump_url is None:
            self._drop((channel_id, key))

    def forget_messages(self, channel_id: int, message_ids: Iterable[int]) -> int:
        """These messages were deleted: the posts they were are no earlier post any more.
        Returns how many were forgotten."""
        ids = list(message_ids)
        slots = [self._by_message.get(m) for m in ids]
        gone = [slot for slot in slots if slot is not None and slot[0] == channel_id]
        for slot in gone:
            self._drop(slot)
        if self._sending_in(channel_id):  # one of these may be that post: `record` checks
            deleted = self._deleted_while_sending.setdefault(channel_id, set())
            deleted.update(ids[: MAX_DELETED_WHILE_SENDING - len(deleted)])
        return len(gone)

    def forget_channel(self, channel_id: int) -> int:
        """The channel (or thread) was deleted: forget its posts. Returns how many."""
        gone = [(channel_id, key) for key in self._by_channel.get(channel_id, ())]
        for slot in gone:
            self._drop(slot)
        return len(gone)

    def _sending_in(self, channel_id: int) -> bool:
        """A post of this channel is claimed and not yet recorded or released."""
        return any(self._posts[(channel_id, key)].jump_url is None for key in self._by_channel.get(channel_id, ()))

    def _put(self, slot: Slot, post: EarlierPost) -> None:
        self._drop(slot)
        self._posts[slot] = post
        self._by_channel.setdefault(slot[0], set()).add(slot[1])
        if post.message_id is not None:
            self._by_message[post.message_id] = slot
        self._prune()

    def _drop(self, slot: Slot) -> None:
        post = self._posts.pop(slot, None)
        if post is None:
            return
        keys = self._by_channel[slot[0]]
        keys.discard(slot[1])
        if not keys:
            del self._by_channel[slot[0]]
        if post.message_id is not None:
            self._by_message.pop(post.message_id, None)
        if slot[0] in self._deleted_while_sending and not self._sending_in(slot[0]):
            del self._deleted_while_sending[slot[0]]

    def _prune(self) -> None:
        now = self._clock()
        # Oldest first, so stop at the first entry still inside the window.
        for slot, post in list(self._posts.items()):
            if now - post.posted_at < self._window and len(self._posts) <= self._max:
                break
            self._drop(slot)
