"""What the progression rules read from a lifter's sessions: reps falling, a jump, sets repeated,
entries logged twice (found by `Session.doubles`).

Pure. They read one session, or the sessions of one comparison (one variant on one setup, oldest
first, ending with the latest session); the engine decides what they mean for the next session.
"""

from __future__ import annotations

from bot.logbook.sessions import LoggedEntry, Session, fewer_reps
from bot.logbook.units import same_load

JUMP_RATIO = 0.10  # more than this over the best previous working load: plate stack

def reps_fell_twice(compared: list[Session]) -> bool:
    """Whether reps fell at the same load over the last three sessions, two sessions running."""
    if len(compared) < 3:
        return False
    a, b, c = compared[-3:]
    if not (same_load(a.working_load_kg, b.working_load_kg)
            and same_load(b.working_load_kg, c.working_load_kg)):
        return False
    return fewer_reps(a, b) and fewer_reps(b, c)


def load_jumped(latest: Session, previous: list[Session], one_step_kg: float) -> bool:
    """Whether the latest working load is more than 10% over the best previous one, and more than
    one step (the bot's own step never trips it)."""
    if not previous:
        return False
    best = max(s.working_load_kg for s in previous)
    now = latest.working_load_kg
    return best > 0 and now > best * (1 + JUMP_RATIO) + 1e-9 and now - best > one_step_kg + 1e-9


def same_sets_running(compared: list[Session]) -> int:
    """How many sessions, ending with the latest, had the same sets at the same working load
    (the same reps in each set at that load; lighter sets aside): 1 when the latest differs."""
    latest = compared[-1]
    count = 1
    for before in reversed(compared[:-1]):
        if not (same_load(before.working_load_kg, latest.working_load_kg) and before.set_reps == latest.set_reps):
            break
        count += 1
    return count


def first_double(doubles: dict[LoggedEntry, tuple[LoggedEntry, ...]]) -> tuple[LoggedEntry, int]:
    """The double logged first in `doubles` (a session's `Session.doubles`, not empty), and how many times
    it was logged in its session: its own group only (the kept entry and its doubles), so the same
    sets at another RPE, kept as sets of their own, are not counted."""
    group = min(doubles.values(), key=lambda g: g[0].entry_id)
    return group[0], 1 + len(group)
