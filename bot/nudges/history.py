"""What /log and /nudge share for nudges: reading just enough history, and advising on it."""

from __future__ import annotations

from datetime import datetime

from bot.db.store import Store
from bot.logbook.entries import Preferences, today_in
from bot.nudges.advice import Advice
from bot.nudges.engine import advise

# Sessions of one variant read for a nudge. The rules look at the latest three sessions and
# at the best working load of the current comparison, which they judge over this window
# (about a month at three sessions a week). Every /log and /nudge reads and decodes it, and
# under load that work competes with the event loop for the GIL, so the window is kept to
# what the rules use (issue 21; it was 100 entries, every session of a typical lifter).
HISTORY_SESSIONS = 12


async def advice_for(
    store: Store, user_id: int, variant: str, prefs: Preferences, *, now: datetime, sessions: int = HISTORY_SESSIONS
) -> Advice:
    """The engine's advice after the user's latest session of `variant` (one database trip); `now`
    tells it the lifter's today (a session still going on)."""
    history = await store.logbook.history(user_id, variant, sessions=sessions)
    return advise(history, prefs, variant=variant, today=today_in(prefs.timezone, now))
