"""Answers that live presses gave a message, for a press that found its buttons expired to respect.

A press after its buttons expired greys them out, by editing the message it came from
(`bot.interactions.buttons.Funnelled`). Discord handles each press as an interaction of its own and
shows whichever answer lands last, and a press shows the message as it was when it was made: a
Cancel (or a Store, a history page's pick, a Next) pressed a moment before the buttons expired may
have answered after the expired press was made, or still be answering. Greying out what the expired
press saw would then bring the question's buttons back over that answer ("Cancelled. Nothing was
stored." with Store anyway and Cancel under it; an entry picked from /history under the page's
menu). So every press judged live says so here while it answers (`Funnelled.callback`); the expired
press leaves the message alone while one is answering, or when one answered too recently for the
expired press to have seen it.

Presses judged live cannot start after one was judged expired: both are judged by the bot's clock
as they are handled. Discord sends every press on a message to the one process serving its shard.
"""

from __future__ import annotations

import time
from collections import Counter
from collections.abc import Callable

# Discord takes an interaction's first answer for 3 seconds after it was made: a press that arrived
# later than that after it was made cannot be answered at all, edit or not.
FIRST_ANSWER_DEADLINE = 3.0
_PRUNED_AT = 1000


class LiveAnswers:
    """By message id: the live presses answering now, and when the latest answer landed (by `clock`,
    in seconds: the bot's own, so that a test's clock moves it too). Landings are kept until 1,000
    are, then those too old to matter go."""

    def __init__(self, clock: Callable[[], float] = time.time) -> None:
        self._clock = clock
        self._answering: Counter[int] = Counter()
        self._landed: dict[int, float] = {}

    def start(self, message_id: int) -> None:
        """A press on the message was judged live: it answers now."""
        self._answering[message_id] += 1

    def done(self, message_id: int, *, edited: bool) -> None:
        """That press answered; `edited`: its answer changed the message (not a new message)."""
        self._answering[message_id] -= 1
        if self._answering[message_id] <= 0:
            del self._answering[message_id]
        if not edited:
            return
        now = self._clock()
        if len(self._landed) >= _PRUNED_AT:
            for old in [m for m, at in self._landed.items() if at <= now - FIRST_ANSWER_DEADLINE]:
                del self._landed[old]
        self._landed[message_id] = now

    def newer(self, message_id: int) -> bool:
        """Whether the message may show an answer newer than a press arriving now saw: a live press
        is answering it, or one landed less than `FIRST_ANSWER_DEADLINE` ago (so possibly after the
        press was made)."""
        if self._answering[message_id] > 0:
            return True
        landed = self._landed.get(message_id)
        return landed is not None and landed > self._clock() - FIRST_ANSWER_DEADLINE
