"""The words of the nudges on what else a session shows: an entry logged twice, the same sets
again, too easy, a single set, outside the guide's default. The constraints in `words` hold here."""

from __future__ import annotations

from bot.logbook.sessions import LoggedEntry
from bot.logbook.units import Unit, format_number, format_weight
from bot.nudges.words import Nudge, reps_count, reps_text

# Uneven sets the same-sets nudge lists one by one ("12, 10 and 8 reps"); more are summed up.
LISTED_SETS = 8


def single_set(*, going_on: bool) -> Nudge:
    """One set in the session, and no bigger plan to hold it to."""
    if going_on:
        text = ("This session has a single set so far, below the guide's practical default of 2 to 5 "
                "sets. Log any more sets from today as you do them: they join this session.")
    else:
        text = "This session had a single set, below the guide's practical default of 2 to 5 sets."
    return Nudge("single-set", text, "progress-it")


def same_sets(sessions: int, variant: str, set_reps: tuple[int, ...], load: float, unit: Unit) -> Nudge:
    """Double progression asks for a rep more, and the last `sessions` sessions on this setup had
    the same sets (`set_reps`, most first) at the same load: a fact, and what a log cannot show.
    Uneven sets are listed one by one up to `LISTED_SETS`; more are told by their count and reps
    (a session may hold hundreds of sets, and the list would outgrow the message)."""
    if len(set(set_reps)) == 1:
        sets = f"{len(set_reps)} × {set_reps[0]}"
    elif len(set_reps) > LISTED_SETS:
        sets = f"{len(set_reps)} sets of {reps_text(set_reps[-1], set_reps[0])} reps"
    else:
        sets = ", ".join(map(str, set_reps[:-1])) + f" and {set_reps[-1]} reps"
    where = f"at {format_number(load)} {unit}" if load > 0 else "at bodyweight"
    return Nudge("same-sets", f"Your last {sessions} {variant} sessions on this setup had the same sets at the "
                 f"same load, {sets} {where}. With the reps not rising, check range, control and recovery, "
                 "which a log cannot show.", "progress-it")


def logged_twice(entry: LoggedEntry, times: int) -> Nudge:
    """An entry of several sets logged `times` times in the session: counted once, and how to fix it."""
    sets = f"{entry.sets} × {entry.reps} at {format_weight(entry.weight, entry.unit)}"
    told = "twice" if times == 2 else f"{times} times"
    return Nudge("logged-twice", f"{sets} is logged {told} in this session, and this bot counts it once, as a "
                 f"double entry (if you did them all, edit one to {entry.sets * times} × {entry.reps} in `/history` "
                 "and delete the rest). If not, `/undo` or `/history` deletes the extra.", "progress-it")


def too_easy() -> Nudge:
    """Every set logged below RPE 7."""
    return Nudge("too-easy", "Every set was logged below the guide's roughly RPE 7-9, and the guide says "
                 "to use moderate to hard sets that keep the same range and pelvis position.", "progress-it")


def outside_default(*, many_sets: bool, reps_outside: bool, rep_low: int, rep_high: int,
                    outside_guide: bool = False, every: bool = False) -> Nudge:
    """More sets than the guide's default, or reps outside the lifter's range, or outside the
    guide's about 6 to 15 (inside a range the lifter set wider or elsewhere); `every` set, or some."""
    fits = "That is fine if it fits the rest of your lower-body week"
    where = "your rep range" if reps_outside else "the guide's about 6 to 15 reps"
    which = "every set" if every else "some sets"
    if many_sets and (reps_outside or outside_guide):
        text = ("This session had more sets than the guide's practical default of 2 to 5 sets, "
                f"and {which} fell outside {where}. {fits}.")
    elif many_sets:
        text = ("This session had more sets than the guide's practical default of 2 to 5 sets. "
                f"{fits}.")
    elif reps_outside:
        text = (f"{which.capitalize()} fell outside your rep range ({reps_count(rep_low, rep_high)}). {fits}; "
                "the guide's practical default is 2 to 5 sets of about 6 to 15 reps.")
    else:
        text = (f"{which.capitalize()} fell outside the guide's practical default of about 6 to 15 reps, though "
                f"inside your rep range. {fits}.")
    return Nudge("outside-default", text, "progress-it")
