"""What the progression rules read from a lifter's sessions: reps falling, a jump, sets repeated,
entries logged twice.

Pure. They read one session, or the sessions of one comparison (one variant on one setup, oldest
first, ending with the latest session); the engine decides what they mean for the next session.
"""

from __future__ import annotations

from operator import itemgetter

from bot.logbook.sessions import LoggedEntry, Session, fewer_reps
from bot.logbook.units import same_load

JUMP_RATIO = 0.10  # more than this over the best previous working load: plate stack

# What makes two entries alike (`double_entries`): LoggedEntry's load as entered, reps and sets.
_alike = itemgetter(3, 4, 6, 7)


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


def double_entries(session: Session) -> dict[LoggedEntry, tuple[LoggedEntry, ...]]:
    """Entries that repeat an earlier entry of the session of more than one set, by the entry kept
    in their place (only kept entries with doubles, in the order they were first logged): the same
    load as entered, reps and sets, and the same RPE or one without (a /log sent twice, or a set
    typed in chat and logged with /log too). Single sets are never doubles: logging sets one at a
    time, the same set minutes apart is the normal case. Of two, the one with an RPE is kept."""
    entries = session.entries
    # Most sessions have no two entries alike at all, and a nudge reads twelve: one pass in C
    # tells, before the entries of several sets are picked out in Python.
    if len(set(map(_alike, entries))) == len(entries):
        return {}
    several = [entry for entry in entries if entry.sets > 1]
    if len(set(map(_alike, several))) == len(several):  # alike single sets are never doubles
        return {}
    kept: dict[tuple[float, str, int, int], list[list[LoggedEntry]]] = {}  # by load as entered, reps and sets
    groups: list[list[LoggedEntry]] = []  # each: the kept entry, then its doubles
    for entry in several:
        alike = kept.setdefault(_alike(entry), [])
        rpe = entry.rpe
        # The first group it joins: the same RPE, or one of the two without (a loop, not next() over
        # a generator: the session of a /log sent five times runs it for each).
        for group in alike:
            if group[0].rpe is None or rpe is None or group[0].rpe == rpe:
                if group[0].rpe is None and rpe is not None:
                    group.insert(0, entry)
                else:
                    group.append(entry)
                break
        else:
            alike.append([entry])
            groups.append(alike[-1])
    return {g[0]: tuple(g[1:]) for g in groups if len(g) > 1}


def first_double(doubles: dict[LoggedEntry, tuple[LoggedEntry, ...]]) -> tuple[LoggedEntry, int]:
    """The double logged first in `doubles` (from `double_entries`, not empty), and how many times
    it was logged in its session: its own group only (the kept entry and its doubles), so the same
    sets at another RPE, kept as sets of their own, are not counted."""
    group = min(doubles.values(), key=lambda g: g[0].entry_id)
    return group[0], 1 + len(group)


def without(session: Session, doubles: dict[LoggedEntry, tuple[LoggedEntry, ...]]) -> Session:
    """The session without the doubles of `doubles` (from `double_entries`): each entry kept in
    their place stays. Told apart by entry id, not by comparing whole entries (the doubles of a
    /log sent five times are alike in all else)."""
    if not doubles:
        return session
    gone = {double.entry_id for group in doubles.values() for double in group}
    kept = tuple(entry for entry in session.entries if entry.entry_id not in gone)
    return Session.in_logged_order(session.day, session.variant, kept)
