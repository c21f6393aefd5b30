"""The button timer keeps what greying an answer out needs, not the interaction."""

from __future__ import annotations

import gc
import weakref
from types import SimpleNamespace

from bot.interactions.buttons import Expirer


class _Interaction:
    """What `Expirer.schedule` reads of a `discord.Interaction` (a plain object, so it can be weakly referenced)."""

    def __init__(self) -> None:
        self.client = SimpleNamespace()
        self.application_id = 4000
        self.token = "interaction-token"
        self.data = {"options": ["x" * 1000]}  # what made each one ~4 KB


async def test_a_scheduled_answer_does_not_keep_its_interaction_alive() -> None:
    expirer = Expirer()
    interaction = _Interaction()
    gone = weakref.ref(interaction)
    expirer.schedule(interaction)  # type: ignore[arg-type]
    del interaction
    gc.collect()
    try:
        assert gone() is None, "the 14-minute timer still holds the interaction"
        assert len(expirer._timers) == 1  # and the timer is still set
    finally:
        expirer.cancel_all()
