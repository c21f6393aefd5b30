"""What the progression rules read from a lifter's sessions: reps falling, a jump, sets repeated,
entries logged twice.

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


def double_entries(session: Session) -> tuple[LoggedEntry, ...]:
    """Entries that repeat an earlier entry of the session of more than one set: the same load as
    entered, reps and sets, and the same RPE or one without (a /log sent twice, or a set typed in
    chat and logged with /log too). Single sets are never doubles: logging sets one at a time, the
    same set minutes apart is the normal case. Of two, the one with an RPE is kept."""
    kept: dict[tuple[float, str, int, int], list[LoggedEntry]] = {}  # by load as entered, reps and sets
    doubles: list[LoggedEntry] = []
    for entry in session.entries:
        if entry.sets == 1:
            continue
        alike = kept.setdefault((entry.weight, entry.unit, entry.reps, entry.sets), [])
        at = next((i for i, k in enumerate(alike) if k.rpe is None or entry.rpe is None or k.rpe == entry.rpe), None)
        if at is None:
            alike.append(entry)
        elif alike[at].rpe is None and entry.rpe is not None:
            doubles.append(alike[at])
            alike[at] = entry
        else:
            doubles.append(entry)
    return tuple(doubles)


def times_logged(doubles: tuple[LoggedEntry, ...]) -> int:
    """How many times the first of `doubles` (from `double_entries`) was logged in its session."""
    first = doubles[0]
    return 1 + sum((d.weight, d.unit, d.reps, d.sets) == (first.weight, first.unit, first.reps, first.sets)
                   for d in doubles)


def without(session: Session, dropped: tuple[LoggedEntry, ...]) -> Session:
    """The session without the `dropped` entries (it keeps at least one)."""
    if not dropped:
        return session
    return Session(session.day, session.variant, tuple(e for e in session.entries if e not in dropped))
